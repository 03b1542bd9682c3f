import { z } from 'zod';

/**
 * The alerting service's configuration: read from the environment once, at boot, and
 * validated here (nowhere else reads process.env). Secrets are listed in SENSITIVE so that
 * they are masked wherever the config is printed.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3300),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/closegap'),
  DB_MIGRATE_ON_BOOT: z.stringbool().default(true),
  /** session lifetime (absolute) */
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(480),
  /** set the Secure flag on the session cookie (behind TLS) */
  COOKIE_SECURE: z.stringbool().default(false),
  /** first admin, created at boot when there are no users yet */
  ADMIN_USERNAME: z.string().default('admin'),
  ADMIN_INITIAL_PASSWORD: z.string().min(10).optional(),
  /** consume exception events from Kafka */
  KAFKA_ENABLED: z.stringbool().default(false),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)),
  KAFKA_CLIENT_ID: z.string().default('closegap-alerting'),
  KAFKA_GROUP_ID: z.string().default('closegap-alerting'),
  EXCEPTIONS_TOPIC: z.string().default('closegap.exceptions.v1'),
  /** Slack incoming webhook; when unset the digest goes to DIGEST_DIR */
  SLACK_WEBHOOK_URL: z.url().optional(),
  DIGEST_DIR: z.string().default('out/digests'),
  /** daily digest time, HH:MM in UTC; "off" disables the schedule */
  DIGEST_AT: z.union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)]).default('07:00'),
  /** public URL of the console, for links in the digest */
  CONSOLE_URL: z.url().optional(),
});

export type AlertingConfig = z.infer<typeof schema>;

export const SENSITIVE: readonly (keyof AlertingConfig)[] = ['DATABASE_URL', 'ADMIN_INITIAL_PASSWORD', 'SLACK_WEBHOOK_URL'];

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AlertingConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError('invalid configuration: ' + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

export function maskedConfig(config: AlertingConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, SENSITIVE.includes(k as keyof AlertingConfig) && v !== undefined ? '***' : v]));
}

export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');
