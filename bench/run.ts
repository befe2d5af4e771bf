// `npm run bench -- <scenario>`: starts Kedai on 127.0.0.1 with its own database and queue prefix,
// runs one scenario from bench/scenarios/, prints one JSON line per figure on stdout (everything
// else goes to stderr), and always stops what it started. See bench/README.md.
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import type { Figure, LoadSettings, Scenario, Stack } from './scenario';
import { apiProcessCount, startStack, type RunningStack } from './stack';
import { describeErrors, measureHttp } from './load';
import { BUSINESS_LOAD } from './scenarios/business';
import { runDrills } from './drills/run';

const SCENARIO_DIR = join(__dirname, 'scenarios');

function isScenario(value: unknown): value is Scenario {
  const s = value as Partial<Scenario> | undefined;
  return typeof s?.name === 'string' && typeof s.description === 'string' && typeof s.run === 'function';
}

/** Every file in scenarios/ that exports `scenario` (or a default export) shaped like a Scenario. */
async function loadScenarios(): Promise<Scenario[]> {
  const ext = extname(__filename); // .js from dist/, .ts under ts-node
  const found: Scenario[] = [];
  for (const file of readdirSync(SCENARIO_DIR).sort()) {
    if (extname(file) !== ext || file.endsWith('.d.ts')) continue;
    const mod = (await import(pathToFileURL(join(SCENARIO_DIR, file)).href)) as { scenario?: unknown; default?: unknown };
    // A CommonJS module's exports arrive as `default` too; prefer the named export.
    const scenario = isScenario(mod.scenario) ? mod.scenario : isScenario(mod.default) ? mod.default : undefined;
    if (!scenario) throw new Error(`bench/scenarios/${file} exports no { name, description, run(stack) } as \`scenario\``);
    if (found.some((s) => s.name === scenario.name)) throw new Error(`two scenarios are named "${scenario.name}"`);
    found.push(scenario);
  }
  return found;
}

function positiveNumber(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number (got "${raw}")`);
  }
  return value;
}

function loadSettings(): LoadSettings {
  return {
    warmupSeconds: positiveNumber('BENCH_WARMUP_S', 3, true),
    durationSeconds: positiveNumber('BENCH_DURATION_S', 15),
    connections: Math.round(positiveNumber('BENCH_CONNECTIONS', 50)),
  };
}

/**
 * The `business` read at full speed for BENCH_BASELINE_S seconds (default 5; 0 skips it) on the
 * scenario's own stack, right before it: a reader can tell a busy machine from a slow change.
 */
async function baseline(stack: Stack): Promise<Figure[]> {
  const seconds = positiveNumber('BENCH_BASELINE_S', 5, true);
  if (seconds === 0) return [];
  const loadBefore = loadavg()[0];
  process.stderr.write(`bench: baseline: the business read for ${seconds} s\n`);
  const outcome = await measureHttp(
    { ...stack, load: { ...stack.load, warmupSeconds: 1, durationSeconds: seconds } },
    BUSINESS_LOAD,
  );
  const failure = describeErrors(outcome);
  if (failure) process.stderr.write(`bench: baseline had errors: ${failure}\n`);
  return [
    { figure: 'baseline_rps', value: Number(outcome.result.requests.average.toFixed(1)), unit: 'req/s' },
    { figure: 'baseline_loadavg_1m', value: Number(loadBefore.toFixed(2)), unit: 'load' },
  ];
}

/** The machine while the scenario ran: load average at its end, and how many API processes served it. */
function machineFigures(): Figure[] {
  return [
    { figure: 'loadavg_1m', value: Number(loadavg()[0].toFixed(2)), unit: 'load' },
    { figure: 'api_processes', value: apiProcessCount(), unit: 'count' },
  ];
}

function usage(scenarios: Scenario[]): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return [
    'usage: npm run bench -- <scenario>',
    '',
    'scenarios:',
    ...scenarios.map((s) => `  ${s.name.padEnd(width)}  ${s.description}`),
    '',
    'env: BENCH_DURATION_S (15), BENCH_CONNECTIONS (50), BENCH_WARMUP_S (3), BENCH_READY_TIMEOUT_S (30),',
    '     BENCH_API_PROCESSES (1), BENCH_WORKERS (1), BENCH_BASELINE_S (5), BENCH_NAME (kedai_bench),',
    '     BENCH_LOG_LEVEL (warn); DATABASE_URL and REDIS_URL name the servers (the database becomes kedai_bench).',
  ].join('\n');
}

async function main(): Promise<number> {
  const name = process.argv[2];
  // Fault drills bring their own stack (bench/drills/): `drill-kill-api`, …, `drill-all`.
  if (name?.startsWith('drill-')) return runDrills(name.slice('drill-'.length));
  const scenarios = await loadScenarios();
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) {
    process.stderr.write(`${name ? `bench: unknown scenario "${name}"\n\n` : ''}${usage(scenarios)}\n`);
    return 1;
  }
  let load: LoadSettings;
  let readyTimeoutMs: number;
  try {
    load = loadSettings();
    readyTimeoutMs = positiveNumber('BENCH_READY_TIMEOUT_S', 30) * 1000;
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 1;
  }

  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) {
      process.stderr.write(`bench: ${signal} again, exiting now\n`);
      process.exit(130); // the 'exit' hook still SIGKILLs the children
    }
    process.stderr.write(`bench: ${signal}: stopping…\n`);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let running: RunningStack | undefined;
  try {
    process.stderr.write(`bench: scenario ${scenario.name}: ${scenario.description}\n`);
    running = await startStack({ load, worker: scenario.needs?.worker ?? false, readyTimeoutMs, signal: interrupt.signal });
    const before = scenario.baseline ? await baseline(running.stack) : [];
    const result = await scenario.run(running.stack);
    result.figures.push(...before, ...machineFigures());
    if (interrupt.signal.aborted) return 130;
    for (const { figure, value, unit } of result.figures) {
      process.stdout.write(`${JSON.stringify({ scenario: scenario.name, figure, value, unit })}\n`);
    }
    for (const failure of result.failures) process.stderr.write(`bench: FAILED: ${failure}\n`);
    return result.failures.length ? 1 : 0;
  } catch (e) {
    if (interrupt.signal.aborted) return 130;
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await running?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
