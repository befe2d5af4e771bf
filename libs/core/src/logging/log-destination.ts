import type { Writable } from 'node:stream';
import { pino, type DestinationStream } from 'pino';

type Output = Writable & { isTTY?: boolean; fd?: number };

/** Pretty lines only for a person watching a terminal outside production; JSON for everything else. */
export function wantsPrettyLogs(output: { isTTY?: boolean }, env: string): boolean {
  return output.isTTY === true && env !== 'production';
}

/**
 * Where the process's log lines go. On a terminal in development they are pretty-printed by
 * pino-pretty, in this process (no worker thread), so `npm start` reads like a dev server; piped
 * to a file or a collector, and always in production, they stay one JSON object per line.
 * pino-pretty is a devDependency: an install without it falls back to JSON.
 */
export async function logDestination(env: string, output: Output = process.stdout): Promise<DestinationStream> {
  if (wantsPrettyLogs(output, env)) {
    try {
      const { default: pretty } = await import('pino-pretty');
      return pretty({ destination: output, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true });
    } catch {
      // not installed (a production image run with NODE_ENV unset): JSON, as below
    }
  }
  return output === process.stdout ? pino.destination(1) : output;
}
