import { setTimeout as sleep } from 'node:timers/promises';
import type { DrillStack } from './drill-stack';

/** One fault: what it does to the drill's own stack. `inject` returns when the fault is over. */
export interface Fault {
  name: string;
  description: string;
  inject(stack: DrillStack): Promise<void>;
}

function killOne(stack: DrillStack, role: 'api' | 'worker'): void {
  const [pid] = stack.processes(role);
  if (!pid) throw new Error(`no ${role} process found to kill`);
  process.kill(pid, 'SIGKILL');
}

export const FAULTS: Fault[] = [
  {
    name: 'kill-api',
    description: 'kill -9 one of the two API processes (the supervisor starts another)',
    inject: async (stack) => killOne(stack, 'api'),
  },
  {
    name: 'kill-worker',
    description: 'kill -9 one of the two workers, jobs in hand (the supervisor starts another)',
    inject: async (stack) => killOne(stack, 'worker'),
  },
  {
    name: 'restart-postgres',
    description: 'restart PostgreSQL (pg_ctl stop -m fast, then start): every connection is cut',
    inject: async (stack) => {
      await stack.postgres.stop('fast');
      await stack.postgres.start();
    },
  },
  {
    name: 'restart-redis',
    description: 'flush Redis and restart it empty: queues, locks, rate limits and schedules gone',
    inject: async (stack) => {
      await stack.redis.flushAndStop();
      await stack.redis.start();
    },
  },
  {
    name: 'pause-redis',
    description: 'freeze Redis for 10 s (SIGSTOP, then SIGCONT): connections open, nothing answered',
    inject: async (stack) => {
      stack.redis.pause();
      await sleep(10_000);
      stack.redis.resume();
    },
  },
];
