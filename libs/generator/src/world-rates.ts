import type { TimeRateType } from '@closegap/domain';
import { dec, Dec } from '@closegap/domain';
import { addDays } from './days';
import type { Ctx } from './context';
import type { Placement } from './model';
import type { Rng } from './prng';
import type { JobSpec } from './jobs';

const FACTOR: Record<string, number> = { USD: 1, GBP: 0.8, EUR: 0.9, CAD: 1.3 };
export const MULTIPLIER: Partial<Record<TimeRateType, string>> = { overtime: '1.5', double_time: '2', night: '1.2', weekend: '1.25', travel_time: '0.75', on_call: '0.3' };

export interface BasePair {
  bill: Dec;
  pay: Dec;
}

/** Bill rates on a quarter (hourly) or five (daily); pay leaves a margin comfortably above the floor. */
export function basePair(rng: Rng, job: JobSpec, currency: string, floorPct: number | undefined): BasePair {
  const raw = (job.bill[0] + rng.next() * (job.bill[1] - job.bill[0])) * (FACTOR[currency] ?? 1);
  const bill = job.unit === 'day' ? dec(Math.round(raw / 5) * 5) : dec(Math.round(raw * 4) / 4);
  return { bill, pay: payFor(rng, bill, floorPct) };
}

export function payFor(rng: Rng, bill: Dec, floorPct: number | undefined): Dec {
  const lo = floorPct !== undefined ? floorPct / 100 + 0.04 : 0.22;
  const m = lo + rng.next() * 0.12;
  return bill.times(1 - m).toDecimalPlaces(2);
}

function scaled(pair: BasePair, rt: TimeRateType): BasePair {
  const k = MULTIPLIER[rt] ?? '1';
  return { bill: pair.bill.times(k).toDecimalPlaces(2), pay: pair.pay.times(k).toDecimalPlaces(2) };
}

function raise(rng: Rng, pair: BasePair, unit: 'hour' | 'day'): BasePair {
  const k = 1.03 + rng.next() * 0.03;
  const bill = unit === 'day' ? dec(Math.round(pair.bill.toNumber() * k / 5) * 5) : dec(Math.round(pair.bill.toNumber() * k * 4) / 4);
  return { bill, pay: pair.pay.times(bill).div(pair.bill).toDecimalPlaces(2) };
}

function firstOfMonth(date: string): string {
  return date.slice(0, 8) + '01';
}

export function buildRates(ctx: Ctx, rng: Rng): void {
  const groups = new Map<string, Placement[]>();
  for (const p of ctx.placements) {
    if (p.type !== 'contract') continue;
    const key = `${p.client.id}|${p.jobKey}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const carded = new Set<string>();
  for (const [key, ps] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p0 = ps[0];
    if (p0.client.currency !== p0.currency || !rng.chance(0.7)) continue;
    carded.add(key);
    addCard(ctx, rng, ps);
  }
  for (const p of ctx.placements) {
    if (p.type !== 'contract') continue;
    const card = carded.has(`${p.client.id}|${p.jobKey}`) && p.currency === p.client.currency;
    if (!card) addPlacementRows(ctx, rng, p, p.job.extras.filter(() => rng.chance(0.7)));
    else if (rng.chance(0.2)) addPlacementRows(ctx, rng, p, rng.chance(0.3) && p.job.extras.includes('overtime') ? ['overtime'] : []);
  }
}

function addCard(ctx: Ctx, rng: Rng, ps: Placement[]): void {
  const p0 = ps[0];
  const c = p0.client;
  const earliest = ps.reduce((m, p) => (p.start < m ? p.start : m), ctx.cal.dataFrom);
  const from = firstOfMonth(addDays(earliest, -rng.int(20, 120)));
  const agreed = addDays(from, -rng.int(5, 25));
  const title = rng.weighted([[p0.jobTitle, 85], [p0.jobTitle.toLowerCase(), 10], [p0.jobTitle.toUpperCase(), 5]] as const);
  const sourceRef = `MSA-${from.slice(0, 4)}-${rng.int(100, 999)}`;
  const types: TimeRateType[] = ['standard', ...p0.job.extras.filter(() => rng.chance(0.8))];
  const base = basePair(rng, p0.job, c.currency, c.floorPct);
  const increase = rng.chance(0.2) ? addDays(ctx.cal.weeks[rng.int(3, 10)], -6) : undefined;
  const raised = raise(rng, base, p0.job.unit);
  const future = rng.chance(0.05) ? addDays(ctx.cal.weeks[12], 1 + 7 * rng.int(2, 8)) : undefined;
  const closeOld = rng.chance(0.7);
  for (const rt of types) {
    const card = { level: 'card' as const, clientId: c.id, jobTitle: title, rateType: rt, unit: p0.job.unit, sourceRef };
    const r0 = scaled(base, rt);
    ctx.book.add({ ...card, ...r0, from, to: increase && closeOld ? addDays(increase, -1) : undefined, agreed });
    const later = increase ?? future;
    if (later) {
      const r1 = scaled(raised, rt);
      ctx.book.add({ ...card, ...r1, from: later, agreed: addDays(later, -rng.int(7, 30)), sourceRef: sourceRef + '-A1' });
    }
  }
}

/** Placement-level rows: the whole contract, or an override of some rate types over the client's card. */
function addPlacementRows(ctx: Ctx, rng: Rng, p: Placement, extras: readonly TimeRateType[]): void {
  const base = basePair(rng, p.job, p.currency, p.client.floorPct);
  const agreed = addDays(p.start, -rng.int(2, 20));
  const sourceRef = `SOW-${p.id.slice(4)}`;
  const weeks = ctx.cal.weeks;
  const candidates = weeks.slice(3, 11).map((w) => addDays(w, -6)).filter((m) => m > addDays(p.start, 14) && (!p.end || m < p.end));
  const increase = candidates.length > 0 && rng.chance(0.1) ? rng.pick(candidates) : undefined;
  const raised = raise(rng, base, p.job.unit);
  for (const rt of ['standard', ...extras] as TimeRateType[]) {
    const row = { level: 'placement' as const, placementId: p.id, rateType: rt, unit: p.job.unit, sourceRef };
    ctx.book.add({ ...row, ...scaled(base, rt), from: p.start, agreed });
    if (increase) ctx.book.add({ ...row, ...scaled(raised, rt), from: increase, agreed: addDays(increase, -rng.int(5, 25)), sourceRef: sourceRef + '-R1' });
  }
}
