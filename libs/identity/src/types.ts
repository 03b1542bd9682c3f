import type { Client, CreditNote, InvoiceLine, PayLine, Placement, TimesheetLine } from '@closegap/domain';

export type ExternalSystem = 'timesheets' | 'invoices' | 'credit_notes' | 'pay_lines';

export const EXTERNAL_SYSTEMS: readonly ExternalSystem[] = ['timesheets', 'invoices', 'credit_notes', 'pay_lines'];

export type ResolutionMethod =
  | 'placement_ref'
  | 'alias'
  | 'exact'
  | 'normalised'
  | 'acronym'
  | 'fuzzy'
  | 'worker_id'
  | 'none';

export interface ResolutionCandidate {
  id: string;
  name: string;
  score: number;
}

export interface ResolutionDecision {
  kind: 'client' | 'worker';
  system: ExternalSystem;
  /** the external name/code (for workers: "id|name" or name; for free text: the text) */
  external: string;
  /** client_id or candidate_id; undefined = unresolved */
  resolvedTo?: string;
  resolvedName?: string;
  method: ResolutionMethod;
  evidence: string;
  /** 0..1; 0 when unresolved */
  confidence: number;
  /** top 3 with scores, for the review screen */
  candidates: ResolutionCandidate[];
  /** worker decisions made within one client: that client_id */
  scope?: string;
}

export interface IdentityRecords {
  clients: Client[];
  placements: Placement[];
  timesheets?: TimesheetLine[];
  invoices?: InvoiceLine[];
  creditNotes?: CreditNote[];
  payLines?: PayLine[];
}

/** The part of the rules file identity needs; `RulesConfig` satisfies it. */
export interface IdentityRules {
  aliases?: Partial<Record<ExternalSystem | 'workers', ReadonlyMap<string, string>>>;
  matchThreshold?: number;
  /** how far the best name score must lead the second-best */
  matchMargin?: number;
}

/** Same default as the rules file's `match_threshold`. */
export const DEFAULT_MATCH_THRESHOLD = 0.85;
export const DEFAULT_MATCH_MARGIN = 0.1;
