/** The FAQ entry whose keyword the text contains as a whole word, if any. */
export function keywordIntent(entries: { id: string; keywords: string[] }[], text: string): `faq:${string}` | null {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  for (const e of entries)
    for (const k of e.keywords) {
      const word = k.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(folded))
        return `faq:${e.id}`;
    }
  return null;
}
