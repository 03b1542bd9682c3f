import type { AliasTable } from './aliases';
import { nameVariant, type CandidateIndex, type CandidateProfile } from './candidate-index';
import { CandidatePool, judge, topCandidates, type Scored } from './judge';
import type { LearnedEvidence, WorkerIdSystem } from './learned';
import { scorePerson } from './person-similarity';
import { compareText, round } from './text';
import type { ExternalSystem, ResolutionDecision, ResolutionMethod } from './types';
import { LINE_WORDS, describeVotes, share, type VoteSummary } from './votes';

export interface WorkerContext {
  candidates: CandidateIndex;
  learned: LearnedEvidence;
  aliases: AliasTable;
  threshold: number;
  margin: number;
}

/** A payroll or timesheet id learned in the other system is trusted only if the names agree this much. */
const NAME_AGREEMENT = 0.6;

interface Outcome {
  resolvedTo?: string;
  method: ResolutionMethod;
  evidence: string;
  confidence: number;
}

export function bestNameScore(profile: CandidateProfile, workerName: string): number {
  const query = nameVariant(workerName).parsed;
  return Math.max(0, ...profile.variants.map((v) => scorePerson(query, v.parsed)));
}

export function resolveWorkerName(
  ctx: WorkerContext,
  system: ExternalSystem,
  workerId: string | undefined,
  workerName: string,
  clientId: string | undefined,
): ResolutionDecision {
  const { candidates } = ctx;
  const id = workerId?.trim() || undefined;
  const pool = new CandidatePool();
  const name = (c: string): string => candidates.name(c);
  const scope = clientId ? ` at ${clientId}` : '';

  const finish = (o: Outcome): ResolutionDecision => {
    if (o.resolvedTo) pool.add(o.resolvedTo, o.confidence);
    return {
      kind: 'worker',
      system,
      external: id ? `${id}|${workerName}` : workerName,
      resolvedTo: o.resolvedTo,
      resolvedName: o.resolvedTo ? name(o.resolvedTo) : undefined,
      method: o.resolvedTo ? o.method : 'none',
      evidence: o.evidence,
      confidence: o.resolvedTo ? round(o.confidence) : 0,
      candidates: topCandidates(pool.scores, name, o.resolvedTo),
      scope: clientId,
    };
  };
  const elsewhere = (candidate: string): string =>
    clientId && !candidates.profiles.get(candidate)?.clients.has(clientId) ? ` (no placement${scope})` : '';

  for (const key of [id, workerName]) {
    const hit = key ? ctx.aliases.lookup(key) : undefined;
    if (hit && candidates.profiles.has(hit.target)) {
      const how = hit.normalised ? ` (matched "${hit.key}" after normalising)` : '';
      return finish({ resolvedTo: hit.target, method: 'alias', confidence: 1, evidence: `confirmed alias in rules aliases.workers${how}${elsewhere(hit.target)}` });
    }
  }

  const notes: string[] = [];
  if (id && (system === 'timesheets' || system === 'pay_lines')) {
    const votes = ctx.learned.workerIds[system].get(id);
    const accepted = acceptVotes(ctx, votes, 0.99);
    if (accepted && votes) {
      const evidence = `${describeVotes(votes, LINE_WORDS[system], name)} for worker_id ${id}${elsewhere(accepted)}`;
      return finish({ resolvedTo: accepted, method: 'placement_ref', confidence: 0.99 * share(votes), evidence });
    }
    const other: WorkerIdSystem = system === 'timesheets' ? 'pay_lines' : 'timesheets';
    const otherVotes = ctx.learned.workerIds[other].get(id);
    const learnedThere = acceptVotes(ctx, otherVotes, 0.95);
    if (learnedThere && otherVotes) {
      const profile = candidates.profiles.get(learnedThere);
      const agreement = workerName.trim() && profile ? bestNameScore(profile, workerName) : 1;
      const idEvidence = `worker_id ${id} is the ${other.replace('_', ' ')} id of ${learnedThere} '${name(learnedThere)}' (${describeVotes(otherVotes, LINE_WORDS[other], name)})`;
      if (agreement >= NAME_AGREEMENT) {
        return finish({ resolvedTo: learnedThere, method: 'worker_id', confidence: 0.95 * share(otherVotes), evidence: `${idEvidence}${elsewhere(learnedThere)}` });
      }
      notes.push(`${idEvidence}, but the name '${workerName}' does not match`);
    }
  }

  if (workerName.trim() && system !== 'credit_notes') {
    const votes = ctx.learned.workerNames[system].get(nameVariant(workerName).key);
    const atClient = votes && clientId ? restrictVotes(votes, (c) => !!candidates.profiles.get(c)?.clients.has(clientId)) : votes;
    const accepted = acceptVotes(ctx, atClient, 0.97);
    if (accepted && atClient) {
      return finish({ resolvedTo: accepted, method: 'placement_ref', confidence: 0.97 * share(atClient), evidence: `${describeVotes(atClient, LINE_WORDS[system], name)} for this worker name` });
    }
  }

  const prefix = notes.length ? `${notes.join('; ')}; ` : '';
  if (!workerName.trim()) return finish({ method: 'none', confidence: 0, evidence: `${prefix}no worker name to match` });

  const query = nameVariant(workerName);
  const profiles = clientId ? candidates.atClient(clientId) : candidates.near(query.parsed);
  if (profiles.length === 0) {
    return finish({ method: 'none', confidence: 0, evidence: `${prefix}no CRM candidate${clientId ? ` placed${scope}` : ' with a similar name'}` });
  }

  const exact = profiles.filter((p) => p.variants.some((v) => v.key === query.key));
  if (exact.length > 1) {
    for (const p of exact) pool.add(p.id, 1);
    return finish({ method: 'none', confidence: 0, evidence: `${prefix}${exact.length} CRM candidates${scope} share the name '${workerName}': ambiguous` });
  }
  if (exact.length === 1) {
    const p = exact[0];
    const same = p.variants.some((v) => v.plain === query.plain);
    return finish({
      resolvedTo: p.id,
      method: same ? 'exact' : 'normalised',
      confidence: same ? 1 : 0.97,
      evidence: `${prefix}${same ? 'same name as' : 'same name, order and spelling aside, as'} candidate '${p.name}'${scope}`,
    });
  }

  const ranked: Scored[] = profiles
    .map((p) => ({ id: p.id, score: Math.max(...p.variants.map((v) => scorePerson(query.parsed, v.parsed))) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || compareText(a.id, b.id));
  for (const s of ranked.slice(0, 3)) pool.add(s.id, s.score);
  const verdict = judge(ranked, ctx.threshold, ctx.margin);
  if (verdict.kind === 'accept') {
    const next = verdict.second ? `; next '${name(verdict.second.id)}' ${round(verdict.second.score, 2)}` : '';
    return finish({
      resolvedTo: verdict.best.id,
      method: 'fuzzy',
      confidence: Math.min(0.95, verdict.best.score),
      evidence: `${prefix}name similarity ${round(verdict.best.score, 2)} with candidate '${name(verdict.best.id)}'${scope}${next}`,
    });
  }
  if (verdict.kind === 'ambiguous') {
    const list = verdict.tied.map((t) => `'${name(t.id)}' ${round(t.score, 2)}`).join(', ');
    return finish({ method: 'none', confidence: 0, evidence: `${prefix}fits several candidates${scope} nearly equally (${list}): ambiguous` });
  }
  const best = verdict.best ? `: best '${name(verdict.best.id)}' ${round(verdict.best.score, 2)} < threshold ${ctx.threshold}` : '';
  return finish({ method: 'none', confidence: 0, evidence: `${prefix}no candidate${scope} close enough${best}` });
}

function acceptVotes(ctx: WorkerContext, votes: VoteSummary | undefined, weight: number): string | undefined {
  if (!votes || votes.ranked.length === 0) return undefined;
  const top = votes.ranked[0].target;
  if (!ctx.candidates.profiles.has(top)) return undefined;
  return share(votes) > 0.5 && weight * share(votes) >= ctx.threshold ? top : undefined;
}

function restrictVotes(votes: VoteSummary, keep: (target: string) => boolean): VoteSummary | undefined {
  const ranked = votes.ranked.filter((v) => keep(v.target));
  if (ranked.length === 0) return undefined;
  return { total: ranked.reduce((s, v) => s + v.count, 0), ranked };
}
