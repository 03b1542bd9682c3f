import { Dec, ZERO, moneyString, unitsString } from '@closegap/domain';
import type { IsoDate, Placement, RateRow, TimeRateType } from '@closegap/domain';
import type { Cell, CheckContext, Finding } from '../model';
import { billableLines, contractCurrency, money, rateTypeLabel } from '../cell-facts';

/**
 * MARGIN_BELOW_THRESHOLD, per placement and rate type: each rate row in force for billable
 * approved time, with a pay rate, whose margin (bill - pay) / bill x 100 is strictly below
 * the floor (client's, else the rules'). Value: (floor - margin) / 100 x bill x units.
 */
export function checkMarginBelowThreshold(placement: Placement, cells: readonly Cell[], ctx: CheckContext): Finding[] {
  if (cells.length === 0) return [];
  const client = cells[0].client;
  const floor = client.marginFloorPct ?? ctx.rules.marginFloorPct;
  // units per rate row first, so each row's margin is computed once
  const byType = new Map<TimeRateType, { value: Dec; units: Dec; weeks: Set<IsoDate>; rows: Map<string, RateRow> }>();
  const unitsByRow = new Map<RateRow, { units: Dec; weeks: Set<IsoDate>; rateType: TimeRateType }>();
  for (const cell of cells) {
    for (const l of billableLines(cell)) {
      const row = ctx.rates.inForce(placement, cell.rateType, l.line.workDate);
      if (!row?.payRate || row.billRate.isZero()) continue;
      const entry = unitsByRow.get(row) ?? { units: ZERO, weeks: new Set<IsoDate>(), rateType: cell.rateType };
      entry.units = entry.units.plus(l.line.units);
      entry.weeks.add(cell.week);
      unitsByRow.set(row, entry);
    }
  }
  for (const [row, { units, weeks, rateType }] of unitsByRow) {
    const margin = row.billRate.minus(row.payRate ?? 0).div(row.billRate).times(100);
    if (!margin.lt(floor)) continue;
    const entry = byType.get(rateType) ?? { value: ZERO, units: ZERO, weeks: new Set(), rows: new Map() };
    entry.value = entry.value.plus(floor.minus(margin).div(100).times(row.billRate).times(units));
    entry.units = entry.units.plus(units);
    for (const w of weeks) entry.weeks.add(w);
    entry.rows.set(row.rateId, row);
    byType.set(rateType, entry);
  }
  const currency = contractCurrency(cells[0]);
  return [...byType].map(([rateType, entry]) => {
    const row = [...entry.rows.values()][0];
    const margin = row.billRate.minus(row.payRate ?? 0).div(row.billRate).times(100);
    return {
      category: 'MARGIN_BELOW_THRESHOLD' as const,
      fields: {
        client_id: client.clientId,
        client_name: client.name,
        placement_id: placement.placementId,
        worker_name: placement.candidateName,
        rate_type: rateType,
        expected: `${floor.toFixed()}%`,
        actual: `${margin.toDecimalPlaces(2).toFixed()}%`,
        units: unitsString(entry.units),
        source: 'rates',
        record_id: row.rateId,
      },
      value: entry.value,
      currency,
      placementId: placement.placementId,
      weeks: [...entry.weeks],
      detail: `bill ${moneyString(row.billRate)} / pay ${moneyString(row.payRate ?? ZERO)} gives ${margin.toDecimalPlaces(2).toFixed()}% margin, floor ${floor.toFixed()}%, on ${unitsString(entry.units)} approved units over ${entry.weeks.size} week(s)`,
      action: (v: Dec) =>
        `Renegotiate the ${rateTypeLabel(rateType)} bill or pay rate of placement ${placement.placementId} (${placement.candidateName}, ${client.name}) to reach the ${floor.toFixed()}% floor; margin shortfall so far ${money(v, currency)}`,
    };
  });
}
