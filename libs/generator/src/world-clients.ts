import type { Ctx } from './context';
import type { ClientRec, FinNameForm, TsNameForm } from './model';
import type { Rng } from './prng';
import { INDUSTRIES } from './jobs';
import { COMPANY_DESCRIPTORS, COMPANY_PREFIXES_EU, COMPANY_PREFIXES_UK, COMPANY_PREFIXES_US, STAFF, SUFFIXES, TLD } from './names';
import { acronym, fold, normCompany, simplify } from './text';

interface NameSpec {
  base: string;
  /** prefix and industry word, without the descriptor */
  phrase: string;
  suffix: string;
  currency: string;
  industry: number;
  collision: boolean;
}

const PREFIXES: Record<string, readonly string[]> = { USD: COMPANY_PREFIXES_US, GBP: COMPANY_PREFIXES_UK, EUR: COMPANY_PREFIXES_EU };

class NamePool {
  readonly norms = new Set<string>();
  readonly phrases = new Set<string>();

  constructor(private readonly rng: Rng) {}

  one(currency: string, collision = false): NameSpec {
    for (let attempt = 0; ; attempt++) {
      const pool = attempt > 150 ? COMPANY_PREFIXES_US : PREFIXES[currency];
      const industry = this.rng.int(0, INDUSTRIES.length - 1);
      const phrase = `${this.rng.pick(pool)} ${this.rng.pick(INDUSTRIES[industry].words)}`;
      const desc = collision || this.rng.chance(0.55) ? ' ' + this.rng.pick(COMPANY_DESCRIPTORS) : '';
      const base = phrase + desc;
      const phraseFree = !this.phrases.has(normCompany(phrase)) || (attempt > 300 && desc !== '');
      if (!phraseFree || this.norms.has(normCompany(base))) continue;
      this.phrases.add(normCompany(phrase));
      this.norms.add(normCompany(base));
      return { base, phrase, suffix: this.rng.pick(SUFFIXES[currency]), currency, industry, collision };
    }
  }

  /** "Summit Freight Logistics Inc" and "Summit Freight Services LLC": a name like "Summit Freight" fits both. */
  pair(): [NameSpec, NameSpec, string] {
    const a = this.one('USD', true);
    const phrase = a.phrase;
    for (;;) {
      const desc = this.rng.pick(COMPANY_DESCRIPTORS);
      const base = `${phrase} ${desc}`;
      if (this.norms.has(normCompany(base))) continue;
      this.norms.add(normCompany(base));
      this.norms.add(normCompany(phrase));
      return [a, { base, phrase, suffix: this.rng.pick(SUFFIXES.USD), currency: 'USD', industry: a.industry, collision: true }, phrase];
    }
  }
}

export function buildClients(ctx: Ctx, rng: Rng): void {
  const n = Math.max(4, Math.round(60 * ctx.scale));
  const pool = new NamePool(rng);
  const specs: NameSpec[] = [];
  const ambiguous: string[] = [];
  const pairs = Math.max(1, Math.round(2 * ctx.scale));
  for (let i = 0; i < pairs; i++) {
    const [a, b, phrase] = pool.pair();
    specs.push(a, b);
    ambiguous.push(phrase);
  }
  while (specs.length < n) {
    const currency = rng.weighted([['USD', 80], ['GBP', 12], ['EUR', 8]] as const);
    specs.push(pool.one(currency));
  }
  rng.shuffle(specs);
  let num = 1000 + rng.int(1, 40);
  const clients = specs.map((s) => {
    num += rng.weighted([[1, 6], [2, 2], [3, 1]] as const);
    return makeClient(rng, s, 'C' + String(num).padStart(4, '0'));
  });
  assignExternalNames(rng, clients);
  ctx.clients = clients;
  for (const phrase of ambiguous) {
    ctx.ambiguousNames.push({ name: phrase, clients: clients.filter((c) => c.short === phrase) });
  }
}

function makeClient(rng: Rng, s: NameSpec, id: string): ClientRec {
  const industry = INDUSTRIES[s.industry];
  const jobs = rng.shuffle([...industry.jobs]).slice(0, rng.int(1, 3));
  return {
    id,
    name: `${s.base} ${s.suffix}`,
    base: s.base,
    short: s.phrase !== s.base ? s.phrase : '',
    currency: s.currency,
    domain: simplify(s.base).replace(/ /g, '') + '.' + rng.pick(TLD[s.currency]),
    accountManager: rng.pick(STAFF),
    floorPct: rng.chance(0.15) ? rng.pick([18, 20, 25]) : undefined,
    industry: s.industry,
    jobs,
    tsName: '',
    tsForm: 'base',
    finName: '',
    finForm: 'base',
    creditName: '',
    creditForm: 'crm',
    lineStyle: rng.weighted([['item', 45], ['both', 40], ['rt', 15]] as const),
    billing: rng.chance(0.25) ? 'placement' : 'client',
    invoiceLag: rng.int(1, 4),
    periodCols: rng.chance(0.9),
    ukDates: s.currency === 'GBP',
    stdHours: s.currency === 'GBP' || rng.chance(0.1) ? 7.5 : 8,
    codeStyle: rng.int(0, 2),
    itemStyle: rng.int(0, 2),
    collision: s.collision,
  };
}

function suffixOf(c: ClientRec): string {
  return c.name.slice(c.base.length + 1);
}

function assignExternalNames(rng: Rng, clients: ClientRec[]): void {
  const acronymCount = new Map<string, number>();
  const normList = clients.map((c) => normCompany(c.name) + ' ');
  const norms = new Set(normList.map((n) => n.trim()));
  for (const c of clients) acronymCount.set(acronym(c.name), (acronymCount.get(acronym(c.name)) ?? 0) + 1);
  const codes = new Set<string>();
  for (const c of clients) {
    const words = c.base.split(' ');
    const short = c.short;
    const shortKey = simplify(short) + ' ';
    const shortOk = !c.collision && short !== '' && normList.filter((n) => n.startsWith(shortKey)).length === 1;
    const acr = acronym(c.name);
    const acrOk = !c.collision && acr.length >= 3 && acronymCount.get(acr) === 1 && !norms.has(acr.toLowerCase());
    const code = fold(words[0]).toUpperCase().replace(/[^A-Z]/g, '') + '-' + fold(words[1]).slice(0, 3).toUpperCase();
    const codeOk = !c.collision && !codes.has(code);
    let ts = rng.weighted<TsNameForm>([['base', 22], ['upper', 13], ['acronym', 20], ['code', 20], ['short', 25]]);
    if ((ts === 'acronym' && !acrOk) || (ts === 'code' && !codeOk) || (ts === 'short' && !shortOk)) ts = c.collision ? 'upper' : 'base';
    if (ts === 'code') codes.add(code);
    c.tsForm = ts;
    c.tsName = ts === 'base' ? c.base : ts === 'upper' ? fold(c.base).toUpperCase() : ts === 'acronym' ? acr : ts === 'code' ? code : short;
    const dotsOk = /^(LLC|Inc\.?)$/.test(suffixOf(c));
    let fin = rng.weighted<FinNameForm>([['base', 25], ['crm', 20], ['comma', 20], ['upper', 10], ['dots', 10], ['short', 15]]);
    if ((fin === 'dots' && !dotsOk) || (fin === 'short' && !shortOk)) fin = 'comma';
    c.finForm = fin;
    c.finName = finName(c, fin, short);
    c.creditForm = rng.chance(0.65) ? fin : 'crm';
    c.creditName = finName(c, c.creditForm, short);
  }
}

function finName(c: ClientRec, form: FinNameForm, short: string): string {
  const suffix = suffixOf(c);
  switch (form) {
    case 'base':
      return c.base;
    case 'crm':
      return c.name;
    case 'comma':
      return `${c.base}, ${suffix}`;
    case 'upper':
      return c.name.toUpperCase();
    case 'dots':
      return suffix === 'LLC' ? `${c.base} L.L.C.` : `${c.base} Inc.`;
    case 'short':
      return short;
  }
}
