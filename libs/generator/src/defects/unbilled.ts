import type { Dec, TimeRateType } from '@closegap/domain';
import { dec, roundCents } from '@closegap/domain';
import type { Ctx } from '../context';
import type { Cell } from '../model';
import type { Rng } from '../prng';
import { addTruth, approvedLines, invLine, removeInvLine, runCellDefects, sheetRefs } from './common';

/** Missing units are the latest approved days, each valued at its own rate in force (docs/checks.md). */
export function unbilledValue(ctx: Ctx, cell: Cell, rt: TimeRateType, invoiced: number): Dec {
  let cover = invoiced;
  let value = dec(0);
  for (const l of approvedLines(cell.sheet, rt)) {
    const take = Math.min(l.units, cover);
    cover -= take;
    const rest = l.units - take;
    if (rest > 0) value = value.plus(ctx.book.inForce(cell.placement, rt, l.date)?.bill.times(rest) ?? 0);
  }
  return value;
}

export function injectUnbilled(ctx: Ctx, rng: Rng, n: number): void {
  const record = (cell: Cell, rt: TimeRateType, invoiced: number, note: string): void => {
    const sheet = cell.sheet;
    if (!sheet) return;
    addTruth(ctx, {
      category: 'UNBILLED_TIME',
      refs: sheetRefs(sheet, rt),
      value: unbilledValue(ctx, cell, rt, invoiced),
      currency: cell.placement.currency,
      note,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
  };
  const dropLine = (rt: TimeRateType, note: string) => (cell: Cell): boolean => {
    const line = invLine(cell, rt);
    if (!line) return false;
    removeInvLine(cell, line);
    record(cell, rt, 0, note);
    return true;
  };
  const lastDay = (cell: Cell): boolean => {
    const lines = approvedLines(cell.sheet, 'standard');
    const line = invLine(cell, 'standard');
    if (!line || lines.length < 2) return false;
    line.qty -= lines[lines.length - 1].units;
    line.amount = roundCents(line.price.times(line.qty));
    record(cell, 'standard', line.qty, 'last day of the week left off the invoice');
    return true;
  };
  const partial = (cell: Cell): boolean => {
    const line = invLine(cell, 'standard');
    const cut = cell.placement.job.unit === 'day' ? 1 : 4;
    if (!line || line.qty <= cut * 2) return false;
    line.qty -= cut;
    line.amount = roundCents(line.price.times(line.qty));
    record(cell, 'standard', line.qty, `${cut} unit(s) short on the invoice`);
    return true;
  };
  runCellDefects(ctx, rng, 'UNBILLED_TIME', n, [
    dropLine('overtime', 'approved overtime never invoiced'),
    lastDay,
    dropLine('standard', 'approved week never invoiced'),
    partial,
  ]);
}
