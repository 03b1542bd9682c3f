import type { Client } from '@closegap/domain';
import { abbreviationKind, type AbbreviationKind } from './abbreviation';
import { STOPWORDS, companyForms, domainIn, domainStem, type CompanyForms } from './company-name';
import { scoreCompanyTokens, type NameScore } from './company-similarity';
import { blockKeys } from './text';

export interface ClientProfile {
  client: Client;
  forms: CompanyForms;
  domain?: string;
}

export interface ScoredClient extends NameScore {
  id: string;
}

export interface AbbreviationHit {
  id: string;
  kind: AbbreviationKind;
  /** the CRM name abbreviates the external one ("ALP Inc" in the CRM, spelled out outside) */
  reversed: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** The CRM clients with every normalised form precomputed, so a lookup touches few of them. */
export class ClientIndex {
  readonly profiles = new Map<string, ClientProfile>();
  private readonly byClientId = new Map<string, string>();
  private readonly byPlain = new Map<string, string[]>();
  private readonly byCanonical = new Map<string, string[]>();
  private readonly byCore = new Map<string, string[]>();
  /** a proper token prefix of a client's core name -> the clients it shortens */
  private readonly byCorePrefix = new Map<string, string[]>();
  private readonly byCompact = new Map<string, string[]>();
  private readonly byDomain = new Map<string, string[]>();
  /** first two letters any abbreviation of the name would start with */
  private readonly byAbbreviationStart = new Map<string, string[]>();
  /** one-word names, which may be acronyms of the external name */
  private readonly oneWordByFirstLetter = new Map<string, string[]>();
  private readonly byToken = new Map<string, string[]>();
  private readonly blocks = new Map<string, string[]>();

  constructor(clients: readonly Client[]) {
    for (const client of clients) {
      if (this.profiles.has(client.clientId)) continue;
      const forms = companyForms(client.name);
      const domain = client.domain ? domainStem(client.domain) : undefined;
      const id = client.clientId;
      this.profiles.set(id, { client, forms, domain });
      this.byClientId.set(id.trim().toLowerCase(), id);
      push(this.byPlain, forms.plain, id);
      push(this.byCanonical, forms.canonical, id);
      push(this.byCore, forms.core, id);
      for (let n = 1; n < forms.coreTokens.length; n++) push(this.byCorePrefix, forms.coreTokens.slice(0, n).join(' '), id);
      push(this.byCompact, forms.compact, id);
      if (domain) push(this.byDomain, domain, id);
      for (const start of abbreviationStarts(forms.coreTokens)) push(this.byAbbreviationStart, start, id);
      if (forms.coreTokens.length === 1 && forms.compact) push(this.oneWordByFirstLetter, forms.compact[0], id);
      for (const token of forms.coreTokens) {
        push(this.byToken, token, id);
        for (const key of blockKeys(token)) push(this.blocks, key, id);
      }
    }
  }

  name(id: string): string {
    return this.profiles.get(id)?.client.name ?? id;
  }

  byId(external: string): string | undefined {
    return this.byClientId.get(external.trim().toLowerCase());
  }

  exact(forms: CompanyForms): string[] {
    return this.byPlain.get(forms.plain) ?? [];
  }

  canonical(forms: CompanyForms): string[] {
    return forms.canonical ? (this.byCanonical.get(forms.canonical) ?? []) : [];
  }

  core(forms: CompanyForms): { equal: string[]; longer: string[] } {
    if (!forms.core) return { equal: [], longer: [] };
    return { equal: this.byCore.get(forms.core) ?? [], longer: this.byCorePrefix.get(forms.core) ?? [] };
  }

  compact(forms: CompanyForms): string[] {
    return forms.compact.length >= 4 ? (this.byCompact.get(forms.compact) ?? []) : [];
  }

  /** Clients whose web domain is the external name, or is spelled by it ("AlliedLogistics"). */
  domain(raw: string, forms: CompanyForms): string[] {
    const stems = new Set<string>();
    const inName = domainIn(raw);
    if (inName) stems.add(inName);
    if (forms.compact.length >= 4) stems.add(forms.compact);
    const canonicalCompact = forms.canonical.replace(/ /g, '');
    if (canonicalCompact.length >= 4) stems.add(canonicalCompact);
    const ids = new Set<string>();
    for (const s of stems) for (const id of this.byDomain.get(s) ?? []) ids.add(id);
    return [...ids];
  }

  abbreviations(forms: CompanyForms): AbbreviationHit[] {
    const hits: AbbreviationHit[] = [];
    if (forms.compact.length < 2) return hits;
    for (const id of this.byAbbreviationStart.get(forms.compact.slice(0, 2)) ?? []) {
      const kind = abbreviationKind(forms.coreTokens, this.profiles.get(id)?.forms.coreTokens ?? []);
      if (kind) hits.push({ id, kind, reversed: false });
    }
    if (forms.coreTokens.length > 1) {
      for (const id of this.oneWordByFirstLetter.get(forms.compact[0]) ?? []) {
        const back = abbreviationKind(this.profiles.get(id)?.forms.coreTokens ?? [], forms.coreTokens);
        if (back === 'initials' || back === 'code') hits.push({ id, kind: back, reversed: true });
      }
    }
    return hits;
  }

  /**
   * Token-similarity scores, best first, of the clients that could score at least
   * `minScore` (a score cannot exceed the share of external tokens that share a word or
   * block key with the client), plus a few more so the review screen has candidates.
   */
  fuzzy(forms: CompanyForms, minScore: number): ScoredClient[] {
    const tokens = forms.coreTokens;
    if (tokens.length === 0) return [];
    const hits = new Map<string, number>();
    for (const token of tokens) {
      const exact = this.byToken.get(token);
      const ids = new Set<string>(exact ?? []);
      // A word some client has is taken as spelt right; others may be typos or truncations.
      if (!exact || token.length < 4) for (const key of blockKeys(token)) for (const id of this.blocks.get(key) ?? []) ids.add(id);
      for (const id of ids) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    const byBound = [...hits.entries()].sort((a, b) => b[1] - a[1] ||compareText(a[0], b[0]));
    const scored: ScoredClient[] = [];
    for (const [id, count] of byBound) {
      const bound = count / tokens.length;
      if (bound < minScore && scored.length >= REVIEW_CANDIDATES) break;
      const profile = this.profiles.get(id);
      if (!profile) continue;
      const s = scoreCompanyTokens(tokens, profile.forms.coreTokens);
      if (s.score > 0) scored.push({ id, ...s });
    }
    return scored.sort((a, b) => b.score - a.score ||compareText(a.id, b.id));
  }
}

const REVIEW_CANDIDATES = 3;

/** "allied logistics partners" -> al (allied), al (a + logistics); stopwords may be skipped after the first word. */
function abbreviationStarts(tokens: readonly string[]): string[] {
  if (tokens.length < 2) return [];
  const [first, ...rest] = tokens;
  const starts = new Set<string>();
  if (first.length >= 2) starts.add(first.slice(0, 2));
  for (const next of rest) {
    starts.add(first[0] + next[0]);
    if (!STOPWORDS.has(next)) break;
  }
  return [...starts];
}
