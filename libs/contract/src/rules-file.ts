import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, DEFAULT_OWNERS, Dec, PERM_FEE, RATE_TYPES, isIsoDate } from '@closegap/domain';
import type { Category, RateType, RulesConfig, TimeRateType } from '@closegap/domain';
import { BundleError } from './errors';
import { mapKey } from './rate-type-mapping';

/** Defaults of every business rule; `docs/rules-file.md` documents them for users. */
export const DEFAULT_RULES = {
  tolerances: { money: '0.01', units: '0.01' },
  margin_floor_pct: '15',
  severity: { critical: '10000', high: '2500', medium: '500', recurring_bump: 1 },
  match_threshold: 0.85,
} as const;

const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const decimalish = z.union([z.number(), z.string()]).transform((v, ctx) => {
  try {
    const d = new Dec(String(v).trim());
    if (!d.isFinite()) throw new Error('not finite');
    return d;
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a decimal number` });
    return z.NEVER;
  }
});
const timeRateType = z.enum(RATE_TYPES);
const anyRateType = z.union([timeRateType, z.literal(PERM_FEE)]);
const nameMap = z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({});

const rulesSchema = z
  .object({
    version: z.union([z.string(), z.number()]).optional(),
    as_of: z.union([isoDate, z.literal('today')]).optional(),
    data_from: isoDate.optional(),
    tolerances: z.object({ money: decimalish.optional(), units: decimalish.optional() }).strict().optional(),
    margin_floor_pct: decimalish.optional(),
    item_map: z.record(z.string(), anyRateType).default({}),
    rate_type_map: z.record(z.string(), timeRateType).default({}),
    owners: z.partialRecord(z.enum(CATEGORIES), z.string().min(1)).default({}),
    aliases: z
      .object({ timesheets: nameMap, invoices: nameMap, credit_notes: nameMap, pay_lines: nameMap, workers: nameMap })
      .strict()
      .partial()
      .default({}),
    severity: z
      .object({ critical: decimalish, high: decimalish, medium: decimalish, recurring_bump: z.number().int().min(0).max(3) })
      .partial()
      .strict()
      .optional(),
    match_threshold: z.number().min(0.5).max(1).optional(),
  })
  .strict();

export function defaultRules(): RulesConfig {
  return buildRules(rulesSchema.parse({}), 'default', undefined);
}

/** Loads and validates `recon.yaml`. Unknown keys and bad values stop the run, naming file and line. */
export function loadRulesFile(path: string, displayName = path): RulesConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BundleError(displayName, undefined, undefined, `cannot read rules file: ${(err as Error).message}`);
  }
  return parseRules(text, displayName);
}

export function parseRules(text: string, displayName = 'recon.yaml'): RulesConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new BundleError(displayName, e.linePos?.[0].line, e.linePos ? String(e.linePos[0].col) : undefined, `not valid YAML: ${e.message}`);
  }
  const result = rulesSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map(String);
    const node = doc.getIn(issue.path as (string | number)[], true);
    const line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
    throw new BundleError(displayName, line, path.join('.') || undefined, issue.message);
  }
  const hash = createHash('sha256').update(text).digest('hex');
  return buildRules(result.data, hash, text);
}

type ParsedRules = z.infer<typeof rulesSchema>;

function buildRules(parsed: ParsedRules, hash: string, source: string | undefined): RulesConfig {
  const keyed = <V>(record: Record<string, V>): Map<string, V> => new Map(Object.entries(record).map(([k, v]) => [mapKey(k), v]));
  const names = (record: Record<string, string> | undefined): Map<string, string> => new Map(Object.entries(record ?? {}));
  const owners = { ...DEFAULT_OWNERS } as Record<Category, string>;
  for (const [category, team] of Object.entries(parsed.owners)) owners[category as Category] = team as string;
  return {
    asOf: parsed.as_of === 'today' ? undefined : parsed.as_of,
    dataFrom: parsed.data_from,
    tolerances: {
      money: parsed.tolerances?.money ?? new Dec(DEFAULT_RULES.tolerances.money),
      units: parsed.tolerances?.units ?? new Dec(DEFAULT_RULES.tolerances.units),
    },
    marginFloorPct: parsed.margin_floor_pct ?? new Dec(DEFAULT_RULES.margin_floor_pct),
    itemMap: keyed<RateType>(parsed.item_map),
    rateTypeMap: keyed<TimeRateType>(parsed.rate_type_map),
    owners,
    aliases: {
      timesheets: names(parsed.aliases.timesheets),
      invoices: names(parsed.aliases.invoices),
      credit_notes: names(parsed.aliases.credit_notes),
      pay_lines: names(parsed.aliases.pay_lines),
      workers: names(parsed.aliases.workers),
    },
    severity: {
      critical: parsed.severity?.critical ?? new Dec(DEFAULT_RULES.severity.critical),
      high: parsed.severity?.high ?? new Dec(DEFAULT_RULES.severity.high),
      medium: parsed.severity?.medium ?? new Dec(DEFAULT_RULES.severity.medium),
      recurringBump: parsed.severity?.recurring_bump ?? DEFAULT_RULES.severity.recurring_bump,
    },
    matchThreshold: parsed.match_threshold ?? DEFAULT_RULES.match_threshold,
    hash,
    source,
  };
}
