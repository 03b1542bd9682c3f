import type { Client } from '@closegap/domain';
import { Abbreviation, abbreviationKind, type AbbreviationKind } from './abbreviation';
import { STOPWORDS, companyForms, domainIn, domainStem, type CompanyForms } from './company-name';
import { scoreCompanyTokens, type NameScore } from './company-similarity';
import { blockKeys, compareText } from './text';

export interface ClientProfile {
  client: Client;
  forms: CompanyForms;
  domain?: string;
  /** first letters of the core words, see letterMask */
  letters: number;
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

/** Clients are indexed one at a time, so a repeat can only be the last entry. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
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
  /** clients by position, for the counting arrays below */
  private readonly order: ClientProfile[] = [];
  private readonly byToken = new Map<string, number[]>();
  private readonly blocks = new Map<string, number[]>();
  /** per client: its words ("w:" + word) and their block keys */
  private readonly keySets: Set<string>[] = [];
  private lastMark = new Int32Array(0);
  private mark = 0;

  constructor(clients: readonly Client[]) {
    for (const client of clients) {
      if (this.profiles.has(client.clientId)) continue;
      const forms = companyForms(client.name);
      const domain = client.domain ? domainStem(client.domain) : undefined;
      const id = client.clientId;
      const profile: ClientProfile = { client, forms, domain, letters: letterMask(forms.coreTokens) };
      const at = this.order.length;
      this.order.push(profile);
      this.profiles.set(id, profile);
      this.byClientId.set(id.trim().toLowerCase(), id);
      push(this.byPlain, forms.plain, id);
      push(this.byCanonical, forms.canonical, id);
      push(this.byCore, forms.core, id);
      for (let n = 1; n < forms.coreTokens.length; n++) push(this.byCorePrefix, forms.coreTokens.slice(0, n).join(' '), id);
      push(this.byCompact, forms.compact, id);
      if (domain) push(this.byDomain, domain, id);
      for (const start of abbreviationStarts(forms.coreTokens)) push(this.byAbbreviationStart, start, id);
      if (forms.coreTokens.length === 1 && forms.compact) push(this.oneWordByFirstLetter, forms.compact[0], id);
      const keys = new Set<string>();
      for (const token of forms.coreTokens) {
        push(this.byToken, token, at);
        keys.add('w:' + token);
        for (const key of blockKeys(token)) {
          push(this.blocks, key, at);
          keys.add(key);
        }
      }
      this.keySets.push(keys);
    }
    this.lastMark = new Int32Array(this.order.length);
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
    const abbreviation = new Abbreviation(forms.coreTokens);
    const letters = abbreviation.tokens.join('');
    if (letters.length < 2) return hits;
    // Every external token starts where a CRM word starts.
    const needed = letterMask(abbreviation.tokens);
    for (const id of this.byAbbreviationStart.get(letters.slice(0, 2)) ?? []) {
      const profile = this.profiles.get(id);
      if (!profile || (profile.letters & needed) !== needed) continue;
      const kind = abbreviation.kindFor(profile.forms.coreTokens);
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

  /** Token-similarity scores of the given clients, best first. */
  scoreAll(forms: CompanyForms, ids: readonly string[]): ScoredClient[] {
    const scored: ScoredClient[] = [];
    for (const id of new Set(ids)) {
      const profile = this.profiles.get(id);
      if (profile) scored.push({ id, ...scoreCompanyTokens(forms.coreTokens, profile.forms.coreTokens) });
    }
    return scored.sort((a, b) => b.score - a.score || compareText(a.id, b.id));
  }

  /**
   * Token-similarity scores, best first, of the clients that could score at least
   * `minScore` (a score cannot exceed the share of external tokens that share a word or
   * block key with the client), plus a few more so the review screen has candidates.
   */
  fuzzy(forms: CompanyForms, minScore: number): ScoredClient[] {
    const tokens = forms.coreTokens;
    const n = tokens.length;
    if (n === 0) return [];
    // Which clients each token reaches: its exact word and, unless it is a common word
    // (taken as spelt right), what it could be a typo or truncation of.
    const reach = tokens.map((token) => {
      const exact = this.byToken.get(token);
      const keys = !exact || token.length < 4 || exact.length <= RARE_WORD ? blockKeys(token) : [];
      const lists = [exact ?? [], ...keys.map((k) => this.blocks.get(k) ?? [])];
      return { word: 'w:' + token, keys, lists, size: lists.reduce((a, l) => a + l.length, 0) };
    });
    // A client reaching the bound shares at least one of the (n - need + 1) rarest tokens;
    // the other tokens are probed only to fill the review list.
    const need = Math.max(1, Math.ceil(minScore * n - 1e-9));
    const byRarity = [...reach].sort((a, b) => a.size - b.size);
    const passes = [byRarity.slice(0, n - need + 1), byRarity.slice(n - need + 1)];
    this.mark++;
    const scored: ScoredClient[] = [];
    for (const [pass, probes] of passes.entries()) {
      if (pass > 0 && scored.length >= REVIEW_CANDIDATES) break;
      const buckets: number[][] = Array.from({ length: n + 1 }, () => []);
      for (const probe of probes) {
        for (const list of probe.lists) {
          for (const at of list) {
            if (this.lastMark[at] === this.mark) continue;
            this.lastMark[at] = this.mark;
            buckets[this.hits(at, reach)].push(at);
          }
        }
      }
      for (let hits = n; hits > 0; hits--) {
        const hopeless = hits < need;
        for (const at of buckets[hits]) {
          if (hopeless && scored.length >= REVIEW_CANDIDATES) break;
          const profile = this.order[at];
          const s = scoreCompanyTokens(tokens, profile.forms.coreTokens);
          if (s.score > 0) scored.push({ id: profile.client.clientId, ...s });
        }
      }
    }
    return scored.sort((a, b) => b.score - a.score || compareText(a.id, b.id));
  }

  /** How many external tokens reach this client (by word, or by block key for unknown words). */
  private hits(at: number, reach: readonly Reach[]): number {
    const keys = this.keySets[at];
    let hits = 0;
    for (const r of reach) {
      if (keys.has(r.word)) hits++;
      else {
        for (const k of r.keys) {
          if (keys.has(k)) {
            hits++;
            break;
          }
        }
      }
    }
    return hits;
  }
}

const REVIEW_CANDIDATES = 3;
/** a word in at most this many client names may still be a typo of another client's word */
const RARE_WORD = 25;

interface Reach {
  word: string;
  keys: string[];
}

/** Bit per first letter of the words (a-z; digits and others share one bit). */
function letterMask(tokens: readonly string[]): number {
  let mask = 0;
  for (const t of tokens) {
    const c = t.charCodeAt(0) - 97;
    mask |= 1 << (c >= 0 && c < 26 ? c : 26);
  }
  return mask;
}

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
