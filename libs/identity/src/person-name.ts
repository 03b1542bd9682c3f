import { fold, words } from './text';

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'esq']);

export const FIRST = 1;
export const SURNAME = 2;

export interface PersonName {
  tokens: string[];
  /** per token: FIRST and/or SURNAME bits (0 = middle name) */
  roles: number[];
}

/**
 * "Smith, John" / "JOHN SMITH" / "Dr. María García-López" -> tokens in "first ... last"
 * order, folded, hyphenated parts split but kept together as the surname.
 */
export function parsePersonName(raw: string): PersonName {
  let text = fold(raw);
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const before = text.slice(0, comma);
    const after = text.slice(comma + 1);
    const afterWords = words(after);
    const isSuffixOnly = afterWords.every((w) => SUFFIXES.has(w));
    text = afterWords.length > 0 && !isSuffixOnly ? `${after} ${before}` : `${before} ${after}`;
  }
  let groups = text
    .split(/[^a-z0-9-]+/)
    .map((g) => g.split('-').filter((t) => t.length > 0))
    .filter((g) => g.length > 0);
  while (groups.length > 1 && groups[0].length === 1 && TITLES.has(groups[0][0])) groups = groups.slice(1);
  const kept = groups.filter((g) => !(g.length === 1 && SUFFIXES.has(g[0])));
  if (kept.length > 0) groups = kept;

  const tokens: string[] = [];
  const roles: number[] = [];
  groups.forEach((group, gi) => {
    const role = (gi === 0 ? FIRST : 0) | (gi === groups.length - 1 ? SURNAME : 0);
    for (const t of group) {
      tokens.push(t);
      roles.push(role);
    }
  });
  return { tokens, roles };
}

/** "Smith, John" -> "john smith". */
export function normalisePersonName(name: string): string {
  return parsePersonName(name).tokens.join(' ');
}

/** Order-insensitive key: "Smith John" and "John Smith" share it. */
export function personKey(name: PersonName): string {
  return [...name.tokens].sort().join(' ');
}
