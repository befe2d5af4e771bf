/** What bench/run.ts hands a scenario: its own API (and worker, if asked for) on 127.0.0.1. */
export interface Stack {
  /** e.g. http://127.0.0.1:41234, the API's base URL (loopback only). */
  baseUrl: string;
  /** The API child process's pid, for sampling its memory. */
  apiPid: number;
  /** The worker child process's pid, when the scenario asked for a worker. */
  workerPid?: number;
  /** Every worker process's pid (BENCH_WORKERS of them, default 1); empty without a worker. */
  workerPids?: number[];
  /** The dedicated database (kedai_bench), migrated and seeded. */
  databaseUrl: string;
  redisUrl: string;
  /** The dedicated BullMQ prefix, {kedai-bench}. */
  queuePrefix: string;
  /** The API's JWT_SECRET, for scenarios that mint access tokens for people they create (see scenarios/chat.ts). */
  jwtSecret: string;
  /** Load settings every scenario should honour (BENCH_* overrides applied). */
  load: LoadSettings;
  /** A signal that fires on Ctrl-C / SIGTERM: stop loading and return. */
  signal: AbortSignal;
}

export interface LoadSettings {
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
}

/** One printed figure: `{"scenario":…,"figure":…,"value":…,"unit":…}`. Names are snake_case. */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
}

export interface ScenarioResult {
  figures: Figure[];
  /** Anything that makes the run invalid (wrong answers, errors). Non-empty means exit 1. */
  failures: string[];
}

/**
 * A benchmark: a file in bench/scenarios/ exporting `scenario` (or a default export) of this
 * shape. run.ts finds it by `name`; nothing else needs registering.
 */
export interface Scenario {
  name: string;
  description: string;
  /** Processes the scenario needs besides the API. */
  needs?: { worker?: boolean };
  /**
   * Run the `business` load for BENCH_BASELINE_S (5) seconds right before, on the same stack, and
   * print it as `baseline_rps` with the load average: how fast the machine was at the time.
   */
  baseline?: boolean;
  run(stack: Stack): Promise<ScenarioResult>;
}
