/** Moves the item at `from` to `to` (indexes in the list before the move); a new array, the input untouched. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= list.length) return out;
  const target = Math.max(0, Math.min(list.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item as T);
  return out;
}

/**
 * Where a keyboard reorder takes an item: ArrowUp/ArrowDown one place, Home/End to either end;
 * null for any other key (the key is then not the list's to handle).
 */
export function keyboardTarget(key: string, index: number, length: number): number | null {
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return Math.min(length - 1, index + 1);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}
