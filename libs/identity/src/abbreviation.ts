import { STOPWORDS } from './company-name';

export type AbbreviationKind = 'initials' | 'code' | 'partial_code';

const RANK: Record<AbbreviationKind, number> = { partial_code: 1, initials: 2, code: 3 };

/**
 * Whether external tokens abbreviate CRM words: each external token is the concatenation
 * of prefixes of consecutive CRM words ("alp" = a|l|p, "alliedlog" = allied|log), skipping
 * only stopwords ("and", "of"). Pure initials must cover every significant word; a code
 * with a longer piece ("ALLIEDLOG") may leave trailing words out. A match that merely
 * repeats whole words is not an abbreviation (that is a name match).
 * Built once per external name, then tried against many CRM names.
 */
export class Abbreviation {
  /** the external tokens as matched: letters only */
  readonly tokens: readonly string[];
  private crm: readonly string[] = [];
  private best: AbbreviationKind | undefined;

  constructor(external: readonly string[]) {
    // Digits in a code are numbering ("ALP01", "ALP-2024"), not letters of the name.
    this.tokens = external.map((t) => t.replace(/\d+/g, '')).filter((t) => t.length > 0);
  }

  kindFor(crm: readonly string[]): AbbreviationKind | undefined {
    if (this.tokens.length === 0 || crm.length < 2) return undefined;
    this.crm = crm;
    this.best = undefined;
    this.visit(0, 0, 0, 0, 0, false);
    return this.best;
  }

  // Depth-first over (external token, position in it, CRM word); names are short.
  private visit(ti: number, pos: number, ci: number, consumed: number, longest: number, abbreviated: boolean): void {
    const { tokens: ext, crm } = this;
    if (ti === ext.length) return this.finish(ci, consumed, longest, abbreviated);
    if (ci === crm.length) return;
    const word = crm[ci];
    if (consumed > 0 && STOPWORDS.has(word)) this.visit(ti, pos, ci + 1, consumed, longest, abbreviated);
    const token = ext[ti];
    const max = Math.min(word.length, token.length - pos);
    for (let len = 1; len <= max; len++) {
      if (token.charCodeAt(pos + len - 1) !== word.charCodeAt(len - 1)) break;
      const shortened = abbreviated || len < word.length || len < token.length;
      const done = pos + len === token.length;
      this.visit(done ? ti + 1 : ti, done ? 0 : pos + len, ci + 1, consumed + 1, Math.max(longest, len), shortened);
    }
  }

  private finish(ci: number, consumed: number, longest: number, abbreviated: boolean): void {
    if (consumed < 2 || !abbreviated) return;
    let full = true;
    for (let i = ci; i < this.crm.length; i++) if (!STOPWORDS.has(this.crm[i])) full = false;
    let kind: AbbreviationKind | undefined;
    if (longest === 1) kind = full ? 'initials' : undefined;
    else if (full) kind = 'code';
    else if (longest >= 3) kind = 'partial_code';
    if (kind && (!this.best || RANK[kind] > RANK[this.best])) this.best = kind;
  }
}

export function abbreviationKind(external: readonly string[], crm: readonly string[]): AbbreviationKind | undefined {
  return new Abbreviation(external).kindFor(crm);
}

export function abbreviationConfidence(kind: AbbreviationKind, external: readonly string[]): number {
  const letters = external.join('').length;
  // Two letters fit too many names to stand alone; they stay a candidate for review.
  if (kind === 'initials') return letters >= 3 ? 0.9 : 0.8;
  return kind === 'code' ? 0.92 : 0.88;
}
