// `npm run bench -- drill-<name>` (or `drill-all`): a fault under checkout and chat load, on a stack
// of the drill's own (bench/drills/drill-stack.ts). Prints one JSON line per figure on stdout;
// exits 1 when an order or message was lost or an effect happened twice. See bench/README.md.
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DrillLoad } from './drill-load';
import { DrillStack, log } from './drill-stack';
import { FAULTS, type Fault } from './faults';

const WARMUP_MS = 5_000;
/** The longest a drill waits for the stack to recover before it reports it did not. */
const RECOVER_LIMIT_MS = 90_000;
/** Recovered means: no failed request for this long, the bot's backlog cleared and every process ready. */
const QUIET_MS = 2_000;
/** After the load stops, how long the order bot may take to answer what is left. */
const SETTLE_LIMIT_MS = 60_000;

interface Figure {
  figure: string;
  value: number;
  unit: string;
}

async function drill(fault: Fault): Promise<{ figures: Figure[]; failures: string[] }> {
  const stack = await DrillStack.start();
  try {
    const load = await DrillLoad.prepare(stack);
    load.start();
    await sleep(WARMUP_MS);
    log(`${fault.name}: ${fault.description}`);
    const faultStart = Date.now();
    await fault.inject(stack);
    const faultEnd = Date.now();

    // Recovered: every order sent before the fault ended has its order_details, every process is
    // ready, and nothing has failed for QUIET_MS. The figure is the latest of those three moments.
    let backlogAt = 0;
    let readyAt = 0;
    for (;;) {
      const now = Date.now();
      if (!backlogAt && (await load.unanswered(stack.databaseUrl, faultEnd)) === 0) backlogAt = now;
      if (!readyAt && (await stack.allReady())) readyAt = now;
      if (backlogAt && readyAt && now - Math.max(load.lastFailureAt, backlogAt, readyAt) >= QUIET_MS) break;
      if (now - faultEnd > RECOVER_LIMIT_MS) break;
      await sleep(250);
    }
    const recovered = backlogAt && readyAt ? Math.max(load.lastFailureAt, backlogAt, readyAt) : NaN;
    const failedDuringFault = load.failedBetween(faultStart, Number.isNaN(recovered) ? Date.now() : recovered);
    await load.stop();

    const settleBy = Date.now() + SETTLE_LIMIT_MS;
    while ((await load.unanswered(stack.databaseUrl, Date.now())) > 0 && Date.now() < settleBy) await sleep(500);
    const verdict = await load.verdict(stack.databaseUrl);
    const failures = [...verdict.problems];
    if (Number.isNaN(recovered)) failures.push(`did not recover within ${RECOVER_LIMIT_MS / 1000} s`);
    if (load.failureExamples.length) log(`failed requests looked like: ${load.failureExamples.join(' | ')}`);
    return {
      figures: [
        { figure: 'orders_lost', value: verdict.orders_lost, unit: 'count' },
        { figure: 'messages_lost', value: verdict.messages_lost, unit: 'count' },
        { figure: 'duplicate_effects', value: verdict.duplicate_effects, unit: 'count' },
        { figure: 'requests_failed', value: failedDuringFault, unit: 'count' },
        { figure: 'recover_s', value: round((recovered - faultEnd) / 1000), unit: 's' },
        { figure: 'fault_s', value: round((faultEnd - faultStart) / 1000), unit: 's' },
        { figure: 'orders_acked', value: verdict.orders_acked, unit: 'count' },
        { figure: 'messages_acked', value: verdict.messages_acked, unit: 'count' },
        { figure: 'loadavg_1m', value: round(loadavg()[0]), unit: 'load' },
      ],
      failures,
    };
  } finally {
    await stack.stop();
  }
}

function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(2)) : -1;
}

/** Runs the drill named (or all of them, one stack each); the exit status for the bench. */
export async function runDrills(name: string): Promise<number> {
  const chosen = name === 'all' ? FAULTS : FAULTS.filter((f) => f.name === name);
  if (chosen.length === 0) {
    process.stderr.write(`unknown drill "${name}"; drills: all, ${FAULTS.map((f) => f.name).join(', ')}\n`);
    return 1;
  }
  // Ctrl-C or SIGTERM: exit at once; the exit hooks stop the drill's PostgreSQL and Redis, and the
  // supervisor stops its processes when it sees this process gone.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  let failed = false;
  for (const fault of chosen) {
    const { figures, failures } = await drill(fault);
    for (const f of figures) process.stdout.write(`${JSON.stringify({ scenario: `drill-${fault.name}`, ...f })}\n`);
    for (const failure of failures) process.stderr.write(`drill: FAILED: ${failure}\n`);
    failed ||= failures.length > 0;
  }
  return failed ? 1 : 0;
}
