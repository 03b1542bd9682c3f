import type { RateRow } from '@closegap/domain';
import type { Cell, CheckContext, PlacedInvoiceLine } from '../model';

/**
 * CONTRACT_DRIFT test: the line's unit price is the bill rate of a row the rate in force
 * superseded (the same placement and rate type billed at its old rate after the newer one
 * took effect). Returns that old row, or undefined when the difference is something else.
 */
export function supersededRateBilled(cell: Cell, placed: PlacedInvoiceLine, current: RateRow, ctx: CheckContext): RateRow | undefined {
  const tolerance = ctx.rules.tolerances.money;
  return ctx.rates
    .superseded(cell.placement, cell.rateType, current)
    .find((row) => row.billRate.minus(placed.line.unitPrice).abs().lte(tolerance));
}

/** `retroactive` when the rate in force was agreed strictly after the invoice was raised. */
export function isRetroactive(current: RateRow, placed: PlacedInvoiceLine): boolean {
  return !!current.agreedOn && current.agreedOn > placed.line.invoiceDate;
}
