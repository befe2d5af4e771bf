/**
 * Opening hours on the client: a week of periods in the business's time zone, checked with the
 * API's own rules (libs/business opening-hours.ts) so the form says what is wrong before saving.
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export interface Period {
  open: string;
  close: string;
}
export type Week = Record<Weekday, Period[]>;

const OPEN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const CLOSE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const MAX_PERIODS = 6;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The API's hours (null: not published) as a full week; every day present. */
export function weekFrom(hours: Partial<Record<Weekday, readonly Period[] | null>> | null | undefined): Week {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, (hours?.[d] ?? []).map(({ open, close }) => ({ open, close }))])) as Week;
}

export type PeriodProblem = 'badOpen' | 'badClose' | 'closeBeforeOpen' | 'overlap';

/** What is wrong with each day, as `{ day, index, problem }`; empty when the week can be saved. */
export function weekProblems(week: Week): { day: Weekday; index: number; problem: PeriodProblem }[] {
  const out: { day: Weekday; index: number; problem: PeriodProblem }[] = [];
  for (const day of WEEKDAYS) {
    let previousClose = -1;
    week[day].forEach((p, index) => {
      if (!OPEN.test(p.open)) return out.push({ day, index, problem: 'badOpen' });
      if (!CLOSE.test(p.close)) return out.push({ day, index, problem: 'badClose' });
      const [open, close] = [minutes(p.open), minutes(p.close)];
      if (close <= open) return out.push({ day, index, problem: 'closeBeforeOpen' });
      if (open < previousClose) return out.push({ day, index, problem: 'overlap' });
      previousClose = close;
    });
  }
  return out;
}

/** A day's periods sorted by opening time: what a person means when they add one out of order. */
export function sortDay(periods: readonly Period[]): Period[] {
  return [...periods].sort((a, b) => a.open.localeCompare(b.open));
}

/** Copies one day's periods onto every other day of the list (e.g. Monday onto the weekdays). */
export function copyDay(week: Week, from: Weekday, to: readonly Weekday[]): Week {
  const next = { ...week };
  for (const d of to) if (d !== from) next[d] = week[from].map((p) => ({ ...p }));
  return next;
}
