import { ZERO, moneyString, unitsString } from '@closegap/domain';
import type { Dec, ExceptionRecord } from '@closegap/domain';
import { approvedUnits, contractRate, invoicedUnits, paidUnits } from '@closegap/rules';
import type { Cell, CheckContext } from '@closegap/rules';

export const MATCH_COLUMNS = [
  'placement_id',
  'client_id',
  'client_name',
  'worker_name',
  'week_ending',
  'rate_type',
  'approved_units',
  'invoiced_units',
  'paid_units',
  'contract_bill_rate',
  'contract_pay_rate',
  'invoiced_rate',
  'paid_rate',
  'billed_amount',
  'paid_amount',
  'margin',
  'currency',
  'status',
] as const;

export type MatchRow = Record<(typeof MATCH_COLUMNS)[number], string>;

/** `matches.csv`: one row per placement, week and rate type, `matched` or the ids of its exceptions. */
export function buildMatches(cells: readonly Cell[], exceptions: readonly ExceptionRecord[], ctx: CheckContext): MatchRow[] {
  const idsByCell = new Map<string, string[]>();
  for (const e of exceptions) {
    if (!e.placement_id || !e.week_ending || !e.rate_type) continue;
    const key = `${e.placement_id}|${e.week_ending}|${e.rate_type}`;
    const list = idsByCell.get(key) ?? [];
    list.push(e.exception_id);
    idsByCell.set(key, list);
  }
  const rows = cells.map((cell): MatchRow => {
    const rate = contractRate(cell, ctx);
    let billed = ZERO;
    for (const l of cell.invoiceLines) billed = billed.plus(l.line.amount);
    let paid = ZERO;
    for (const l of cell.payLines) paid = paid.plus(l.line.amount);
    const ids = idsByCell.get(cell.key);
    return {
      placement_id: cell.placement.placementId,
      client_id: cell.client.clientId,
      client_name: cell.client.name,
      worker_name: cell.placement.candidateName,
      week_ending: cell.week,
      rate_type: cell.rateType,
      approved_units: unitsString(approvedUnits(cell)),
      invoiced_units: unitsString(invoicedUnits(cell)),
      paid_units: unitsString(paidUnits(cell)),
      contract_bill_rate: rate ? moneyString(rate.billRate) : '',
      contract_pay_rate: rate?.payRate ? moneyString(rate.payRate) : '',
      invoiced_rate: distinct(cell.invoiceLines.map((l) => l.line.unitPrice)),
      paid_rate: distinct(cell.payLines.map((l) => l.line.payRate)),
      billed_amount: moneyString(billed),
      paid_amount: moneyString(paid),
      margin: moneyString(billed.minus(paid)),
      currency: cell.placement.currency ?? cell.client.currency ?? '',
      status: ids ? ids.join(' ') : 'matched',
    };
  });
  const keyed = rows.map((row) => ({ row, key: `${row.placement_id}|${row.week_ending}|${row.rate_type}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.row);
}

function distinct(values: Dec[]): string {
  return [...new Set(values.map((v) => moneyString(v)))].join(' ');
}
