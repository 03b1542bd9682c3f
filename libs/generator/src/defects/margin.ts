import type { Dec } from '@closegap/domain';
import { dec } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import type { Placement, RateRow } from '../model';
import type { Rng } from '../prng';
import { reprice } from '../activity';
import { addTruth, catKey, cellsOf } from './common';

/** Bill rates whose reciprocal terminates, so margins are exact decimals and values round identically. */
const NICE_HOURLY = [32, 40, 50, 64, 80];
const NICE_DAILY = [400, 500, 640, 800];

function payAt(bill: Dec, marginPct: number): Dec {
  return bill.times(100 - marginPct).div(100);
}

function lowMarginValue(ctx: Ctx, p: Placement, low: RateRow, floor: Dec): { value: Dec; weeks: Set<string> } {
  const margin = low.bill.minus(low.pay ?? 0).div(low.bill).times(100);
  let value = dec(0);
  const weeks = new Set<string>();
  for (const cell of cellsOf(ctx, p)) {
    const sheet = cell.sheet;
    if (!sheet) continue;
    for (const l of sheet.lines) {
      if (l.status !== 'approved' || l.rt !== 'standard' || l.date < p.start || (p.end && l.date > p.end) || l.date > ctx.cal.asOf) continue;
      if (ctx.book.inForce(p, 'standard', l.date) !== low) continue;
      value = value.plus(floor.minus(margin).div(100).times(low.bill).times(l.units));
      weeks.add(sheet.week);
    }
  }
  return { value, weeks };
}

type Mode = 'whole' | 'payRise' | 'clientFloor';

function apply(ctx: Ctx, rng: Rng, p: Placement, mode: Mode): boolean {
  const cells = cellsOf(ctx, p).sort((a, b) => (a.week < b.week ? -1 : 1));
  if (cells.filter((c) => c.normal).length < 3) return false;
  const floorPct = p.client.floorPct ?? 15;
  const bill = dec(rng.pick(p.job.unit === 'day' ? NICE_DAILY : NICE_HOURLY));
  const lowMargin = mode === 'clientFloor' ? floorPct - rng.int(2, 4) : floorPct - rng.int(2, 7);
  const row = { level: 'placement' as const, placementId: p.id, rateType: 'standard' as const, unit: p.job.unit, bill, sourceRef: `SOW-${p.id.slice(4)}` };
  let low: RateRow;
  if (mode === 'payRise') {
    const e = addDays(cells[Math.floor(cells.length / 2)].week, -6);
    if (e <= p.start) return false;
    ctx.book.add({ ...row, pay: payAt(bill, floorPct + rng.int(8, 15)), from: p.start, agreed: addDays(p.start, -4) });
    low = ctx.book.add({ ...row, pay: payAt(bill, lowMargin), from: e, agreed: addDays(e, -5), sourceRef: row.sourceRef + '-PAY' });
  } else {
    low = ctx.book.add({ ...row, pay: payAt(bill, lowMargin), from: p.start, agreed: addDays(p.start, -3) });
  }
  for (const c of cells) reprice(ctx, c);
  for (const c of cells) for (const l of c.inv) l.inv.touched = true;
  ctx.reserve.takePlacement(p.id);
  ctx.reserve.take(catKey('MARGIN_BELOW_THRESHOLD', p.id));
  const { value, weeks } = lowMarginValue(ctx, p, low, dec(floorPct));
  addTruth(ctx, {
    category: 'MARGIN_BELOW_THRESHOLD',
    refs: () => ({ placement_id: p.id, rate_type: 'standard' }),
    value,
    currency: p.currency,
    recurring: weeks.size > 1,
    note: `${mode === 'payRise' ? 'pay rise not passed on: ' : ''}bill ${bill.toFixed(2)}, pay ${low.pay?.toFixed(2)}: margin ${lowMargin}% against a floor of ${floorPct}%${p.client.floorPct ? ' (client)' : ''}`,
    placementId: p.id,
    clientId: p.client.id,
  });
  return true;
}

export function injectMargin(ctx: Ctx, rng: Rng, n: number): void {
  const modes: Mode[] = ['whole', 'payRise', 'clientFloor'];
  let made = 0;
  for (const p of rng.shuffle(ctx.placements.filter((q) => q.type === 'contract'))) {
    if (made >= n) return;
    if (!ctx.reserve.placementFree(p.id) || ctx.book.placementRows(p, 'standard').length > 0) continue;
    let mode = modes[made % modes.length];
    if (mode === 'clientFloor' && p.client.floorPct === undefined) continue;
    if (mode !== 'clientFloor' && p.client.floorPct !== undefined && made % 2 === 0) mode = 'clientFloor';
    if (apply(ctx, rng, p, mode)) made++;
  }
}
