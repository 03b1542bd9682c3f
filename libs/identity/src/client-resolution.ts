import { abbreviationConfidence } from './abbreviation';
import type { AliasTable } from './aliases';
import type { ClientIndex, ScoredClient } from './client-index';
import { companyForms } from './company-name';
import { CandidatePool, judge, topCandidates } from './judge';
import { companyKeyOf, type LearnedEvidence } from './learned';
import { round } from './text';
import type { ExternalSystem, ResolutionDecision, ResolutionMethod } from './types';
import { describeVotes, share, type VoteSummary } from './votes';

export interface ClientContext {
  index: ClientIndex;
  learned: LearnedEvidence;
  /** alias tables to consult for a system, strongest first */
  aliases: (system: ExternalSystem) => { system: string; table: AliasTable }[];
  threshold: number;
  margin: number;
  /** name resolution of an invoice customer, for credit notes linked to invoices */
  resolveInvoiceName: (name: string) => ResolutionDecision;
}

const CONFIDENCE = { exact: 1, canonical: 0.98, core: 0.96, compact: 0.95, domain: 0.95, fuzzyCap: 0.95 };

const LINE_WORDS: Record<ExternalSystem, string> = {
  timesheets: 'timesheet lines',
  invoices: 'invoice lines',
  credit_notes: 'credit notes',
  pay_lines: 'pay lines',
};

interface Outcome {
  resolvedTo?: string;
  method: ResolutionMethod;
  evidence: string;
  confidence: number;
}

/** One client name of one system, through the stages from strongest evidence to weakest. */
export function resolveClientName(ctx: ClientContext, system: ExternalSystem, external: string): ResolutionDecision {
  const { index } = ctx;
  const forms = companyForms(external);
  const pool = new CandidatePool();
  let fuzzyCache: ScoredClient[] | undefined;
  const fuzzy = (): ScoredClient[] => (fuzzyCache ??= index.fuzzy(forms, ctx.threshold - ctx.margin));
  const name = (id: string): string => index.name(id);

  const finish = (o: Outcome): ResolutionDecision => {
    for (const f of fuzzy().slice(0, 3)) pool.add(f.id, f.score);
    if (o.resolvedTo) pool.add(o.resolvedTo, o.confidence);
    return {
      kind: 'client',
      system,
      external,
      resolvedTo: o.resolvedTo,
      resolvedName: o.resolvedTo ? name(o.resolvedTo) : undefined,
      method: o.resolvedTo ? o.method : 'none',
      evidence: o.evidence,
      confidence: o.resolvedTo ? round(o.confidence) : 0,
      candidates: topCandidates(pool.scores, name, o.resolvedTo),
    };
  };
  const unresolved = (evidence: string, ids: readonly string[] = [], score = 0): ResolutionDecision => {
    for (const id of ids) pool.add(id, score);
    return finish({ method: 'none', evidence, confidence: 0 });
  };
  const ambiguous = (what: string, ids: readonly string[], score: number): ResolutionDecision =>
    unresolved(`${what} fits ${ids.length} CRM clients (${ids.map((id) => `${id} '${name(id)}'`).join(', ')}): ambiguous`, ids, score);

  if (!forms.plain) return unresolved('empty name');

  for (const { system: aliasSystem, table } of ctx.aliases(system)) {
    const hit = table.lookup(external);
    if (!hit) continue;
    if (!index.profiles.has(hit.target)) continue;
    const how = hit.normalised ? ` (matched "${hit.key}" after normalising)` : '';
    return finish({ resolvedTo: hit.target, method: 'alias', confidence: 1, evidence: `confirmed alias in rules aliases.${aliasSystem}${how}` });
  }

  const key = companyKeyOf(external);
  const learnedHere = sameSystemVotes(ctx.learned, system, key);
  let hint: VoteSummary | undefined;
  for (const { votes, what } of learnedHere) {
    for (const v of votes.ranked) if (index.profiles.has(v.target)) pool.add(v.target, 0.99 * (v.count / votes.total));
    const confidence = 0.99 * share(votes);
    const evidence = describeVotes(votes, what, name);
    if (share(votes) > 0.5 && confidence >= ctx.threshold && index.profiles.has(votes.ranked[0].target)) {
      return finish({ resolvedTo: votes.ranked[0].target, method: 'placement_ref', confidence, evidence });
    }
    hint ??= votes;
  }

  // Name evidence from here on; a weak placement_ref majority may still veto it.
  const named = (o: Outcome): ResolutionDecision => {
    if (!hint || !o.resolvedTo) return finish(o);
    const agreeing = hint.ranked.find((v) => v.target === o.resolvedTo);
    if (!agreeing) {
      return unresolved(
        `conflicting evidence: ${o.evidence} (${o.method}), but ${describeVotes(hint, LINE_WORDS[system], name)}`,
        [o.resolvedTo],
        o.confidence,
      );
    }
    return finish({ ...o, evidence: `${o.evidence}; ${agreeing.count} of ${hint.total} lines with placement_ref agree` });
  };

  const byId = index.byId(external);
  if (byId) return named({ resolvedTo: byId, method: 'exact', confidence: CONFIDENCE.exact, evidence: 'is the CRM client_id' });

  const exact = index.exact(forms);
  if (exact.length === 1) return named({ resolvedTo: exact[0], method: 'exact', confidence: CONFIDENCE.exact, evidence: `same name as CRM '${name(exact[0])}'` });
  if (exact.length > 1) return ambiguous('the exact name', exact, CONFIDENCE.exact);

  const canonical = index.canonical(forms);
  if (canonical.length === 1) {
    return named({
      resolvedTo: canonical[0],
      method: 'normalised',
      confidence: CONFIDENCE.canonical,
      evidence: `same name as '${name(canonical[0])}' ignoring case, punctuation, accents and legal-form spelling`,
    });
  }
  if (canonical.length > 1) return ambiguous('the normalised name', canonical, CONFIDENCE.canonical);

  const core = index.core(forms);
  if (core.equal.length === 1 && core.longer.length === 0) {
    return named({
      resolvedTo: core.equal[0],
      method: 'normalised',
      confidence: CONFIDENCE.core,
      evidence: `same name as '${name(core.equal[0])}' ignoring the legal form`,
    });
  }
  if (core.equal.length > 0) return ambiguous(`'${forms.core}' without a legal form`, [...core.equal, ...core.longer], CONFIDENCE.core);

  const compact = index.compact(forms);
  if (compact.length === 1) {
    return named({ resolvedTo: compact[0], method: 'normalised', confidence: CONFIDENCE.compact, evidence: `same letters as '${name(compact[0])}' ignoring spaces` });
  }
  if (compact.length > 1) return ambiguous('the name without spaces', compact, CONFIDENCE.compact);

  const byDomain = index.domain(external, forms);
  if (byDomain.length === 1) {
    const domain = index.profiles.get(byDomain[0])?.client.domain ?? '';
    return named({ resolvedTo: byDomain[0], method: 'normalised', confidence: CONFIDENCE.domain, evidence: `matches CRM domain ${domain} of '${name(byDomain[0])}'` });
  }
  if (byDomain.length > 1) return ambiguous('the web domain', byDomain, CONFIDENCE.domain);

  for (const { votes, what } of otherSystemVotes(ctx.learned, system, key)) {
    const top = votes.ranked[0];
    const confidence = 0.9 * share(votes);
    if (share(votes) > 0.5 && confidence >= ctx.threshold && index.profiles.has(top.target)) {
      return named({ resolvedTo: top.target, method: 'placement_ref', confidence, evidence: `same name elsewhere: ${describeVotes(votes, what, name)}` });
    }
  }

  if (system === 'credit_notes') {
    const linked = linkedInvoiceDecision(ctx, key);
    if (linked) return named(linked);
  }

  const abbreviations = index.abbreviations(forms);
  if (abbreviations.length > 1) return ambiguous(`the acronym/code '${external.trim()}'`, abbreviations.map((h) => h.id), 0.9);
  if (abbreviations.length === 1) {
    const hit = abbreviations[0];
    const confidence = abbreviationConfidence(hit.kind, hit.reversed ? index.profiles.get(hit.id)?.forms.coreTokens ?? [] : forms.coreTokens);
    const rival = fuzzy().find((f) => f.id !== hit.id && f.score >= ctx.threshold);
    if (rival) return ambiguous(`'${external.trim()}' (as acronym and as name)`, [hit.id, rival.id], confidence);
    if (confidence >= ctx.threshold) {
      const client = `'${name(hit.id)}'`;
      const evidence = hit.reversed
        ? `CRM name ${client} is the acronym of this name`
        : hit.kind === 'initials'
          ? `acronym of ${client}`
          : `abbreviates the words of ${client}`;
      return named({ resolvedTo: hit.id, method: 'acronym', confidence, evidence });
    }
    pool.add(hit.id, confidence);
  }

  const ranked = fuzzy().map((f) => ({ id: f.id, score: f.score, cover: f.coverExternal }));
  const verdict = judge(ranked, ctx.threshold, ctx.margin);
  if (verdict.kind === 'accept') {
    const next = verdict.second ? `; next best '${name(verdict.second.id)}' ${round(verdict.second.score, 2)}` : '';
    return named({
      resolvedTo: verdict.best.id,
      method: 'fuzzy',
      confidence: Math.min(CONFIDENCE.fuzzyCap, verdict.best.score),
      evidence: `token similarity ${round(verdict.best.score, 2)} with '${name(verdict.best.id)}'${next}`,
    });
  }
  if (verdict.kind === 'ambiguous') {
    const list = verdict.tied.map((t) => `'${name(t.id)}' ${round(t.score, 2)}`).join(', ');
    return unresolved(`fits several CRM clients nearly equally (${list}): ambiguous`);
  }
  if (hint) return unresolved(`placement_ref lines disagree: ${describeVotes(hint, LINE_WORDS[system], name)}`);
  if (verdict.best) {
    return unresolved(`no CRM client close enough: best '${name(verdict.best.id)}' ${round(verdict.best.score, 2)} < threshold ${ctx.threshold}`);
  }
  return unresolved('no CRM client shares a word, acronym or code with this name');
}

interface LabelledVotes {
  votes: VoteSummary;
  what: string;
}

function sameSystemVotes(learned: LearnedEvidence, system: ExternalSystem, key: string): LabelledVotes[] {
  const out: LabelledVotes[] = [];
  const add = (votes: VoteSummary | undefined, what: string): void => {
    if (votes) out.push({ votes, what });
  };
  if (system === 'timesheets') add(learned.clientNames.timesheets.get(key), LINE_WORDS.timesheets);
  if (system === 'invoices') add(learned.clientNames.invoices.get(key), LINE_WORDS.invoices);
  if (system === 'credit_notes') {
    // Same finance system: the customer name as invoices taught it, then the invoices the credits correct.
    add(learned.clientNames.invoices.get(key), 'invoice lines of the same customer name');
    add(learned.creditLinks.get(key), 'credit notes (via their invoice_number)');
  }
  return out;
}

function otherSystemVotes(learned: LearnedEvidence, system: ExternalSystem, key: string): LabelledVotes[] {
  const out: LabelledVotes[] = [];
  if (system !== 'timesheets') {
    const v = learned.clientNames.timesheets.get(key);
    if (v) out.push({ votes: v, what: LINE_WORDS.timesheets });
  }
  if (system === 'timesheets' || system === 'pay_lines') {
    const v = learned.clientNames.invoices.get(key);
    if (v) out.push({ votes: v, what: LINE_WORDS.invoices });
  }
  return out;
}

/** Credit notes whose invoice_number names invoices of a customer that resolves unanimously. */
function linkedInvoiceDecision(ctx: ClientContext, key: string): Outcome | undefined {
  const names = ctx.learned.creditInvoiceNames.get(key);
  if (!names) return undefined;
  const decisions = [...names].map((n) => ctx.resolveInvoiceName(n));
  const targets = new Set(decisions.map((d) => d.resolvedTo));
  if (targets.size !== 1 || decisions[0].resolvedTo === undefined) return undefined;
  const confidence = 0.95 * Math.min(...decisions.map((d) => d.confidence));
  if (confidence < ctx.threshold) return undefined;
  const via = decisions.map((d) => `'${d.external}' (${d.method}: ${d.evidence})`).join('; ');
  return { resolvedTo: decisions[0].resolvedTo, method: decisions[0].method, confidence, evidence: `its credit notes correct invoices of ${via}` };
}

