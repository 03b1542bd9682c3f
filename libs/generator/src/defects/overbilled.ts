import { roundCents } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import type { Cell, InvLine } from '../model';
import type { Rng } from '../prng';
import { cellRate, newInvoice, timeLine } from '../activity';
import { addTruth, approvedLines, invLine, payOf, runCellDefects } from './common';

export function injectOverbilled(ctx: Ctx, rng: Rng, n: number): void {
  const free = (line: InvLine, rt: string): boolean => !ctx.reserve.has(`OB|${line.inv.seq}|${rt}`);
  const record = (cell: Cell, line: InvLine, excess: number, note: string): void => {
    ctx.reserve.take(`OB|${line.inv.seq}|${line.rt}`);
    line.inv.touched = true;
    addTruth(ctx, {
      category: 'OVERBILLED_TIME',
      refs: () => ({ invoice_number: line.inv.number ?? '', rate_type: line.rt }),
      value: line.price.times(excess),
      currency: cell.placement.currency,
      note,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
  };
  const extraUnits = (cell: Cell): boolean => {
    const line = invLine(cell, 'standard');
    if (!line || !free(line, 'standard')) return false;
    const extra = cell.placement.job.unit === 'day' ? 1 : rng.int(2, 8);
    line.qty += extra;
    line.amount = roundCents(line.price.times(line.qty));
    record(cell, line, extra, `invoiced ${extra} more units than approved`);
    return true;
  };
  const phantomOvertime = (cell: Cell): boolean => {
    const std = invLine(cell, 'standard');
    const p = cell.placement;
    if (!std || !free(std, 'overtime') || p.job.unit !== 'hour' || cell.sheet?.lines.some((l) => l.rt === 'overtime')) return false;
    const row = cellRate(ctx, p, cell.week, 'overtime', cell.sheet);
    if (!row) return false;
    const line = timeLine(rng, std.inv, p, cell.week, 'overtime', rng.int(2, 6), row.bill);
    cell.inv.push(line);
    record(cell, line, line.qty, 'overtime invoiced with no approved overtime');
    return true;
  };
  const unapprovedDay = (cell: Cell): boolean => {
    const lines = approvedLines(cell.sheet, 'standard');
    const line = invLine(cell, 'standard');
    const pay = payOf(cell, 'standard');
    if (!line || !pay || lines.length < 2 || !free(line, 'standard')) return false;
    const last = lines[lines.length - 1];
    last.status = 'submitted';
    last.approvedAt = undefined;
    pay.units -= last.units;
    pay.amount = roundCents(pay.rate.times(pay.units));
    record(cell, line, last.units, `billed ${last.date} before its timesheet line was approved`);
    return true;
  };
  const supplementary = (cell: Cell): boolean => {
    const std = invLine(cell, 'standard');
    if (!std) return false;
    const p = cell.placement;
    const extra = p.job.unit === 'day' ? 1 : rng.int(3, 8);
    if (extra === std.qty) return false;
    const inv = newInvoice(ctx, rng, p, addDays(cell.week, p.client.invoiceLag + 7));
    const line = timeLine(rng, inv, p, cell.week, 'standard', extra, std.price);
    line.desc = `${line.desc} (additional hours)`;
    cell.inv.push(line);
    record(cell, line, extra, 'supplementary invoice for hours nobody approved');
    return true;
  };
  runCellDefects(ctx, rng, 'OVERBILLED_TIME', n, [extraUnits, phantomOvertime, unapprovedDay, supplementary]);
}
