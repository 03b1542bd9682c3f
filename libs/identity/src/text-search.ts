import type { CandidateIndex } from './candidate-index';
import { CandidatePool, judge, topCandidates, type Scored } from './judge';
import { FIRST, SURNAME, type PersonName } from './person-name';
import { personTokenMatch, type TokenMatch } from './person-similarity';
import { compareText, editDistance, fold, round, words } from './text';
import type { ExternalSystem, ResolutionDecision, ResolutionMethod } from './types';

export interface TextHit {
  score: number;
  method: ResolutionMethod;
}

const NO_HIT: TextHit = { score: 0, method: 'none' };

/** "w/e", "w/c", "p/e" would otherwise read as the initials W. and E. */
export function textTokens(text: string): string[] {
  return words(fold(text).replace(/\b[wp]\/[ec]\b/g, ' '));
}

/** Surnames in free text: exact, or one typo in a long word (short words are too common to guess at). */
function surnameSimilarity(token: string, part: string): number {
  if (token === part) return 1;
  if (token.length < 5 || part.length < 5 || /\d/.test(token)) return 0;
  const longest = Math.max(token.length, part.length);
  const d = editDistance(token, part);
  return d <= (longest >= 8 ? 2 : 1) ? 1 - (0.5 * d) / longest : 0;
}

function firstNameMatch(token: string, first: string, allowInitial: boolean): TokenMatch | undefined {
  if (/\d/.test(token)) return undefined;
  const m = personTokenMatch(token, first);
  if (!m || (m.initial && !allowInitial)) return undefined;
  return m;
}

/**
 * Where a CRM name occurs in tokenised free text: the surname (all parts of a hyphenated
 * one, or some of them at a small cost) with the first name or its initial just before
 * it (middle names or initials may sit between), or the full first name just after it
 * ("Smith, John"). A surname alone is not enough to name someone.
 */
export function scoreNameInText(tokens: readonly string[], name: PersonName): TextHit {
  if (name.tokens.length < 2) return NO_HIT;
  const first = name.tokens[0];
  const surname = name.tokens.filter((_, i) => name.roles[i] & SURNAME && !(name.roles[i] & FIRST));
  const middle = new Set(name.tokens.filter((_, i) => name.roles[i] === 0));
  if (surname.length === 0) return NO_HIT;
  const skippable = (t: string): boolean => t.length === 1 || middle.has(t);

  let best = NO_HIT;
  for (let i = 0; i < tokens.length; i++) {
    for (let s = 0; s < surname.length; s++) {
      const sims: number[] = [];
      while (s + sims.length < surname.length && i + sims.length < tokens.length) {
        const sim = surnameSimilarity(tokens[i + sims.length], surname[s + sims.length]);
        if (sim === 0) break;
        sims.push(sim);
      }
      if (sims.length === 0) continue;
      const end = i + sims.length;
      const surnameSim = sims.reduce((a, b) => a + b, 0) / sims.length - 0.03 * (surname.length - sims.length);

      let match: TokenMatch | undefined;
      let adjacentBefore = false;
      for (let x = i - 1; x >= Math.max(0, i - 3); x--) {
        match = firstNameMatch(tokens[x], first, true);
        if (match) {
          adjacentBefore = x === i - 1;
          break;
        }
        if (!skippable(tokens[x])) break;
      }
      if (!match && end < tokens.length) match = firstNameMatch(tokens[end], first, false);

      const score = match ? (match.sim + surnameSim) / 2 : 0.6 * surnameSim;
      const whole = !!match && match.sim === 1 && !match.initial && surnameSim === 1 && s === 0;
      const method: ResolutionMethod = whole ? (adjacentBefore ? 'exact' : 'normalised') : 'fuzzy';
      if (score > best.score) best = { score, method };
    }
  }
  return best;
}

export interface TextSearchContext {
  candidates: CandidateIndex;
  threshold: number;
  margin: number;
}

/** A candidate placed at the client, named somewhere in the free text. */
export function findNameInText(ctx: TextSearchContext, system: ExternalSystem, text: string, clientId: string): ResolutionDecision {
  const tokens = textTokens(text);
  const pool = new CandidatePool();
  const hits = new Map<string, TextHit>();
  const ranked: Scored[] = [];
  for (const profile of ctx.candidates.atClient(clientId)) {
    let best = NO_HIT;
    for (const v of profile.variants) {
      const hit = scoreNameInText(tokens, v.parsed);
      if (hit.score > best.score) best = hit;
    }
    if (best.score <= 0) continue;
    hits.set(profile.id, best);
    ranked.push({ id: profile.id, score: best.score });
  }
  ranked.sort((a, b) => b.score - a.score || compareText(a.id, b.id));
  for (const r of ranked.slice(0, 3)) pool.add(r.id, r.score);

  const name = (id: string): string => ctx.candidates.name(id);
  const decision = (resolvedTo: string | undefined, method: ResolutionMethod, confidence: number, evidence: string): ResolutionDecision => ({
    kind: 'worker',
    system,
    external: text,
    resolvedTo,
    resolvedName: resolvedTo ? name(resolvedTo) : undefined,
    method: resolvedTo ? method : 'none',
    evidence,
    confidence: resolvedTo ? round(confidence) : 0,
    candidates: topCandidates(pool.scores, name, resolvedTo),
    scope: clientId,
  });

  if (ctx.candidates.atClient(clientId).length === 0) return decision(undefined, 'none', 0, `no CRM candidate placed at ${clientId}`);
  const verdict = judge(ranked, ctx.threshold, ctx.margin);
  if (verdict.kind === 'accept') {
    const id = verdict.best.id;
    const hit = hits.get(id) ?? NO_HIT;
    return decision(id, hit.method, Math.min(hit.method === 'fuzzy' ? 0.95 : 1, hit.score), `text names candidate '${name(id)}' placed at ${clientId} (score ${round(hit.score, 2)})`);
  }
  if (verdict.kind === 'ambiguous') {
    const list = verdict.tied.map((t) => `'${name(t.id)}' ${round(t.score, 2)}`).join(', ');
    return decision(undefined, 'none', 0, `text fits several candidates at ${clientId} (${list}): ambiguous`);
  }
  const best = verdict.best ? `; best '${name(verdict.best.id)}' ${round(verdict.best.score, 2)}` : '';
  return decision(undefined, 'none', 0, `text names no candidate placed at ${clientId} with confidence${best}`);
}
