import { Dec } from '@closegap/domain';

/**
 * What became of the money of one exception. `invoice_raised` is the step before
 * `recovered` (a supplemental invoice raised, then paid).
 */
export const RECOVERY_OUTCOMES = {
  invoice_raised: 'Supplemental invoice raised, awaiting payment',
  recovered: 'Recovered (supplemental invoice paid)',
  credited: 'Credit note issued to the client',
  corrected: 'Corrected before sending (gone from the data)',
  written_off: 'Written off',
  disputed: 'Disputed by the client',
} as const;
export type RecoveryOutcome = keyof typeof RECOVERY_OUTCOMES;

export interface LedgerEntry {
  exception_id: string;
  client_id?: string;
  client_name?: string;
  outcome: RecoveryOutcome;
  /** the exception's value when found */
  value_found: string;
  /** the money the outcome concerns (recovered, written off, ...) */
  amount: string;
  discrepancy_at: Date;
  /** when the money was settled (paid, corrected, written off); undefined while pending */
  fixed_at?: Date;
}

export interface FoundItem {
  exception_id: string;
  client_id?: string;
  client_name?: string;
  value_at_risk: string;
  first_seen_at: Date;
}

export interface RecoveryRow {
  key: string;
  label: string;
  value_found: string;
  value_recovered: string;
  value_corrected: string;
  value_written_off: string;
  value_disputed: string;
  fixed: number;
  /** median days from discrepancy to fix, one decimal; undefined when nothing was fixed */
  median_days_to_fix?: number;
}

const FIXED_OUTCOMES: ReadonlySet<RecoveryOutcome> = new Set(['recovered', 'credited', 'corrected', 'written_off']);

function month(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Value found (by the month the exception was first seen), value recovered, corrected,
 * written off and disputed (by the month it was settled), and the median time from
 * discrepancy to fix, grouped by month or by client.
 */
export function recoveryStats(found: readonly FoundItem[], ledger: readonly LedgerEntry[], by: 'month' | 'client'): RecoveryRow[] {
  interface Acc {
    label: string;
    found: Dec;
    recovered: Dec;
    corrected: Dec;
    writtenOff: Dec;
    disputed: Dec;
    days: number[];
  }
  const rows = new Map<string, Acc>();
  const acc = (key: string, label: string): Acc => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { label, found: new Dec(0), recovered: new Dec(0), corrected: new Dec(0), writtenOff: new Dec(0), disputed: new Dec(0), days: [] }));
    return r;
  };
  for (const f of found) {
    const key = by === 'month' ? month(f.first_seen_at) : (f.client_id ?? '(unresolved)');
    const r = acc(key, by === 'month' ? key : (f.client_name ?? key));
    r.found = r.found.plus(f.value_at_risk || '0');
  }
  for (const e of ledger) {
    const when = e.fixed_at ?? e.discrepancy_at;
    const key = by === 'month' ? month(when) : (e.client_id ?? '(unresolved)');
    const r = acc(key, by === 'month' ? key : (e.client_name ?? key));
    const amount = new Dec(e.amount || '0');
    if (e.outcome === 'recovered' || e.outcome === 'credited') r.recovered = r.recovered.plus(amount);
    else if (e.outcome === 'corrected') r.corrected = r.corrected.plus(amount);
    else if (e.outcome === 'written_off') r.writtenOff = r.writtenOff.plus(amount);
    else if (e.outcome === 'disputed') r.disputed = r.disputed.plus(amount);
    if (FIXED_OUTCOMES.has(e.outcome) && e.fixed_at) r.days.push((e.fixed_at.getTime() - e.discrepancy_at.getTime()) / 86_400_000);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (by === 'month' ? b.localeCompare(a) : a.localeCompare(b)))
    .map(([key, r]) => {
      const m = median(r.days);
      return {
        key,
        label: r.label,
        value_found: r.found.toFixed(2),
        value_recovered: r.recovered.toFixed(2),
        value_corrected: r.corrected.toFixed(2),
        value_written_off: r.writtenOff.toFixed(2),
        value_disputed: r.disputed.toFixed(2),
        fixed: r.days.length,
        median_days_to_fix: m === undefined ? undefined : Math.round(m * 10) / 10,
      };
    });
}

export interface RecoveryTotals {
  value_found: string;
  value_recovered: string;
  value_corrected: string;
  value_written_off: string;
  value_disputed: string;
  median_days_to_fix?: number;
}

export function recoveryTotals(found: readonly FoundItem[], ledger: readonly LedgerEntry[]): RecoveryTotals {
  const all = recoveryStats(
    found.map((f) => ({ ...f, client_id: 'all', client_name: 'all' })),
    ledger.map((e) => ({ ...e, client_id: 'all', client_name: 'all' })),
    'client',
  )[0];
  return {
    value_found: all?.value_found ?? '0.00',
    value_recovered: all?.value_recovered ?? '0.00',
    value_corrected: all?.value_corrected ?? '0.00',
    value_written_off: all?.value_written_off ?? '0.00',
    value_disputed: all?.value_disputed ?? '0.00',
    median_days_to_fix: all?.median_days_to_fix,
  };
}
