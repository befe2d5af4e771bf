import { Language as TrigramGuesser } from '@nlpjs/language';
import { LANGUAGES, type Language } from './intents';

export interface Detected {
  language: Language;
  /** False when the text gave too little to go on and the hint (or English) was taken. */
  confident: boolean;
}

const tokens = (text: string) => text.toLowerCase().match(/\p{L}+/gu) ?? [];

/**
 * Which of our languages a message is in. nlp.js's trigram guesser is made for paragraphs; a chat
 * message is a few words, so it is combined with the vocabulary of our own corpus (a word seen in
 * one language only is strong evidence, one seen in four is weak). Malay and Indonesian share most
 * words: where they tie, the hint (the person's language, or the conversation's) decides.
 */
export class LanguageDetector {
  private readonly guesser = new TrigramGuesser();
  private readonly vocabulary = new Map<string, Set<Language>>();

  constructor(sentences: { language: Language; text: string }[]) {
    for (const { language, text } of sentences) {
      for (const token of tokens(text)) {
        const seen = this.vocabulary.get(token) ?? new Set<Language>();
        seen.add(language);
        this.vocabulary.set(token, seen);
      }
    }
  }

  detect(raw: string, hint?: Language | null): Detected {
    // Order references, amounts and ids ("KD-J63A458C", "RM25") are no language's words, and their
    // letters ("a", "c") are noise that once made "mana pesanan KD-…" French.
    const text = raw.replace(/\S*\d\S*/gu, ' ');
    const words = tokens(text);
    const fallback: Detected = { language: hint ?? 'en', confident: false };
    if (words.length === 0) return fallback;
    const score = new Map<Language, number>(LANGUAGES.map((l) => [l, 0]));
    let known = 0;
    for (const word of words) {
      const langs = this.vocabulary.get(word);
      if (!langs) continue;
      known += 1;
      for (const l of langs) score.set(l, score.get(l)! + 1 / langs.size);
    }
    for (const l of LANGUAGES) score.set(l, score.get(l)! / words.length);
    // Trigrams weigh less on a word or two, where they are mostly noise.
    const trigramWeight = Math.min(1, text.length / 40) * 0.5;
    // The cheap evidence first: the trigram guess (most of this method's cost) is skipped when the
    // vocabulary alone decides beyond anything it could add (see `trigramsCannotMatter`).
    if (trigramsCannotMatter(score, trigramWeight)) {
      const [first] = [...score.entries()].sort((a, b) => b[1] - a[1]);
      const malay = (l: Language) => l === 'ms' || l === 'id';
      if (hint && malay(hint) && malay(first[0])) return { language: hint, confident: true };
      return { language: first[0], confident: true };
    }
    for (const g of this.guesser.guess(text, [...LANGUAGES], LANGUAGES.length)) {
      const l = g.alpha2 as Language;
      if (score.has(l)) score.set(l, score.get(l)! + trigramWeight * g.score);
    }
    const ranked = [...score.entries()].sort((a, b) => b[1] - a[1]);
    if (ranked[0][1] <= 0.05 && known === 0) return fallback;
    const confident = known > 0 || text.length >= 20;
    // Malay and Indonesian are one language to a few words of chat: the hint decides between them.
    const [first, second] = ranked;
    const malay = (l: Language) => l === 'ms' || l === 'id';
    if (hint && malay(hint) && malay(first[0])) return { language: hint, confident };
    // Other close calls go to the hint too.
    if (hint === second[0] && first[1] - second[1] < 0.15 * first[1]) return { language: hint, confident };
    return { language: first[0], confident };
  }
}

/** Slack for trigram scores a little outside 0..1 (nlp.js's normalisation allows a hair below 0). */
const TRIGRAM_SLACK = 0.02;

/**
 * True when the trigram guess cannot change `detect`'s answer: each trigram score is within 0..1
 * and adds at most `weight` to a language, so when the vocabulary's leader is ahead of every other
 * language by more than `weight` plus the close-call margin (15 % of the leader's best possible
 * total), it stays first after the trigrams and no close call goes to the hint. The result is the
 * one the full computation gives, without it.
 */
function trigramsCannotMatter(score: Map<Language, number>, weight: number): boolean {
  let first = -Infinity;
  let second = -Infinity;
  for (const v of score.values()) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return first > 0 && first - second - weight >= 0.15 * (first + weight) + TRIGRAM_SLACK;
}
