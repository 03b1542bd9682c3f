import { moneyString, unitsString } from '@closegap/domain';
import type { Cell, CheckContext, Finding } from '../model';
import { cellFields, contractCurrency, contractRate, money, perUnit, weekLabel } from '../cell-facts';

/** PAY_RATE_VARIANCE: a payroll line paid at a rate other than the contract pay rate. */
export function checkPayRateVariance(cell: Cell, ctx: CheckContext): Finding[] {
  const current = contractRate(cell, ctx);
  if (!current?.payRate) return [];
  const contractPay = current.payRate;
  const currency = contractCurrency(cell);
  const findings: Finding[] = [];
  for (const { line } of cell.payLines) {
    const diff = line.payRate.minus(contractPay).abs();
    if (diff.lte(ctx.rules.tolerances.money)) continue;
    const over = line.payRate.gt(contractPay);
    findings.push({
      category: 'PAY_RATE_VARIANCE',
      fields: {
        ...cellFields(cell),
        pay_run_id: line.payRunId,
        line_id: line.lineId,
        expected: moneyString(contractPay),
        actual: moneyString(line.payRate),
        units: unitsString(line.units),
        source: 'pay_lines',
        record_id: line.lineId,
      },
      value: diff.times(line.units),
      currency,
      placementId: cell.placement.placementId,
      weeks: [cell.week],
      detail: `paid ${moneyString(line.payRate)}${perUnit(current)} vs contract pay rate ${moneyString(contractPay)} (${current.rateId}), ${weekLabel(cell.week)}`,
      action: (v) =>
        over
          ? `Correct ${cell.placement.candidateName}'s pay rate to ${money(contractPay, currency)}${perUnit(current)} in payroll and recover the overpayment of ${money(v, currency)} (pay run ${line.payRunId})`
          : `Pay ${cell.placement.candidateName} the ${money(v, currency)} underpaid in pay run ${line.payRunId} and fix the pay rate to ${money(contractPay, currency)}${perUnit(current)}`,
    });
  }
  return findings;
}
