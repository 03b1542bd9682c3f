import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@closegap/contract';
import { generateSample, writeSample } from '@closegap/generator';
import { runBatch } from './run-batch';
import { scoreExceptions } from './score';
import type { ScoredRecord } from './score';

function reconcileSample(seed: number, scale: number, defects: boolean) {
  const sample = generateSample({ seed, scale, defects });
  const dir = mkdtempSync(join(tmpdir(), 'gen-prop-'));
  try {
    const { bundleDir } = writeSample(dir, sample);
    return { sample, result: runBatch(readBundle(bundleDir)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('generated bundles (property tests)', () => {
  it('a clean generated bundle gives zero exceptions and no quarantine', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0.05, 0.1), (seed, scale) => {
        const { result } = reconcileSample(seed, scale, false);
        expect(result.exceptions.map((e) => `${e.category} ${e.detail}`)).toEqual([]);
        expect(result.quarantine).toEqual([]);
        expect(result.summary.not_checked).toEqual([]);
      }),
      { numRuns: 6 },
    );
  });

  it('every injected defect is found with the right refs and value, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const { sample, result } = reconcileSample(seed, 0.15, true);
        const scores = scoreExceptions(sample.truth as unknown as ScoredRecord[], result.exceptions as unknown as ScoredRecord[]);
        const problems = scores.flatMap((s) => [...s.missed.map((m) => `missed ${m}`), ...s.unexpected.map((u) => `unexpected ${u}`), ...s.wrongValue.map((w) => `value ${w}`)]);
        expect(problems).toEqual([]);
        expect(sample.truth.length).toBeGreaterThan(0);
      }),
      { numRuns: 6 },
    );
  });
});
