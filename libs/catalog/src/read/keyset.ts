import { isUuid } from '@kedai/core/database/ids';

/**
 * Keyset ("seek") pagination over one sort key plus the id as tie-break, the id always ascending.
 * A cursor names the listing it came from, so a cursor of a price-sorted search is refused by the
 * catalog page instead of silently skipping products. Opaque to clients: base64url of JSON.
 */
export type SortValue = number | string;

export interface Cursor {
  listing: string;
  value: SortValue;
  id: string;
}

export interface SortKey {
  /** SQL expression of the key, over the listing's columns. */
  sql: string;
  direction: 'asc' | 'desc';
  /** What the key's value looks like in a cursor. */
  kind: 'int' | 'decimal' | 'text';
}

const DECIMAL = /^-?\d{1,20}(\.\d{1,12})?$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.listing, c.value, c.id])).toString('base64url');
}

/** Null for anything that is not a cursor of this listing with a value of the key's kind. */
export function decodeCursor(raw: string, listing: string, key: SortKey): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3) return null;
    const [from, value, id] = parsed as unknown[];
    if (from !== listing || typeof id !== 'string' || !isUuid(id)) return null;
    const fits =
      key.kind === 'int'
        ? Number.isSafeInteger(value)
        : key.kind === 'decimal'
          ? typeof value === 'string' && DECIMAL.test(value)
          : typeof value === 'string' && value.length <= 1000;
    return fits ? { listing, value: value as SortValue, id } : null;
  } catch {
    return null;
  }
}

/**
 * The WHERE fragment (and its parameters) for rows after the cursor, and the ORDER BY that goes with
 * it. Ascending keys use a row comparison, which PostgreSQL serves straight from a matching index.
 */
export function seek(
  key: SortKey,
  cursor: Cursor | null,
  idColumn: string,
): { where: string; params: unknown[]; orderBy: string } {
  const cast = key.kind === 'decimal' ? '::numeric' : '';
  const orderBy = `${key.sql} ${key.direction}, ${idColumn} asc`;
  if (!cursor) return { where: 'true', params: [], orderBy };
  if (key.direction === 'asc')
    return { where: `(${key.sql}, ${idColumn}) > (?${cast}, ?)`, params: [cursor.value, cursor.id], orderBy };
  return {
    where: `(${key.sql} < ?${cast} or (${key.sql} = ?${cast} and ${idColumn} > ?))`,
    params: [cursor.value, cursor.value, cursor.id],
    orderBy,
  };
}
