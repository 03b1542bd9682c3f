import type { Dec } from './money';
import type { IsoDate } from './dates';
import type { Category, Severity } from './categories';
import type { RateType, TimeRateType } from './rate-types';

export interface SeverityThresholds {
  /** value at risk at or above which an exception is at least this severe */
  critical: Dec;
  high: Dec;
  medium: Dec;
  /** recurring exceptions move up this many levels (0 = recurrence ignored) */
  recurringBump: number;
}

/** The rules file (`recon.yaml`), validated, with defaults applied. */
export interface RulesConfig {
  asOf?: IsoDate;
  dataFrom?: IsoDate;
  tolerances: { money: Dec; units: Dec };
  marginFloorPct: Dec;
  itemMap: Map<string, RateType>;
  rateTypeMap: Map<string, TimeRateType>;
  owners: Record<Category, string>;
  aliases: {
    timesheets: Map<string, string>;
    invoices: Map<string, string>;
    credit_notes: Map<string, string>;
    pay_lines: Map<string, string>;
    /** external worker id or name -> CRM candidate_id */
    workers: Map<string, string>;
  };
  severity: SeverityThresholds;
  /** minimum confidence (0..1) for an automatic identity match */
  matchThreshold: number;
  /** sha256 of the rules file's bytes ("default" when no file was given) */
  hash: string;
  /** the rules file's text, when there was one (replayed through the topics in service mode) */
  source?: string;
}

export type { Severity };
