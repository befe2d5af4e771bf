import { parseLsn } from './read-replica';

describe('parseLsn', () => {
  it('reads both halves of a WAL position as hex, so positions compare as numbers', () => {
    expect(parseLsn('0/3000090')).toBe(0x3000090n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    // Text order would put '9/…' after '10/…'; the numbers do not.
    expect(parseLsn('9/FFFFFFFF') < parseLsn('10/0')).toBe(true);
  });
});
