import { z } from 'zod';

/**
 * Environment fragments shared by the services. Each service composes the ones it needs
 * into its own schema (service-schemas.ts); nothing else in the code base reads process.env.
 */

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export const kafkaEnv = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean))
    .refine((list) => list.length > 0, 'at least one broker host:port is required')
    .refine((list) => list.every((b) => hostPort.test(b)), 'each broker must be host:port, comma-separated'),
  KAFKA_CLIENT_ID: z.string().min(1).default('closegap'),
  /** prefixed to every topic name (tests and side-by-side stacks); letters, digits, '.', '_', '-' */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .default('')
    .refine((v) => /^[A-Za-z0-9._-]*$/.test(v), 'only letters, digits, ".", "_" and "-" are allowed'),
});

const pgUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL')
  .refine((v) => {
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid URL');

export const postgresEnv = z.object({
  DATABASE_URL: pgUrl.default('postgres://postgres@127.0.0.1:5432/closegap'),
  /** PostgreSQL schema holding the service tables (one schema per bounded context) */
  DATABASE_SCHEMA: z
    .string()
    .default('streaming')
    .refine((v) => /^[a-z_][a-z0-9_]*$/.test(v), 'must be a lower-case SQL identifier'),
});

export const redisEnv = z.object({
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\/.+/.test(v), 'must be a redis:// or rediss:// URL'),
});

export const httpEnv = (defaultPort: number) =>
  z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  });

export const otelEnv = z.object({
  /** OTLP/HTTP endpoint of a collector (e.g. http://otel-collector:4318); unset = no export */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

export const ingestionEnv = z.object({
  /** folder watched for bundle files; unset = no drop folder, HTTP upload only */
  INGEST_DROP_DIR: z.string().min(1).optional(),
  INGEST_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(64),
});

export const matchingEnv = z.object({
  MATCHING_GROUP_ID: z.string().min(1).default('closegap-matching'),
  /** unique per process; defaults to hostname-pid */
  MATCHING_INSTANCE_ID: z.string().min(1).optional(),
  /** how often the outbox relay looks for events the fast path did not publish (ms) */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
});

/** Variables whose values never appear in logs. URLs keep their host, lose their password. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['DATABASE_URL', 'REDIS_URL', 'KAFKA_SASL_PASSWORD']);
