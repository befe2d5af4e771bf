import { registerDecorator, type ValidationArguments } from 'class-validator';
import { openingHoursProblems, type OpeningHoursLike } from '../opening-hours';

/**
 * A class-validator decorator from one of the business rules (assertCurrency, assertTimezone…),
 * so a form gets the same verdict, per field, that the entity would give.
 */
export function Satisfies(rule: (value: string) => unknown, message: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'satisfies',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            rule(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

/** Opening periods in order, not overlapping, close after open (each period's format is checked by its own class). */
export function IsOpeningHours(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isOpeningHours',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => value == null || openingHoursProblems(value as OpeningHoursLike).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          openingHoursProblems((args?.value ?? {}) as OpeningHoursLike)
            .map((p) => `${String(propertyName)}.${p.field}: ${p.message}`)
            .join('; '),
      },
    });
}
