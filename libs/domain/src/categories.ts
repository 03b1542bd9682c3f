export const CATEGORIES = [
  'UNBILLED_TIME',
  'OVERBILLED_TIME',
  'CONTRACT_DRIFT',
  'BILL_RATE_VARIANCE',
  'RATE_NOT_IN_CONTRACT',
  'TIME_OUTSIDE_PLACEMENT',
  'PAY_RATE_VARIANCE',
  'PAID_NOT_BILLED',
  'BILLED_NOT_PAID',
  'MARGIN_BELOW_THRESHOLD',
  'PERM_FEE_NOT_INVOICED',
  'PERM_FEE_VARIANCE',
  'INVOICE_WITHOUT_PLACEMENT',
  'DUPLICATE_INVOICE',
  'DUPLICATE_CREDIT',
  'INVOICE_MATH_ERROR',
  'MISSING_TIMESHEET',
  'CURRENCY_MISMATCH',
  'UNRESOLVED_RECORD',
] as const;

export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** Exception-record fields that identify an exception of each category (contract section 3). */
export const CATEGORY_REFS: Record<Category, readonly RefField[]> = {
  UNBILLED_TIME: ['timesheet_id', 'rate_type'],
  OVERBILLED_TIME: ['invoice_number', 'rate_type'],
  CONTRACT_DRIFT: ['invoice_number', 'line_no'],
  BILL_RATE_VARIANCE: ['invoice_number', 'line_no'],
  RATE_NOT_IN_CONTRACT: ['timesheet_id', 'rate_type'],
  TIME_OUTSIDE_PLACEMENT: ['timesheet_id'],
  PAY_RATE_VARIANCE: ['pay_run_id', 'line_id'],
  PAID_NOT_BILLED: ['pay_run_id', 'line_id'],
  BILLED_NOT_PAID: ['invoice_number', 'line_no'],
  MARGIN_BELOW_THRESHOLD: ['placement_id', 'rate_type'],
  PERM_FEE_NOT_INVOICED: ['placement_id'],
  PERM_FEE_VARIANCE: ['invoice_number', 'line_no'],
  INVOICE_WITHOUT_PLACEMENT: ['invoice_number', 'line_no'],
  DUPLICATE_INVOICE: ['invoice_number'],
  DUPLICATE_CREDIT: ['credit_number'],
  INVOICE_MATH_ERROR: ['invoice_number', 'line_no'],
  MISSING_TIMESHEET: ['placement_id', 'week_ending'],
  CURRENCY_MISMATCH: ['invoice_number'],
  UNRESOLVED_RECORD: ['source', 'record_id'],
};

export type RefField =
  | 'timesheet_id'
  | 'rate_type'
  | 'invoice_number'
  | 'line_no'
  | 'pay_run_id'
  | 'line_id'
  | 'placement_id'
  | 'credit_number'
  | 'week_ending'
  | 'source'
  | 'record_id';

export type OwnerTeam = 'account_management' | 'billing' | 'payroll' | 'operations';

/** Contract defaults: rates and drift to the account manager, unbilled, duplicates and math to billing, pay to payroll, placements and timesheets to operations. */
export const DEFAULT_OWNERS: Record<Category, string> = {
  UNBILLED_TIME: 'billing',
  OVERBILLED_TIME: 'billing',
  CONTRACT_DRIFT: 'account_management',
  BILL_RATE_VARIANCE: 'account_management',
  RATE_NOT_IN_CONTRACT: 'account_management',
  TIME_OUTSIDE_PLACEMENT: 'operations',
  PAY_RATE_VARIANCE: 'payroll',
  PAID_NOT_BILLED: 'payroll',
  BILLED_NOT_PAID: 'payroll',
  MARGIN_BELOW_THRESHOLD: 'account_management',
  PERM_FEE_NOT_INVOICED: 'billing',
  PERM_FEE_VARIANCE: 'billing',
  INVOICE_WITHOUT_PLACEMENT: 'operations',
  DUPLICATE_INVOICE: 'billing',
  DUPLICATE_CREDIT: 'billing',
  INVOICE_MATH_ERROR: 'billing',
  MISSING_TIMESHEET: 'operations',
  CURRENCY_MISMATCH: 'billing',
  UNRESOLVED_RECORD: 'operations',
};

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
