// BENCH_API_PROCESSES > 1: the API as node:cluster workers sharing one port (the primary hands
// connections out round robin), as it would run behind a balancer on a machine with that many
// cores. The primary only forks, forwards SIGTERM and exits when a worker dies.
import cluster from 'node:cluster';
import { join } from 'node:path';

const count = Number(process.env.BENCH_API_PROCESSES ?? '2');
cluster.setupPrimary({ exec: join(__dirname, '..', 'apps', 'api', 'src', 'main.js'), execArgv: process.execArgv });
for (let i = 0; i < count; i++) cluster.fork();

let stopping = false;
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    process.stderr.write(`api process ${worker.process.pid} exited (${code ?? signal}); stopping the others\n`);
    stop('SIGTERM');
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopping ? 0 : 1);
});

function stop(signal: NodeJS.Signals): void {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGTERM'));
