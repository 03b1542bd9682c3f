import { CATEGORIES, Dec, ZERO, dec, formatMoney } from '@closegap/domain';
import type { Category, ExceptionRecord, MoneyByKey, RunSummary, Severity } from '@closegap/domain';

export const CHECK_COUNT = CATEGORIES.length;
export const NO_EXCEPTIONS_TEXT = 'No exceptions found in the checks that ran';

/** Decimal from an output string, or undefined when blank or malformed. */
export function parseDec(value: string | undefined | null): Dec | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  try {
    const d = dec(value.trim());
    return d.isFinite() ? d : undefined;
  } catch {
    return undefined;
  }
}

/** Decimal from an output string; blank or malformed reads as zero rather than NaN. */
export function toDec(value: string | undefined | null): Dec {
  return parseDec(value) ?? ZERO;
}

export function money(value: string | Dec, currency: string | undefined): string {
  return formatMoney(typeof value === 'string' ? toDec(value) : value, currency);
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPct(value: Dec | undefined, dp = 2): string {
  return value === undefined ? 'n/a' : `${value.toFixed(dp)}%`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${formatCount(Math.round(ms))} ms`;
}

export function shortHash(hash: string | undefined, length = 12): string {
  if (!hash) return '-';
  const h = hash.replace(/^sha256:/i, '');
  return h.length > length ? h.slice(0, length) : h;
}

/** value at risk / invoiced revenue x 100; the summary's own figure when it has one. */
export function leakageRate(summary: RunSummary): Dec | undefined {
  const stated = parseDec(summary.totals.leakage_rate_pct);
  if (stated) return stated;
  const revenue = toDec(summary.totals.invoiced_revenue);
  return revenue.isZero() ? undefined : toDec(summary.totals.value_at_risk).div(revenue).times(100);
}

/** Matched cells / all cells x 100; the summary's own figure when it has one. */
export function matchRate(summary: RunSummary): Dec | undefined {
  const { cells, cells_matched } = summary.totals;
  return parseDec(summary.totals.match_rate_pct) ?? (cells > 0 ? dec(cells_matched).div(cells).times(100) : undefined);
}

/** Largest value at risk first (by Decimal, never by float), then count, then key. */
export function byValueDesc<T extends { value_at_risk: string }>(
  rows: readonly T[],
  tieBreak: (a: T, b: T) => number = () => 0,
): T[] {
  return [...rows].sort((a, b) => toDec(b.value_at_risk).comparedTo(toDec(a.value_at_risk)) || tieBreak(a, b));
}

export function sortMoneyByKey<T extends MoneyByKey>(rows: readonly T[]): T[] {
  return byValueDesc(rows, (a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function severityRank(s: string): number {
  return s in SEVERITY_RANK ? SEVERITY_RANK[s as Severity] : 9;
}

export function sortSeverities<T extends { key: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => severityRank(a.key) - severityRank(b.key) || a.key.localeCompare(b.key));
}

export function sortExceptions(rows: readonly ExceptionRecord[]): ExceptionRecord[] {
  return byValueDesc(
    rows,
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || a.exception_id.localeCompare(b.exception_id),
  );
}

const CATEGORY_LABELS: Record<Category, string> = {
  UNBILLED_TIME: 'Unbilled time',
  OVERBILLED_TIME: 'Overbilled time',
  CONTRACT_DRIFT: 'Contract rate drift',
  BILL_RATE_VARIANCE: 'Bill rate variance',
  RATE_NOT_IN_CONTRACT: 'Rate not in contract',
  TIME_OUTSIDE_PLACEMENT: 'Time outside placement',
  PAY_RATE_VARIANCE: 'Pay rate variance',
  PAID_NOT_BILLED: 'Paid, not billed',
  BILLED_NOT_PAID: 'Billed, not paid',
  MARGIN_BELOW_THRESHOLD: 'Margin below threshold',
  PERM_FEE_NOT_INVOICED: 'Perm fee not invoiced',
  PERM_FEE_VARIANCE: 'Perm fee variance',
  INVOICE_WITHOUT_PLACEMENT: 'Invoice without placement',
  DUPLICATE_INVOICE: 'Duplicate invoice',
  DUPLICATE_CREDIT: 'Duplicate credit note',
  INVOICE_MATH_ERROR: 'Invoice math error',
  MISSING_TIMESHEET: 'Missing timesheet',
  CURRENCY_MISMATCH: 'Currency mismatch',
  UNRESOLVED_RECORD: 'Unresolved record',
};

export function categoryLabel(category: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? humanize(category);
}

/** "account_management" -> "Account management". */
export function humanize(key: string): string {
  const s = key.replace(/[_-]+/g, ' ').trim().toLowerCase().replace(/\b(crm|ats|id|sha256)\b/g, (w) => w.toUpperCase());
  return s ? s[0].toUpperCase() + s.slice(1) : '-';
}

/**
 * The currency to print run-level totals in: the only one in by_currency, else the only
 * one the exceptions carry, else the only ISO code named in currency_note. Undefined
 * (plain number) when the run spans several currencies or none is known.
 */
export function primaryCurrency(summary: RunSummary, exceptions: readonly ExceptionRecord[] = []): string | undefined {
  const only = (codes: Iterable<string>): string | undefined => {
    const set = new Set([...codes].map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z]{3}$/.test(c)));
    return set.size === 1 ? [...set][0] : undefined;
  };
  if (summary.by_currency.length > 1) return undefined;
  return (
    only(summary.by_currency.map((r) => r.key)) ??
    only(exceptions.flatMap((e) => (e.currency ? [e.currency] : []))) ??
    only(summary.currency_note.match(/\b[A-Z]{3}\b/g) ?? [])
  );
}

export function sumValues(rows: readonly { value_at_risk: string }[]): Dec {
  return rows.reduce((acc, r) => acc.plus(toDec(r.value_at_risk)), ZERO);
}
