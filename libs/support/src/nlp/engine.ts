import { containerBootstrap } from '@nlpjs/core';
import { LangDe } from '@nlpjs/lang-de';
import { LangEn } from '@nlpjs/lang-en';
import { LangEs } from '@nlpjs/lang-es';
import { LangFr } from '@nlpjs/lang-fr';
import { LangId } from '@nlpjs/lang-id';
import { LangIt } from '@nlpjs/lang-it';
import { LangMs } from '@nlpjs/lang-ms';
import { LangPt } from '@nlpjs/lang-pt';
import { Nlp } from '@nlpjs/nlp';
import { LRUCache } from 'lru-cache';
import { CORPUS } from './corpus';
import { INTENTS, LANGUAGES, type Intent, type Language } from './intents';
import { isAngry, withoutEmoji } from './anger';
import { LanguageDetector, type Detected } from './language';

export interface TrainingDoc {
  language: Language;
  intent: Intent;
  utterance: string;
}

export interface Classification {
  language: Language;
  /** False when the language was a guess from too little text (the hint or English was taken). */
  languageConfident: boolean;
  intent: Intent;
  /** 0..1, the classifier's score for the intent. */
  confidence: number;
  /** The runner-up, for the confusion report and for "did you mean" answers. */
  alternative: { intent: Intent; confidence: number } | null;
  /** nlp.js's sentiment: below 0 is negative; per-word average of the language's lexicon. */
  sentiment: number;
  /** An upset person (sentiment, angry words, shouting): the bot hands over. */
  angry: boolean;
}

/** The platform's training documents: every training utterance of the corpus (never the held-out ones). */
export function platformDocs(): TrainingDoc[] {
  return LANGUAGES.flatMap((language) =>
    INTENTS.flatMap((intent) => CORPUS[language][intent].train.map((utterance) => ({ language, intent, utterance }))),
  );
}

const detector = new LanguageDetector(
  LANGUAGES.flatMap((language) =>
    INTENTS.filter((i) => i !== 'none').flatMap((intent) => CORPUS[language][intent].train.map((text) => ({ language, text }))),
  ),
);

/** Cuts what nlp.js is given: a 4,096-character message says what it wants in its first lines. */
const MAX_CLASSIFIED_CHARS = 400;

/**
 * How many distinct messages each engine (and the language guess) remembers. People write the
 * same few things again and again ("hi", "thanks", "where is my order?"): a message seen before
 * costs a map look-up instead of a guess and a classification. Both are pure functions of the
 * text (and the model, whose engine owns its cache, so a rebuilt model starts empty); at most
 * 400 characters a key, a few MB at most.
 */
const REMEMBERED = 2_000;

type Understood = Pick<Classification, 'intent' | 'confidence' | 'alternative' | 'sentiment' | 'angry'>;

const detections = new LRUCache<string, Detected>({ max: REMEMBERED });

/** The language guess of a cut, normalised text, remembered (see REMEMBERED). */
function detect(clean: string, hint: Language | null | undefined): Detected {
  const key = `${hint ?? ''}\u0000${clean}`;
  let found = detections.get(key);
  if (!found) detections.set(key, (found = detector.detect(clean, hint)));
  return found;
}

function newNlp(): Nlp {
  const container = containerBootstrap();
  for (const plugin of [LangEn, LangMs, LangId, LangDe, LangEs, LangFr, LangIt, LangPt]) container.use(plugin);
  // threshold 0: the bot decides what a low score means (it asks again, then hands over).
  return new Nlp(
    { languages: [...LANGUAGES], autoSave: false, autoLoad: false, nlu: { log: false }, threshold: 0, calculateSentiment: true },
    container,
  );
}

/**
 * Intent classification with nlp.js (a neural classifier per language, trained in-process in a
 * second or two, no network). A model is trained from documents (the platform corpus plus a
 * business's FAQ entries), exported as JSON to PostgreSQL, and imported by every worker.
 */
export class SupportEngine {
  /** What this model made of a text in a language (see REMEMBERED). */
  private readonly understood = new LRUCache<string, Understood>({ max: REMEMBERED });

  private constructor(private readonly nlp: Nlp) {}

  static async train(docs: TrainingDoc[]): Promise<SupportEngine> {
    const nlp = newNlp();
    for (const d of docs) nlp.addDocument(d.language, d.utterance, d.intent);
    await nlp.train();
    return new SupportEngine(nlp);
  }

  static load(model: string): SupportEngine {
    const nlp = newNlp();
    nlp.import(model);
    return new SupportEngine(nlp);
  }

  export(): string {
    return this.nlp.export(true);
  }

  static detectLanguage(text: string, hint?: Language | null) {
    return detector.detect(text, hint);
  }

  /**
   * Classifies in the given language, or the detected one; `instead` may name another language for
   * the detected one (Malay for Indonesian where the conversation says so), taken as certain. Never
   * throws on odd text.
   */
  async classify(
    text: string,
    language?: Language | null,
    hint?: Language | null,
    instead?: (detected: Language) => Language | null,
  ): Promise<Classification> {
    const clean = text.normalize('NFC').slice(0, MAX_CLASSIFIED_CHARS);
    let detected = language ? { language, confident: true } : detect(clean, hint);
    const other = instead?.(detected.language);
    if (other) detected = { language: other, confident: true };
    return {
      language: detected.language,
      languageConfident: detected.confident,
      ...(await this.understand(clean, detected.language)),
    };
  }

  /** The intent, its runner-up, the sentiment and anger of a text in a language: worked out once per text. */
  private async understand(clean: string, language: Language): Promise<Understood> {
    const key = `${language}\u0000${clean}`;
    const known = this.understood.get(key);
    if (known) return known;
    const found = await this.work(clean, language);
    this.understood.set(key, found);
    return found;
  }

  private async work(clean: string, language: Language): Promise<Understood> {
    // Without a letter there is no intent, no angry word and no shouting (an angry face still counts).
    const none: Understood = { intent: 'none', confidence: 0, alternative: null, sentiment: 0, angry: false };
    if (!/\p{L}/u.test(clean)) return { ...none, angry: isAngry(clean, language, 0) };
    const result = await this.nlp.process(language, withoutEmoji(clean));
    const ranked = [...(result.classifications ?? [])].sort((a, b) => b.score - a.score);
    const top = ranked[0];
    const sentiment = result.sentiment?.average ?? 0;
    const angry = isAngry(clean, language, sentiment);
    if (!top || top.intent === 'None') return { ...none, sentiment, angry };
    return {
      intent: top.intent as Intent,
      confidence: top.score,
      alternative: ranked[1] ? { intent: ranked[1].intent as Intent, confidence: ranked[1].score } : null,
      sentiment,
      angry,
    };
  }
}
