import type { Category, Dec, RefField } from '@closegap/domain';
import { CATEGORY_REFS, moneyString } from '@closegap/domain';

/**
 * One expected exception. `category` + the category's ref fields identify it (exceptionKey);
 * `placement_id`, `week_ending` and `client_id` are context where they are well defined.
 */
export interface TruthRecord {
  category: Category;
  [ref: string]: string | boolean | undefined;
  value_at_risk: string;
  currency: string;
  retroactive?: boolean;
  recurring?: boolean;
  note: string;
}

/** A truth record whose refs are read after finalise() has numbered lines and invoices. */
export interface TruthDraft {
  category: Category;
  refs: () => Partial<Record<RefField, string>>;
  value: Dec;
  currency: string;
  retroactive?: boolean;
  /** recurring regardless of other records (MARGIN_BELOW_THRESHOLD spanning weeks) */
  recurring?: boolean;
  note: string;
  placementId?: string;
  weekEnding?: string;
  clientId?: string;
}

export const TRUTH_COLUMNS = [
  'category', 'timesheet_id', 'rate_type', 'invoice_number', 'line_no', 'pay_run_id', 'line_id',
  'placement_id', 'credit_number', 'week_ending', 'source', 'record_id', 'client_id',
  'value_at_risk', 'currency', 'retroactive', 'recurring', 'note',
] as const;

/** Recurring: the same placement has the same category in more than one week (contract section 3). */
export function materialise(drafts: TruthDraft[]): TruthRecord[] {
  const weeks = new Map<string, Set<string>>();
  for (const d of drafts) {
    if (!d.placementId || !d.weekEnding) continue;
    const key = d.category + '|' + d.placementId;
    const set = weeks.get(key) ?? new Set<string>();
    set.add(d.weekEnding);
    weeks.set(key, set);
  }
  const records = drafts.map((d): TruthRecord => {
    const refs = d.refs();
    const rec: TruthRecord = { category: d.category, value_at_risk: moneyString(d.value), currency: d.currency, note: d.note };
    for (const field of CATEGORY_REFS[d.category]) rec[field] = refs[field] ?? '';
    if (d.placementId && rec.placement_id === undefined) rec.placement_id = d.placementId;
    if (d.weekEnding && rec.week_ending === undefined) rec.week_ending = d.weekEnding;
    if (d.clientId) rec.client_id = d.clientId;
    rec.retroactive = d.retroactive ?? false;
    const span = d.placementId ? weeks.get(d.category + '|' + d.placementId) : undefined;
    rec.recurring = d.recurring ?? (span !== undefined && span.size > 1);
    return rec;
  });
  return records.sort(compareTruth);
}

function compareTruth(a: TruthRecord, b: TruthRecord): number {
  const ka = truthKey(a);
  const kb = truthKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Same shape as exceptionKey() of @closegap/domain: "CATEGORY|ref=value|...". */
export function truthKey(rec: TruthRecord): string {
  return [rec.category, ...CATEGORY_REFS[rec.category].map((f) => `${f}=${String(rec[f] ?? '')}`)].join('|');
}
