import { CATEGORIES, CLOSEGAP_VERSION, Dec, ZERO, moneyString } from '@closegap/domain';
import type { ExceptionRecord, MoneyByKey, NotChecked, RunSummary, SourceName } from '@closegap/domain';
import type { ResolutionDecision } from '@closegap/identity';

export interface SummaryInput {
  runId: string;
  startedAt: string;
  asOf: string;
  dataFrom?: string;
  inputs: RunSummary['inputs'];
  rulesHash: string;
  exceptions: readonly ExceptionRecord[];
  invoicedRevenue: { currency: string; amount: Dec }[];
  cells: number;
  cellsMatched: number;
  quarantined: number;
  notChecked: NotChecked[];
  decisions: readonly ResolutionDecision[];
  timingsMs: Record<string, number>;
}

function group(exceptions: readonly ExceptionRecord[], key: (e: ExceptionRecord) => string | undefined): MoneyByKey[] {
  const map = new Map<string, { count: number; value: Dec }>();
  for (const e of exceptions) {
    const k = key(e) ?? '(none)';
    const entry = map.get(k) ?? { count: 0, value: ZERO };
    entry.count++;
    entry.value = entry.value.plus(e.value_at_risk);
    map.set(k, entry);
  }
  return [...map]
    .map(([k, v]) => ({ key: k, count: v.count, value_at_risk: moneyString(v.value) }))
    .sort((a, b) => new Dec(b.value_at_risk).comparedTo(a.value_at_risk) || a.key.localeCompare(b.key));
}

const listOf = (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

const pct = (part: Dec, whole: Dec): string => (whole.isZero() ? '0.00' : part.div(whole).times(100).toFixed(2));

/** `summary.json`: counts and value at risk by category, owner, client and severity, and what was not checked. */
export function buildSummary(input: SummaryInput): RunSummary {
  const { exceptions } = input;
  let total = ZERO;
  for (const e of exceptions) total = total.plus(e.value_at_risk);
  let revenue = ZERO;
  for (const r of input.invoicedRevenue) revenue = revenue.plus(r.amount);
  const byCategory = group(exceptions, (e) => e.category);
  for (const c of CATEGORIES) if (!byCategory.some((b) => b.key === c)) byCategory.push({ key: c, count: 0, value_at_risk: '0.00' });
  const names = new Map(exceptions.map((e) => [e.client_id, e.client_name]));
  const byMethod: Record<string, number> = {};
  for (const d of input.decisions) byMethod[d.method] = (byMethod[d.method] ?? 0) + 1;
  const currencies = new Set(input.invoicedRevenue.map((r) => r.currency));
  return {
    version: CLOSEGAP_VERSION,
    run_id: input.runId,
    started_at: input.startedAt,
    as_of: input.asOf,
    data_from: input.dataFrom,
    currency_note:
      currencies.size > 1
        ? `Amounts in ${listOf([...currencies].sort())} are added without conversion in the totals (see by_currency).`
        : `All amounts in ${[...currencies][0] ?? 'the bundle currency'}.`,
    inputs: input.inputs,
    rules_hash: input.rulesHash,
    totals: {
      exceptions: exceptions.length,
      value_at_risk: moneyString(total),
      invoiced_revenue: moneyString(revenue),
      leakage_rate_pct: pct(total, revenue),
      cells: input.cells,
      cells_matched: input.cellsMatched,
      match_rate_pct: pct(new Dec(input.cellsMatched), new Dec(input.cells)),
      quarantined: input.quarantined,
      unresolved_records: exceptions.filter((e) => e.category === 'UNRESOLVED_RECORD').length,
    },
    by_category: byCategory,
    by_owner: group(exceptions, (e) => e.owner_team),
    by_client: group(exceptions, (e) => e.client_id).map((g) => ({ ...g, client_name: names.get(g.key) })),
    by_severity: group(exceptions, (e) => e.severity),
    by_currency: group(exceptions, (e) => e.currency),
    not_checked: input.notChecked,
    identity: {
      decisions: input.decisions.length,
      resolved: input.decisions.filter((d) => d.resolvedTo).length,
      unresolved: input.decisions.filter((d) => !d.resolvedTo).length,
      by_method: byMethod,
    },
    timings_ms: input.timingsMs,
  };
}

export type { SourceName };
