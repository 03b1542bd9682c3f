import type { GeneratedSample, GenerateOptions } from '../generate';
import { generateSample } from '../generate';

const cache = new Map<string, GeneratedSample>();

/** Specs share generated samples: generation at scale 1 takes about a second. */
export function sample(opts: GenerateOptions): GeneratedSample {
  const key = JSON.stringify(opts);
  let s = cache.get(key);
  if (!s) {
    s = generateSample(opts);
    cache.set(key, s);
  }
  return s;
}
