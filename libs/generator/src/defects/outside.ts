import { dec } from '@closegap/domain';
import { addDays, isoWeekday, weekEnding } from '../days';
import type { Ctx } from '../context';
import { cellKey } from '../context';
import type { Placement, Timesheet, TsLine } from '../model';
import type { Rng } from '../prng';
import { addLine, approvedAt, newSheet, sortLines } from '../activity';
import { isWeekday } from '../calendar';
import { rateCode } from '../vocab';
import { addTruth, catKey } from './common';

/** Rate for a day outside the placement: in force that day, else on the nearest placement day, else standard. */
function outsideRate(ctx: Ctx, p: Placement, l: TsLine) {
  const nearest = l.date < p.start ? p.start : (p.end ?? l.date);
  return (ctx.book.inForce(p, l.rt, l.date) ?? ctx.book.inForce(p, l.rt, nearest) ?? ctx.book.inForce(p, 'standard', l.date))?.bill;
}

type Mode = 'afterEnd' | 'restOfWeek' | 'beforeStart';

function plan(ctx: Ctx, p: Placement, mode: Mode): string[] {
  const { dataFrom, asOf } = ctx.cal;
  if (mode === 'beforeStart') {
    if (p.start < addDays(dataFrom, 7) || p.start > asOf) return [];
    const day = isoWeekday(p.start) === 0 ? addDays(p.start, -3) : addDays(p.start, -1);
    return [day];
  }
  if (!p.end || p.end < dataFrom || p.end > asOf) return [];
  const wd = isoWeekday(p.end);
  if (mode === 'restOfWeek') return wd < 4 ? [1, 2].map((k) => addDays(p.end ?? '', k)).filter(isWeekday) : [];
  if (wd !== 4) return [];
  return [addDays(p.end, 3), addDays(p.end, 4)].filter((d) => d <= asOf);
}

function sheetFor(ctx: Ctx, p: Placement, week: string): Timesheet | undefined {
  const cell = ctx.cells.get(cellKey(p.id, week));
  if (cell) return cell.normal && cell.sheet ? cell.sheet : undefined;
  return newSheet(ctx, p, week, { id: p.cand.tsId, name: p.cand.tsName }, p.client.tsName, p.tsRefs ? p.id : undefined);
}

export function injectOutside(ctx: Ctx, rng: Rng, n: number): void {
  const perCandidate = new Map<string, number>();
  for (const p of ctx.placements) perCandidate.set(p.cand.id, (perCandidate.get(p.cand.id) ?? 0) + 1);
  const modes: Mode[] = ['afterEnd', 'restOfWeek', 'beforeStart'];
  let made = 0;
  for (const p of rng.shuffle(ctx.placements.filter((q) => q.type === 'contract' && q.status !== 'cancelled'))) {
    if (made >= n) return;
    if (perCandidate.get(p.cand.id) !== 1 || ctx.reserve.has(catKey('TIME_OUTSIDE_PLACEMENT', p.id))) continue;
    if (!ctx.reserve.placementFree(p.id)) continue;
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(made + k) % modes.length];
      if (mode === 'beforeStart' && ctx.book.placementRows(p, 'standard').length > 0) continue;
      const days = plan(ctx, p, mode);
      if (days.length === 0) continue;
      const week = weekEnding(days[0]);
      if (week > ctx.cal.asOf) continue;
      const sheet = sheetFor(ctx, p, week);
      if (!sheet) continue;
      const at = approvedAt(rng, week);
      const units = p.job.unit === 'day' ? 1 : p.client.stdHours;
      const added = days.map((d) => addLine(sheet, d, 'standard', units, rateCode(p.client, 'standard', p.job.unit), 'approved', at));
      sortLines(sheet.lines);
      const value = added.reduce((s, l) => s.plus(outsideRate(ctx, p, l)?.times(l.units) ?? 0), dec(0));
      for (const w of [addDays(week, -7), week, addDays(week, 7)]) ctx.reserve.takeCell(p.id, w);
      ctx.reserve.take(catKey('TIME_OUTSIDE_PLACEMENT', p.id));
      addTruth(ctx, {
        category: 'TIME_OUTSIDE_PLACEMENT',
        refs: () => ({ timesheet_id: sheet.id ?? '' }),
        value,
        currency: p.currency,
        note: `${days.length} approved day(s) ${mode === 'beforeStart' ? `before the start on ${p.start}` : `after the end on ${p.end}`}`,
        placementId: p.id,
        weekEnding: week,
      });
      made++;
      break;
    }
  }
}
