import { Dec, ZERO, unitsString } from '@closegap/domain';
import type { Cell, CheckContext, Finding, PlacedInvoiceLine } from '../model';
import { approvedUnits, cellFields, invoicedUnits, money, rateTypeLabel, weekLabel } from '../cell-facts';
import { byInvoiceOrder } from '../ordering';

/**
 * OVERBILLED_TIME: invoiced units of a cell beyond its approved units. Approved units are
 * covered by the earliest invoice lines; the excess falls on the latest, at their unit prices.
 */
export function checkOverbilledTime(cell: Cell, ctx: CheckContext): Finding[] {
  const approved = approvedUnits(cell);
  const invoiced = invoicedUnits(cell);
  const excess = invoiced.minus(approved);
  if (excess.lte(ctx.rules.tolerances.units)) return [];
  const lines = [...cell.invoiceLines].sort(byInvoiceOrder);
  const byInvoice = new Map<string, { units: Dec; value: Dec; lines: PlacedInvoiceLine[] }>();
  let remaining = excess;
  for (let i = lines.length - 1; i >= 0 && remaining.gt(0); i--) {
    const l = lines[i];
    const take = Dec.min(remaining, l.line.quantity);
    remaining = remaining.minus(take);
    const entry = byInvoice.get(l.line.invoiceNumber) ?? { units: ZERO, value: ZERO, lines: [] };
    entry.units = entry.units.plus(take);
    entry.value = entry.value.plus(take.times(l.line.unitPrice));
    entry.lines.push(l);
    byInvoice.set(l.line.invoiceNumber, entry);
  }
  return [...byInvoice].map(([invoiceNumber, entry]) => {
    const first = entry.lines[0].line;
    return {
      category: 'OVERBILLED_TIME' as const,
      fields: {
        ...cellFields(cell),
        invoice_number: invoiceNumber,
        line_no: String(first.lineNo),
        expected: unitsString(approved),
        actual: unitsString(invoiced),
        units: unitsString(entry.units),
        source: 'invoices',
        record_id: `${invoiceNumber}:${first.lineNo}`,
      },
      value: entry.value,
      currency: first.currency,
      placementId: cell.placement.placementId,
      weeks: [cell.week],
      detail: `${unitsString(invoiced)} ${rateTypeLabel(cell.rateType)} units invoiced against ${unitsString(approved)} approved, ${weekLabel(cell.week)}`,
      action: (v: Dec) =>
        `Credit ${unitsString(entry.units)} ${rateTypeLabel(cell.rateType)} units on invoice ${invoiceNumber} for ${cell.placement.candidateName}, ${weekLabel(cell.week)} (${money(v, first.currency)}), or get the missing time approved`,
    };
  });
}
