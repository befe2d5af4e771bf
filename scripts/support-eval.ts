// `npm run support:eval`: trains the support bot's model on the corpus's training utterances and
// measures it on the held-out ones, per language. A table and the confusion pairs go to stderr;
// one JSON line per language goes to stdout ({"language","accuracy","macro_f1","n",...}).
import { evaluate, platformDocs, SupportEngine } from '@kedai/support/nlp';

async function main(): Promise<void> {
  const started = Date.now();
  const engine = await SupportEngine.train(platformDocs());
  process.stderr.write(`trained on ${platformDocs().length} utterances in ${Date.now() - started} ms\n\n`);
  const scores = await evaluate(engine);
  process.stderr.write('language  accuracy  macro-F1  n    language detected\n');
  for (const s of scores)
    process.stderr.write(
      `${s.language.padEnd(9)} ${s.accuracy.toFixed(3).padEnd(9)} ${s.macro_f1.toFixed(3).padEnd(9)} ${String(s.n).padEnd(4)} ${s.detection_accuracy.toFixed(3)}\n`,
    );
  process.stderr.write('\nconfusions (expected → predicted ×count)\n');
  for (const s of scores)
    if (s.confusions.length)
      process.stderr.write(`${s.language}: ${s.confusions.map((c) => `${c.expected}→${c.predicted}×${c.count}`).join(', ')}\n`);
  for (const s of scores)
    process.stdout.write(
      JSON.stringify({
        language: s.language,
        accuracy: s.accuracy,
        macro_f1: s.macro_f1,
        n: s.n,
        detection_accuracy: s.detection_accuracy,
      }) + '\n',
    );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
