import { hostname } from 'node:os';
import { z } from 'zod';
import { SECRET_KEYS } from './fragments';
import { SERVICE_SCHEMAS, ServiceConfig, ServiceName } from './service-schemas';

/** Every problem with the environment at once, so a deploy is fixed in one go. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Validates the environment once, at boot, against the service's schema. Empty strings count
 * as unset (so `FOO=` falls back to the default). Throws ConfigError listing every problem.
 */
export function loadConfig<S extends ServiceName>(service: S, env: Env = process.env): ServiceConfig<S> {
  return parseEnv(service, SERVICE_SCHEMAS[service], env) as ServiceConfig<S>;
}

export function parseEnv<T extends z.ZodType>(service: string, schema: T, env: Env): z.output<T> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[key] = value;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(environment)';
    const got = typeof cleaned[key] === 'string' ? ` (got "${maskValue(key, cleaned[key])}")` : '';
    return `${key}: ${issue.message}${got}`;
  });
  throw new ConfigError(service, problems);
}

/** A value as it may be logged: URL passwords and secret variables masked. */
export function maskValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (!SECRET_KEYS.has(key)) return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '***';
  }
}

/** The config as it may be logged at start-up. */
export function maskConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, maskValue(k, v)]));
}

/** The host name of this process (for default instance ids); kept here so only config touches the environment. */
export function processIdentity(): string {
  return `${process.env.HOSTNAME || hostname()}-${process.pid}`;
}
