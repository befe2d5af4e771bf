import { InvalidInputError } from '@kedai/core';

/** BAD_USER_INPUT naming one field. */
export function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError([{ field, messages: [message] }]);
}

/** Runs an entity's guarded constructor or method, turning its RangeError into BAD_USER_INPUT on `field`. */
export function guarded<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw invalid(field, e.message);
    throw e;
  }
}
