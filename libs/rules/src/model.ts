import type { Client, Dec, ExceptionRecord, InvoiceLine, IsoDate, PayLine, Placement, RateRow, RulesConfig, TimeRateType, TimesheetLine, Category } from '@closegap/domain';
import type { RateTruthTable } from './rate-truth-table';

/** A timesheet line placed on a placement and week. */
export interface PlacedTimesheetLine {
  line: TimesheetLine;
  placement: Placement;
  client: Client;
  week: IsoDate;
  /** set by TIME_OUTSIDE_PLACEMENT / RATE_NOT_IN_CONTRACT: the time is not billable approved time */
  notBillable?: 'TIME_OUTSIDE_PLACEMENT' | 'RATE_NOT_IN_CONTRACT';
}

export interface PlacedInvoiceLine {
  line: InvoiceLine;
  client: Client;
  placement?: Placement;
  week?: IsoDate;
  /** DUPLICATE_INVOICE's signature of the line, computed once (placement and week are fixed here) */
  signature?: string;
}

export interface PlacedPayLine {
  line: PayLine;
  placement: Placement;
  client: Client;
  week: IsoDate;
}

/** One placement, ISO week and rate type: the unit of matching (`matches.csv`). */
export interface Cell {
  key: string;
  placement: Placement;
  client: Client;
  week: IsoDate;
  rateType: TimeRateType;
  timesheetLines: PlacedTimesheetLine[];
  /** lines whose units count as invoiced: not void, not of a DUPLICATE_INVOICE, resolved */
  invoiceLines: PlacedInvoiceLine[];
  payLines: PlacedPayLine[];
  /**
   * Facts several checks read, computed once per cell object (cell-facts.ts). Kept on the cell
   * rather than in a WeakMap: a young-generation collection treats a WeakMap entry as strong,
   * so every short-lived cell of a what-if was promoted to the old generation.
   */
  facts?: CellFacts;
}

export interface CellFacts {
  /** unit totals, after the lines were classified (outside placement, rate not in contract) */
  totals?: { approved: Dec; billable: Dec; invoiced: Dec; paid: Dec };
  /** the contract rate in force on the pricing day; null: none */
  rate?: RateRow | null;
}

export interface CheckContext {
  rules: RulesConfig;
  rates: RateTruthTable;
  asOf: IsoDate;
  dataFrom?: IsoDate;
  /** checks that must not run (an input they need is missing): never reported as clean */
  skip: ReadonlySet<Category>;
  /** invoices whose lines skip rate checks (CURRENCY_MISMATCH) */
  currencyMismatchInvoices: ReadonlySet<string>;
}

/**
 * What a check found, before the engine turns it into an exception record (id, severity,
 * owner, recurrence, rounding). `fields` holds the refs and the evidence columns.
 */
export interface Finding {
  category: Category;
  fields: Partial<ExceptionRecord>;
  /** unrounded; summed when two findings share category and refs */
  value: Dec;
  currency?: string;
  /** for `recurring`: placement and week this finding belongs to */
  placementId?: string;
  weeks: IsoDate[];
  retroactive?: boolean;
  detail: string;
  /** a concrete next step for the owner, given the final (summed) value */
  action: (value: Dec) => string;
}
