import { distance } from 'fastest-levenshtein';

const FOLDED_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower case without accents or apostrophes ("O’Brien-Müller" -> "obrien-muller"). */
export function fold(text: string): string {
  return text
    .replace(/['’‘`´ʼ]/g, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDED_LETTERS[c] ?? c);
}

export function words(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Levenshtein, except that one swap of adjacent letters ("frieght") counts as one typo. */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  return d === 2 && isOneTransposition(a, b) ? 1 : d;
}

function isOneTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

export function hasDigit(token: string): boolean {
  return /\d/.test(token);
}

/**
 * Keys under which a token is indexed, so that names sharing a word despite a typo or a
 * truncation find each other: the first three letters (truncations: "log" for
 * "logistics"); for words of 4-10 letters, the word with each letter deleted (two words
 * one edit apart always share one: "meida" and "media" share "meda"); for longer words,
 * also the last three letters, as one or two typos rarely touch both ends.
 */
export function blockKeys(token: string): string[] {
  if (token.length < 3) return ['t:' + token];
  const keys = ['p:' + token.slice(0, 3)];
  if (token.length >= 9) keys.push('s:' + token.slice(-3));
  if (token.length >= 4 && token.length <= 10) {
    keys.push('d:' + token);
    for (let i = 0; i < token.length; i++) keys.push('d:' + token.slice(0, i) + token.slice(i + 1));
  }
  return keys;
}

/** Memoises a string function: at scale, lines repeat a few thousand distinct names. */
export function memoise<T>(fn: (s: string) => T, cache: Map<string, T> = new Map()): (s: string) => T {
  return (s) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      v = fn(s);
      cache.set(s, v);
    }
    return v as T;
  };
}

/**
 * Joins adjacent tokens of `a` whose concatenation is a token of `b`
 * ("bright wave" vs "brightwave"), so the two can be aligned token by token.
 */
export function joinCompounds(a: readonly string[], b: readonly string[]): string[] {
  if (a.length < 2) return [...a];
  const inB = new Set(b);
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const joined = i + 1 < a.length ? a[i] + a[i + 1] : '';
    if (joined && inB.has(joined) && !inB.has(a[i]) && !inB.has(a[i + 1])) {
      out.push(joined);
      i++;
    } else {
      out.push(a[i]);
    }
  }
  return out;
}

export interface Pair {
  a: number;
  b: number;
  sim: number;
}

/** One-to-one alignment, best pairs first; ties keep the earlier tokens together. */
export function alignGreedy(rows: number, cols: number, sim: (a: number, b: number) => number): Pair[] {
  const pairs: Pair[] = [];
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const s = sim(a, b);
      if (s > 0) pairs.push({ a, b, sim: s });
    }
  }
  pairs.sort((x, y) => y.sim - x.sim || Math.abs(x.a - x.b) - Math.abs(y.a - y.b) || x.a - y.a);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const chosen: Pair[] = [];
  for (const p of pairs) {
    if (usedA.has(p.a) || usedB.has(p.b)) continue;
    usedA.add(p.a);
    usedB.add(p.b);
    chosen.push(p);
  }
  return chosen;
}

export function round(value: number, places = 3): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Code-unit order: stable across locales and far cheaper than localeCompare in hot sorts. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
