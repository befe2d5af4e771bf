import { InvalidInputError } from '../errors/domain-error';
import { InputSafetyPipe } from './input-safety.pipe';
import { calendarDateProblem, isCalendarDate } from './is-calendar-date';
import { unsafeTextReason } from './unsafe-text';

describe('unsafeTextReason', () => {
  it.each(['', 'plain', 'tab\tnew\nline\r', 'emoji \u{1F600}', 'ümlaut'])('lets %j through', (text) => {
    expect(unsafeTextReason(text)).toBeNull();
  });
  it.each(['\u0000', 'a\u0000b', 'lone \ud800', 'lone \udc00 low', '\udc00\ud800'])('refuses %j', (text) => {
    expect(unsafeTextReason(text)).not.toBeNull();
  });
});

describe('InputSafetyPipe', () => {
  const pipe = new InputSafetyPipe();
  const refusal = (value: unknown, type: string, data?: string) => {
    try {
      pipe.transform(value, { type: type as 'body', data });
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInputError);
      return (e as InvalidInputError).fields.map((f) => f.field);
    }
  };

  it('names the field at any depth, within its argument, as the ValidationPipe does', () => {
    expect(refusal({ name: 'ok', variants: [{ sku: 'ok' }, { sku: 'x\u0000' }] }, '3', 'input')).toEqual(['variants[1].sku']);
    expect(refusal('a\u0000', '3', 'query')).toEqual(['query']);
    expect(refusal({ ['k\u0000']: 1 }, 'body')).toEqual(['k\u0000']);
  });

  it('checks REST bodies, queries and params, and passes values it does not own', () => {
    for (const type of ['body', 'query', 'param']) expect(refusal({ q: '\u0000' }, type)).toEqual(['q']);
    expect(refusal({ q: '\u0000' }, 'custom')).toBeNull();
    expect(refusal({ q: '\u0000' }, '1')).toBeNull();
  });

  it('returns the value untouched when it is safe', () => {
    const value = { a: ['x', 1, null, new Date(0)], b: { c: 'y' } };
    expect(pipe.transform(value, { type: 'body' })).toBe(value);
  });
});

describe('calendar dates', () => {
  it.each(['2000-02-29', '1999-12-31', '1900-01-01'])('%s is a day', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['1990-02-31', '1900-02-29', '1990-00-10', '1990-13-01', '90-01-01', '1990-1-1', 19900101, null])('%s is not', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );

  it('applies the range, with today taken in UTC', () => {
    const now = new Date('2026-12-05T23:30:00Z');
    const range = { min: '1900-01-01', max: 'today' };
    expect(calendarDateProblem('2026-12-05', range, now)).toBeNull();
    expect(calendarDateProblem('2026-12-06', range, now)).toBe('must not be in the future');
    expect(calendarDateProblem('1899-12-31', range, now)).toBe('must not be before 1900-01-01');
    expect(calendarDateProblem('2030-01-01', { max: '2029-12-31' }, now)).toBe('must not be after 2029-12-31');
  });
});
