import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ms } from './ms';

/** Every key of a message file, as dotted paths ("support.queue.title"). */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('message files', () => {
  it('Malay has every English key and no other', () => {
    expect(keys(ms).sort()).toEqual(keys(en).sort());
  });

  it('no text is left empty', () => {
    const empty = (o: object): string[] =>
      keys(o).filter(
        (k) => (k.split('.').reduce((v: unknown, p) => (v as Record<string, unknown>)[p], o) as string).trim() === '',
      );
    expect([...empty(en), ...empty(ms)]).toEqual([]);
  });
});
