import { fold, words } from './text';

/** Legal-form words, mapped to one spelling so "Inc." and "Incorporated" compare equal. */
const LEGAL_FORMS = new Map<string, string>(Object.entries({
  llc: 'llc',
  inc: 'inc',
  incorporated: 'inc',
  ltd: 'ltd',
  limited: 'ltd',
  corp: 'corp',
  corporation: 'corp',
  co: 'co',
  company: 'co',
  plc: 'plc',
  gmbh: 'gmbh',
  mbh: 'mbh',
  llp: 'llp',
  lllp: 'lllp',
  lp: 'lp',
  pty: 'pty',
  pte: 'pte',
  pvt: 'pvt',
  sa: 'sa',
  sas: 'sas',
  sarl: 'sarl',
  srl: 'srl',
  bv: 'bv',
  bvba: 'bvba',
  nv: 'nv',
  ag: 'ag',
  kg: 'kg',
  kgaa: 'kgaa',
  se: 'se',
  ab: 'ab',
  oy: 'oy',
  oyj: 'oyj',
  as: 'as',
  asa: 'asa',
  aps: 'aps',
  kk: 'kk',
  pc: 'pc',
  pllc: 'pllc',
  ulc: 'ulc',
  sl: 'sl',
  slu: 'slu',
  sro: 'sro',
  sprl: 'sprl',
}));

/**
 * Legal forms that are never ordinary words, so they are dropped wherever they occur
 * ("Acme Ltd (UK)"). The others ("Company", "Limited", "SA") only at the end.
 */
const UNAMBIGUOUS_FORMS = new Set([
  'llc', 'inc', 'ltd', 'corp', 'plc', 'gmbh', 'mbh', 'llp', 'lllp', 'pty', 'pte', 'pvt', 'sarl', 'bvba', 'kgaa', 'pllc',
]);

const PHRASES: [RegExp, string][] = [
  [/\blimited liability company\b/g, 'llc'],
  [/\blimited liability partnership\b/g, 'llp'],
  [/\bpublic limited company\b/g, 'plc'],
  [/\bproprietary limited\b/g, 'pty ltd'],
];

/** Common business abbreviations, spelled out so both spellings align. */
const WORD_FORMS = new Map<string, string>(Object.entries({
  intl: 'international',
  int: 'international',
  svc: 'services',
  svcs: 'services',
  srvcs: 'services',
  mgmt: 'management',
  mgt: 'management',
  grp: 'group',
  hldgs: 'holdings',
  hldg: 'holding',
  assoc: 'associates',
  assocs: 'associates',
  bros: 'brothers',
  natl: 'national',
  mfg: 'manufacturing',
  engg: 'engineering',
  ctr: 'center',
  centre: 'center',
  dept: 'department',
  univ: 'university',
  hosp: 'hospital',
  govt: 'government',
  solns: 'solutions',
  tech: 'technology',
  techs: 'technologies',
}));

export const STOPWORDS = new Set(['and', 'of', 'the', 'for', 'at', 'de', 'du', 'des', 'la', 'le', 'el', 'y', 'et', 'und']);

export interface CompanyForms {
  /** trimmed, lower case, single spaces: "exact" comparison */
  plain: string;
  /** words folded, legal forms kept in one spelling: "summit freight inc" */
  canonical: string;
  /** legal forms removed: "summit freight" */
  core: string;
  coreTokens: string[];
  /** core without spaces: "brightwavehealthcare" */
  compact: string;
}

function tokensOf(name: string): string[] {
  let text = fold(name).replace(/[&+]/g, ' and ');
  // Dotted initials are one word: "L.L.C." -> "llc", "J.P." -> "jp".
  text = text.replace(/\b[a-z](?:\.[a-z])+\b\.?/g, (m) => m.replace(/\./g, ''));
  for (const [re, to] of PHRASES) text = text.replace(re, to);
  const tokens = words(text).map((w) => WORD_FORMS.get(w) ?? w);
  while (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  return tokens;
}

/** Whether each token is acting as a legal form: the trailing run of them, and unambiguous ones anywhere but first. */
function legalFormMask(tokens: readonly string[]): boolean[] {
  let start = tokens.length;
  while (start > 1 && (LEGAL_FORMS.has(tokens[start - 1]) || tokens[start - 1] === 'and')) start--;
  return tokens.map((t, i) => i >= start || (i > 0 && UNAMBIGUOUS_FORMS.has(t)));
}

export function companyForms(name: string): CompanyForms {
  const tokens = tokensOf(name);
  const legal = legalFormMask(tokens);
  const coreTokens = tokens.filter((_, i) => !legal[i]);
  return {
    plain: name.trim().replace(/\s+/g, ' ').toLowerCase(),
    canonical: tokens.map((t, i) => (legal[i] ? (LEGAL_FORMS.get(t) ?? t) : t)).join(' '),
    core: coreTokens.join(' '),
    coreTokens,
    compact: coreTokens.join(''),
  };
}

/** "The Allied Logistics Partners, L.L.C." -> "allied logistics partners". */
export function normaliseCompanyName(name: string): string {
  return companyForms(name).core;
}

const TLD_LIKE = new Set(['com', 'co', 'org', 'net', 'gov', 'edu', 'ac', 'io', 'biz', 'info', 'ltd', 'plc', 'inc', 'www']);

/** "https://www.allied-logistics.co.uk/about" -> "alliedlogistics" (the registrable name). */
export function domainStem(domain: string): string | undefined {
  const host = fold(domain.trim())
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^[^@]*@/, '')
    .split(/[/?#:]/)[0];
  const labels = host.split('.').filter((l) => l.length > 0);
  while (labels.length > 1) {
    const last = labels[labels.length - 1];
    if (TLD_LIKE.has(last) || last.length === 2) labels.pop();
    else break;
  }
  while (labels.length > 1 && labels[0] === 'www') labels.shift();
  const stem = (labels[labels.length - 1] ?? '').replace(/[^a-z0-9]/g, '');
  return stem.length >= 4 ? stem : undefined;
}

/** A domain or e-mail address inside an external name ("alliedlogistics.com", "ap@allied.com"). */
export function domainIn(name: string): string | undefined {
  const m = /[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i.exec(name.trim());
  if (!m || /\s/.test(name.trim())) return undefined;
  return domainStem(m[0]);
}
