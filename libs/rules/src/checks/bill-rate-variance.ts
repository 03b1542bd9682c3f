import { moneyString, unitsString } from '@closegap/domain';
import type { Cell, CheckContext, Finding } from '../model';
import { cellFields, contractRate, money, perUnit, rateTypeLabel, weekLabel } from '../cell-facts';
import { isRetroactive, supersededRateBilled } from './contract-drift';

/**
 * Unit price of each invoice line against the contract rate of its cell: CONTRACT_DRIFT when
 * it is a superseded rate of the same placement and rate type, BILL_RATE_VARIANCE otherwise
 * (never both). Lines of a CURRENCY_MISMATCH invoice are not rate-checked.
 */
export function checkInvoiceLineRates(cell: Cell, ctx: CheckContext): Finding[] {
  const current = contractRate(cell, ctx);
  if (!current) return [];
  const findings: Finding[] = [];
  for (const placed of cell.invoiceLines) {
    const { line } = placed;
    if (ctx.currencyMismatchInvoices.has(line.invoiceNumber)) continue;
    const diff = current.billRate.minus(line.unitPrice).abs();
    if (diff.lte(ctx.rules.tolerances.money)) continue;
    const old = supersededRateBilled(cell, placed, current, ctx);
    const retroactive = old ? isRetroactive(current, placed) : false;
    const category = old ? 'CONTRACT_DRIFT' : 'BILL_RATE_VARIANCE';
    const value = diff.times(line.quantity);
    const under = line.unitPrice.lt(current.billRate);
    findings.push({
      category,
      fields: {
        ...cellFields(cell),
        invoice_number: line.invoiceNumber,
        line_no: String(line.lineNo),
        expected: moneyString(current.billRate),
        actual: moneyString(line.unitPrice),
        units: unitsString(line.quantity),
        source: 'invoices',
        record_id: `${line.invoiceNumber}:${line.lineNo}`,
      },
      value,
      currency: line.currency,
      placementId: cell.placement.placementId,
      weeks: [cell.week],
      retroactive,
      detail: old
        ? `billed at the superseded rate ${moneyString(old.billRate)} (from ${old.effectiveFrom}); the rate in force since ${current.effectiveFrom} is ${moneyString(current.billRate)}${current.agreedOn ? `, agreed ${current.agreedOn}` : ''}${retroactive ? ' (retroactive: agreed after the invoice date)' : ''}`
        : `unit price ${moneyString(line.unitPrice)} vs contract ${moneyString(current.billRate)} in force from ${current.effectiveFrom} (${current.rateId})`,
      action: (v) =>
        under
          ? `Raise a supplemental invoice to ${cell.client.name} for ${rateTypeLabel(cell.rateType)} of ${cell.placement.candidateName}, ${weekLabel(cell.week)}: ${unitsString(line.quantity)} x ${money(diff, line.currency)}${perUnit(current)} = ${money(v, line.currency)}${old ? ' and update the rate in the finance system' : ''}`
          : `Credit ${cell.client.name} ${money(v, line.currency)} on invoice ${line.invoiceNumber} line ${line.lineNo} (billed ${money(line.unitPrice, line.currency)} vs agreed ${money(current.billRate, line.currency)}${perUnit(current)})`,
    });
  }
  return findings;
}
