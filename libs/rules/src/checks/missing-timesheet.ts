import { ZERO, weekEnding, weeksOverlapping, minDate } from '@closegap/domain';
import type { Client, Dec, IsoDate, Placement } from '@closegap/domain';
import type { CheckContext, Finding } from '../model';
import { money } from '../cell-facts';

/**
 * MISSING_TIMESHEET: a contract placement (not cancelled) with no timesheet line at all, in
 * any status, for an ISO week overlapping its dates that ended on or before as_of and not
 * before data_from. Value 0 (unknown); the estimate from the usual week goes in `detail`.
 */
export function checkMissingTimesheets(
  placement: Placement,
  client: Client,
  weeksWithLines: ReadonlySet<IsoDate>,
  usualWeekValue: Dec | undefined,
  ctx: CheckContext,
): Finding[] {
  if (placement.type !== 'contract' || placement.status === 'cancelled') return [];
  const lastDay = placement.endDate ? minDate(placement.endDate, ctx.asOf) : ctx.asOf;
  const firstWeek = ctx.dataFrom ? weekEnding(ctx.dataFrom) : undefined;
  const currency = placement.currency ?? client.currency;
  const findings: Finding[] = [];
  for (const week of weeksOverlapping(placement.startDate, lastDay)) {
    if (week > ctx.asOf || (firstWeek && week < firstWeek) || weeksWithLines.has(week)) continue;
    findings.push({
      category: 'MISSING_TIMESHEET',
      fields: {
        client_id: client.clientId,
        client_name: client.name,
        placement_id: placement.placementId,
        worker_name: placement.candidateName,
        week_ending: week,
        expected: 'a timesheet',
        actual: 'none',
        source: 'placements',
        record_id: placement.placementId,
      },
      value: ZERO,
      currency,
      placementId: placement.placementId,
      weeks: [week],
      detail: `no timesheet line in any status for ${placement.candidateName}, week ending ${week}${usualWeekValue ? `; a usual week bills about ${money(usualWeekValue, currency)}` : ''}`,
      action: () => `Chase ${placement.candidateName}'s timesheet for week ending ${week} with ${client.name}${placement.consultant ? ` (consultant ${placement.consultant})` : ''}, or end placement ${placement.placementId} if the work stopped`,
    });
  }
  return findings;
}
