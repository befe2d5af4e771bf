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

/** Faces and gestures people send when they are angry. */
const ANGRY_EMOJI = /\u{1F620}|\u{1F621}|\u{1F92C}|\u{1F47F}|\u{1F4A2}|\u{1F624}|\u{1F595}/u;
/** Emoji, their modifiers and joiners (Extended_Pictographic covers the faces, objects and symbols). */
const EMOJI = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/**
 * The text without its emoji, for the classifier and the sentiment lexicons. They read words:
 * nlp.js's Indonesian sentiment turns an emoji into words of its own and scores them (a clock,
 * 🕐, came out strongly negative, so "terima kasih 🕐" was angry and handed over), and no
 * intent of ours depends on one. Anger in emoji is read by `isAngry` on the whole text.
 */
export function withoutEmoji(text: string): string {
  return text
    .replace(EMOJI, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Angry: strongly negative sentiment, an angry word or face, or shouting (mostly capitals with !!). */
export function isAngry(text: string, language: Language, sentiment: number): boolean {
  if (sentiment <= -0.3 || ANGRY_EMOJI.test(text)) return true;
  const folded = fold(text);
  if (WORDS[language].test(folded)) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const capitals = text.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 8 && capitals.length / letters.length > 0.8 && /!{2,}/.test(text);
}
