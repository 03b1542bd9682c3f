import { Dec } from '@closegap/domain';
import type { Category, ExceptionRecord } from '@closegap/domain';
import { WorkflowError } from './errors';

/** What can be pushed to the finance system to fix an exception's money. */
export const ADJUSTMENT_KINDS = {
  supplemental_invoice: 'Supplemental invoice (bill what was missed)',
  credit_note: 'Credit note (give back what was overbilled)',
  rate_correction: 'Rate correction (fix the rate in the finance system)',
} as const;
export type AdjustmentKind = keyof typeof ADJUSTMENT_KINDS;

export function isAdjustmentKind(value: string): value is AdjustmentKind {
  return Object.prototype.hasOwnProperty.call(ADJUSTMENT_KINDS, value);
}

export type AdjustmentStatus = 'proposed' | 'approved' | 'rejected' | 'paid';

/** The agency billed too little: the fix is more money from the client. */
const UNDER_BILLED: ReadonlySet<Category> = new Set<Category>(['UNBILLED_TIME', 'RATE_NOT_IN_CONTRACT', 'PERM_FEE_NOT_INVOICED', 'TIME_OUTSIDE_PLACEMENT']);
/** The agency billed too much: the fix is a credit. */
const OVER_BILLED: ReadonlySet<Category> = new Set<Category>(['OVERBILLED_TIME', 'DUPLICATE_INVOICE', 'INVOICE_WITHOUT_PLACEMENT']);
/** Depends on the sign of the variance (expected vs actual). */
const RATE_VARIANCE: ReadonlySet<Category> = new Set<Category>(['CONTRACT_DRIFT', 'BILL_RATE_VARIANCE', 'PERM_FEE_VARIANCE', 'INVOICE_MATH_ERROR']);

/** The adjustment kinds that make sense for an exception; an empty list means none apply (e.g. payroll). */
export function adjustmentKindsFor(exception: Pick<ExceptionRecord, 'category' | 'expected' | 'actual'>): AdjustmentKind[] {
  if (UNDER_BILLED.has(exception.category)) return ['supplemental_invoice'];
  if (OVER_BILLED.has(exception.category)) return ['credit_note'];
  if (RATE_VARIANCE.has(exception.category)) {
    const expected = parseDec(exception.expected);
    const actual = parseDec(exception.actual);
    const base: AdjustmentKind[] = exception.category === 'CONTRACT_DRIFT' || exception.category === 'BILL_RATE_VARIANCE' ? ['rate_correction'] : [];
    if (expected && actual && expected.gt(actual)) return ['supplemental_invoice', ...base];
    if (expected && actual && expected.lt(actual)) return ['credit_note', ...base];
    return ['supplemental_invoice', 'credit_note', ...base];
  }
  return [];
}

function parseDec(value: string | undefined): Dec | undefined {
  if (!value) return undefined;
  try {
    const d = new Dec(value);
    return d.isFinite() ? d : undefined;
  } catch {
    return undefined;
  }
}

export interface AdjustmentProposal {
  kind: string;
  amount: string;
  /** rate corrections: the rate to set */
  new_rate?: string;
  note?: string;
}

export interface ValidProposal {
  kind: AdjustmentKind;
  amount: Dec;
  new_rate?: Dec;
  note: string;
}

/**
 * Maker side: the amount must be positive, at most the exception's value at risk (one cent of
 * tolerance), and of a kind that fits the exception.
 */
export function validateProposal(exception: Pick<ExceptionRecord, 'category' | 'expected' | 'actual' | 'value_at_risk'>, proposal: AdjustmentProposal): ValidProposal {
  if (!isAdjustmentKind(proposal.kind)) throw new WorkflowError(`unknown adjustment kind "${proposal.kind}"`);
  const kinds = adjustmentKindsFor(exception);
  if (!kinds.includes(proposal.kind)) {
    throw new WorkflowError(`a ${proposal.kind} does not fit a ${exception.category} exception${kinds.length ? ` (use ${kinds.join(' or ')})` : ''}`);
  }
  const amount = parseDec(proposal.amount);
  if (!amount || !amount.gt(0)) throw new WorkflowError('the amount must be a positive decimal number');
  if (amount.decimalPlaces() > 2) throw new WorkflowError('the amount has more than two decimals');
  const limit = new Dec(exception.value_at_risk || '0').plus('0.01');
  if (amount.gt(limit)) throw new WorkflowError(`the amount ${amount.toFixed(2)} exceeds the exception's value at risk ${exception.value_at_risk}`);
  let newRate: Dec | undefined;
  if (proposal.kind === 'rate_correction') {
    newRate = parseDec(proposal.new_rate);
    if (!newRate || !newRate.gt(0)) throw new WorkflowError('a rate correction needs the new rate');
  }
  const note = proposal.note?.trim() ?? '';
  if (!note) throw new WorkflowError('say why: the proposal needs a note');
  return { kind: proposal.kind, amount, new_rate: newRate, note };
}

/** Checker side: never the maker, only a proposal still pending. */
export function checkApproval(adjustment: { status: AdjustmentStatus; proposed_by: string }, approver: string): void {
  if (adjustment.status !== 'proposed') throw new WorkflowError(`this adjustment is already ${adjustment.status}`, 'invalid_transition');
  if (adjustment.proposed_by === approver) {
    throw new WorkflowError('maker-checker: the person who proposed an adjustment cannot approve it', 'maker_checker');
  }
}
