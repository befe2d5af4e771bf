import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

export interface CalendarDateRange {
  /** Earliest allowed day, YYYY-MM-DD. */
  min?: string;
  /** Latest allowed day, YYYY-MM-DD, or 'today' (UTC) for dates that cannot lie ahead, like a birth. */
  max?: string | 'today';
}

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a YYYY-MM-DD day that exists on the calendar (no 1990-02-31, no month 13). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = SHAPE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 02-31 over into March: a real day survives the round trip unchanged.
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function bound(day: string, now: Date): string {
  return day === 'today' ? now.toISOString().slice(0, 10) : day;
}

/** Why `value` is not an allowed calendar day, or null when it is. Days compare as strings. */
export function calendarDateProblem(value: unknown, range: CalendarDateRange, now = new Date()): string | null {
  if (!isCalendarDate(value)) return 'must be a real date written YYYY-MM-DD';
  if (range.min && value < bound(range.min, now)) return `must not be before ${bound(range.min, now)}`;
  if (range.max && value > bound(range.max, now)) {
    return range.max === 'today' ? 'must not be in the future' : `must not be after ${range.max}`;
  }
  return null;
}

/**
 * A YYYY-MM-DD string that is a real day within `range`. Checked here, at the edge, because
 * PostgreSQL's `date` refuses 1990-02-31 with an error the caller should never see, and happily
 * stores a birth in 2999.
 */
export function IsCalendarDate(range: CalendarDateRange = {}, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [range],
      options,
      validator: {
        validate: (value: unknown) => calendarDateProblem(value, range) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'date'} ${calendarDateProblem(args?.value, range)}`,
      },
    });
  };
}
