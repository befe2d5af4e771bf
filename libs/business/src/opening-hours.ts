export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening period of a day in the business's own time zone; `close` may be 24:00 (midnight at the end of the day). */
export interface TimeRange {
  open: string;
  close: string;
}

/** Opening hours as stored (jsonb): every weekday present, each with its periods in order; an empty list is closed. */
export type OpeningHours = Record<Weekday, TimeRange[]>;

/** What callers hand in: any weekday may be left out (closed). */
export type OpeningHoursLike = Partial<Record<Weekday, readonly TimeRange[] | null>>;

export const OPEN_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
export const CLOSE_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const MAX_RANGES_PER_DAY = 6;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * What is wrong with some opening hours, as `{ field, message }` pairs (field relative to the
 * opening hours, e.g. `monday[1]`); empty when they are fine. Overnight opening (18:00–02:00) is
 * written as two periods, one on each day, so a period never runs backwards.
 */
export function openingHoursProblems(hours: OpeningHoursLike): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  // Only reachable by callers that bypass the types (jsonb from elsewhere, a seed): GraphQL knows the days.
  for (const key of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) problems.push({ field: key, message: `${key} is not a weekday` });
  }
  for (const day of WEEKDAYS) {
    const ranges = hours[day] ?? [];
    if (ranges.length > MAX_RANGES_PER_DAY) {
      problems.push({ field: day, message: `${day} has more than ${MAX_RANGES_PER_DAY} opening periods` });
      continue;
    }
    let previousClose = -1;
    ranges.forEach((range, i) => {
      const field = `${day}[${i}]`;
      if (!OPEN_TIME.test(range.open)) return problems.push({ field, message: 'open must be a time from 00:00 to 23:59' });
      if (!CLOSE_TIME.test(range.close)) return problems.push({ field, message: 'close must be a time from 00:01 to 24:00' });
      const [open, close] = [minutes(range.open), minutes(range.close)];
      if (close <= open)
        return problems.push({ field, message: 'close must be after open (split overnight hours across two days)' });
      if (open < previousClose) return problems.push({ field, message: 'opening periods must be in order and not overlap' });
      previousClose = close;
    });
  }
  return problems;
}

/** Validated opening hours with every weekday present, or a RangeError naming the first problem. */
export function assertOpeningHours(hours: OpeningHoursLike): OpeningHours {
  const [problem] = openingHoursProblems(hours);
  if (problem) throw new RangeError(`openingHours.${problem.field}: ${problem.message}`);
  return Object.fromEntries(
    WEEKDAYS.map((d) => [d, (hours[d] ?? []).map(({ open, close }) => ({ open, close }))]),
  ) as OpeningHours;
}

/**
 * Whether a business is open at an instant, in its own time zone, and if not when it opens next
 * ("at 08:00" later the same day, "on monday at 08:00" otherwise); next is null when it never opens.
 */
export function isOpenAt(hours: OpeningHours, timezone: string, at: Date): { open: boolean; next: string | null } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const today = WEEKDAYS.indexOf(String(parts.weekday).toLowerCase() as Weekday);
  const now = Number(parts.hour) * 60 + Number(parts.minute);
  const ranges = (day: number) => hours[WEEKDAYS[day % 7]] ?? [];
  if (ranges(today).some((r) => minutes(r.open) <= now && now < minutes(r.close))) return { open: true, next: null };
  const later = ranges(today).find((r) => minutes(r.open) > now);
  if (later) return { open: false, next: `at ${later.open}` };
  for (let d = 1; d <= 7; d += 1) {
    const first = ranges(today + d)[0];
    if (first) return { open: false, next: `on ${WEEKDAYS[(today + d) % 7]} at ${first.open}` };
  }
  return { open: false, next: null };
}

/**
 * SQL: the business whose id is `businessIdSql` has opening hours. For another module's event
 * condition (OnEvent's `when`, evaluated inside the writer's own statement, where no service can
 * be called): only businesses with hours can ever be closed.
 */
export const hasOpeningHoursSql = (businessIdSql: string): string =>
  `exists (select 1 from business oh_b where oh_b.id = ${businessIdSql} and oh_b.opening_hours is not null)`;
