import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/**
 * Thrown when an environment variable is missing or malformed. Its message is one line per
 * problem, naming the variable, so an operator can fix it without reading a stack trace.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type EnvClass<T> = new () => T;

/**
 * Validates the variables a namespace reads. The class's property names are the variable names,
 * so every error message names exactly what to set.
 */
export function readEnv<T extends object>(cls: EnvClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new cls())) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const instance = plainToInstance(cls, { ...new cls(), ...raw }, { enableImplicitConversion: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.map((e) => describe(e, env)));
  return instance;
}

// One line per variable: a value such as PORT=abc fails several constraints that say the same thing.
function describe(error: ValidationError, env: NodeJS.ProcessEnv): string {
  const given = env[error.property];
  const shown = given === undefined || given === '' ? 'it is not set' : `got "${redact(error.property, given)}"`;
  const reasons = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
  return `Configuration error: ${reasons} (${shown})`;
}

// A malformed secret must not be echoed back into logs, nor the password inside a URL.
function redact(name: string, value: string): string {
  return /SECRET|PASSWORD|TOKEN|KEY/i.test(name) ? '***' : value.replace(/\/\/[^/@\s]*@/, '//***@');
}
