import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { logDestination, wantsPrettyLogs } from './log-destination';

/** Logs one line through the destination chosen for `output`, and answers what reached it. */
async function written(env: string, isTTY: boolean): Promise<string> {
  const output = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = pino({ level: 'info' }, await logDestination(env, output));
  logger.info({ orderId: 'o-1' }, 'order paid');
  await new Promise((r) => setImmediate(r));
  return text;
}

describe('log destination', () => {
  it('pretty-prints on a terminal outside production', async () => {
    const text = await written('development', true);
    expect(text).toMatch(/INFO/);
    expect(text).toContain('order paid');
    expect(text).toContain('orderId');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('writes JSON lines when piped, and always in production', async () => {
    for (const [env, tty] of [
      ['development', false],
      ['production', true],
    ] as const) {
      const line = JSON.parse((await written(env, tty)).trim()) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 30, msg: 'order paid', orderId: 'o-1' });
    }
    expect(wantsPrettyLogs({ isTTY: true }, 'test')).toBe(true);
    expect(wantsPrettyLogs({}, 'development')).toBe(false);
  });
});
