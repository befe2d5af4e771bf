/**
 * Reordering a subset: the given items take the positions they already hold among themselves, in
 * the new order. Dragging three products of a 10,000-product catalog moves only those three rows,
 * and a client that sends one page's ids never disturbs other pages. Returns the changed positions.
 */
export function permute<T extends { id: string; position: number }>(items: T[], order: readonly string[]): Map<string, number> {
  const slots = items.map((i) => i.position).sort((a, b) => a - b);
  const current = new Map(items.map((i) => [i.id, i.position]));
  const changed = new Map<string, number>();
  order.forEach((id, k) => {
    if (current.get(id) !== slots[k]) changed.set(id, slots[k]);
  });
  return changed;
}

/** The first id given twice, if any. */
export function repeated(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  return ids.find((id) => (seen.has(id) ? true : (seen.add(id), false)));
}
