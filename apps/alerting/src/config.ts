import { z } from 'zod';
import { httpEnv, kafkaEnv, postgresEnv } from '@closegap/config';
import { DEFAULT_SLA_POLICY } from '@closegap/workflow';
import type { SlaPolicy } from '@closegap/workflow';

/**
 * The alerting service's configuration: read from the environment once, at boot, and
 * validated here (nowhere else reads process.env). Secrets are listed in SENSITIVE so that
 * they are masked wherever the config is printed.
 */
const slaTier = z.object({
  name: z.string().min(1),
  min_value: z.string().regex(/^\d+(\.\d+)?$/).optional(),
  min_age_days: z.number().min(0).optional(),
  due_within_hours: z.number().positive(),
});

/** SLA_POLICY: JSON list of tiers, e.g. [{"name":"urgent","min_value":"10000","min_age_days":3,"due_within_hours":24}] */
const slaPolicy = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text) return DEFAULT_SLA_POLICY;
    try {
      const tiers = z.array(slaTier).min(1).parse(JSON.parse(text));
      return { tiers } satisfies SlaPolicy;
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a list of SLA tiers: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}` });
      return z.NEVER;
    }
  });

const own = z.object({
  SLA_POLICY: slaPolicy,
  HOST: z.string().default('127.0.0.1'),
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
  KAFKA_CLIENT_ID: z.string().min(1).default('closegap-alerting'),
  KAFKA_GROUP_ID: z.string().default('closegap-alerting'),
  /** logical topic; KAFKA_TOPIC_PREFIX is put in front, as for every topic */
  EXCEPTIONS_TOPIC: z.string().default('closegap.exceptions.v1'),
  /** Slack incoming webhook; when unset the digest goes to DIGEST_DIR */
  SLACK_WEBHOOK_URL: z.url().optional(),
  DIGEST_DIR: z.string().default('out/digests'),
  /** daily digest time, HH:MM in UTC; "off" disables the schedule */
  DIGEST_AT: z.union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)]).default('07:00'),
  /** public URL of the console, for links in the digest */
  CONSOLE_URL: z.url().optional(),
});

/** The shared Kafka and PostgreSQL fragments (libs/config) plus this service's own settings. */
const schema = httpEnv(3300).extend(kafkaEnv.shape).extend({ DATABASE_URL: postgresEnv.shape.DATABASE_URL }).extend(own.shape);

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

/** The exception topic's physical name. */
export function exceptionsTopic(config: AlertingConfig): string {
  return config.KAFKA_TOPIC_PREFIX ? `${config.KAFKA_TOPIC_PREFIX}.${config.EXCEPTIONS_TOPIC}` : config.EXCEPTIONS_TOPIC;
}

export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');
