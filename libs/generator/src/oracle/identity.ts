import { weekEnding } from '@closegap/domain';
import { acronym, normCompany, personKey } from '../text';
import type { Bundle, Row } from './load';

export type System = 'timesheets' | 'invoices' | 'credit_notes';

/**
 * Conservative identity: alias, else a name learned from records of the same system that carry a
 * placement_ref, else equal after normalisation, else a unique acronym. Nothing fuzzy.
 */
export class Identity {
  readonly placements = new Map<string, Row>();
  readonly clientOf = new Map<string, Row>();
  private readonly byNorm = new Map<string, Row[]>();
  private readonly byAcronym = new Map<string, Row[]>();
  private readonly learned = new Map<string, Map<string, Set<string>>>();
  private readonly people = new Map<string, Row[]>();

  constructor(private readonly b: Bundle) {
    for (const c of b.clients) {
      this.clientOf.set(c.client_id, c);
      push(this.byNorm, normCompany(c.name), c);
      push(this.byAcronym, acronym(c.name), c);
    }
    for (const p of b.placements) {
      this.placements.set(p.placement_id, p);
      push(this.people, personKey(p.candidate_name), p);
    }
    this.learn('timesheets', b.timesheets.map((r) => [r.client_ref, r.placement_ref]));
    const voids = new Set(b.invoices.filter((r) => r.status === 'void').map((r) => r.invoice_number));
    this.learn('invoices', b.invoices.filter((r) => !voids.has(r.invoice_number)).map((r) => [r.customer_name, r.placement_ref]));
  }

  private learn(system: System, pairs: string[][]): void {
    const map = new Map<string, Set<string>>();
    for (const [name, ref] of pairs) {
      const p = ref ? this.placements.get(ref) : undefined;
      if (!p) continue;
      const set = map.get(name) ?? new Set<string>();
      set.add(p.client_id);
      map.set(name, set);
    }
    this.learned.set(system, map);
  }

  client(system: System, name: string): string | undefined {
    const alias = this.b.rules.aliases[system]?.[name];
    if (alias) return alias;
    const learned = this.learned.get(system)?.get(name);
    if (learned && learned.size === 1) return [...learned][0];
    const norm = this.byNorm.get(normCompany(name)) ?? [];
    if (norm.length === 1) return norm[0].client_id;
    if (/^[A-Z]{3,}$/.test(name)) {
      const acr = this.byAcronym.get(name) ?? [];
      if (acr.length === 1) return acr[0].client_id;
    }
    return undefined;
  }

  /** The candidate's placement (at the client, when given) whose dates hold the day, else the nearest. */
  placementFor(worker: string, day: string, clientId: string | undefined): Row | undefined {
    const mine = (this.people.get(personKey(worker)) ?? []).filter((p) => !clientId || p.client_id === clientId);
    if (mine.length === 0) return undefined;
    const holds = mine.find((p) => p.start_date <= day && (!p.end_date || day <= p.end_date));
    if (holds) return holds;
    const gap = (p: Row): number => Math.abs(Date.parse(day < p.start_date ? p.start_date : (p.end_date ?? day)) - Date.parse(day));
    return mine.slice().sort((a, b) => gap(a) - gap(b))[0];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An invoice line's week: period_end, else period_start, else a date in the description. */
export function invoiceWeek(r: Row): string | undefined {
  const d = r.period_end || r.period_start;
  if (d) return weekEnding(d);
  const iso = /(\d{4}-\d{2}-\d{2})/.exec(r.description ?? '');
  if (iso) return weekEnding(iso[1]);
  const uk = /(\d{2})\/(\d{2})\/(\d{4})/.exec(r.description ?? '');
  return uk ? weekEnding(`${uk[3]}-${uk[2]}-${uk[1]}`) : undefined;
}
