import type { Dec } from '@closegap/domain';
import { roundCents } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import type { Cell, Placement, RateRow } from '../model';
import type { Rng } from '../prng';
import { cellRate, reprice } from '../activity';
import { addTruth, catKey, cellsOf, invLine, lineRefs, runCellDefects } from './common';

type Mode = 'retro' | 'once' | 'recurring';

function raised(old: Dec, unit: 'hour' | 'day', rng: Rng): Dec {
  return unit === 'day' ? old.plus(rng.int(2, 8) * 5) : old.plus(rng.int(2, 8) / 4);
}

/**
 * A placement-level rate increase from a Monday E, with invoices still at the old rate:
 * retroactive (agreed after the invoices were sent), a one-off lag, or a recurring one.
 */
function placementDrift(ctx: Ctx, rng: Rng, p: Placement, mode: Mode): boolean {
  if (p.type !== 'contract' || !ctx.reserve.placementFree(p.id) || ctx.reserve.has(catKey('CONTRACT_DRIFT', p.id))) return false;
  if (ctx.book.placementRows(p, 'standard').length > 0) return false;
  const cells = cellsOf(ctx, p).sort((a, b) => (a.week < b.week ? -1 : 1));
  const normal = cells.filter((c) => c.normal && invLine(c, 'standard'));
  if (normal.length < 4) return false;
  const first = normal[rng.int(1, normal.length - 3)];
  const e = addDays(first.week, -6);
  if (e <= p.start) return false;
  const card = ctx.book.inForce(p, 'standard', addDays(e, -1));
  if (!card?.pay) return false;
  const newBill = raised(card.bill, p.job.unit, rng);
  const agreed = mode === 'retro' ? addDays(e, 7 * rng.int(2, 3) + rng.int(1, 3)) : addDays(e, -rng.int(5, 15));
  const sourceRef = `SOW-${p.id.slice(4)}`;
  const base = { level: 'placement' as const, placementId: p.id, rateType: 'standard' as const, unit: p.job.unit, pay: card.pay };
  const old = ctx.book.add({ ...base, bill: card.bill, from: p.start, to: rng.chance(0.5) ? addDays(e, -1) : undefined, agreed: addDays(p.start, -7), sourceRef });
  const row = ctx.book.add({ ...base, bill: newBill, from: e, agreed, sourceRef: sourceRef + '-R1' });
  for (const c of cells) reprice(ctx, c);
  const after = normal.filter((c) => c.week >= first.week);
  let drifted: Cell[];
  if (mode === 'retro') drifted = after.filter((c) => (invLine(c, 'standard')?.inv.date ?? '') < agreed);
  else if (mode === 'once') drifted = after.slice(0, 1);
  else drifted = after.slice(0, Math.min(after.length, rng.int(2, 4)));
  for (const c of drifted) billOld(ctx, c, old, row, mode);
  ctx.reserve.takePlacement(p.id);
  ctx.reserve.take(catKey('CONTRACT_DRIFT', p.id));
  for (const c of cells) for (const l of c.inv) l.inv.touched = true;
  return drifted.length > 0;
}

function billOld(ctx: Ctx, cell: Cell, old: RateRow, row: RateRow, mode: Mode | 'card'): void {
  const line = invLine(cell, 'standard');
  if (!line) return;
  line.price = old.bill;
  line.amount = roundCents(old.bill.times(line.qty));
  const retroactive = (row.agreed ?? '') > line.inv.date;
  addTruth(ctx, {
    category: 'CONTRACT_DRIFT',
    refs: lineRefs(line),
    value: row.bill.minus(old.bill).abs().times(line.qty),
    currency: cell.placement.currency,
    retroactive,
    note: `${mode === 'card' ? 'client rate card' : 'placement'} rate ${row.bill.toFixed(2)} from ${row.from} (agreed ${row.agreed}), invoiced at the superseded ${old.bill.toFixed(2)}`,
    placementId: cell.placement.id,
    weekEnding: cell.week,
  });
}

/** A client rate-card increase that one invoice did not pick up. */
function cardDrift(ctx: Ctx, cell: Cell): boolean {
  const p = cell.placement;
  if (ctx.book.placementRows(p, 'standard').length > 0) return false;
  const row = cellRate(ctx, p, cell.week, 'standard', cell.sheet);
  if (!row || row.level !== 'card') return false;
  const older = ctx.book.cardRows(p, 'standard').filter((r) => r.from < row.from && !r.bill.eq(row.bill));
  const old = older.sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!old || !invLine(cell, 'standard')) return false;
  billOld(ctx, cell, old, row, 'card');
  return true;
}

export function injectDrift(ctx: Ctx, rng: Rng, n: number): void {
  const modes: Mode[] = ['retro', 'recurring', 'retro', 'once'];
  const placementQuota = Math.max(1, Math.round((n * 2) / 3));
  let made = 0;
  for (const p of rng.shuffle(ctx.placements.filter((q) => q.type === 'contract'))) {
    if (made >= placementQuota) break;
    if (placementDrift(ctx, rng, p, modes[made % modes.length])) made++;
  }
  runCellDefects(ctx, rng, 'CONTRACT_DRIFT', Math.max(1, n - made), [(cell) => cardDrift(ctx, cell)]);
}
