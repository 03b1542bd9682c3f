import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTruth, writeSample } from './io';
import { sample } from './testing/samples';

describe('writeSample / readTruth', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'closegap-gen-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the bundle and, beside it, the truth as CSV and JSON', () => {
    const s = sample({ seed: 1, scale: 0.2 });
    const out = writeSample(dir, s);
    expect(out.bundleDir).toBe(join(dir, 'bundle'));
    expect(readdirSync(out.bundleDir).sort()).toEqual(Object.keys(s.files).sort());
    expect(existsSync(join(out.bundleDir, 'truth.csv'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['bundle', 'truth.csv', 'truth.json']);
    expect(readTruth(out.truthJson)).toEqual(s.truth);
    expect(readTruth(out.truthCsv)).toEqual(s.truth);
  });

  it('replaces a previous sample whole', () => {
    writeSample(dir, sample({ seed: 1, scale: 0.2 }));
    const s = sample({ seed: 2, scale: 0.1 });
    writeSample(dir, s);
    expect(readTruth(join(dir, 'truth.json'))).toEqual(s.truth);
    expect(readdirSync(dir).sort()).toEqual(['bundle', 'truth.csv', 'truth.json']);
  });

  it('rejects an unknown category', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ category: 'NOPE', value_at_risk: '1.00' }]));
    expect(() => readTruth(file)).toThrow(/unknown category/);
  });
});
