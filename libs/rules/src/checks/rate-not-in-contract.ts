import { unitsString } from '@closegap/domain';
import type { CheckContext, Finding, PlacedTimesheetLine } from '../model';
import { contractCurrency, money, rateTypeLabel, unitLabel } from '../cell-facts';

/** RATE_NOT_IN_CONTRACT: approved time of a rate type with no agreed rate on that day. */
export function checkRateNotInContract(placed: PlacedTimesheetLine, ctx: CheckContext): Finding | undefined {
  const { line, placement } = placed;
  if (line.status !== 'approved' || placed.notBillable || ctx.skip.has('RATE_NOT_IN_CONTRACT')) return undefined;
  if (ctx.rates.inForce(placement, line.rateType, line.workDate)) return undefined;
  placed.notBillable = 'RATE_NOT_IN_CONTRACT';
  const standard = ctx.rates.inForce(placement, 'standard', line.workDate);
  const value = line.units.times(standard?.billRate ?? 0);
  const currency = contractCurrency(placed);
  return {
    category: 'RATE_NOT_IN_CONTRACT',
    fields: {
      client_id: placed.client.clientId,
      client_name: placed.client.name,
      placement_id: placement.placementId,
      timesheet_id: line.timesheetId,
      worker_name: placement.candidateName,
      week_ending: placed.week,
      rate_type: line.rateType,
      expected: `a ${rateTypeLabel(line.rateType)} rate`,
      actual: 'none agreed',
      units: unitsString(line.units),
      source: 'timesheets',
      record_id: line.lineId,
    },
    value,
    currency,
    placementId: placement.placementId,
    weeks: [placed.week],
    detail: `${unitLabel(standard, line.units)} ${rateTypeLabel(line.rateType)} approved on ${line.workDate} but placement ${placement.placementId} has no ${rateTypeLabel(line.rateType)} rate that day; valued at the standard rate ${standard ? standard.billRate.toFixed(2) : 'n/a'}`,
    action: (v) =>
      `Agree a ${rateTypeLabel(line.rateType)} rate with ${placed.client.name} for ${placement.candidateName} (placement ${placement.placementId}) and bill the time: at least ${money(v, currency)}`,
  };
}
