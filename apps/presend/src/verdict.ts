import { SEVERITIES } from '@closegap/domain';
import type { Category, ExceptionRecord, InvoiceLine, Severity } from '@closegap/domain';
import { weekOfInvoiceLine } from '@closegap/engine';
import type { ExceptionChange, StateView } from '@closegap/engine';

export type VerdictValue = 'pass' | 'warn' | 'block';

/**
 * What one exception has to do with the draft:
 * - `opens`: sending the draft would open it;
 * - `worsens`: an open exception whose value at risk or severity the draft would raise;
 * - `already_open`: an open exception on this very invoice number (the invoice is already in
 *   the live state, e.g. re-checked after it was sent);
 * - `eases`: an open exception the draft would reduce without closing (informational).
 */
export type Effect = 'opens' | 'worsens' | 'already_open' | 'eases';

export type Finding = ExceptionRecord & {
  effect: Effect;
  /** counts towards `block` under the policy */
  blocking: boolean;
  previous?: Pick<ExceptionRecord, 'value_at_risk' | 'severity' | 'expected' | 'actual'>;
};

export interface VerdictPolicy {
  blockingCategories: ReadonlySet<Category>;
  /** a blocking exception blocks only at or above this severity ... */
  minSeverity: Severity;
  /** ... and this value at risk */
  minValue: number;
}

export interface CheckResult {
  verdict: VerdictValue;
  invoice_number: string;
  /** one sentence per reason, most serious first */
  reasons: string[];
  /** exceptions the draft would raise (or that are open on it already), with expected, actual and the suggested fix */
  findings: Finding[];
  /** approved time of the covered placements and weeks that the draft still leaves unbilled (UNBILLED_TIME after the draft) */
  missing_time: ExceptionRecord[];
  /** exceptions sending the draft would close */
  closes: ExceptionRecord[];
  /** placement-weeks the draft's lines were placed on */
  covered: { placement_id: string; week_ending: string }[];
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);
// code-unit order: ids and ISO dates, and localeCompare would be most of the verdict's cost
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPlacementWeek = (a: { placement_id: string; week_ending: string }, b: { placement_id: string; week_ending: string }): number =>
  cmp(a.placement_id, b.placement_id) || cmp(a.week_ending, b.week_ending);

export function isBlocking(record: ExceptionRecord, policy: VerdictPolicy): boolean {
  return policy.blockingCategories.has(record.category) && rank(record.severity) <= rank(policy.minSeverity) && Number(record.value_at_risk) >= policy.minValue;
}

/**
 * The verdict on a draft from the engine's answer (`whatIf`): its changes and the state with the draft in.
 * The engine decides what is an exception; this only sorts its answer for the draft:
 * - block: the draft opens, worsens or carries an exception of a blocking category at or above
 *   the configured severity and value;
 * - warn: it does so only for other categories (BILLED_NOT_PAID, UNRESOLVED_RECORD ...), or
 *   approved time of the placement-weeks it covers is still unbilled after it;
 * - pass: otherwise.
 */
export function judge(input: {
  invoiceNumber: string;
  lines: readonly InvoiceLine[];
  changes: readonly ExceptionChange[];
  policy: VerdictPolicy;
  /** the live state with the draft in */
  after: StateView;
}): CheckResult {
  const { invoiceNumber, policy, after } = input;
  const changed = new Set<string>();
  for (const c of input.changes) changed.add(c.exception.exception_id);

  const covered = new Map<string, { placement_id: string; week_ending: string }>();
  const cover = (placementId: string | undefined, week: string | undefined): void => {
    if (placementId && week) covered.set(`${placementId}|${week}`, { placement_id: placementId, week_ending: week });
  };
  for (const line of input.lines) {
    if (!line.placementRef || !after.hasPlacement(line.placementRef)) continue;
    const w = weekOfInvoiceLine(line);
    if ('week' in w) cover(line.placementRef, w.week);
  }
  for (const c of input.changes) cover(c.exception.placement_id, c.exception.week_ending);

  const findings: Finding[] = [];
  const closes: ExceptionRecord[] = [];
  for (const c of input.changes) {
    const e = c.exception;
    if (c.type === 'closed') {
      closes.push(e);
      continue;
    }
    if (e.category === 'UNBILLED_TIME') continue; // reported under missing_time
    if (c.type === 'opened') {
      findings.push({ ...e, effect: 'opens', blocking: isBlocking(e, policy) });
      continue;
    }
    const prev = c.previous;
    const worse = !prev || Number(e.value_at_risk) > Number(prev.value_at_risk) || rank(e.severity) < rank(prev.severity);
    const previous = prev ? { value_at_risk: prev.value_at_risk, severity: prev.severity, expected: prev.expected, actual: prev.actual } : undefined;
    findings.push({ ...e, effect: worse ? 'worsens' : 'eases', blocking: worse && isBlocking(e, policy), ...(previous ? { previous } : {}) });
  }
  for (const e of after.onInvoice(invoiceNumber)) {
    if (changed.has(e.exception_id) || e.category === 'UNBILLED_TIME') continue;
    findings.push({ ...e, effect: 'already_open', blocking: isBlocking(e, policy) });
    cover(e.placement_id, e.week_ending);
  }

  const missing: ExceptionRecord[] = [];
  for (const { placement_id, week_ending } of [...covered.values()].sort(byPlacementWeek)) missing.push(...after.unbilled(placement_id, week_ending));

  const counted = findings.filter((f) => f.effect !== 'eases');
  const blocking = counted.filter((f) => f.blocking);
  const verdict: VerdictValue = blocking.length > 0 ? 'block' : counted.length > 0 || missing.length > 0 ? 'warn' : 'pass';
  const order = (a: Finding, b: Finding): number => Number(b.blocking) - Number(a.blocking) || rank(a.severity) - rank(b.severity) || Number(b.value_at_risk) - Number(a.value_at_risk);
  findings.sort(order);
  const reasons = [
    ...counted.map((f) => `${f.blocking ? 'blocks' : 'warns'}: ${f.category}${f.line_no ? ` on line ${f.line_no}` : ''}${f.effect === 'already_open' ? ' (already open)' : f.effect === 'worsens' ? ' (worse)' : ''}, ${f.value_at_risk} ${f.currency ?? ''} at risk`.trim()),
    ...missing.map((m) => `warns: approved ${m.rate_type ?? ''} time of ${m.placement_id} week ending ${m.week_ending} still unbilled (${m.units ?? '?'} units, ${m.value_at_risk} ${m.currency ?? ''})`.trim()),
  ];
  return {
    verdict,
    invoice_number: invoiceNumber,
    reasons,
    findings,
    missing_time: missing,
    closes,
    covered: [...covered.values()].sort(byPlacementWeek),
  };
}
