import { CATEGORIES } from '@closegap/domain';
import type { Category, NotChecked, SourceName } from '@closegap/domain';

/** The inputs each check needs besides clients and placements. Without them it is not run. */
export const REQUIRED_SOURCES: Record<Category, readonly SourceName[]> = {
  UNBILLED_TIME: ['timesheets', 'invoices'],
  OVERBILLED_TIME: ['timesheets', 'invoices'],
  CONTRACT_DRIFT: ['invoices', 'rates'],
  BILL_RATE_VARIANCE: ['invoices', 'rates'],
  RATE_NOT_IN_CONTRACT: ['timesheets', 'rates'],
  TIME_OUTSIDE_PLACEMENT: ['timesheets'],
  PAY_RATE_VARIANCE: ['pay_lines', 'rates'],
  PAID_NOT_BILLED: ['pay_lines', 'timesheets', 'invoices'],
  BILLED_NOT_PAID: ['pay_lines', 'timesheets', 'invoices'],
  MARGIN_BELOW_THRESHOLD: ['timesheets', 'rates'],
  PERM_FEE_NOT_INVOICED: ['invoices'],
  PERM_FEE_VARIANCE: ['invoices'],
  INVOICE_WITHOUT_PLACEMENT: ['invoices'],
  DUPLICATE_INVOICE: ['invoices'],
  DUPLICATE_CREDIT: ['credit_notes'],
  INVOICE_MATH_ERROR: ['invoices'],
  MISSING_TIMESHEET: ['timesheets'],
  CURRENCY_MISMATCH: ['invoices'],
  UNRESOLVED_RECORD: [],
};

/**
 * Which checks cannot run for lack of an input, and why. `unavailable` maps a source to the
 * reason ("file missing from the bundle", "QuickBooks answered 503"): never reported as clean.
 */
export function notCheckedFor(unavailable: ReadonlyMap<SourceName, string>): NotChecked[] {
  const out: NotChecked[] = [];
  for (const category of CATEGORIES) {
    const missing = REQUIRED_SOURCES[category].filter((s) => unavailable.has(s));
    if (missing.length === 0) continue;
    out.push({ category, reason: missing.map((s) => `${s}: ${unavailable.get(s)}`).join('; ') });
  }
  return out;
}
