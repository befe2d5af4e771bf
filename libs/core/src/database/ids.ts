import { v7 as uuidv7, validate } from 'uuid';

/**
 * Time-ordered UUIDs (v7): unique without a round trip to the database, and sorted by creation so
 * B-tree inserts stay at the right-hand edge of the index.
 */
export function newId(): string {
  return uuidv7();
}

/** Whether a string is a UUID (any version, any case): what an id from outside must be before it reaches SQL. */
export function isUuid(value: string): boolean {
  return validate(value);
}
