import { alignGreedy, editDistance, hasDigit, joinCompounds } from './text';

/** Typos tolerated in one company-name token of this length. */
function allowedEdits(length: number): number {
  if (length < 5) return 0;
  return Math.min(3, Math.floor(length / 5));
}

/** 1 = same word; a typo scores by its share of letters; a truncation ("log") 0.75. */
export function companyTokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (hasDigit(a) || hasDigit(b)) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const allowed = allowedEdits(long.length);
  if (long.length - short.length <= allowed) {
    const d = editDistance(a, b);
    if (d <= allowed) return 1 - d / long.length;
  }
  if (short.length >= 3 && long.startsWith(short)) return 0.75;
  return 0;
}

/** An unmatched number ("#4411", "Acct 00042") is usually an account or site number, so weighs little. */
const UNMATCHED_NUMBER_WEIGHT = 0.2;

function weightOf(tokens: readonly string[], matched: ReadonlySet<number>): number {
  let total = 0;
  tokens.forEach((t, i) => {
    total += matched.has(i) || !hasDigit(t) ? 1 : UNMATCHED_NUMBER_WEIGHT;
  });
  return total;
}

export interface NameScore {
  /** coverage of the external name's tokens by the CRM name, 0..1 */
  coverExternal: number;
  /** coverage of the CRM name's tokens by the external name, 0..1 */
  coverCrm: number;
  /** the ranking score: mostly how well the external name is explained, a little how much of the CRM name it uses */
  score: number;
}

/**
 * Token-set similarity with typo tolerance. An external name that is a shortened
 * CRM name ("Allied Logistics" for "Allied Logistics Partners") scores high; one
 * that adds words the CRM name lacks scores low, as those words are unexplained.
 */
export function scoreCompanyTokens(external: readonly string[], crm: readonly string[]): NameScore {
  const e = joinCompounds(external, crm);
  const c = joinCompounds(crm, e);
  if (e.length === 0 || c.length === 0) return { coverExternal: 0, coverCrm: 0, score: 0 };
  const pairs = alignGreedy(e.length, c.length, (i, j) => companyTokenSimilarity(e[i], c[j]));
  const matched = pairs.reduce((s, p) => s + p.sim, 0);
  const coverExternal = matched / weightOf(e, new Set(pairs.map((p) => p.a)));
  const coverCrm = matched / weightOf(c, new Set(pairs.map((p) => p.b)));
  return { coverExternal, coverCrm, score: coverExternal * (0.75 + 0.25 * coverCrm) };
}
