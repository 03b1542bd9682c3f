import { moneyString } from '@closegap/domain';
import type { Client, Placement } from '@closegap/domain';
import type { CheckContext, Finding, PlacedInvoiceLine } from '../model';
import { money } from '../cell-facts';
import { expectedPermFee } from './perm-fee';

/** PERM_FEE_VARIANCE: a fee line whose quantity x unit price is not the expected fee. */
export function checkPermFeeVariance(placement: Placement, client: Client, feeLines: readonly PlacedInvoiceLine[], ctx: CheckContext): Finding[] {
  const expected = expectedPermFee(placement);
  if (!expected) return [];
  const findings: Finding[] = [];
  for (const { line } of feeLines) {
    if (ctx.currencyMismatchInvoices.has(line.invoiceNumber)) continue;
    const invoiced = line.quantity.times(line.unitPrice);
    const diff = expected.minus(invoiced).abs();
    if (diff.lte(ctx.rules.tolerances.money)) continue;
    findings.push({
      category: 'PERM_FEE_VARIANCE',
      fields: {
        client_id: client.clientId,
        client_name: client.name,
        placement_id: placement.placementId,
        worker_name: placement.candidateName,
        invoice_number: line.invoiceNumber,
        line_no: String(line.lineNo),
        rate_type: 'perm_fee',
        expected: moneyString(expected),
        actual: moneyString(invoiced),
        source: 'invoices',
        record_id: `${line.invoiceNumber}:${line.lineNo}`,
      },
      value: diff,
      currency: line.currency,
      placementId: placement.placementId,
      weeks: [],
      detail: `fee invoiced ${moneyString(invoiced)}, expected ${moneyString(expected)} (${placement.feeAmount ? 'flat fee' : `${placement.feePct?.toFixed()}% of ${placement.salary?.toFixed(2)}`})`,
      action: (v) =>
        invoiced.lt(expected)
          ? `Invoice ${client.name} the fee balance for ${placement.candidateName}: ${money(v, line.currency)} (invoice ${line.invoiceNumber})`
          : `Credit ${client.name} ${money(v, line.currency)} overcharged on fee invoice ${line.invoiceNumber}`,
    });
  }
  return findings;
}
