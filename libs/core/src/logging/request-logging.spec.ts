import { pino, type Logger } from 'pino';
import { lazyChild } from './request-logging';

/** A logger at `level` whose lines are kept, and a count of the children made from it. */
function capture(level: string): { root: Logger; lines: Record<string, unknown>[]; children: () => number } {
  const lines: Record<string, unknown>[] = [];
  const root = pino({ level, redact: ['*.secret'] }, { write: (line: string) => lines.push(JSON.parse(line)) });
  let made = 0;
  const child = root.child;
  root.child = function (this: Logger, ...args: Parameters<Logger['child']>) {
    made += 1;
    return child.apply(this, args);
  } as Logger['child'];
  return { root, lines, children: () => made };
}

describe('lazyChild', () => {
  it('makes no child for lines at a level that is off', () => {
    const { root, lines, children } = capture('warn');
    const log = lazyChild(root, { requestId: 'r-1' });
    log.info('not written');
    log.debug({ a: 1 }, 'nor this');
    expect(children()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('writes with the bindings, redacted as the root redacts, once a line is written', () => {
    const { root, lines, children } = capture('warn');
    const log = lazyChild(root, { requestId: 'r-2' });
    log.warn({ card: { secret: 'x' } }, 'first');
    log.error('second');
    expect(children()).toBe(1);
    expect(lines).toMatchObject([
      { requestId: 'r-2', msg: 'first', card: { secret: '[Redacted]' } },
      { requestId: 'r-2', msg: 'second' },
    ]);
  });

  it('answers for the child: its own children, bindings and level', () => {
    const { root, lines } = capture('info');
    const log = lazyChild(root, { requestId: 'r-3' });
    log.child({ orderId: 'o-1' }).info('nested');
    expect(log.bindings()).toEqual({ requestId: 'r-3' });
    log.level = 'error';
    log.warn('now off');
    expect(root.level).toBe('info');
    expect(lines).toMatchObject([{ requestId: 'r-3', orderId: 'o-1', msg: 'nested' }]);
  });
});
