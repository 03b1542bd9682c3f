import { Dec, ZERO, unitsString } from '@closegap/domain';
import type { Cell, CheckContext, Finding, PlacedTimesheetLine } from '../model';
import { billableLines, billableUnits, cellFields, contractCurrency, invoicedUnits, money, perUnit, rateTypeLabel, unitLabel, weekLabel } from '../cell-facts';

/**
 * UNBILLED_TIME: billable approved units of a cell beyond its invoiced units. The invoice is
 * taken to cover the earliest approved days, so the missing units are the latest days,
 * each valued at its own rate in force.
 */
export function checkUnbilledTime(cell: Cell, ctx: CheckContext): Finding[] {
  const billable = billableUnits(cell);
  const invoiced = invoicedUnits(cell);
  const missing = billable.minus(invoiced);
  if (missing.lte(ctx.rules.tolerances.units)) return [];
  const lines = billableLines(cell).sort((a, b) => (a.line.workDate < b.line.workDate ? -1 : a.line.workDate > b.line.workDate ? 1 : a.line.lineId < b.line.lineId ? -1 : 1));

  const byTimesheet = new Map<string, { units: Dec; value: Dec; lines: PlacedTimesheetLine[] }>();
  let remaining = missing;
  for (let i = lines.length - 1; i >= 0 && remaining.gt(0); i--) {
    const l = lines[i];
    const take = Dec.min(remaining, l.line.units);
    remaining = remaining.minus(take);
    const rate = ctx.rates.inForce(cell.placement, cell.rateType, l.line.workDate);
    const entry = byTimesheet.get(l.line.timesheetId) ?? { units: ZERO, value: ZERO, lines: [] };
    entry.units = entry.units.plus(take);
    entry.value = entry.value.plus(take.times(rate?.billRate ?? 0));
    entry.lines.push(l);
    byTimesheet.set(l.line.timesheetId, entry);
  }
  const currency = contractCurrency(cell);
  const rate = ctx.rates.inForce(cell.placement, cell.rateType, lines[lines.length - 1].line.workDate);
  return [...byTimesheet].map(([timesheetId, entry]) => ({
    category: 'UNBILLED_TIME' as const,
    fields: {
      ...cellFields(cell),
      timesheet_id: timesheetId,
      expected: unitsString(billable),
      actual: unitsString(invoiced),
      units: unitsString(entry.units),
      source: 'timesheets',
      record_id: entry.lines[0].line.lineId,
    },
    value: entry.value,
    currency,
    placementId: cell.placement.placementId,
    weeks: [cell.week],
    detail: `${unitsString(billable)} approved ${rateTypeLabel(cell.rateType)} units, ${unitsString(invoiced)} invoiced, ${weekLabel(cell.week)}`,
    action: (v: Dec) =>
      `Invoice ${unitLabel(rate, entry.units)} ${rateTypeLabel(cell.rateType)} for ${cell.placement.candidateName}, ${weekLabel(cell.week)}, at ${money(rate?.billRate ?? ZERO, currency)}${perUnit(rate)}: ${money(v, currency)}`,
  }));
}
