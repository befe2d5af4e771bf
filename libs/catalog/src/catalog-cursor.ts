/** Where a page ends: the last product's position and id. Opaque to clients (base64 of JSON). */
export interface CatalogCursor {
  position: number;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: CatalogCursor): string {
  return Buffer.from(JSON.stringify([c.position, c.id])).toString('base64url');
}

/** Null for anything that is not a cursor this code made. */
export function decodeCursor(raw: string): CatalogCursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [position, id] = parsed as unknown[];
    if (!Number.isSafeInteger(position) || typeof id !== 'string' || !UUID.test(id)) return null;
    return { position: position as number, id };
  } catch {
    return null;
  }
}
