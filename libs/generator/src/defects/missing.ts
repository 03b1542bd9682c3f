import { dec } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import { cellKey } from '../context';
import type { Cell } from '../model';
import type { Rng } from '../prng';
import { addTruth, cellUsable, claimCell, removeInvLine, removePayLine, shuffledCells } from './common';

function wipe(ctx: Ctx, cell: Cell): number {
  const hours = (cell.sheet?.lines ?? []).filter((l) => l.status === 'approved').reduce((s, l) => s + l.units, 0);
  if (cell.sheet) cell.sheet.lines = [];
  cell.sheet = undefined;
  for (const l of [...cell.inv]) removeInvLine(cell, l);
  for (const l of [...cell.pay]) removePayLine(cell, l);
  addTruth(ctx, {
    category: 'MISSING_TIMESHEET',
    refs: () => ({ placement_id: cell.placement.id, week_ending: cell.week }),
    value: dec(0),
    currency: cell.placement.currency,
    note: `no timesheet, invoice or pay for the week (usually ~${hours} ${cell.placement.job.unit === 'day' ? 'days' : 'hours'})`,
    placementId: cell.placement.id,
    weekEnding: cell.week,
  });
  return hours;
}

export function injectMissing(ctx: Ctx, rng: Rng, n: number): void {
  let made = 0;
  for (const cell of shuffledCells(ctx, rng)) {
    if (made >= n) return;
    if (!cellUsable(ctx, cell, 'MISSING_TIMESHEET')) continue;
    const next = ctx.cells.get(cellKey(cell.placement.id, addDays(cell.week, 7)));
    const twoWeeks = made % 4 === 3 && next !== undefined && next.normal && ctx.reserve.cellFree(next.placement.id, next.week);
    claimCell(ctx, cell, 'MISSING_TIMESHEET');
    wipe(ctx, cell);
    made++;
    if (twoWeeks && next) {
      ctx.reserve.takeCell(next.placement.id, next.week);
      wipe(ctx, next);
      made++;
    }
  }
}
