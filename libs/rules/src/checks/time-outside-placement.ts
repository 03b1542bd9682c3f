import { unitsString } from '@closegap/domain';
import type { CheckContext, Finding, PlacedTimesheetLine } from '../model';
import { clampIntoPlacement, contractCurrency, money, rateTypeLabel, unitLabel } from '../cell-facts';

/** TIME_OUTSIDE_PLACEMENT: approved time dated before the placement's start or after its end. */
export function checkTimeOutsidePlacement(placed: PlacedTimesheetLine, ctx: CheckContext): Finding | undefined {
  const { line, placement } = placed;
  if (line.status !== 'approved') return undefined;
  const before = line.workDate < placement.startDate;
  const after = !!placement.endDate && line.workDate > placement.endDate;
  if (!before && !after) return undefined;
  placed.notBillable = 'TIME_OUTSIDE_PLACEMENT';
  const nearest = clampIntoPlacement(placement, line.workDate);
  const rate =
    ctx.rates.inForce(placement, line.rateType, line.workDate) ??
    ctx.rates.inForce(placement, line.rateType, nearest) ??
    ctx.rates.inForce(placement, 'standard', nearest);
  const value = rate ? line.units.times(rate.billRate) : line.units.times(0);
  const currency = contractCurrency(placed);
  const bounds = `${placement.startDate} to ${placement.endDate ?? 'open'}`;
  return {
    category: 'TIME_OUTSIDE_PLACEMENT',
    fields: {
      client_id: placed.client.clientId,
      client_name: placed.client.name,
      placement_id: placement.placementId,
      timesheet_id: line.timesheetId,
      line_id: line.lineId,
      worker_name: placement.candidateName,
      week_ending: placed.week,
      rate_type: line.rateType,
      expected: bounds,
      actual: line.workDate,
      units: unitsString(line.units),
      source: 'timesheets',
      record_id: line.lineId,
    },
    value,
    currency,
    placementId: placement.placementId,
    weeks: [placed.week],
    detail: `${unitLabel(rate, line.units)} ${rateTypeLabel(line.rateType)} approved on ${line.workDate}, ${before ? 'before the placement starts' : 'after the placement ends'} (${bounds})`,
    action: (v) =>
      `Confirm with ${placed.client.name} whether ${placement.candidateName} worked on ${line.workDate}: extend placement ${placement.placementId} and bill ${money(v, currency)}, or reject the time`,
  };
}
