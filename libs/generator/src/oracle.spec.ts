import fc from 'fast-check';
import { generateSample } from './generate';
import { oracleExceptions } from './oracle';
import type { GeneratedSample } from './generate';
import { truthKey } from './truth';
import { sample } from './testing/samples';

/** truth and the documented rules (an independent reading of docs/checks.md) must agree exactly. */
function mismatches(s: GeneratedSample): string[] {
  const oracle = new Map(oracleExceptions(s.files).map((r) => [r.key, r]));
  const out: string[] = [];
  for (const t of s.truth) {
    const o = oracle.get(truthKey(t));
    if (!o) out.push(`not raised: ${truthKey(t)}`);
    else if (o.value_at_risk !== t.value_at_risk || o.retroactive !== (t.retroactive ?? false)) out.push(`differs: ${truthKey(t)} ${t.value_at_risk} vs ${o.value_at_risk}`);
    oracle.delete(truthKey(t));
  }
  for (const key of oracle.keys()) out.push(`not in truth: ${key}`);
  return out;
}

describe('ground truth against the documented rules', () => {
  it.each([1, 2])('matches exactly at scale 1 (seed %i)', (seed) => {
    expect(mismatches(sample({ seed, scale: 1 }))).toEqual([]);
  });

  it('raises nothing on a clean bundle', () => {
    expect(oracleExceptions(sample({ seed: 3, scale: 1, defects: false }).files)).toEqual([]);
  });

  it('holds for any seed and small scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(0.1, 0.15, 0.25), fc.boolean(), (seed, scale, defects) => {
        const s = generateSample({ seed, scale, defects });
        expect(mismatches(s)).toEqual([]);
        if (!defects) expect(s.truth).toEqual([]);
      }),
      { numRuns: 6 },
    );
  });
});
