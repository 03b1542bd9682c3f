import type { SourceName } from '@closegap/domain';

export type ColumnType =
  | 'string'
  | 'date'
  | 'timestamp'
  | 'decimal'
  | 'nonNegativeDecimal'
  | 'positiveInt'
  | 'nonNegativeInt'
  | { oneOf: readonly string[] };

export interface ColumnSpec {
  name: string;
  required: boolean;
  type: ColumnType;
}

export interface FileSpec {
  source: SourceName;
  /** base name; `.csv` or `.jsonl` */
  base: string;
  /** a bundle without this file cannot be reconciled at all */
  requiredFile: boolean;
  columns: readonly ColumnSpec[];
}

const req = (name: string, type: ColumnType = 'string'): ColumnSpec => ({ name, required: true, type });
const opt = (name: string, type: ColumnType = 'string'): ColumnSpec => ({ name, required: false, type });

/** The input bundle of contract section 1, file by file and column by column. */
export const BUNDLE_FILES: readonly FileSpec[] = [
  {
    source: 'clients',
    base: 'clients',
    requiredFile: true,
    columns: [req('client_id'), req('name'), opt('domain'), opt('currency'), opt('account_manager'), opt('margin_floor_pct', 'nonNegativeDecimal')],
  },
  {
    source: 'placements',
    base: 'placements',
    requiredFile: true,
    columns: [
      req('placement_id'),
      req('client_id'),
      req('candidate_id'),
      req('candidate_name'),
      opt('job_title'),
      req('type', { oneOf: ['contract', 'perm'] }),
      req('start_date', 'date'),
      opt('end_date', 'date'),
      opt('status', { oneOf: ['active', 'ended', 'cancelled'] }),
      opt('consultant'),
      opt('currency'),
      opt('salary', 'nonNegativeDecimal'),
      opt('fee_pct', 'nonNegativeDecimal'),
      opt('fee_amount', 'nonNegativeDecimal'),
      opt('guarantee_days', 'nonNegativeInt'),
    ],
  },
  {
    source: 'rates',
    base: 'rates',
    requiredFile: false,
    columns: [
      opt('placement_id'),
      opt('client_id'),
      opt('job_title'),
      req('rate_type'),
      opt('unit', { oneOf: ['hour', 'day', 'shift', 'mile', 'each'] }),
      req('bill_rate', 'nonNegativeDecimal'),
      opt('pay_rate', 'nonNegativeDecimal'),
      req('effective_from', 'date'),
      opt('effective_to', 'date'),
      opt('agreed_on', 'date'),
      opt('source_ref'),
    ],
  },
  {
    source: 'timesheets',
    base: 'timesheets',
    requiredFile: false,
    columns: [
      req('line_id'),
      req('timesheet_id'),
      req('worker_id'),
      req('worker_name'),
      req('client_ref'),
      opt('placement_ref'),
      req('work_date', 'date'),
      req('rate_type'),
      req('units', 'nonNegativeDecimal'),
      req('status', { oneOf: ['approved', 'submitted', 'rejected'] }),
      opt('approved_at', 'timestamp'),
    ],
  },
  {
    source: 'invoices',
    base: 'invoices',
    requiredFile: false,
    columns: [
      req('invoice_number'),
      req('invoice_date', 'date'),
      req('customer_name'),
      req('currency'),
      opt('status', { oneOf: ['draft', 'sent', 'paid', 'void'] }),
      req('line_no', 'positiveInt'),
      opt('item'),
      opt('rate_type'),
      opt('description'),
      opt('placement_ref'),
      opt('worker_name'),
      opt('period_start', 'date'),
      opt('period_end', 'date'),
      req('quantity', 'nonNegativeDecimal'),
      req('unit_price', 'decimal'),
      req('amount', 'decimal'),
      opt('invoice_total', 'decimal'),
    ],
  },
  {
    source: 'credit_notes',
    base: 'credit_notes',
    requiredFile: false,
    columns: [
      req('credit_number'),
      req('credit_date', 'date'),
      req('customer_name'),
      req('currency'),
      req('amount', 'decimal'),
      opt('invoice_number'),
      opt('memo'),
    ],
  },
  {
    source: 'pay_lines',
    base: 'pay_lines',
    requiredFile: false,
    columns: [
      req('pay_run_id'),
      req('line_id'),
      req('pay_date', 'date'),
      req('worker_id'),
      req('worker_name'),
      opt('placement_ref'),
      req('period_start', 'date'),
      req('period_end', 'date'),
      req('rate_type'),
      req('units', 'nonNegativeDecimal'),
      req('pay_rate', 'nonNegativeDecimal'),
      req('amount', 'decimal'),
    ],
  },
];

export function fileSpec(source: SourceName): FileSpec {
  const spec = BUNDLE_FILES.find((f) => f.source === source);
  if (!spec) throw new Error(`no file spec for ${source}`);
  return spec;
}
