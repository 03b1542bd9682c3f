import { abbreviationConfidence } from './abbreviation';
import type { AliasTable } from './aliases';
import type { ClientIndex, ScoredClient } from './client-index';
import type { CompanyForms } from './company-name';
import { CandidatePool, judge, topCandidates } from './judge';
import { otherSystemVotes, sameSystemVotes, type LearnedEvidence } from './learned';
import { round } from './text';
import type { ExternalSystem, ResolutionDecision, ResolutionMethod } from './types';
import { LINE_WORDS, describeVotes, share, type VoteSummary } from './votes';

export interface ClientContext {
  index: ClientIndex;
  learned: LearnedEvidence;
  /** alias tables to consult for a system, strongest first */
  aliases: (system: ExternalSystem) => { system: string; table: AliasTable }[];
  threshold: number;
  margin: number;
  /** name resolution of an invoice customer, for credit notes linked to invoices */
  resolveInvoiceName: (name: string) => ResolutionDecision;
  /** companyForms, memoised */
  forms: (name: string) => CompanyForms;
}

const CONFIDENCE = { exact: 1, canonical: 0.98, core: 0.96, compact: 0.95, domain: 0.95, fuzzyCap: 0.95 };

interface Outcome {
  resolvedTo?: string;
  method: ResolutionMethod;
  evidence: string;
  confidence: number;
}

/** One client name of one system, through the stages from strongest evidence to weakest. */
export function resolveClientName(ctx: ClientContext, system: ExternalSystem, external: string): ResolutionDecision {
  const { index } = ctx;
  const forms = ctx.forms(external);
  const pool = new CandidatePool();
  let fuzzyCache: ScoredClient[] | undefined;
  const fuzzy = (): ScoredClient[] => (fuzzyCache ??= index.fuzzy(forms, ctx.threshold - ctx.margin));
  const name = (id: string): string => index.name(id);

  const finish = (o: Outcome): ResolutionDecision => {
    // Settled before the fuzzy stage: show the clients whose names contain this one instead.
    const near = fuzzyCache ?? index.scoreAll(forms, [...index.core(forms).equal, ...index.core(forms).longer]);
    for (const f of near.slice(0, 3)) pool.add(f.id, f.score);
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

  const key = forms.canonical || forms.plain;
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
  const byParts = resolveByParts(ctx, system, external);
  if (byParts) return named(byParts);
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

/** " - ", " | ", " / ", ":" and brackets join a name to a site, department or code. */
const PART_SEPARATORS = /\s+[-–—/:]\s+|[()[\]|;]/;

/**
 * "Allied Logistics - Memphis DC", "Allied Logistics Partners (ALP)": the parts that
 * resolve must agree, and a part that fits clients without resolving must fit that one too.
 */
function resolveByParts(ctx: ClientContext, system: ExternalSystem, external: string): Outcome | undefined {
  const parts = external
    .split(PART_SEPARATORS)
    .map((p) => p.trim())
    .filter((p) => p.length >= 2);
  if (parts.length < 2) return undefined;
  const decisions = parts.map((part) => resolveClientName(ctx, system, part));
  const resolved = decisions.filter((d) => d.resolvedTo !== undefined);
  const target = resolved[0]?.resolvedTo;
  if (!target || resolved.some((d) => d.resolvedTo !== target)) return undefined;
  const plausible = ctx.threshold - ctx.margin;
  const contradicted = decisions.some(
    (d) => !d.resolvedTo && d.candidates.some((c) => c.score >= plausible) && !d.candidates.some((c) => c.id === target),
  );
  if (contradicted) return undefined;
  const confidence = 0.95 * Math.min(...resolved.map((d) => d.confidence));
  if (confidence < ctx.threshold) return undefined;
  const evidence = resolved.map((d) => `part '${d.external}': ${d.evidence}`).join('; ');
  return { resolvedTo: target, method: resolved[0].method, confidence, evidence };
}
