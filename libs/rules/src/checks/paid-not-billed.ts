import { Dec, unitsString } from '@closegap/domain';
import type { Cell, CheckContext, Finding } from '../model';
import { approvedUnits, cellFields, contractCurrency, contractRate, invoicedUnits, money, paidUnits, rateTypeLabel, weekLabel } from '../cell-facts';
import { byPayOrder } from '../ordering';

/**
 * PAID_NOT_BILLED: paid units beyond both the approved and the invoiced units of a cell.
 * The excess falls on the latest pay lines, valued at the contract bill rate.
 */
export function checkPaidNotBilled(cell: Cell, ctx: CheckContext): Finding[] {
  const paid = paidUnits(cell);
  const covered = Dec.max(approvedUnits(cell), invoicedUnits(cell));
  const excess = paid.minus(covered);
  if (excess.lte(ctx.rules.tolerances.units)) return [];
  const rate = contractRate(cell, ctx);
  const currency = contractCurrency(cell);
  const lines = [...cell.payLines].sort(byPayOrder);
  const findings: Finding[] = [];
  let remaining = excess;
  for (let i = lines.length - 1; i >= 0 && remaining.gt(0); i--) {
    const { line } = lines[i];
    const take = Dec.min(remaining, line.units);
    remaining = remaining.minus(take);
    findings.push({
      category: 'PAID_NOT_BILLED',
      fields: {
        ...cellFields(cell),
        pay_run_id: line.payRunId,
        line_id: line.lineId,
        expected: unitsString(covered),
        actual: unitsString(paid),
        units: unitsString(take),
        source: 'pay_lines',
        record_id: line.lineId,
      },
      value: take.times(rate?.billRate ?? 0),
      currency,
      placementId: cell.placement.placementId,
      weeks: [cell.week],
      detail: `${unitsString(paid)} ${rateTypeLabel(cell.rateType)} units paid, ${unitsString(covered)} covered by approved time or invoices, ${weekLabel(cell.week)}`,
      action: (v) =>
        `Get ${unitsString(take)} ${rateTypeLabel(cell.rateType)} units of ${cell.placement.candidateName} for ${weekLabel(cell.week)} approved by ${cell.client.name} and invoice them (${money(v, currency)}), or recover the pay from pay run ${line.payRunId}`,
    });
  }
  return findings;
}
