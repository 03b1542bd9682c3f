import type { Dec, TimeRateType } from '@closegap/domain';
import type { JobSpec } from './jobs';

/** Internal model of a sample. Ids that depend on final ordering (line ids, invoice numbers) are set by finalise(). */

export type TsNameForm = 'base' | 'upper' | 'acronym' | 'code' | 'short';
export type FinNameForm = 'base' | 'crm' | 'comma' | 'upper' | 'dots' | 'short';

export interface ClientRec {
  id: string;
  name: string;
  /** name without the legal suffix */
  base: string;
  /** the base without its descriptor ("Allied Logistics" of "Allied Logistics Partners"), or '' */
  short: string;
  currency: string;
  domain: string;
  accountManager: string;
  floorPct?: number;
  industry: number;
  jobs: string[];
  tsName: string;
  tsForm: TsNameForm;
  finName: string;
  finForm: FinNameForm;
  creditName: string;
  creditForm: FinNameForm;
  /** how finance shows the rate type: item only, item and rate_type, or rate_type only */
  lineStyle: 'item' | 'both' | 'rt';
  /** one invoice per client and week, or one per placement and week */
  billing: 'client' | 'placement';
  invoiceLag: number;
  /** invoice line period columns, or only a week in the description */
  periodCols: boolean;
  ukDates: boolean;
  stdHours: number;
  codeStyle: number;
  itemStyle: number;
  /** clients of a near-collision pair: only unambiguous names may be used for them */
  collision: boolean;
}

export interface Candidate {
  id: string;
  first: string;
  last: string;
  name: string;
  tsId: string;
  payId: string;
  tsName: string;
  payName: string;
  invName: string;
  /** "J. Smith" */
  short: string;
}

export type PlacementStatus = 'active' | 'ended' | 'cancelled';

export interface Placement {
  id: string;
  client: ClientRec;
  cand: Candidate;
  jobKey: string;
  job: JobSpec;
  jobTitle: string;
  type: 'contract' | 'perm';
  start: string;
  end?: string;
  status: PlacementStatus;
  consultant: string;
  /** explicit contract currency column (blank = the client's) */
  currencyCol?: string;
  currency: string;
  tsRefs: boolean;
  invRefs: boolean;
  payRefs: boolean;
  partTime: boolean;
  salary?: Dec;
  feePct?: Dec;
  feeAmount?: Dec;
  guaranteeDays?: number;
}

export interface RateRow {
  idx: number;
  level: 'placement' | 'card';
  placementId?: string;
  clientId?: string;
  /** job title as written in rates.csv */
  jobTitle?: string;
  rateType: TimeRateType;
  unit: 'hour' | 'day';
  bill: Dec;
  pay?: Dec;
  from: string;
  to?: string;
  agreed?: string;
  sourceRef?: string;
}

export type TsStatus = 'approved' | 'submitted' | 'rejected';

export interface TsLine {
  id?: string;
  sheet: Timesheet;
  date: string;
  code: string;
  rt: TimeRateType;
  units: number;
  status: TsStatus;
  approvedAt?: string;
}

export interface Timesheet {
  id?: string;
  seq: number;
  week: string;
  workerId: string;
  workerName: string;
  clientRef: string;
  placementRef?: string;
  /** the placement the lines belong to in truth (undefined for unknown parties) */
  placement?: Placement;
  lines: TsLine[];
}

export type InvStatus = 'draft' | 'sent' | 'paid' | 'void';

export interface Invoice {
  seq: number;
  number?: string;
  date: string;
  client?: ClientRec;
  customerName: string;
  currency: string;
  status: InvStatus;
  lines: InvLine[];
  /** stored invoice_total minus the sum of stored amounts (INVOICE_MATH_ERROR on the total) */
  totalDelta?: Dec;
  poNumber?: string;
  /** touched by a defect or a clean quirk (void/reissue): not eligible for invoice-level defects */
  touched: boolean;
  duplicateOf?: Invoice;
}

export interface InvLine {
  inv: Invoice;
  lineNo?: number;
  placement?: Placement;
  week?: string;
  rt: string;
  item?: string;
  showRt: boolean;
  qty: number;
  price: Dec;
  amount: Dec;
  desc: string;
  placementRef?: string;
  workerName?: string;
  periodStart?: string;
  periodEnd?: string;
}

export interface PayRun {
  id: string;
  date: string;
  lines: PayLine[];
}

export interface PayLine {
  id?: string;
  run: PayRun;
  workerId: string;
  workerName: string;
  placementRef?: string;
  placement?: Placement;
  week: string;
  rt: TimeRateType;
  units: number;
  rate: Dec;
  amount: Dec;
}

export interface Credit {
  seq: number;
  number?: string;
  date: string;
  client?: ClientRec;
  customerName: string;
  currency: string;
  amount: Dec;
  invoice?: Invoice;
  memo: string;
}

/** One placement and ISO week of contract time, with the records on it. */
export interface Cell {
  key: string;
  placement: Placement;
  week: string;
  sheet?: Timesheet;
  inv: InvLine[];
  pay: PayLine[];
  /** every line approved, invoiced and paid in full: eligible for defects */
  normal: boolean;
}
