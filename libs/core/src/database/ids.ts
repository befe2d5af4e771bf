import { v7 as uuidv7 } from 'uuid';

/**
 * Time-ordered UUIDs (v7): unique without a round trip to the database, and sorted by creation so
 * B-tree inserts stay at the right-hand edge of the index.
 */
export function newId(): string {
  return uuidv7();
}
