import type { Dec } from '@closegap/domain';
import { dec, roundCents } from '@closegap/domain';
import { addDays } from './days';
import type { Ctx } from './context';
import { cellKey, nextSeq } from './context';
import type { Invoice, InvLine, Placement } from './model';
import type { Rng } from './prng';
import { newInvoice, weekLabel } from './activity';
import { isoWeekNo } from './calendar';
import { snapWeekday } from './placements';
import { itemName } from './vocab';

export function expectedFee(p: Placement): Dec {
  if (p.feeAmount) return p.feeAmount;
  return (p.salary ?? dec(0)).times(p.feePct ?? dec(0)).div(100);
}

export function feeLine(inv: Invoice, p: Placement, price: Dec): InvLine {
  const line: InvLine = {
    inv,
    placement: p,
    rt: 'perm_fee',
    item: itemName(p.client, 'perm_fee', 'hour'),
    showRt: false,
    qty: 1,
    price,
    amount: roundCents(price),
    desc: `Permanent placement: ${p.cand.name} - ${p.jobTitle} (start ${p.start})`,
    placementRef: p.invRefs ? p.id : undefined,
    workerName: p.cand.invName,
  };
  inv.lines.push(line);
  return line;
}

export function buildPermFees(ctx: Ctx, rng: Rng): void {
  for (const p of ctx.placements) {
    if (p.type !== 'perm' || p.status === 'cancelled' || p.start > ctx.cal.asOf) continue;
    const inv = newInvoice(ctx, rng, p, snapWeekday(addDays(p.start, rng.int(0, 6))));
    ctx.feeLines.set(p.id, feeLine(inv, p, roundCents(expectedFee(p))));
  }
}

/** A clean quirk: an invoice voided (with a mistake on it) and reissued correctly the same day. */
export function addVoidReissues(ctx: Ctx, rng: Rng): void {
  const last = ctx.cal.weeks[ctx.cal.weeks.length - 1];
  const pool = ctx.invoices.filter((i) => i.status !== 'draft' && i.lines.length > 0 && i.date <= last);
  const n = Math.max(1, Math.round(6 * ctx.scale));
  for (const orig of rng.shuffle(pool).slice(0, n)) {
    orig.touched = true;
    const copy: Invoice = { ...orig, seq: orig.seq - 0.5, status: 'void', lines: [], touched: true };
    for (const l of orig.lines) {
      if (l.placement && l.week) {
        const cell = ctx.cells.get(cellKey(l.placement.id, l.week));
        if (cell) cell.normal = false;
      }
      copy.lines.push({ ...l, inv: copy });
    }
    const wrong = rng.pick(copy.lines);
    wrong.qty = wrong.qty + (wrong.rt === 'perm_fee' ? 0 : 1);
    wrong.price = wrong.rt === 'perm_fee' ? wrong.price.times('1.1').toDecimalPlaces(2) : wrong.price;
    wrong.amount = roundCents(wrong.price.times(wrong.qty));
    ctx.invoices.push(copy);
  }
}

export function buildCredits(ctx: Ctx, rng: Rng): void {
  const pool = ctx.invoices.filter((i) => i.client && (i.status === 'sent' || i.status === 'paid') && i.lines.some((l) => l.week));
  if (pool.length === 0) return;
  const n = Math.max(3, Math.round(16 * ctx.scale));
  const keys = new Set<string>();
  for (let i = 0; i < n * 3 && ctx.credits.length < n; i++) {
    const inv = rng.pick(pool);
    const line = rng.pick(inv.lines.filter((l) => l.week));
    const p = line.placement;
    if (!p || !line.week || !inv.client) continue;
    const kind = rng.weighted([['rate', 45], ['error', 35], ['goodwill', 20]] as const);
    let amount: Dec;
    let memo: string;
    if (kind === 'rate') {
      amount = dec(rng.int(2, 8) * 25).div(100).times(line.qty);
      memo = `rate correction wk ${isoWeekNo(line.week)} ${p.cand.short}`;
    } else if (kind === 'error') {
      const hours = Math.min(line.qty, rng.int(1, 4));
      amount = line.price.times(hours);
      memo = `${hours} ${p.job.unit === 'day' ? 'day(s)' : 'hrs'} billed in error ${weekLabel(inv.client.ukDates, line.week)} ${p.cand.short}`;
    } else {
      amount = dec(rng.int(5, 50) * 5);
      memo = 'Goodwill credit - timesheet query';
    }
    amount = roundCents(amount);
    // only invoices with several placements are named: a defect may later empty a one-placement invoice
    const withInvoice = rng.chance(0.75) && new Set(inv.lines.map((l) => l.placement)).size > 1;
    const key = `${inv.client.id}|${inv.currency}|${amount.toFixed(2)}|${withInvoice ? inv.seq : ''}`;
    if (keys.has(key) || amount.lte(0)) continue;
    keys.add(key);
    ctx.credits.push({
      seq: nextSeq(ctx, 'credit'),
      date: addDays(inv.date, rng.int(5, 25)),
      client: inv.client,
      customerName: inv.client.creditName,
      currency: inv.currency,
      amount,
      invoice: withInvoice ? inv : undefined,
      memo,
    });
  }
}
