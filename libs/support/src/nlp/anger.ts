import type { Language } from './intents';

/**
 * Words that mean an upset person, per language. nlp.js's sentiment (a per-word lexicon average)
 * is the first signal; these catch what it misses (Malay has no lexicon of its own there, and
 * short furious messages average out near zero).
 */
const ANGRY: Record<Language, string[]> = {
  en: [
    'angry',
    'furious',
    'useless',
    'worst',
    'ridiculous',
    'scam',
    'hate',
    'terrible',
    'awful',
    'disgusting',
    'pathetic',
    'wtf',
    'unacceptable',
    'fed up',
  ],
  ms: ['marah', 'geram', 'teruk', 'bodoh', 'tipu', 'penipu', 'benci', 'bengang', 'menyampah', 'tak guna', 'hampeh'],
  id: ['marah', 'kesal', 'buruk', 'bodoh', 'tipu', 'penipu', 'benci', 'kecewa', 'parah', 'payah', 'nyebelin'],
  de: [
    'wütend',
    'sauer',
    'verärgert',
    'katastrophe',
    'unverschämt',
    'betrug',
    'nutzlos',
    'schlimmste',
    'lächerlich',
    'frechheit',
    'hasse',
  ],
  es: ['enfadado', 'enojado', 'furioso', 'harto', 'horrible', 'estafa', 'inútil', 'peor', 'ridículo', 'vergüenza', 'odio'],
  fr: ['furieux', 'énervé', 'en colère', 'nul', 'arnaque', 'inadmissible', 'honteux', 'pire', 'ridicule', 'inutile', 'déteste'],
  it: ['arrabbiato', 'furioso', 'pessimo', 'truffa', 'vergogna', 'inutile', 'ridicolo', 'schifo', 'odio', 'inaccettabile'],
  pt: ['furioso', 'irritado', 'bravo', 'péssimo', 'golpe', 'vergonha', 'inútil', 'ridículo', 'absurdo', 'odeio', 'palhaçada'],
};

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
// One pattern per language (the words as alternatives): one scan of the message instead of one per word.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORDS = Object.fromEntries(
  Object.entries(ANGRY).map(([l, words]) => [
    l,
    new RegExp(`(^|[^\\p{L}])(?:${words.map((w) => escape(fold(w))).join('|')})([^\\p{L}]|$)`, 'u'),
  ]),
) as Record<Language, RegExp>;

/** Angry: strongly negative sentiment, an angry word, or shouting (mostly capitals with !!). */
export function isAngry(text: string, language: Language, sentiment: number): boolean {
  if (sentiment <= -0.3) return true;
  const folded = fold(text);
  if (WORDS[language].test(folded)) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const capitals = text.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 8 && capitals.length / letters.length > 0.8 && /!{2,}/.test(text);
}
