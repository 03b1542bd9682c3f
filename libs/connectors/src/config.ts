import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { RulesConfig } from '@closegap/domain';
import { BullhornConnector } from './bullhorn/connector';
import { BullhornDumpFetcher, BullhornHttpFetcher, BullhornSession } from './bullhorn/client';
import { DumpDir } from './core/page-source';
import type { Connector, ConnectorName } from './core/types';
import { OAuth2RefreshAuth, StaticBearerAuth } from './http/auth';
import type { TokenStore } from './http/auth';
import { HttpClient } from './http/http-client';
import type { HttpClientOptions } from './http/http-client';
import { envSecret, envValue, requireEnvSecret, requireEnvValue } from './http/secret';
import type { Env } from './http/secret';
import { HubSpotConnector } from './hubspot/connector';
import { HubSpotDumpFetcher, HubSpotHttpFetcher } from './hubspot/client';
import { DEFAULT_HUBSPOT_PROPERTIES } from './hubspot/mapper';
import type { HubSpotProperties } from './hubspot/mapper';
import { QuickBooksConnector } from './quickbooks/connector';
import { QboDumpFetcher, QboHttpFetcher } from './quickbooks/client';
import { SpreadsheetConnector } from './spreadsheet/connector';
import { loadSpreadsheetMapping } from './spreadsheet/mapping';
import { XeroConnector } from './xero/connector';
import { XeroDumpFetcher, XeroHttpFetcher } from './xero/client';

const pattern = z
  .string()
  .transform((s, ctx) => {
    try {
      return new RegExp(s, 'i');
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a regular expression` });
      return z.NEVER;
    }
  })
  .optional();

const scheduleEntry = z.object({ source: z.enum(['hubspot', 'bullhorn', 'quickbooks', 'xero', 'spreadsheet']), every: z.string() }).strict();

/** The connectors' configuration file (`--config`): what to pull, how to map, when. No secrets: those come from the environment. */
export const connectorsConfigSchema = z
  .object({
    bundle: z.string().optional(),
    state_dir: z.string().optional(),
    rules: z.string().optional(),
    http: z.object({ max_attempts: z.number().int().min(1).max(10).optional(), timeout_ms: z.number().int().positive().optional() }).strict().optional(),
    schedule: z
      .object({
        pulls: z.array(scheduleEntry).default([]),
        reconcile: z.object({ daily_at: z.string(), weekdays: z.array(z.number().int().min(1).max(7)).optional(), output: z.string() }).strict().optional(),
      })
      .strict()
      .optional(),
    hubspot: z
      .object({
        properties: z.object({ company: z.record(z.string(), z.string()).optional(), deal: z.record(z.string(), z.string()).optional() }).strict().optional(),
        rates: z.array(z.object({ rate_type: z.string(), bill: z.string(), pay: z.string().optional() }).strict()).optional(),
        won_stages: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    bullhorn: z
      .object({
        contract_types: z.string().optional(),
        perm_types: z.string().optional(),
        approved_statuses: z.array(z.string()).optional(),
        earn_codes: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    quickbooks: z.object({ home_currency: z.string().length(3).optional(), placement_ref_pattern: pattern }).strict().optional(),
    xero: z
      .object({ payroll: z.boolean().default(false), placement_ref_pattern: pattern, week_pattern: pattern, earnings_map: z.record(z.string(), z.string()).optional() })
      .strict()
      .optional(),
    spreadsheet: z.object({ mappings_dir: z.string().default('spreadsheets') }).strict().optional(),
  })
  .strict();

export type ConnectorsConfig = z.infer<typeof connectorsConfigSchema> & { baseDir: string };

export function loadConnectorsConfig(path: string): ConnectorsConfig {
  const parsed = connectorsConfigSchema.safeParse(parseYaml(readFileSync(path, 'utf8')) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return { ...parsed.data, baseDir: dirname(resolve(path)) };
}

export function emptyConnectorsConfig(baseDir = process.cwd()): ConnectorsConfig {
  return { ...connectorsConfigSchema.parse({}), baseDir };
}

export function hubspotProperties(config: ConnectorsConfig): HubSpotProperties {
  const h = config.hubspot;
  return {
    company: { ...DEFAULT_HUBSPOT_PROPERTIES.company, ...h?.properties?.company },
    deal: { ...DEFAULT_HUBSPOT_PROPERTIES.deal, ...h?.properties?.deal },
    rates: h?.rates ?? DEFAULT_HUBSPOT_PROPERTIES.rates,
    won_stages: h?.won_stages ?? DEFAULT_HUBSPOT_PROPERTIES.won_stages,
  };
}

export interface ConnectorContext {
  env: Env;
  config: ConnectorsConfig;
  rules: Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>;
  /** read saved API responses from this folder instead of calling the API */
  fromDir?: string;
  tokenStore?: TokenStore;
  /** spreadsheet: the mapping file (else every mapping in mappings_dir must be named) */
  mappingFile?: string;
  /** test hooks: retry timings, fetch */
  http?: Pick<HttpClientOptions, 'retry' | 'sleep' | 'random' | 'fetch' | 'onEvent' | 'timeoutMs'>;
  now?: () => Date;
}

function httpOptions(ctx: ConnectorContext): HttpClientOptions {
  return { timeoutMs: ctx.config.http?.timeout_ms, retry: { maxAttempts: ctx.config.http?.max_attempts }, ...ctx.http };
}

function oauth(
  ctx: ConnectorContext,
  key: string,
  prefix: string,
  tokenUrl: string,
  clientAuth: 'basic' | 'body' | 'query',
  grant: 'refresh_token' | 'client_credentials' = 'refresh_token',
): OAuth2RefreshAuth {
  const { env } = ctx;
  return new OAuth2RefreshAuth({
    key,
    tokenUrl: envValue(env, `${prefix}_TOKEN_URL`) ?? tokenUrl,
    clientId: requireEnvValue(env, key, `${prefix}_CLIENT_ID`),
    clientSecret: requireEnvSecret(env, key, `${prefix}_CLIENT_SECRET`),
    refreshToken: envSecret(env, `${prefix}_REFRESH_TOKEN`),
    accessToken: envSecret(env, `${prefix}_ACCESS_TOKEN`),
    clientAuth,
    grant,
    store: ctx.tokenStore,
    fetch: ctx.http?.fetch,
  });
}

/** Builds one connector from configuration and the environment (credentials never leave the env). */
export function createConnector(name: ConnectorName, ctx: ConnectorContext): Connector {
  const { env, config } = ctx;
  const dump = ctx.fromDir && name !== 'spreadsheet' ? new DumpDir(ctx.fromDir) : undefined;
  switch (name) {
    case 'hubspot': {
      if (dump) return new HubSpotConnector(new HubSpotDumpFetcher(dump), hubspotProperties(config));
      const token = envSecret(env, 'HUBSPOT_ACCESS_TOKEN');
      const auth = token && !envValue(env, 'HUBSPOT_REFRESH_TOKEN') ? new StaticBearerAuth(token) : oauth(ctx, 'hubspot', 'HUBSPOT', 'https://api.hubapi.com/oauth/v1/token', 'body');
      const http = new HttpClient({ ...httpOptions(ctx), baseUrl: envValue(env, 'HUBSPOT_BASE_URL') ?? 'https://api.hubapi.com', auth });
      return new HubSpotConnector(new HubSpotHttpFetcher(http, { sleep: ctx.http?.sleep, searchIntervalMs: ctx.http ? 0 : undefined }), hubspotProperties(config));
    }
    case 'bullhorn': {
      const options = {
        rules: ctx.rules,
        contractTypes: config.bullhorn?.contract_types,
        permTypes: config.bullhorn?.perm_types,
        approvedStatuses: config.bullhorn?.approved_statuses,
        earnCodes: config.bullhorn?.earn_codes,
      };
      if (dump) return new BullhornConnector(new BullhornDumpFetcher(dump), options);
      const session = new BullhornSession(
        oauth(ctx, 'bullhorn', 'BULLHORN', 'https://auth.bullhornstaffing.com/oauth/token', 'query'),
        envValue(env, 'BULLHORN_REST_LOGIN_URL') ?? 'https://rest.bullhornstaffing.com',
        ctx.http?.fetch,
      );
      return new BullhornConnector(new BullhornHttpFetcher(new HttpClient({ ...httpOptions(ctx), auth: session })), options);
    }
    case 'quickbooks': {
      const options = { rules: ctx.rules, homeCurrency: config.quickbooks?.home_currency, placementRefPattern: config.quickbooks?.placement_ref_pattern };
      if (dump) return new QuickBooksConnector(new QboDumpFetcher(dump), options, ctx.now);
      const realm = requireEnvValue(env, 'quickbooks', 'QBO_REALM_ID');
      const base = (envValue(env, 'QBO_BASE_URL') ?? 'https://quickbooks.api.intuit.com').replace(/\/$/, '');
      const auth = oauth(ctx, 'quickbooks', 'QBO', 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer', 'basic');
      const http = new HttpClient({ ...httpOptions(ctx), baseUrl: `${base}/v3/company/${encodeURIComponent(realm)}/`, auth });
      return new QuickBooksConnector(new QboHttpFetcher(http), options, ctx.now);
    }
    case 'xero': {
      const options = {
        rules: ctx.rules,
        placementRefPattern: config.xero?.placement_ref_pattern,
        weekPattern: config.xero?.week_pattern,
        earningsMap: config.xero?.earnings_map,
      };
      if (dump) return new XeroConnector(new XeroDumpFetcher(dump), options);
      const tenant = requireEnvValue(env, 'xero', 'XERO_TENANT_ID');
      // custom connections have no refresh token: client credentials
      const grant = envValue(env, 'XERO_REFRESH_TOKEN') ? 'refresh_token' : 'client_credentials';
      const auth = oauth(ctx, 'xero', 'XERO', 'https://identity.xero.com/connect/token', 'basic', grant);
      const accounting = new HttpClient({ ...httpOptions(ctx), baseUrl: envValue(env, 'XERO_BASE_URL') ?? 'https://api.xero.com/api.xro/2.0', auth });
      const payroll = config.xero?.payroll ? new HttpClient({ ...httpOptions(ctx), baseUrl: envValue(env, 'XERO_PAYROLL_BASE_URL') ?? 'https://api.xero.com/payroll.xro/2.0', auth }) : undefined;
      return new XeroConnector(new XeroHttpFetcher(accounting, payroll, tenant), options);
    }
    case 'spreadsheet': {
      if (!ctx.mappingFile) throw new Error('spreadsheet: give the saved column mapping (--config <mapping.yaml>)');
      const mapping = loadSpreadsheetMapping(ctx.mappingFile);
      return new SpreadsheetConnector(mapping, dirname(resolve(ctx.mappingFile)), ctx.rules, ctx.fromDir);
    }
  }
}
