import type {
  Client,
  CreditNote,
  InvoiceLine,
  PayLine,
  Placement,
  RateRow,
  RulesConfig,
  SourcePosition,
  TimesheetLine,
} from '@closegap/domain';
import { PERM_FEE } from '@closegap/domain';
import { CellError, RowReader } from './cells';
import { mapInvoiceRateType, mapTimeRateType } from './rate-type-mapping';

type Rules = Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>;
export type RecordBuilder<T> = (r: RowReader, pos: SourcePosition, rules: Rules) => T;

const PLACEMENT_STATUSES = ['active', 'ended', 'cancelled'] as const;

/** How CRMs, timesheet and finance systems spell the contract's enumerations. */
const SYNONYMS = {
  placementType: { permanent: 'perm', 'perm placement': 'perm', 'direct hire': 'perm', temp: 'contract', temporary: 'contract', contractor: 'contract', 'temp to perm': 'contract' },
  placementStatus: { canceled: 'cancelled', 'cancelled placement': 'cancelled', completed: 'ended', finished: 'ended', terminated: 'ended', closed: 'ended', approved: 'active', 'in progress': 'active', open: 'active', current: 'active' },
  unit: { hours: 'hour', hr: 'hour', hrs: 'hour', hourly: 'hour', days: 'day', daily: 'day', shifts: 'shift', miles: 'mile', mi: 'mile', unit: 'each', units: 'each', ea: 'each', item: 'each' },
  timesheetStatus: { pending: 'submitted', 'pending approval': 'submitted', 'awaiting approval': 'submitted', open: 'submitted', declined: 'rejected', denied: 'rejected', completed: 'approved', processed: 'approved' },
  invoiceStatus: { voided: 'void', deleted: 'void', cancelled: 'void', canceled: 'void', authorised: 'sent', authorized: 'sent', open: 'sent', issued: 'sent', posted: 'sent', submitted: 'sent', overdue: 'sent', 'partially paid': 'sent', unpaid: 'sent', pending: 'draft' },
} as const;

export const buildClient: RecordBuilder<Client> = (r, pos) => ({
  clientId: r.requiredText('client_id'),
  name: r.requiredText('name'),
  domain: r.text('domain'),
  currency: r.currency('currency'),
  accountManager: r.text('account_manager'),
  marginFloorPct: r.decimal('margin_floor_pct', 'nonNegative'),
  pos,
});

export const buildPlacement: RecordBuilder<Placement> = (r, pos) => {
  const type = r.oneOf('type', ['contract', 'perm'] as const, SYNONYMS.placementType);
  if (!type) throw new CellError('type', 'required value is empty');
  const placement: Placement = {
    placementId: r.requiredText('placement_id'),
    clientId: r.requiredText('client_id'),
    candidateId: r.requiredText('candidate_id'),
    candidateName: r.requiredText('candidate_name'),
    jobTitle: r.text('job_title'),
    type,
    startDate: r.requiredDate('start_date'),
    endDate: r.date('end_date'),
    status: r.oneOf('status', PLACEMENT_STATUSES, SYNONYMS.placementStatus),
    consultant: r.text('consultant'),
    currency: r.currency('currency'),
    salary: r.decimal('salary', 'nonNegative'),
    feePct: r.decimal('fee_pct', 'nonNegative'),
    feeAmount: r.decimal('fee_amount', 'nonNegative'),
    guaranteeDays: r.integer('guarantee_days', 0),
    pos,
  };
  if (placement.endDate && placement.endDate < placement.startDate) {
    throw new CellError('end_date', `end_date ${placement.endDate} is before start_date ${placement.startDate}`);
  }
  if (type === 'perm' && !placement.feeAmount && !(placement.salary && placement.feePct)) {
    throw new CellError('fee_amount', 'a perm placement needs fee_amount, or salary and fee_pct');
  }
  return placement;
};

export const buildRate: RecordBuilder<RateRow> = (r, pos, rules) => {
  const placementId = r.text('placement_id');
  const clientId = r.text('client_id');
  const jobTitle = r.text('job_title');
  // client_id without job_title: the client's card for every role (an extension, see docs)
  if (!placementId && !clientId) {
    throw new CellError('placement_id', 'a rate needs placement_id, or client_id (and job_title for a role card)');
  }
  const rawType = r.requiredText('rate_type');
  const rateType = mapTimeRateType(rawType, rules);
  if (!rateType) throw new CellError('rate_type', `unknown rate type "${rawType}" (add it to rate_type_map)`);
  const row: RateRow = {
    rateId: `rates:${pos.line}`,
    placementId,
    clientId: placementId ? undefined : clientId,
    jobTitle: placementId ? undefined : jobTitle,
    rateType,
    unit: r.oneOf('unit', ['hour', 'day', 'shift', 'mile', 'each'] as const, SYNONYMS.unit) ?? 'hour',
    billRate: r.requiredDecimal('bill_rate', 'nonNegative'),
    payRate: r.decimal('pay_rate', 'nonNegative'),
    effectiveFrom: r.requiredDate('effective_from'),
    effectiveTo: r.date('effective_to'),
    agreedOn: r.date('agreed_on'),
    sourceRef: r.text('source_ref'),
    pos,
  };
  if (row.effectiveTo && row.effectiveTo < row.effectiveFrom) {
    throw new CellError('effective_to', `effective_to ${row.effectiveTo} is before effective_from ${row.effectiveFrom}`);
  }
  return row;
};

export const buildTimesheetLine: RecordBuilder<TimesheetLine> = (r, pos, rules) => {
  const rawType = r.requiredText('rate_type');
  const rateType = mapTimeRateType(rawType, rules);
  if (!rateType) throw new CellError('rate_type', `unknown rate type "${rawType}" (add it to rate_type_map)`);
  const status = r.oneOf('status', ['approved', 'submitted', 'rejected'] as const, SYNONYMS.timesheetStatus);
  if (!status) throw new CellError('status', 'required value is empty');
  return {
    lineId: r.requiredText('line_id'),
    timesheetId: r.requiredText('timesheet_id'),
    workerId: r.requiredText('worker_id'),
    workerName: r.requiredText('worker_name'),
    clientRef: r.requiredText('client_ref'),
    placementRef: r.text('placement_ref'),
    workDate: r.requiredDate('work_date'),
    rateType,
    units: r.requiredDecimal('units', 'nonNegative'),
    status,
    approvedAt: r.timestamp('approved_at'),
    pos,
  };
};

export const buildInvoiceLine: RecordBuilder<InvoiceLine> = (r, pos, rules) => {
  const item = r.text('item') ?? '';
  const rawType = r.text('rate_type') ?? '';
  const rateType = mapInvoiceRateType(rawType, item, rules);
  if (!rateType) {
    throw rawType
      ? new CellError('rate_type', `unknown rate type "${rawType}"`)
      : new CellError('item', item ? `item "${item}" maps to no rate type (add it to item_map)` : 'neither rate_type nor item is given');
  }
  const line: InvoiceLine = {
    invoiceNumber: r.requiredText('invoice_number'),
    invoiceDate: r.requiredDate('invoice_date'),
    customerName: r.requiredText('customer_name'),
    currency: r.currency('currency') ?? '',
    status: r.oneOf('status', ['draft', 'sent', 'paid', 'void'] as const, SYNONYMS.invoiceStatus),
    lineNo: r.integer('line_no', 1) ?? 0,
    item: item || undefined,
    rateType,
    description: r.text('description'),
    placementRef: r.text('placement_ref'),
    workerName: r.text('worker_name'),
    periodStart: r.date('period_start'),
    periodEnd: r.date('period_end'),
    quantity: r.requiredDecimal('quantity', 'nonNegative'),
    unitPrice: r.requiredDecimal('unit_price'),
    amount: r.requiredDecimal('amount'),
    invoiceTotal: r.decimal('invoice_total'),
    pos,
  };
  if (line.periodStart && line.periodEnd && line.periodEnd < line.periodStart) {
    throw new CellError('period_end', `period_end ${line.periodEnd} is before period_start ${line.periodStart}`);
  }
  if (rateType === PERM_FEE && line.quantity.isZero()) throw new CellError('quantity', 'a fee line needs quantity 1');
  return line;
};

export const buildCreditNote: RecordBuilder<CreditNote> = (r, pos) => ({
  creditNumber: r.requiredText('credit_number'),
  creditDate: r.requiredDate('credit_date'),
  customerName: r.requiredText('customer_name'),
  currency: r.currency('currency') ?? '',
  amount: r.requiredDecimal('amount'),
  invoiceNumber: r.text('invoice_number'),
  memo: r.text('memo'),
  pos,
});

export const buildPayLine: RecordBuilder<PayLine> = (r, pos, rules) => {
  const rawType = r.requiredText('rate_type');
  const rateType = mapTimeRateType(rawType, rules);
  if (!rateType) throw new CellError('rate_type', `unknown rate type "${rawType}" (add it to rate_type_map)`);
  const line: PayLine = {
    payRunId: r.requiredText('pay_run_id'),
    lineId: r.requiredText('line_id'),
    payDate: r.requiredDate('pay_date'),
    workerId: r.requiredText('worker_id'),
    workerName: r.requiredText('worker_name'),
    placementRef: r.text('placement_ref'),
    periodStart: r.requiredDate('period_start'),
    periodEnd: r.requiredDate('period_end'),
    rateType,
    units: r.requiredDecimal('units', 'nonNegative'),
    payRate: r.requiredDecimal('pay_rate', 'nonNegative'),
    amount: r.requiredDecimal('amount'),
    pos,
  };
  if (line.periodEnd < line.periodStart) {
    throw new CellError('period_end', `period_end ${line.periodEnd} is before period_start ${line.periodStart}`);
  }
  return line;
};
