import type { Placement } from '@closegap/domain';
import { parsePersonName, personKey, type PersonName } from './person-name';
import { blockKeys } from './text';

export interface NameVariant {
  raw: string;
  plain: string;
  parsed: PersonName;
  key: string;
}

export interface CandidateProfile {
  id: string;
  name: string;
  /** every spelling the CRM's placements give this candidate */
  variants: NameVariant[];
  clients: Set<string>;
}

function plain(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function nameVariant(raw: string): NameVariant {
  const parsed = parsePersonName(raw);
  return { raw, plain: plain(raw), parsed, key: personKey(parsed) };
}

/** CRM candidates (from placements) with parsed names, per client and by name block. */
export class CandidateIndex {
  readonly profiles = new Map<string, CandidateProfile>();
  private readonly byClient = new Map<string, CandidateProfile[]>();
  private readonly blocks = new Map<string, Set<CandidateProfile>>();

  constructor(placements: readonly Placement[]) {
    for (const p of placements) {
      let profile = this.profiles.get(p.candidateId);
      if (!profile) {
        profile = { id: p.candidateId, name: p.candidateName, variants: [], clients: new Set() };
        this.profiles.set(p.candidateId, profile);
      }
      if (!profile.variants.some((v) => v.raw === p.candidateName)) {
        const variant = nameVariant(p.candidateName);
        profile.variants.push(variant);
        for (const t of variant.parsed.tokens) {
          if (t.length < 2) continue;
          for (const key of blockKeys(t)) {
            const set = this.blocks.get(key) ?? new Set<CandidateProfile>();
            set.add(profile);
            this.blocks.set(key, set);
          }
        }
      }
      if (!profile.clients.has(p.clientId)) {
        profile.clients.add(p.clientId);
        const list = this.byClient.get(p.clientId) ?? [];
        list.push(profile);
        this.byClient.set(p.clientId, list);
      }
    }
  }

  name(id: string): string {
    return this.profiles.get(id)?.name ?? id;
  }

  atClient(clientId: string): readonly CandidateProfile[] {
    return this.byClient.get(clientId) ?? [];
  }

  /** Candidates anywhere sharing a name block with the query. */
  near(query: PersonName): CandidateProfile[] {
    const out = new Set<CandidateProfile>();
    for (const t of query.tokens) {
      if (t.length < 2) continue;
      for (const key of blockKeys(t)) for (const p of this.blocks.get(key) ?? []) out.add(p);
    }
    return [...out];
  }
}
