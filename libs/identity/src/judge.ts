import type { ResolutionCandidate } from './types';
import { compareText, round } from './text';

export interface Scored {
  id: string;
  score: number;
  /** how much of the external name this candidate explains, when that differs from score */
  cover?: number;
}

export type Verdict =
  | { kind: 'accept'; best: Scored; second?: Scored }
  | { kind: 'ambiguous'; tied: Scored[] }
  | { kind: 'weak'; best?: Scored };

const EPSILON = 1e-9;

/**
 * Name evidence is accepted only when the best candidate reaches the threshold and
 * clearly beats the runner-up: by `margin` in score, and not when the runner-up
 * explains the external name just as well (it only differs in how much of its own
 * name is left unused, as "Summit Freight" against "Summit Freight Inc" and
 * "Summit Freight Services LLC").
 */
export function judge(ranked: readonly Scored[], threshold: number, margin: number): Verdict {
  const [best, second] = ranked;
  if (!best || best.score < threshold - EPSILON) return { kind: 'weak', best };
  if (!second) return { kind: 'accept', best };
  const close = best.score - second.score < margin - EPSILON;
  const sameCover =
    best.cover !== undefined &&
    second.cover !== undefined &&
    second.cover >= best.cover - 0.02 &&
    second.score >= threshold - margin - EPSILON;
  if (close || sameCover) {
    const tied = ranked.filter(
      (r) => best.score - r.score < margin - EPSILON || (r.cover !== undefined && best.cover !== undefined && r.cover >= best.cover - 0.02),
    );
    return { kind: 'ambiguous', tied };
  }
  return { kind: 'accept', best, second };
}

/** Top 3 for the review screen; `first` (the resolved record) leads when given. */
export function topCandidates(
  scores: ReadonlyMap<string, number>,
  name: (id: string) => string,
  first?: string,
): ResolutionCandidate[] {
  const entries = [...scores.entries()].sort((a, b) => {
    if (a[0] === first) return -1;
    if (b[0] === first) return 1;
    return b[1] - a[1] || compareText(a[0], b[0]);
  });
  return entries.slice(0, 3).map(([id, score]) => ({ id, name: name(id), score: round(score) }));
}

/** Keeps the highest score seen for each candidate. */
export class CandidatePool {
  readonly scores = new Map<string, number>();

  add(id: string, score: number): void {
    const old = this.scores.get(id);
    if (old === undefined || score > old) this.scores.set(id, score);
  }
}
