import type { Client } from '@closegap/domain';
import { abbreviationKind, type AbbreviationKind } from './abbreviation';
import { companyForms, domainIn, domainStem, type CompanyForms } from './company-name';
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
  private readonly byFirstLetter = new Map<string, string[]>();
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
      if (forms.compact) push(this.byFirstLetter, forms.compact[0], id);
      for (const token of forms.coreTokens) for (const key of blockKeys(token)) push(this.blocks, key, id);
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
    if (!forms.compact) return hits;
    for (const id of this.byFirstLetter.get(forms.compact[0]) ?? []) {
      const crm = this.profiles.get(id)?.forms.coreTokens ?? [];
      const kind = abbreviationKind(forms.coreTokens, crm);
      if (kind) hits.push({ id, kind, reversed: false });
      else if (crm.length === 1 && forms.coreTokens.length > 1) {
        const back = abbreviationKind(crm, forms.coreTokens);
        if (back === 'initials' || back === 'code') hits.push({ id, kind: back, reversed: true });
      }
    }
    return hits;
  }

  /** Token-similarity scores against the clients sharing a block key, best first. */
  fuzzy(forms: CompanyForms): ScoredClient[] {
    const ids = new Set<string>();
    for (const token of forms.coreTokens) for (const key of blockKeys(token)) for (const id of this.blocks.get(key) ?? []) ids.add(id);
    const scored: ScoredClient[] = [];
    for (const id of ids) {
      const profile = this.profiles.get(id);
      if (!profile) continue;
      const s = scoreCompanyTokens(forms.coreTokens, profile.forms.coreTokens);
      if (s.score > 0) scored.push({ id, ...s });
    }
    return scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }
}
