import { areNicknames } from './nicknames';
import { FIRST, SURNAME, type PersonName } from './person-name';
import { alignGreedy, editDistance, hasDigit } from './text';

export interface TokenMatch {
  sim: number;
  /** matched only by its first letter ("J." for "John") */
  initial: boolean;
}

export const INITIAL_SIMILARITY = 0.8;

export function personTokenMatch(a: string, b: string): TokenMatch | undefined {
  if (a === b) return { sim: 1, initial: a.length === 1 };
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? { sim: INITIAL_SIMILARITY, initial: true } : undefined;
  if (hasDigit(a) || hasDigit(b)) return undefined;
  if (areNicknames(a, b)) return { sim: 0.9, initial: false };
  const longest = Math.max(a.length, b.length);
  const allowed = longest >= 8 ? 2 : longest >= 4 ? 1 : 0;
  const d = editDistance(a, b);
  if (d <= allowed) return { sim: 1 - (0.5 * d) / longest, initial: false };
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return { sim: 0.8, initial: false };
  return undefined;
}

/** Joins adjacent CRM tokens the query writes as one ("Mary Ann" / "Maryann"), keeping their roles. */
function joinCrmCompounds(crm: PersonName, query: readonly string[]): PersonName {
  const q = new Set(query);
  const tokens: string[] = [];
  const roles: number[] = [];
  for (let i = 0; i < crm.tokens.length; i++) {
    const joined = i + 1 < crm.tokens.length ? crm.tokens[i] + crm.tokens[i + 1] : '';
    if (joined && q.has(joined) && !q.has(crm.tokens[i]) && !q.has(crm.tokens[i + 1])) {
      tokens.push(joined);
      roles.push(crm.roles[i] | crm.roles[i + 1]);
      i++;
    } else {
      tokens.push(crm.tokens[i]);
      roles.push(crm.roles[i]);
    }
  }
  return { tokens, roles };
}

function joinQueryCompounds(query: readonly string[], crm: readonly string[]): string[] {
  const c = new Set(crm);
  const out: string[] = [];
  for (let i = 0; i < query.length; i++) {
    const joined = i + 1 < query.length ? query[i] + query[i + 1] : '';
    if (joined && c.has(joined) && !c.has(query[i]) && !c.has(query[i + 1])) {
      out.push(joined);
      i++;
    } else out.push(query[i]);
  }
  return out;
}

/** "jsmith" / "smithj": a login-style single token. */
function loginScore(token: string, crm: PersonName): number {
  const first = crm.tokens.find((_, i) => crm.roles[i] & FIRST);
  const surname = crm.tokens.filter((_, i) => crm.roles[i] & SURNAME && !(crm.roles[i] & FIRST)).join('');
  if (!first || !surname || token.length < 4) return 0;
  return token === first[0] + surname || token === surname + first[0] ? 0.88 : 0;
}

/**
 * How well a query name fits a CRM "First Last" name, order-insensitive. Both the first
 * name (an initial will do) and the surname (not an initial) must be found; middle names
 * on either side cost a little, unexplained words more.
 */
export function scorePerson(query: PersonName, crmName: PersonName): number {
  if (query.tokens.length === 0 || crmName.tokens.length === 0) return 0;
  const q = joinQueryCompounds(query.tokens, crmName.tokens);
  const crm = joinCrmCompounds(crmName, q);
  if (q.length === 1 && crm.tokens.length > 1) {
    const login = loginScore(q[0], crm);
    if (login > 0) return login;
  }
  const matches = new Map<string, TokenMatch>();
  const pairs = alignGreedy(q.length, crm.tokens.length, (i, j) => {
    const m = personTokenMatch(q[i], crm.tokens[j]);
    if (m) matches.set(`${i}:${j}`, m);
    return m?.sim ?? 0;
  });
  let firstSim = 0;
  let surnameSim = 0;
  for (const p of pairs) {
    const m = matches.get(`${p.a}:${p.b}`);
    const role = crm.roles[p.b];
    if (!m) continue;
    if (role & FIRST) firstSim = Math.max(firstSim, m.sim);
    if (role & SURNAME && !m.initial) surnameSim = Math.max(surnameSim, m.sim);
  }
  const matchedQ = new Set(pairs.map((p) => p.a));
  const matchedC = new Set(pairs.map((p) => p.b));
  let penalty = 0;
  q.forEach((t, i) => {
    if (!matchedQ.has(i)) penalty += t.length === 1 ? 0.02 : 0.05;
  });
  crm.tokens.forEach((_, j) => {
    if (!matchedC.has(j)) penalty += 0.03;
  });
  let base = 0;
  if (firstSim > 0 && surnameSim > 0) base = (firstSim + surnameSim) / 2;
  else if (surnameSim > 0) base = 0.6 * surnameSim;
  else if (firstSim > 0) base = 0.4 * firstSim;
  return Math.max(0, base - penalty);
}
