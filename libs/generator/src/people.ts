import type { Ctx } from './context';
import type { Candidate } from './model';
import type { Rng } from './prng';
import { FIRST_NAMES, LAST_NAMES, UNKNOWN_FIRST, UNKNOWN_LAST } from './names';
import { fold, initialKey, personKey } from './text';

export interface Person {
  first: string;
  last: string;
  name: string;
}

/** A person whose full name (in any order) is new; `initials` also keeps "J. Smith" unique within the set. */
export function newPerson(ctx: Ctx, rng: Rng, initials: Set<string>): Person {
  for (let attempt = 0; ; attempt++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const name = `${first} ${last}`;
    const key = personKey(name);
    const ik = initialKey(first, last);
    const clash = ctx.usedPeople.has(key) || initials.has(ik);
    if (clash && attempt < 5000) continue;
    if (clash) throw new Error('generator: ran out of person names');
    ctx.usedPeople.add(key);
    initials.add(ik);
    return { first, last, name };
  }
}

/** Someone no CRM record names: first and last names come from lists the CRM never uses. */
export function unknownPerson(rng: Rng): Person {
  const first = rng.pick(UNKNOWN_FIRST);
  const last = rng.pick(UNKNOWN_LAST);
  return { first, last, name: `${first} ${last}` };
}

export function lastFirst(p: Person): string {
  return `${p.last}, ${p.first}`;
}

export function makeCandidate(ctx: Ctx, rng: Rng, p: Person): Candidate {
  const candNo = nextNumber(ctx, 'cand', 4100, 3);
  const tsNo = nextNumber(ctx, 'tsworker', 10200, 7);
  const ts = 'TS-' + tsNo;
  const tsName = rng.weighted<string>([
    [p.name, 35],
    [lastFirst(p), 25],
    [p.name.toUpperCase(), 20],
    [fold(p.name), 20],
  ]);
  const payName = rng.weighted<string>([
    [fold(lastFirst(p)).toUpperCase(), 40],
    [p.name, 40],
    [fold(p.name), 20],
  ]);
  const invName = rng.weighted<string>([
    [p.name, 60],
    [lastFirst(p), 20],
    [fold(p.name), 20],
  ]);
  return {
    id: 'CAND-' + candNo,
    first: p.first,
    last: p.last,
    name: p.name,
    tsId: ts,
    payId: rng.chance(0.7) ? ts : 'EMP-' + String(nextNumber(ctx, 'emp', 700, 4)).padStart(5, '0'),
    tsName,
    payName,
    invName,
    short: `${p.first[0]}. ${p.last}`,
  };
}

/** Increasing ids with small random gaps, like a real system's sequence. */
export function nextNumber(ctx: Ctx, name: string, start: number, maxGap: number): number {
  const current = ctx.counters['num:' + name] ?? start;
  const next = current + 1 + Math.floor(ctx.rng.next() * maxGap);
  ctx.counters['num:' + name] = next;
  return next;
}
