import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, httpEnv, kafkaEnv, maskValue, otelEnv, parseEnv, postgresEnv } from '@closegap/config';
import type { Env } from '@closegap/config';
import { CATEGORIES, SEVERITIES } from '@closegap/domain';
import type { Category, Severity } from '@closegap/domain';

/**
 * The pre-send service's configuration, validated once at boot. libs/config has no `presend`
 * schema yet, so the schema is composed here from its shared fragments (Kafka, PostgreSQL,
 * HTTP, OpenTelemetry) plus what only this service needs. Nothing else in the app reads the
 * environment.
 */

export const SCOPES = ['invoices:check', 'webhooks:quickbooks'] as const;
export type Scope = (typeof SCOPES)[number];

const sqlIdentifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier');
const topicPrefix = z.string().regex(/^[A-Za-z0-9._-]*$/, 'only letters, digits, ".", "_" and "-" are allowed');

const apiKeySchema = z.object({
  /** public id of the key (logs, audit); never the secret */
  id: z.string().min(1),
  /** hex SHA-256 of the whole key as presented (`cgk_...`); the key itself is never stored */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
  scopes: z.array(z.enum(SCOPES)).min(1),
});

const quickBooksSchema = z.object({
  /** QuickBooks company ids (realmId) of this tenant */
  realm_ids: z.array(z.string().min(1)).min(1),
  /** the app's webhook verifier token (intuit-signature HMAC key) */
  verifier_token: z.string().min(8),
  /** OAuth access token for the invoice read (a token refresher is the connectors' job) */
  access_token: z.string().min(1).optional(),
  /** default https://quickbooks.api.intuit.com; tests point it at a local server */
  base_url: z.url().optional(),
  home_currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** regex finding a CRM placement id in line descriptions / private notes */
  placement_ref_pattern: z.string().optional(),
});

const tenantSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "_" and "-"'),
  /** the tenant's streaming namespace: its topic prefix and PostgreSQL schema */
  topic_prefix: topicPrefix.default(''),
  database_schema: sqlIdentifier.default('streaming'),
  api_keys: z.array(apiKeySchema).default([]),
  quickbooks: quickBooksSchema.optional(),
});

export type TenantConfig = z.output<typeof tenantSchema>;
export type ApiKeyConfig = z.output<typeof apiKeySchema>;

const tenantsSchema = z
  .array(tenantSchema)
  .min(1, 'at least one tenant')
  .superRefine((tenants, ctx) => {
    const ids = new Set<string>();
    const hashes = new Set<string>();
    const realms = new Set<string>();
    const spaces = new Set<string>();
    for (const t of tenants) {
      if (ids.has(t.id)) ctx.addIssue({ code: 'custom', message: `tenant id "${t.id}" appears twice` });
      ids.add(t.id);
      const space = `${t.topic_prefix}|${t.database_schema}`;
      if (spaces.has(space)) ctx.addIssue({ code: 'custom', message: `tenant "${t.id}" shares its topic prefix and schema with another tenant` });
      spaces.add(space);
      for (const k of t.api_keys) {
        if (hashes.has(k.sha256)) ctx.addIssue({ code: 'custom', message: `API key "${k.id}" is configured twice` });
        hashes.add(k.sha256);
      }
      for (const r of t.quickbooks?.realm_ids ?? []) {
        if (realms.has(r)) ctx.addIssue({ code: 'custom', message: `QuickBooks realm ${r} belongs to two tenants` });
        realms.add(r);
      }
    }
  });

const csv = <T extends string>(allowed: readonly T[]) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(allowed as unknown as [T, ...T[]])));

export const presendEnv = z.object({
  /** JSON array of tenants (see docs/presend.md); or PRESEND_TENANTS_FILE */
  PRESEND_TENANTS: z.string().optional(),
  PRESEND_TENANTS_FILE: z.string().optional(),
  HOST: z.string().default('0.0.0.0'),
  PRESEND_INSTANCE_ID: z.string().min(1).optional(),
  /** worker processes sharing the port, each with the whole live state (use the machine's cores; 1 = no cluster) */
  PRESEND_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** block only when a blocking exception is at least this severe ... */
  PRESEND_BLOCK_MIN_SEVERITY: z.enum(SEVERITIES).default('low'),
  /** ... and at least this value at risk (in the invoice currency) */
  PRESEND_BLOCK_MIN_VALUE: z.coerce.number().min(0).default(0),
  PRESEND_BLOCKING_CATEGORIES: csv(CATEGORIES).default([
    'CONTRACT_DRIFT',
    'BILL_RATE_VARIANCE',
    'OVERBILLED_TIME',
    'DUPLICATE_INVOICE',
    'INVOICE_MATH_ERROR',
    'CURRENCY_MISMATCH',
    'INVOICE_WITHOUT_PLACEMENT',
    'PERM_FEE_VARIANCE',
  ]),
  PRESEND_MAX_BODY_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  PRESEND_MAX_LINES: z.coerce.number().int().min(1).max(5_000).default(500),
  /** verdicts kept per tenant for repeated checks of the same draft against the same state (0 = off) */
  PRESEND_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(2_000),
  /** the Kafka draft -> verdict path (one consumer group over the instances) */
  PRESEND_KAFKA_DRAFTS: z.stringbool().default(true),
  PRESEND_DRAFTS_GROUP_ID: z.string().min(1).default('closegap-presend-drafts'),
  /** start from the facts the matching service persisted (PostgreSQL), then follow the topics */
  PRESEND_LOAD_FACTS_FROM_DB: z.stringbool().default(true),
  QBO_BASE_URL: z.url().default('https://quickbooks.api.intuit.com'),
  QBO_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

const schema = kafkaEnv.extend(postgresEnv.shape).extend(httpEnv(3005).shape).extend(otelEnv.shape).extend(presendEnv.shape);

export type PresendEnvConfig = z.output<typeof schema>;
export interface PresendConfig extends Omit<PresendEnvConfig, 'PRESEND_TENANTS' | 'PRESEND_TENANTS_FILE' | 'PRESEND_BLOCKING_CATEGORIES'> {
  tenants: TenantConfig[];
  blockingCategories: ReadonlySet<Category>;
  blockMinSeverity: Severity;
}

/** Validates the environment (and the tenants document) once; throws ConfigError listing every problem. */
export function loadPresendConfig(env: Env): PresendConfig {
  const base = parseEnv('presend', schema, env);
  const { PRESEND_TENANTS, PRESEND_TENANTS_FILE, PRESEND_BLOCKING_CATEGORIES, ...rest } = base;
  let text = PRESEND_TENANTS;
  if (!text && PRESEND_TENANTS_FILE) {
    try {
      text = readFileSync(PRESEND_TENANTS_FILE, 'utf8');
    } catch (err) {
      throw new ConfigError('presend', [`PRESEND_TENANTS_FILE: cannot read ${PRESEND_TENANTS_FILE}: ${(err as Error).message}`]);
    }
  }
  if (!text) throw new ConfigError('presend', ['PRESEND_TENANTS or PRESEND_TENANTS_FILE: the tenants (API keys, namespaces) are required']);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('presend', [`PRESEND_TENANTS: not JSON: ${(err as Error).message}`]);
  }
  const tenants = tenantsSchema.safeParse(json);
  if (!tenants.success) {
    throw new ConfigError('presend', tenants.error.issues.map((i) => `PRESEND_TENANTS${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`));
  }
  return { ...rest, tenants: tenants.data, blockingCategories: new Set(PRESEND_BLOCKING_CATEGORIES), blockMinSeverity: rest.PRESEND_BLOCK_MIN_SEVERITY };
}

/** The config as it may be logged: no key hashes, verifier or access tokens, URL passwords masked. */
export function maskPresendConfig(config: PresendConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'tenants') {
      out.tenants = config.tenants.map((t) => ({ id: t.id, topic_prefix: t.topic_prefix, database_schema: t.database_schema, api_keys: t.api_keys.map((a) => ({ id: a.id, scopes: a.scopes })), quickbooks: t.quickbooks ? { realm_ids: t.quickbooks.realm_ids } : undefined }));
    } else if (k === 'blockingCategories') out[k] = [...config.blockingCategories];
    else out[k] = maskValue(k, v);
  }
  return out;
}
