import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, round } from './bench-client';
import { cpuFigures, cpuMeter, sampleRss } from './load';
import type { Figure, Stack } from './scenario';

// Latency at a rate, for the scenarios whose closed loop cannot say it.
//
// A closed loop of N clients measures the most the stack does, but not the latency at a given
// rate: by Little's law its mean latency is N / throughput, so 50 clients at 200 payments/s wait
// 250 ms on average whatever the code does, and "200/s with p99 < 200 ms" cannot be read from it.
// Here the operations start on a fixed schedule, `rate` a second, whether or not the earlier
// ones have finished, and each latency counts from the operation's scheduled time, so a client
// that falls behind the schedule is not hidden (no coordinated omission).

/** The rate from an environment variable (a number ≥ 0; 0 skips the phase), else `fallback`. */
export function rateFrom(variable: string, fallback: number): number {
  const raw = process.env[variable] ?? String(fallback);
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${variable} must be a number ≥ 0 (got "${raw}")`);
  return value;
}

export interface OpenLoop {
  rate: number;
  /** What one operation is, singular, for the figures' names: `payment` → `payments_per_s_at_200`. */
  noun: string;
  /** One operation, the k-th of the phase; it throws (with a message worth showing) when it fails. */
  operation: (k: number) => Promise<void>;
}

export interface OpenLoopResult {
  figures: Figure[];
  failures: string[];
}

/**
 * Runs the schedule for the warm-up, then for the measured window, and waits for the operations
 * still in flight. Figures end in `_at_<rate>`: `<noun>s_per_s` (operations scheduled in the
 * window that succeeded, per second), `sent_per_s` (those started, to show the schedule was
 * kept), `p50_ms`, `p99_ms`, `errors`, `rss_mb` and the CPU per operation of the window.
 */
export async function runOpenLoop(stack: Stack, loop: OpenLoop): Promise<OpenLoopResult | null> {
  const { warmupSeconds, durationSeconds } = stack.load;
  const suffix = `_at_${round(loop.rate, 1)}`.replace('.', '_');
  process.stderr.write(
    `bench: open loop at ${loop.rate} ${loop.noun}s/s; warm-up ${warmupSeconds} s, then measuring ${durationSeconds} s\n`,
  );
  const start = performance.now() + 50;
  const warmEnd = start + warmupSeconds * 1000;
  const end = warmEnd + durationSeconds * 1000;
  const latencies: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  let meters: { cpu: ReturnType<typeof cpuMeter>; rss: ReturnType<typeof sampleRss> } | undefined;
  let cpuUsed: { apiMs: number; workerMs: number } | undefined;
  let doneInWindow = 0;

  for (let k = 0; !stack.signal.aborted; k++) {
    const at = start + (k * 1000) / loop.rate;
    if (at >= end) break;
    const wait = at - performance.now();
    if (wait > 1) await sleep(wait);
    if (!meters && at >= warmEnd) meters = { cpu: cpuMeter(stack), rss: sampleRss(stack.apiPid) };
    const measured = at >= warmEnd;
    if (measured) sent += 1;
    const run: Promise<void> = loop.operation(k).then(
      () => {
        const now = performance.now();
        if (now <= end) doneInWindow += 1;
        if (measured) latencies.push(now - at);
      },
      (err: Error) => {
        if (!measured) return;
        errors += 1;
        if (failures.length < 3) failures.push(err.message.slice(0, 300));
      },
    );
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }
  // The window's CPU, read when the window ends (not after the stragglers), per operation done in it.
  const left = end - performance.now();
  if (left > 0 && !stack.signal.aborted) await sleep(left);
  if (meters) cpuUsed = await meters.cpu.stop();
  await Promise.all(inFlight);
  const peak = meters ? await meters.rss.stop() : null;
  if (stack.signal.aborted) return null;

  const sorted = Float64Array.from(latencies).sort();
  const figures: Figure[] = [
    { figure: `${loop.noun}s_per_s${suffix}`, value: round(latencies.length / durationSeconds, 1), unit: `${loop.noun}s/s` },
    { figure: `sent_per_s${suffix}`, value: round(sent / durationSeconds, 1), unit: `${loop.noun}s/s` },
    { figure: `p50_ms${suffix}`, value: round(percentile(sorted, 50), 2), unit: 'ms' },
    { figure: `p99_ms${suffix}`, value: round(percentile(sorted, 99), 2), unit: 'ms' },
    { figure: `errors${suffix}`, value: errors, unit: 'count' },
  ];
  if (peak !== null) figures.push({ figure: `rss_mb${suffix}`, value: round(peak, 1), unit: 'MiB' });
  if (cpuUsed) figures.push(...cpuFigures(stack, cpuUsed, doneInWindow, `${loop.noun}${suffix}`));
  return {
    figures,
    failures: errors ? [`${errors} ${loop.noun}s failed at ${loop.rate}/s, e.g. ${failures.join(' | ')}`] : [],
  };
}
