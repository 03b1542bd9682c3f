import { STOPWORDS } from './company-name';

export type AbbreviationKind = 'initials' | 'code' | 'partial_code';

/**
 * Whether `external` tokens abbreviate the `crm` tokens: each external token is the
 * concatenation of prefixes of consecutive CRM words ("alp" = a|l|p, "alliedlog" =
 * allied|log), skipping only stopwords ("and", "of"). Pure initials must cover every
 * significant word; a code with a longer piece ("ALLIEDLOG") may leave trailing words out.
 * A match that merely repeats whole words is not an abbreviation (that is a name match).
 */
export function abbreviationKind(external: readonly string[], crm: readonly string[]): AbbreviationKind | undefined {
  const ext = external.filter((t) => !/^\d+$/.test(t));
  if (ext.length === 0 || crm.length < 2) return undefined;
  let best: AbbreviationKind | undefined;
  const rank = (k: AbbreviationKind): number => (k === 'code' ? 3 : k === 'initials' ? 2 : 1);

  interface Path {
    consumed: number;
    longest: number;
    abbreviated: boolean;
  }
  const finish = (ci: number, path: Path): void => {
    if (path.consumed < 2 || !path.abbreviated) return;
    const full = crm.slice(ci).every((t) => STOPWORDS.has(t));
    let kind: AbbreviationKind | undefined;
    if (path.longest === 1) kind = full ? 'initials' : undefined;
    else if (full) kind = 'code';
    else if (path.longest >= 3) kind = 'partial_code';
    if (kind && (!best || rank(kind) > rank(best))) best = kind;
  };

  // Depth-first over (external token, position in it, CRM word); names are short.
  const visit = (ti: number, pos: number, ci: number, path: Path): void => {
    if (ti === ext.length) return finish(ci, path);
    if (ci === crm.length) return;
    const word = crm[ci];
    if (STOPWORDS.has(word) && path.consumed > 0) visit(ti, pos, ci + 1, path);
    const token = ext[ti];
    const max = Math.min(word.length, token.length - pos);
    for (let len = 1; len <= max; len++) {
      if (token[pos + len - 1] !== word[len - 1]) break;
      const next: Path = {
        consumed: path.consumed + 1,
        longest: Math.max(path.longest, len),
        abbreviated: path.abbreviated || len < word.length || len < token.length,
      };
      if (pos + len === token.length) visit(ti + 1, 0, ci + 1, next);
      else visit(ti, pos + len, ci + 1, next);
    }
  };
  visit(0, 0, 0, { consumed: 0, longest: 0, abbreviated: false });
  return best;
}

export function abbreviationConfidence(kind: AbbreviationKind, external: readonly string[]): number {
  const letters = external.join('').length;
  // Two letters fit too many names to stand alone; they stay a candidate for review.
  if (kind === 'initials') return letters >= 3 ? 0.9 : 0.8;
  return kind === 'code' ? 0.92 : 0.88;
}
