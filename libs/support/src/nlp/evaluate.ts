import { SupportEngine } from './engine';
import { CORPUS } from './corpus';
import { INTENTS, LANGUAGES, type Language } from './intents';

export interface LanguageScore {
  language: Language;
  accuracy: number;
  macro_f1: number;
  n: number;
  /** How often the language itself was detected right on the same held-out messages. */
  detection_accuracy: number;
  /** expected → predicted, most frequent first. */
  confusions: { expected: string; predicted: string; count: number }[];
}

/** Accuracy and macro-F1 (the mean over intents of each intent's F1) of expected/predicted pairs. */
export function score(pairs: { expected: string; predicted: string }[], labels: readonly string[]) {
  const correct = pairs.filter((p) => p.expected === p.predicted).length;
  const f1s = labels.map((label) => {
    const tp = pairs.filter((p) => p.expected === label && p.predicted === label).length;
    const fp = pairs.filter((p) => p.expected !== label && p.predicted === label).length;
    const fn = pairs.filter((p) => p.expected === label && p.predicted !== label).length;
    if (tp === 0) return 0;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    return (2 * precision * recall) / (precision + recall);
  });
  const confusions = new Map<string, number>();
  for (const p of pairs.filter((x) => x.expected !== x.predicted)) {
    const key = `${p.expected}\u0000${p.predicted}`;
    confusions.set(key, (confusions.get(key) ?? 0) + 1);
  }
  return {
    accuracy: pairs.length ? correct / pairs.length : 0,
    macroF1: f1s.reduce((a, b) => a + b, 0) / labels.length,
    confusions: [...confusions.entries()]
      .map(([key, count]) => {
        const [expected, predicted] = key.split('\u0000');
        return { expected, predicted, count };
      })
      .sort((a, b) => b.count - a.count),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The model trained on the training utterances, measured on the held-out ones, per language. */
export async function evaluate(engine: SupportEngine): Promise<LanguageScore[]> {
  const out: LanguageScore[] = [];
  for (const language of LANGUAGES) {
    const pairs: { expected: string; predicted: string }[] = [];
    let detected = 0;
    for (const intent of INTENTS) {
      for (const text of CORPUS[language][intent].test) {
        const c = await engine.classify(text, language);
        pairs.push({ expected: intent, predicted: c.intent });
        if (SupportEngine.detectLanguage(text).language === language) detected += 1;
      }
    }
    const s = score(pairs, INTENTS);
    out.push({
      language,
      accuracy: round(s.accuracy),
      macro_f1: round(s.macroF1),
      n: pairs.length,
      detection_accuracy: round(detected / pairs.length),
      confusions: s.confusions,
    });
  }
  return out;
}
