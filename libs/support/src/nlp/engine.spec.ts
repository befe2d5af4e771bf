import { CORPUS } from './corpus';
import { SupportEngine, platformDocs } from './engine';
import { score } from './evaluate';
import { LANGUAGES } from './intents';

/** Case, punctuation and spacing aside: "Hai hai!" and "hai hai" are the same sentence. */
const sameSentence = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('the corpus', () => {
  it('never trains on a held-out sentence, in any language or intent', () => {
    const heldOut = new Set(LANGUAGES.flatMap((l) => Object.values(CORPUS[l]).flatMap((v) => v.test.map(sameSentence))));
    const leaked = platformDocs().filter((d) => heldOut.has(sameSentence(d.utterance)));
    expect(leaked).toEqual([]);
  });
});

describe('SupportEngine', () => {
  let engine: SupportEngine;
  beforeAll(async () => {
    engine = await SupportEngine.train(platformDocs());
  });

  it('understands the issue’s examples', async () => {
    expect((await engine.classify('oh man, I forgot my PIN')).intent).toBe('reset_pin');
    expect((await engine.classify('where is my refund?')).intent).toBe('refund_status');
    expect((await engine.classify('saya lupa PIN saya', null, 'ms')).language).toBe('ms');
    expect((await engine.classify('wo ist meine Bestellung')).language).toBe('de');
  });

  it('does not read a language into order references or amounts', () => {
    for (const ref of ['KD-J63A458C', 'KD-A4C8E2AA', 'KD-CA3E9AC1', 'KD-ACE7A2B9']) {
      expect(SupportEngine.detectLanguage(`mana pesanan ${ref}`, 'ms').language).toBe('ms');
      expect(SupportEngine.detectLanguage(`wo ist meine Bestellung ${ref}`, 'en').language).toBe('de');
    }
  });

  it('survives export and import unchanged', async () => {
    const loaded = SupportEngine.load(engine.export());
    const text = 'my card was declined again';
    expect(await loaded.classify(text, 'en')).toEqual(await engine.classify(text, 'en'));
  });

  it('answers odd text with none, never an error', async () => {
    for (const text of ['', '🙂🙂🙂', '\u0000\u0001\uFFFD', 'x'.repeat(4096), '?!?!']) {
      const c = await engine.classify(text);
      expect(c.intent).toBeDefined();
      expect(Number.isFinite(c.confidence)).toBe(true);
    }
    expect((await engine.classify('🙂🙂🙂')).intent).toBe('none');
  });

  it('reads sentiment and anger', async () => {
    expect((await engine.classify('you are useless, I hate this', 'en')).sentiment).toBeLessThan(0);
    expect((await engine.classify('this is terrible, useless and awful service', 'en')).angry).toBe(true);
    expect((await engine.classify('teruk betul servis ni, saya sangat marah', 'ms')).angry).toBe(true);
    expect((await engine.classify('WHERE IS MY ORDER!!!', 'en')).angry).toBe(true);
    expect((await engine.classify('where is my order?', 'en')).angry).toBe(false);
  });

  it('reads emoji as people mean them: harmless ones change nothing, angry faces are anger', async () => {
    const friendly = ['🙂', '🙏', '👍', '🕐', '📦', '💳', '☕', '👋🏽', '❤️'];
    const texts: [string, 'en' | 'ms' | 'id' | 'de' | 'es' | 'fr' | 'it' | 'pt'][] = [
      ['terima kasih banyak', 'id'],
      ['terima kasih banyak', 'ms'],
      ['where is my refund?', 'en'],
      ['wo ist meine Rückerstattung', 'de'],
      ['muchas gracias', 'es'],
    ];
    for (const [text, language] of texts) {
      const plain = await engine.classify(text, language);
      for (const e of friendly) {
        const c = await engine.classify(`${text} ${e}`, language);
        expect({ text: `${text} ${e}`, intent: c.intent, angry: c.angry }).toEqual({
          text: `${text} ${e}`,
          intent: plain.intent,
          angry: false,
        });
      }
    }
    expect((await engine.classify('where is my refund 😡😡', 'en')).angry).toBe(true);
    expect((await engine.classify('mana duit saya 🤬', 'ms')).angry).toBe(true);
    expect((await engine.classify('😡😡😡')).angry).toBe(true);
    expect((await engine.classify('🙂🙂🙂')).angry).toBe(false);
  });
});

describe('score', () => {
  it('computes accuracy, macro-F1 and the confusion pairs', () => {
    const s = score(
      [
        { expected: 'a', predicted: 'a' },
        { expected: 'a', predicted: 'b' },
        { expected: 'b', predicted: 'b' },
        { expected: 'b', predicted: 'b' },
      ],
      ['a', 'b'],
    );
    expect(s.accuracy).toBe(0.75);
    // a: p=1 r=0.5 f1=2/3; b: p=2/3 r=1 f1=0.8
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 5);
    expect(s.confusions).toEqual([{ expected: 'a', predicted: 'b', count: 1 }]);
  });
});
