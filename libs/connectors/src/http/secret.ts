import { readFileSync } from 'node:fs';

const MASK = '***';

/**
 * A credential. Its text is reachable only through `reveal()`; `String()`, template literals,
 * `JSON.stringify` and `util.inspect` all print `***`, so a secret that ends up in a log line,
 * an error or a run record shows as masked.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return MASK;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A value from the environment, or from the file named by `<NAME>_FILE` (Docker / Kubernetes
 * secret files). The environment wins when both are set.
 */
export function envValue(env: Env, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return undefined;
}

export function envSecret(env: Env, name: string): Secret | undefined {
  const value = envValue(env, name);
  return value === undefined ? undefined : new Secret(value);
}

export class MissingCredentialError extends Error {
  constructor(source: string, names: readonly string[]) {
    super(`${source}: missing credentials: set ${names.join(', ')} (or <NAME>_FILE pointing at a secret file)`);
  }
}

export function requireEnvSecret(env: Env, source: string, name: string): Secret {
  const secret = envSecret(env, name);
  if (!secret) throw new MissingCredentialError(source, [name]);
  return secret;
}

export function requireEnvValue(env: Env, source: string, name: string): string {
  const value = envValue(env, name);
  if (!value) throw new MissingCredentialError(source, [name]);
  return value;
}
