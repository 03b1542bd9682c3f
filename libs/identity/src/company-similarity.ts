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
  const longest = Math.max(a.length, b.length);
  const d = editDistance(a, b);
  if (d <= allowedEdits(longest)) return 1 - d / longest;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return 0.75;
  return 0;
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
  const coverExternal = matched / e.length;
  const coverCrm = matched / c.length;
  return { coverExternal, coverCrm, score: coverExternal * (0.75 + 0.25 * coverCrm) };
}
