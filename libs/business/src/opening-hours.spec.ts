import { assertOpeningHours, isOpenAt, openingHoursProblems, WEEKDAYS, type OpeningHoursLike } from './opening-hours';

describe('opening hours', () => {
  it('fills in every weekday (left out means closed) and keeps periods in order', () => {
    const hours = assertOpeningHours({
      monday: [
        { open: '08:00', close: '12:00' },
        { open: '13:00', close: '17:30' },
      ],
      saturday: [{ open: '10:00', close: '24:00' }],
      sunday: null,
    });
    expect(Object.keys(hours)).toEqual([...WEEKDAYS]);
    expect(hours.monday).toEqual([
      { open: '08:00', close: '12:00' },
      { open: '13:00', close: '17:30' },
    ]);
    expect(hours.saturday).toEqual([{ open: '10:00', close: '24:00' }]);
    expect(hours.sunday).toEqual([]);
    expect(hours.tuesday).toEqual([]);
  });

  it('allows periods that touch (closing at 12:00, opening again at 12:00)', () => {
    expect(
      openingHoursProblems({
        friday: [
          { open: '09:00', close: '12:00' },
          { open: '12:00', close: '18:00' },
        ],
      }),
    ).toEqual([]);
  });

  it.each<[string, OpeningHoursLike, string, RegExp]>([
    ['an hour past 23', { monday: [{ open: '24:30', close: '25:00' }] }, 'monday[0]', /open must be/],
    ['a one-digit hour', { monday: [{ open: '9:00', close: '17:00' }] }, 'monday[0]', /open must be/],
    ['open at 24:00', { monday: [{ open: '24:00', close: '24:00' }] }, 'monday[0]', /open must be/],
    ['minutes past 59', { tuesday: [{ open: '09:00', close: '17:60' }] }, 'tuesday[0]', /close must be/],
    ['close before open', { wednesday: [{ open: '18:00', close: '02:00' }] }, 'wednesday[0]', /after open/],
    ['close equal to open', { wednesday: [{ open: '09:00', close: '09:00' }] }, 'wednesday[0]', /after open/],
    [
      'overlapping periods',
      {
        thursday: [
          { open: '09:00', close: '13:00' },
          { open: '12:00', close: '17:00' },
        ],
      },
      'thursday[1]',
      /not overlap/,
    ],
    [
      'periods out of order',
      {
        thursday: [
          { open: '14:00', close: '17:00' },
          { open: '09:00', close: '12:00' },
        ],
      },
      'thursday[1]',
      /in order/,
    ],
    [
      'too many periods',
      { friday: Array.from({ length: 7 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` })) },
      'friday',
      /more than 6/,
    ],
  ])('refuses %s, naming the period', (_why, hours, field, message) => {
    const problems = openingHoursProblems(hours);
    expect(problems).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(() => assertOpeningHours(hours)).toThrow(RangeError);
  });

  it('refuses a key that is not a weekday (jsonb written by hand, not through GraphQL)', () => {
    const hours = { funday: [{ open: '09:00', close: '10:00' }] } as unknown as OpeningHoursLike;
    expect(openingHoursProblems(hours)).toEqual([{ field: 'funday', message: 'funday is not a weekday' }]);
  });
});

describe('isOpenAt', () => {
  const hours = assertOpeningHours({
    monday: [
      { open: '08:00', close: '12:00' },
      { open: '14:00', close: '22:00' },
    ],
    tuesday: [{ open: '09:00', close: '17:00' }],
  });
  // 2026-11-30 is a Monday. Kuala Lumpur is UTC+8.
  const kl = (hhmm: string, day = '30') => new Date(`2026-11-${day}T${hhmm}:00+08:00`);

  it('is open inside a period and closed between them, in the business’s time zone', () => {
    expect(isOpenAt(hours, 'Asia/Kuala_Lumpur', kl('09:30'))).toEqual({ open: true, next: null });
    expect(isOpenAt(hours, 'Asia/Kuala_Lumpur', kl('12:30'))).toEqual({ open: false, next: 'at 14:00' });
    expect(isOpenAt(hours, 'Asia/Kuala_Lumpur', kl('22:00'))).toEqual({ open: false, next: 'on tuesday at 09:00' });
    expect(isOpenAt(hours, 'UTC', kl('09:30'))).toEqual({ open: false, next: 'at 08:00' }); // 01:30 UTC
  });

  it('says when it never opens', () => {
    expect(isOpenAt(assertOpeningHours({}), 'UTC', new Date())).toEqual({ open: false, next: null });
  });
});
