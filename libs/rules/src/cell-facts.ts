import { ZERO, addDays, formatMoney, maxDate, minDate, unitsString, weekStart } from '@closegap/domain';
import type { Dec, IsoDate, Placement, RateRow, TimeRateType } from '@closegap/domain';
import type { Cell, CellFacts, CheckContext, Finding, PlacedTimesheetLine } from './model';

const approved = (l: PlacedTimesheetLine): boolean => l.line.status === 'approved';

/**
 * Unit totals of a cell, computed once per evaluation: several checks read them. A cell
 * object lives for one evaluation, after its lines were classified (outside placement,
 * rate not in contract), so the memo (on the cell: see Cell.facts) cannot go stale.
 */
type Totals = NonNullable<CellFacts['totals']>;

function totalsOf(cell: Cell): Totals {
  const facts = (cell.facts ??= {});
  if (facts.totals) return facts.totals;
  let approvedSum = ZERO;
  let billable = ZERO;
  for (const l of cell.timesheetLines) {
    if (!approved(l)) continue;
    approvedSum = approvedSum.plus(l.line.units);
    if (!l.notBillable) billable = billable.plus(l.line.units);
  }
  let invoiced = ZERO;
  for (const l of cell.invoiceLines) invoiced = invoiced.plus(l.line.quantity);
  let paid = ZERO;
  for (const l of cell.payLines) paid = paid.plus(l.line.units);
  return (facts.totals = { approved: approvedSum, billable, invoiced, paid });
}

export function approvedUnits(cell: Cell): Dec {
  return totalsOf(cell).approved;
}

export function billableLines(cell: Cell): PlacedTimesheetLine[] {
  return cell.timesheetLines.filter((l) => approved(l) && !l.notBillable);
}

export function billableUnits(cell: Cell): Dec {
  return totalsOf(cell).billable;
}

export function invoicedUnits(cell: Cell): Dec {
  return totalsOf(cell).invoiced;
}

export function paidUnits(cell: Cell): Dec {
  return totalsOf(cell).paid;
}

/** The day whose rate prices the cell: its latest approved work day, else its Sunday clamped into the placement. */
export function pricingDay(cell: Cell): IsoDate {
  let latest: IsoDate | undefined;
  for (const l of cell.timesheetLines) if (approved(l) && !l.notBillable && (!latest || l.line.workDate > latest)) latest = l.line.workDate;
  return latest ?? clampIntoPlacement(cell.placement, cell.week);
}

export function clampIntoPlacement(placement: Placement, day: IsoDate): IsoDate {
  let d = maxDate(day, placement.startDate);
  if (placement.endDate) d = minDate(d, placement.endDate);
  return d;
}

export function contractRate(cell: Cell, ctx: CheckContext): RateRow | undefined {
  const facts = (cell.facts ??= {});
  if (facts.rate === undefined) facts.rate = ctx.rates.inForce(cell.placement, cell.rateType, pricingDay(cell)) ?? null;
  return facts.rate ?? undefined;
}

export function contractCurrency(cell: Pick<Cell, 'placement' | 'client'>): string | undefined {
  return cell.placement.currency ?? cell.client.currency;
}

export function unitLabel(row: RateRow | undefined, units: Dec): string {
  const unit = row?.unit ?? 'hour';
  const n = unitsString(units);
  if (unit === 'hour') return `${n} h`;
  return `${n} ${unit}${units.eq(1) ? '' : 's'}`;
}

export function perUnit(row: RateRow | undefined): string {
  return row?.unit === 'hour' || !row ? '/h' : `/${row.unit}`;
}

export function rateTypeLabel(rateType: TimeRateType | string): string {
  return rateType.replace(/_/g, ' ');
}

export function money(value: Dec, currency: string | undefined): string {
  return formatMoney(value, currency);
}

/** Fields every cell-level finding carries. */
export function cellFields(cell: Cell): Finding['fields'] {
  return {
    client_id: cell.client.clientId,
    client_name: cell.client.name,
    placement_id: cell.placement.placementId,
    worker_name: cell.placement.candidateName,
    week_ending: cell.week,
    rate_type: cell.rateType,
  };
}

export function weekLabel(week: IsoDate): string {
  return `week ending ${week}`;
}

export function previousDay(day: IsoDate): IsoDate {
  return addDays(day, -1);
}

/** as_of is the last day of work judged: a week that starts after it is not judged yet. */
export function isJudged(cell: Pick<Cell, 'week'>, ctx: Pick<CheckContext, 'asOf'>): boolean {
  return weekStart(cell.week) <= ctx.asOf;
}
