import { Dec, unitsString } from '@closegap/domain';
import type { Cell, CheckContext, Finding } from '../model';
import { approvedUnits, cellFields, contractCurrency, contractRate, invoicedUnits, money, paidUnits, rateTypeLabel, weekLabel } from '../cell-facts';
import { byInvoiceOrder } from '../ordering';

/**
 * BILLED_NOT_PAID: invoiced and approved units beyond the paid units of a cell. The
 * shortfall falls on the latest invoice lines, valued at the contract pay rate.
 */
export function checkBilledNotPaid(cell: Cell, ctx: CheckContext): Finding[] {
  const billedAndApproved = Dec.min(approvedUnits(cell), invoicedUnits(cell));
  const paid = paidUnits(cell);
  const missing = billedAndApproved.minus(paid);
  if (missing.lte(ctx.rules.tolerances.units)) return [];
  const rate = contractRate(cell, ctx);
  const currency = contractCurrency(cell);
  const lines = [...cell.invoiceLines].sort(byInvoiceOrder);
  const findings: Finding[] = [];
  let remaining = missing;
  for (let i = lines.length - 1; i >= 0 && remaining.gt(0); i--) {
    const { line } = lines[i];
    const take = Dec.min(remaining, line.quantity);
    remaining = remaining.minus(take);
    findings.push({
      category: 'BILLED_NOT_PAID',
      fields: {
        ...cellFields(cell),
        invoice_number: line.invoiceNumber,
        line_no: String(line.lineNo),
        expected: unitsString(billedAndApproved),
        actual: unitsString(paid),
        units: unitsString(take),
        source: 'invoices',
        record_id: `${line.invoiceNumber}:${line.lineNo}`,
      },
      value: take.times(rate?.payRate ?? 0),
      currency,
      placementId: cell.placement.placementId,
      weeks: [cell.week],
      detail: `${unitsString(billedAndApproved)} ${rateTypeLabel(cell.rateType)} units approved and invoiced, ${unitsString(paid)} paid, ${weekLabel(cell.week)}`,
      action: (v) =>
        `Pay ${cell.placement.candidateName} ${unitsString(take)} ${rateTypeLabel(cell.rateType)} units for ${weekLabel(cell.week)} (${money(v, currency)} at the contract pay rate) in the next pay run`,
    });
  }
  return findings;
}
