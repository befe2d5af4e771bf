import { describe, expect, it } from 'vitest';
import { copyDay, sortDay, weekFrom, weekProblems } from './opening-hours';

describe('opening hours', () => {
  it('reads unpublished hours as a closed week, and keeps published days', () => {
    const week = weekFrom(null);
    expect(Object.values(week).every((d) => d.length === 0)).toBe(true);
    expect(weekFrom({ monday: [{ open: '09:00', close: '17:00' }] }).monday).toEqual([{ open: '09:00', close: '17:00' }]);
  });

  it('finds the same problems the API refuses: formats, close before open, overlaps', () => {
    const week = weekFrom({
      monday: [{ open: '09:00', close: '24:00' }],
      tuesday: [{ open: '9am', close: '17:00' }],
      wednesday: [{ open: '18:00', close: '02:00' }],
      thursday: [
        { open: '08:00', close: '12:00' },
        { open: '11:00', close: '15:00' },
      ],
      friday: [{ open: '08:00', close: '25:00' }],
    });
    expect(weekProblems(week)).toEqual([
      { day: 'tuesday', index: 0, problem: 'badOpen' },
      { day: 'wednesday', index: 0, problem: 'closeBeforeOpen' },
      { day: 'thursday', index: 1, problem: 'overlap' },
      { day: 'friday', index: 0, problem: 'badClose' },
    ]);
  });

  it('sorts a day by opening time and copies a day onto others as copies', () => {
    expect(
      sortDay([
        { open: '14:00', close: '18:00' },
        { open: '08:00', close: '12:00' },
      ]).map((p) => p.open),
    ).toEqual(['08:00', '14:00']);
    const week = weekFrom({ monday: [{ open: '09:00', close: '17:00' }] });
    const copied = copyDay(week, 'monday', ['monday', 'tuesday', 'friday']);
    expect(copied.tuesday).toEqual([{ open: '09:00', close: '17:00' }]);
    expect(copied.friday).toEqual([{ open: '09:00', close: '17:00' }]);
    expect(copied.sunday).toEqual([]);
    copied.tuesday[0]!.open = '10:00';
    expect(copied.monday[0]!.open).toBe('09:00');
  });
});
