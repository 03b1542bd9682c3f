import type { TimeRateType } from '@closegap/domain';
import { dec, roundCents } from '@closegap/domain';
import type { Ctx } from '../context';
import type { Cell, PayLine } from '../model';
import type { Rng } from '../prng';
import { cellRate, runFor } from '../activity';
import { addTruth, approvedLines, invLine, lineRefs, payOf, payRefs, removePayLine, runCellDefects } from './common';

export function injectBilledNotPaid(ctx: Ctx, rng: Rng, n: number): void {
  const record = (cell: Cell, rt: TimeRateType, shortfall: number, note: string): boolean => {
    const line = invLine(cell, rt);
    const row = cellRate(ctx, cell.placement, cell.week, rt, cell.sheet);
    if (!line || !row) return false;
    addTruth(ctx, {
      category: 'BILLED_NOT_PAID',
      refs: lineRefs(line),
      value: (row.pay ?? dec(0)).times(shortfall),
      currency: cell.placement.currency,
      note,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
    return true;
  };
  const shortPay = (cut: (cell: Cell) => number | undefined, note: string) => (cell: Cell): boolean => {
    const pay = payOf(cell, 'standard');
    const units = cut(cell);
    if (!pay || units === undefined || units <= 0 || units >= pay.units) return false;
    pay.units -= units;
    pay.amount = roundCents(pay.rate.times(pay.units));
    return record(cell, 'standard', units, note);
  };
  const unpaid = (rt: TimeRateType, note: string) => (cell: Cell): boolean => {
    const pay = payOf(cell, rt);
    if (!pay || !invLine(cell, rt)) return false;
    removePayLine(cell, pay);
    return record(cell, rt, pay.units, note);
  };
  runCellDefects(ctx, rng, 'BILLED_NOT_PAID', n, [
    shortPay((cell) => {
      const lines = approvedLines(cell.sheet, 'standard');
      return lines.length >= 2 ? lines[lines.length - 1].units : undefined;
    }, 'last day of the week not paid'),
    unpaid('overtime', 'overtime billed but never paid'),
    unpaid('standard', 'worker not paid for a billed week'),
    shortPay((cell) => (cell.placement.job.unit === 'day' ? 1 : 4), 'paid short of the approved and billed units'),
  ]);
}

export function injectPaidNotBilled(ctx: Ctx, rng: Rng, n: number): void {
  const record = (cell: Cell, line: PayLine, excess: number, note: string): boolean => {
    const row = cellRate(ctx, cell.placement, cell.week, line.rt, cell.sheet);
    if (!row) return false;
    addTruth(ctx, {
      category: 'PAID_NOT_BILLED',
      refs: payRefs(line),
      value: row.bill.times(excess),
      currency: cell.placement.currency,
      note,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
    return true;
  };
  const extraUnits = (cell: Cell): boolean => {
    const pay = payOf(cell, 'standard');
    if (!pay) return false;
    const extra = cell.placement.job.unit === 'day' ? 1 : rng.int(2, 6);
    pay.units += extra;
    pay.amount = roundCents(pay.rate.times(pay.units));
    return record(cell, pay, extra, `paid ${extra} units more than approved or billed`);
  };
  const adjustment = (cell: Cell): boolean => {
    const pay = payOf(cell, 'standard');
    if (!pay) return false;
    const extra = cell.placement.job.unit === 'day' ? 1 : rng.int(3, 8);
    const run = runFor(ctx, cell.week, '-ADJ');
    const line: PayLine = { ...pay, run, units: extra, amount: roundCents(pay.rate.times(extra)), id: undefined };
    run.lines.push(line);
    cell.pay.push(line);
    return record(cell, line, extra, 'off-cycle adjustment paid hours no timesheet or invoice covers');
  };
  const duplicate = (cell: Cell): boolean => {
    const pay = payOf(cell, 'standard');
    if (!pay) return false;
    const line: PayLine = { ...pay, id: undefined };
    pay.run.lines.splice(pay.run.lines.indexOf(pay) + 1, 0, line);
    cell.pay.push(line);
    return record(cell, line, line.units, 'pay line keyed twice in the same pay run');
  };
  runCellDefects(ctx, rng, 'PAID_NOT_BILLED', n, [extraUnits, adjustment, duplicate]);
}

export function injectPayRateVariance(ctx: Ctx, rng: Rng, n: number): void {
  const apply = (cell: Cell, rt: TimeRateType, rate: (contract: PayLine['rate']) => PayLine['rate'] | undefined, note: string): boolean => {
    const pay = payOf(cell, rt);
    const row = cellRate(ctx, cell.placement, cell.week, rt, cell.sheet);
    if (!pay || !row?.pay) return false;
    const wrong = rate(row.pay);
    if (!wrong || wrong.lte(0) || wrong.eq(row.pay)) return false;
    pay.rate = wrong;
    pay.amount = roundCents(wrong.times(pay.units));
    addTruth(ctx, {
      category: 'PAY_RATE_VARIANCE',
      refs: payRefs(pay),
      value: row.pay.minus(wrong).abs().times(pay.units),
      currency: cell.placement.currency,
      note,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
    return true;
  };
  const delta = (cell: Cell): number => (cell.placement.job.unit === 'day' ? rng.int(2, 8) * 5 : rng.int(2, 8) / 4);
  runCellDefects(ctx, rng, 'PAY_RATE_VARIANCE', n, [
    (cell) => apply(cell, 'standard', (c) => c.plus(delta(cell)), 'paid above the contract pay rate'),
    (cell) => apply(cell, 'standard', (c) => c.minus(delta(cell)), 'paid below the contract pay rate'),
    (cell) => apply(cell, 'standard', () => supersededPay(ctx, cell), 'payroll still on the pay rate before the increase'),
    (cell) => {
      const std = cellRate(ctx, cell.placement, cell.week, 'standard', cell.sheet);
      return apply(cell, 'overtime', () => std?.pay, 'overtime paid at the standard pay rate');
    },
  ]);
}

/** The pay rate of the row the rate in force displaced, when it differs. */
function supersededPay(ctx: Ctx, cell: Cell): PayLine['rate'] | undefined {
  const row = cellRate(ctx, cell.placement, cell.week, 'standard', cell.sheet);
  if (!row?.pay) return undefined;
  const p = cell.placement;
  const same = row.level === 'placement' ? ctx.book.placementRows(p, 'standard') : ctx.book.cardRows(p, 'standard');
  const older = same.filter((r) => r.from < row.from && r.pay && !r.pay.eq(row.pay ?? 0)).sort((a, b) => (a.from < b.from ? 1 : -1));
  return older[0]?.pay;
}
