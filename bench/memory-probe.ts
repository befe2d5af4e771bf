// Preloaded into every API process the bench starts (`node --require …/memory-probe.js`), so a
// run can say what its peak resident memory was made of: V8's heap (and its old and young
// generations) against everything else (code, buffers, the binary, threads). Every 250 ms it reads
// process.memoryUsage(); whenever resident memory reaches a new peak it writes that sample to
// BENCH_MEMORY_DIR/<pid>.json. The harness deletes the file when its measured run starts, which
// restarts the peak here, so the figures cover the same window as `rss_mb`.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';

export interface MemorySample {
  rssMiB: number;
  heapMiB: number;
  heapUsedMiB: number;
  oldMiB: number;
  youngMiB: number;
  externalMiB: number;
}

const dir = process.env.BENCH_MEMORY_DIR;
const MiB = 1024 * 1024;
const round = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

if (dir) {
  const file = join(dir, `${process.pid}.json`);
  let peak = 0;
  const take = () => {
    if (peak > 0 && !existsSync(file)) peak = 0; // the harness started its measured run
    const m = process.memoryUsage();
    if (m.rss <= peak) return;
    peak = m.rss;
    const spaces = getHeapSpaceStatistics();
    const size = (name: string) => spaces.find((s) => s.space_name === name)?.space_size ?? 0;
    const sample: MemorySample = {
      rssMiB: round(m.rss),
      heapMiB: round(m.heapTotal),
      heapUsedMiB: round(m.heapUsed),
      oldMiB: round(size('old_space')),
      youngMiB: round(size('new_space')),
      externalMiB: round(m.external),
    };
    writeFileSync(file, JSON.stringify(sample));
  };
  setInterval(take, 250).unref();
}
