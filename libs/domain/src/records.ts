import type { Dec } from './money';
import type { IsoDate } from './dates';
import type { RateType, RateUnit, TimeRateType } from './rate-types';

/** Where a record came from: the bundle file and its 1-based line (header = line 1). */
export interface SourcePosition {
  file: string;
  line: number;
}

export interface Client {
  clientId: string;
  name: string;
  domain?: string;
  currency?: string;
  accountManager?: string;
  marginFloorPct?: Dec;
  pos: SourcePosition;
}

export type PlacementType = 'contract' | 'perm';
export type PlacementStatus = 'active' | 'ended' | 'cancelled';

export interface Placement {
  placementId: string;
  clientId: string;
  candidateId: string;
  candidateName: string;
  jobTitle?: string;
  type: PlacementType;
  startDate: IsoDate;
  endDate?: IsoDate;
  status?: PlacementStatus;
  consultant?: string;
  currency?: string;
  salary?: Dec;
  feePct?: Dec;
  feeAmount?: Dec;
  guaranteeDays?: number;
  pos: SourcePosition;
}

export interface RateRow {
  /** Stable id of the row within the bundle (`rates:<line>` or the record's own key in service mode). */
  rateId: string;
  placementId?: string;
  clientId?: string;
  jobTitle?: string;
  rateType: TimeRateType;
  unit: RateUnit;
  billRate: Dec;
  payRate?: Dec;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate;
  agreedOn?: IsoDate;
  sourceRef?: string;
  pos: SourcePosition;
}

export type TimesheetStatus = 'approved' | 'submitted' | 'rejected';

export interface TimesheetLine {
  lineId: string;
  timesheetId: string;
  workerId: string;
  workerName: string;
  clientRef: string;
  placementRef?: string;
  workDate: IsoDate;
  rateType: TimeRateType;
  units: Dec;
  status: TimesheetStatus;
  approvedAt?: string;
  pos: SourcePosition;
}

export type InvoiceStatus = 'draft' | 'sent' | 'paid' | 'void';

export interface InvoiceLine {
  invoiceNumber: string;
  invoiceDate: IsoDate;
  customerName: string;
  currency: string;
  status?: InvoiceStatus;
  lineNo: number;
  item?: string;
  /** Resolved rate type: the column, else the item mapped by the rules file. */
  rateType: RateType;
  description?: string;
  placementRef?: string;
  workerName?: string;
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
  quantity: Dec;
  unitPrice: Dec;
  amount: Dec;
  invoiceTotal?: Dec;
  pos: SourcePosition;
}

export interface CreditNote {
  creditNumber: string;
  creditDate: IsoDate;
  customerName: string;
  currency: string;
  amount: Dec;
  invoiceNumber?: string;
  memo?: string;
  pos: SourcePosition;
}

export interface PayLine {
  payRunId: string;
  lineId: string;
  payDate: IsoDate;
  workerId: string;
  workerName: string;
  placementRef?: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  rateType: TimeRateType;
  units: Dec;
  payRate: Dec;
  amount: Dec;
  pos: SourcePosition;
}

/** The canonical bundle, parsed. A file that was absent is `undefined`, never `[]`. */
export interface Bundle {
  clients: Client[];
  placements: Placement[];
  rates?: RateRow[];
  timesheets?: TimesheetLine[];
  invoices?: InvoiceLine[];
  creditNotes?: CreditNote[];
  payLines?: PayLine[];
}

export type SourceName = 'clients' | 'placements' | 'rates' | 'timesheets' | 'invoices' | 'credit_notes' | 'pay_lines';

export const SOURCE_NAMES: readonly SourceName[] = [
  'clients',
  'placements',
  'rates',
  'timesheets',
  'invoices',
  'credit_notes',
  'pay_lines',
];
