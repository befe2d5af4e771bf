import { ageOn } from './age';

describe('ageOn', () => {
  const on = (iso: string) => new Date(`${iso}T00:00:00Z`);
  it('counts a birthday from its day', () => {
    expect(ageOn('2008-11-30', on('2026-11-30'))).toBe(18);
    expect(ageOn('2008-12-01', on('2026-11-30'))).toBe(17);
    expect(ageOn('2008-11-29', on('2026-11-30'))).toBe(18);
    expect(ageOn('1990-02-28', on('2026-01-01'))).toBe(35);
  });
});
