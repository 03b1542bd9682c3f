import type { Category } from './categories';
import type { SourceName } from './records';

export interface NotChecked {
  category: Category;
  reason: string;
}

export interface MoneyByKey {
  key: string;
  count: number;
  /** decimal string, rounded to the cent */
  value_at_risk: string;
}

/** `summary.json` (contract section 2). Money is decimal strings; counts are numbers. */
export interface RunSummary {
  version: string;
  run_id: string;
  started_at: string;
  as_of: string;
  data_from?: string;
  currency_note: string;
  inputs: Record<SourceName, { present: boolean; rows: number; quarantined: number; sha256?: string; file?: string }>;
  rules_hash: string;
  totals: {
    exceptions: number;
    value_at_risk: string;
    invoiced_revenue: string;
    leakage_rate_pct: string;
    cells: number;
    cells_matched: number;
    match_rate_pct: string;
    quarantined: number;
    unresolved_records: number;
  };
  by_category: MoneyByKey[];
  by_owner: MoneyByKey[];
  by_client: (MoneyByKey & { client_name?: string })[];
  by_severity: MoneyByKey[];
  /** value at risk per currency, when the bundle holds more than one */
  by_currency: MoneyByKey[];
  not_checked: NotChecked[];
  identity: { decisions: number; resolved: number; unresolved: number; by_method: Record<string, number> };
  timings_ms: Record<string, number>;
}
