/** Name handling used to keep the generated identities resolvable (or deliberately not). */

const LEGAL_SUFFIXES = new Set([
  'llc', 'inc', 'incorporated', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company',
  'plc', 'gmbh', 'ag', 'sa', 'bv', 'lp', 'llp',
]);
const STOP_WORDS = new Set(['and', 'of', 'the']);

/** Strip accents: "José Núñez" -> "Jose Nunez". */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/g, 'o').replace(/Ø/g, 'O');
}

/** Lower case, no accents, dots dropped ("L.L.C." -> "llc"), other punctuation -> space. */
export function simplify(value: string): string {
  return fold(value)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\./g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Company name without trailing legal suffixes: "Allied Logistics Partners, LLC" -> "allied logistics partners". */
export function normCompany(value: string): string {
  const words = simplify(value).split(' ').filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

export function acronym(value: string): string {
  return normCompany(value)
    .split(' ')
    .filter((w) => !STOP_WORDS.has(w))
    .map((w) => w[0])
    .join('')
    .toUpperCase();
}

/** Person key: order-insensitive tokens, no accents or punctuation ("Smith, John" = "JOHN SMITH"). */
export function personKey(value: string): string {
  return simplify(value.replace(/[-']/g, ''))
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** "J|smith": first initial and surname, the form invoice descriptions use. */
export function initialKey(first: string, last: string): string {
  return simplify(first)[0] + '|' + simplify(last.replace(/[-']/g, ''));
}
