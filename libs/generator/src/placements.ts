import { dec } from '@closegap/domain';
import { addDays, isoWeekday } from './days';
import type { Ctx } from './context';
import type { Candidate, ClientRec, Placement, PlacementStatus } from './model';
import type { Rng } from './prng';
import { INDUSTRIES, JOBS } from './jobs';
import { STAFF } from './names';
import { makeCandidate, newPerson, nextNumber } from './people';
import { initialKey } from './text';

interface Draft {
  client: ClientRec;
  cand: Candidate;
  type: 'contract' | 'perm';
  start: string;
  end?: string;
  status: PlacementStatus;
  jobKey?: string;
  permTitle?: string;
}

const OTHER_CURRENCY: Record<string, string> = { USD: 'CAD', GBP: 'EUR', EUR: 'GBP' };

export function snapWeekday(date: string): string {
  const wd = isoWeekday(date);
  return wd < 5 ? date : addDays(date, 7 - wd);
}

function snapFriday(date: string): string {
  const wd = isoWeekday(date);
  return wd === 4 ? date : wd > 4 ? addDays(date, 4 - wd) : addDays(date, -3 - wd);
}

export function buildPlacements(ctx: Ctx, rng: Rng): void {
  const total = Math.max(8, Math.round(400 * ctx.scale));
  const permCount = Math.round(total * 0.15);
  const weights = ctx.clients.map((c) => [c, rng.pick([1, 1, 1, 2, 2, 3, 4, 6, 9])] as const);
  const initials = new Map<string, Set<string>>();
  const setFor = (c: ClientRec): Set<string> => {
    const s = initials.get(c.id) ?? new Set<string>();
    initials.set(c.id, s);
    return s;
  };
  const drafts: Draft[] = [];
  const { weeks, dataFrom, asOf } = ctx.cal;
  const monday = (i: number): string => addDays(weeks[i], -6);
  const jitter = (d: string): string => addDays(d, rng.weighted([[0, 75], [1, 15], [2, 10]] as const));
  const endOfWeek = (i: number): string => addDays(weeks[i], -rng.weighted([[2, 70], [3, 15], [4, 15]] as const));
  const newCand = (c: ClientRec): Candidate => makeCandidate(ctx, rng, newPerson(ctx, rng, setFor(c)));

  for (let i = 0; i < total - permCount; i++) {
    const client = rng.weighted(weights);
    const cand = newCand(client);
    const jobKey = rng.pick(client.jobs);
    const kind = rng.weighted([['long', 64], ['newStart', 16], ['endsIn', 10], ['short', 2], ['future', 3], ['cancelled', 2], ['old', 3]] as const);
    const d: Draft = { client, cand, type: 'contract', start: '', status: 'active', jobKey };
    if (kind === 'long') {
      d.start = snapWeekday(addDays(dataFrom, -rng.int(10, 420)));
      if (rng.chance(0.25)) d.end = snapFriday(addDays(asOf, rng.int(10, 150)));
    } else if (kind === 'newStart') {
      d.start = jitter(monday(rng.int(1, 11)));
      if (rng.chance(0.2)) d.end = snapFriday(addDays(asOf, rng.int(10, 150)));
    } else if (kind === 'endsIn' || kind === 'short') {
      const early = kind === 'endsIn' && rng.chance(0.7);
      const si = early ? -1 : rng.int(0, kind === 'short' ? 7 : 2);
      d.start = early ? snapWeekday(addDays(dataFrom, -rng.int(20, 300))) : jitter(monday(Math.max(si, 0)));
      const ei = kind === 'short' ? Math.min(si + rng.int(1, 3), 11) : rng.int(Math.max(si + 2, 2), 11);
      d.end = endOfWeek(ei);
      d.status = rng.chance(0.8) ? 'ended' : 'active';
      if (kind === 'endsIn' && rng.chance(0.15)) {
        const other = rng.pick(ctx.clients);
        const next = addDays(weeks[ei], 8 + 7 * rng.int(0, 1));
        const ik = initialKey(cand.first, cand.last);
        if (other !== client && next <= asOf && !setFor(other).has(ik)) {
          setFor(other).add(ik);
          drafts.push({ client: other, cand, type: 'contract', start: next, status: 'active', jobKey: rng.pick(other.jobs) });
        }
      }
    } else if (kind === 'future') {
      d.start = snapWeekday(addDays(asOf, rng.int(1, 40)));
    } else if (kind === 'cancelled') {
      d.start = rng.chance(0.6) ? jitter(monday(rng.int(2, 12))) : snapWeekday(addDays(asOf, rng.int(1, 30)));
      d.status = 'cancelled';
    } else {
      d.start = snapWeekday(addDays(dataFrom, -rng.int(200, 500)));
      d.end = snapFriday(addDays(dataFrom, -rng.int(14, 120)));
      d.status = 'ended';
      if (rng.chance(0.4)) {
        drafts.push({ client, cand, type: 'contract', start: jitter(monday(rng.int(1, 9))), status: 'active', jobKey: rng.pick(client.jobs) });
      }
    }
    drafts.push(d);
  }
  for (let i = 0; i < permCount; i++) {
    const client = rng.weighted(weights);
    const titles = INDUSTRIES[client.industry].perm;
    drafts.push({
      client,
      cand: newCand(client),
      type: 'perm',
      start: snapWeekday(addDays(dataFrom, rng.int(-28, 13 * 7 + 42))),
      status: rng.chance(0.06) ? 'cancelled' : 'active',
      permTitle: rng.pick(titles),
    });
  }
  drafts.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  ctx.placements = drafts.map((d) => toPlacement(ctx, rng, d));
  const seen = new Set<string>();
  for (const p of ctx.placements) {
    if (seen.has(p.cand.id)) continue;
    seen.add(p.cand.id);
    ctx.candidates.push(p.cand);
  }
}

function toPlacement(ctx: Ctx, rng: Rng, d: Draft): Placement {
  const job = JOBS[d.jobKey ?? 'admin'];
  const explicit = rng.chance(0.2) ? d.client.currency : undefined;
  const foreign = d.type === 'contract' && d.client.billing === 'placement' && rng.chance(0.08);
  const currencyCol = foreign ? OTHER_CURRENCY[d.client.currency] : explicit;
  const p: Placement = {
    id: 'PLC-' + nextNumber(ctx, 'placement', 20400, 4),
    client: d.client,
    cand: d.cand,
    jobKey: d.jobKey ?? 'perm',
    job,
    jobTitle: d.permTitle ?? job.title,
    type: d.type,
    start: d.start,
    end: d.end,
    status: d.status,
    consultant: rng.pick(STAFF),
    currencyCol,
    currency: currencyCol ?? d.client.currency,
    tsRefs: rng.chance(0.5),
    invRefs: rng.chance(0.5),
    payRefs: rng.chance(0.5),
    partTime: job.unit === 'hour' && rng.chance(0.05),
  };
  if (d.type === 'perm') {
    const factor = d.client.currency === 'USD' ? 1 : d.client.currency === 'GBP' ? 0.8 : 0.9;
    const salary = Math.round(rng.int(55, 160) * factor) * 1000;
    p.salary = dec(salary);
    if (rng.chance(0.7)) p.feePct = dec(rng.pick(['15', '18', '20', '22.5', '25']));
    else {
      p.feeAmount = dec(Math.round((salary * 0.2) / 250) * 250);
      if (rng.chance(0.3)) p.feePct = dec('20');
    }
    p.guaranteeDays = rng.pick([60, 90, 90]);
  }
  return p;
}
