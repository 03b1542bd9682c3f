import type { TimeRateType } from '@closegap/domain';
import { dec } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import type { Cell, TsLine } from '../model';
import type { Rng } from '../prng';
import { addLine, sortLines } from '../activity';
import { daysOfWeek } from '../calendar';
import { rateCode } from '../vocab';
import { addTruth, approvedLines, runCellDefects, sheetRefs } from './common';

export function injectRateNotInContract(ctx: Ctx, rng: Rng, n: number): void {
  const apply = (cell: Cell, rt: TimeRateType, days: (cell: Cell) => string[], units: () => number, note: string): boolean => {
    const p = cell.placement;
    const sheet = cell.sheet;
    if (!sheet || p.job.unit !== 'hour') return false;
    if (daysOfWeek(cell.week).some((d) => ctx.book.inForce(p, rt, d))) return false;
    const when = days(cell).filter((d) => d >= p.start && (!p.end || d <= p.end) && d <= ctx.cal.asOf);
    if (when.length === 0) return false;
    const at = approvedLines(sheet, 'standard')[0]?.approvedAt;
    const added: TsLine[] = when.map((d) => addLine(sheet, d, rt, units(), rateCode(p.client, rt, 'hour'), 'approved', at));
    sortLines(sheet.lines);
    const value = added.reduce((s, l) => s.plus(ctx.book.inForce(p, 'standard', l.date)?.bill.times(l.units) ?? 0), dec(0));
    addTruth(ctx, {
      category: 'RATE_NOT_IN_CONTRACT',
      refs: sheetRefs(sheet, rt),
      value,
      currency: p.currency,
      note,
      placementId: p.id,
      weekEnding: cell.week,
    });
    return true;
  };
  const weekdays = (count: number) => (cell: Cell): string[] =>
    rng.shuffle(approvedLines(cell.sheet, 'standard').map((l) => l.date)).slice(0, count).sort();
  runCellDefects(ctx, rng, 'RATE_NOT_IN_CONTRACT', n, [
    (cell) => apply(cell, 'overtime', weekdays(rng.int(1, 2)), () => rng.int(3, 6) / 2, 'approved overtime, but the contract has no overtime rate'),
    (cell) => apply(cell, 'weekend', (c) => [addDays(c.week, -1)], () => rng.int(4, 8), 'approved Saturday work, but the contract has no weekend rate'),
    (cell) => apply(cell, 'night', weekdays(1), () => 4, 'approved night cover, but the contract has no night rate'),
  ]);
}
