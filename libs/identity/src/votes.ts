import { compareText } from './text';
import type { ExternalSystem } from './types';

export interface VoteCount {
  target: string;
  count: number;
  /** a few of the records behind the votes, for the evidence text */
  refs: string[];
}

export interface VoteSummary {
  total: number;
  /** most votes first, then by target */
  ranked: VoteCount[];
}

const MAX_REFS = 3;

/** Counts which CRM record each external key was seen pointing at. */
export class VoteTally {
  private readonly votes = new Map<string, Map<string, VoteCount>>();

  add(key: string, target: string, ref: string): void {
    let byTarget = this.votes.get(key);
    if (!byTarget) this.votes.set(key, (byTarget = new Map()));
    let vote = byTarget.get(target);
    if (!vote) byTarget.set(target, (vote = { target, count: 0, refs: [] }));
    vote.count++;
    if (vote.refs.length < MAX_REFS && !vote.refs.includes(ref)) vote.refs.push(ref);
  }

  get(key: string): VoteSummary | undefined {
    const byTarget = this.votes.get(key);
    if (!byTarget) return undefined;
    const ranked = [...byTarget.values()].sort((a, b) => b.count - a.count || compareText(a.target, b.target));
    return { total: ranked.reduce((s, v) => s + v.count, 0), ranked };
  }
}

export function share(summary: VoteSummary): number {
  return summary.ranked[0].count / summary.total;
}

export function describeVotes(summary: VoteSummary, what: string, name: (id: string) => string): string {
  const [top, ...rest] = summary.ranked;
  const head =
    rest.length === 0
      ? `${top.count} ${what} carry placement_ref of ${top.target}`
      : `${top.count} of ${summary.total} ${what} with placement_ref point to ${top.target}`;
  const others = rest.map((v) => `${v.count} to ${v.target}`).join(', ');
  return `${head} '${name(top.target)}' (${top.refs.join(', ')}${top.count > top.refs.length ? ', ...' : ''})${
    others ? `; ${others}` : ''
  }`;
}

export const LINE_WORDS: Record<ExternalSystem, string> = {
  timesheets: 'timesheet lines',
  invoices: 'invoice lines',
  credit_notes: 'credit notes',
  pay_lines: 'pay lines',
};
