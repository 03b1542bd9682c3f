import type { Category } from '@closegap/domain';
import type { Ctx } from './context';
import type { Rng } from './prng';
import { injectPaidNotBilled, injectBilledNotPaid, injectPayRateVariance } from './defects/pay';
import { injectDuplicateCredits } from './defects/credits';
import { injectDrift } from './defects/drift';
import { injectCurrencyMismatch, injectDuplicateInvoices, injectMathErrors } from './defects/invoices';
import { injectMargin } from './defects/margin';
import { injectMissing } from './defects/missing';
import { injectWithoutPlacement } from './defects/orphan';
import { injectOutside } from './defects/outside';
import { injectOverbilled } from './defects/overbilled';
import { injectPermNotInvoiced, injectPermVariance } from './defects/perm';
import { injectRateNotInContract } from './defects/ratenotin';
import { injectUnbilled } from './defects/unbilled';
import { injectUnresolved } from './defects/unresolved';
import { injectBillRateVariance } from './defects/variance';

type Injector = (ctx: Ctx, rng: Rng, n: number) => void;

/**
 * Injections at scale 1 (each proportional to scale, at least one). Order matters: whole-placement
 * and whole-invoice defects claim their ground first, single cells after, unattached records last.
 */
const PLAN: readonly (readonly [Category, number, Injector])[] = [
  ['MARGIN_BELOW_THRESHOLD', 8, injectMargin],
  ['CONTRACT_DRIFT', 9, injectDrift],
  ['TIME_OUTSIDE_PLACEMENT', 9, injectOutside],
  ['DUPLICATE_INVOICE', 8, injectDuplicateInvoices],
  ['CURRENCY_MISMATCH', 8, injectCurrencyMismatch],
  ['INVOICE_MATH_ERROR', 9, injectMathErrors],
  ['UNBILLED_TIME', 9, injectUnbilled],
  ['OVERBILLED_TIME', 9, injectOverbilled],
  ['BILL_RATE_VARIANCE', 9, injectBillRateVariance],
  ['RATE_NOT_IN_CONTRACT', 9, injectRateNotInContract],
  ['PAY_RATE_VARIANCE', 9, injectPayRateVariance],
  ['PAID_NOT_BILLED', 9, injectPaidNotBilled],
  ['BILLED_NOT_PAID', 9, injectBilledNotPaid],
  ['MISSING_TIMESHEET', 8, injectMissing],
  ['PERM_FEE_NOT_INVOICED', 8, injectPermNotInvoiced],
  ['PERM_FEE_VARIANCE', 8, injectPermVariance],
  ['INVOICE_WITHOUT_PLACEMENT', 9, injectWithoutPlacement],
  ['DUPLICATE_CREDIT', 8, injectDuplicateCredits],
  ['UNRESOLVED_RECORD', 7, injectUnresolved],
];

export function injectDefects(ctx: Ctx, rng: Rng): void {
  for (const [category, base, inject] of PLAN) {
    inject(ctx, rng.fork('defect:' + category), Math.max(1, Math.round(base * ctx.scale)));
  }
}
