/**
 * Nest's shutdown hooks drain requests and close workers; this makes sure a stuck drain cannot
 * keep a stopped process alive past its budget (the orchestrator would SIGKILL it anyway).
 */
export function exitIfShutdownHangs(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`shutdown took longer than ${timeoutMs} ms; exiting\n`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}
