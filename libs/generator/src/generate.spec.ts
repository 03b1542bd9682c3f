import { CATEGORIES, CATEGORY_REFS } from '@closegap/domain';
import { parse } from 'yaml';
import { generateSample } from './generate';
import { truthKey } from './truth';
import { sample } from './testing/samples';

describe('generateSample', () => {
  it('is deterministic: the same seed gives the same bytes and truth', () => {
    const a = generateSample({ seed: 7, scale: 0.3 });
    const b = generateSample({ seed: 7, scale: 0.3 });
    expect(b.files).toEqual(a.files);
    expect(JSON.stringify(b.truth)).toBe(JSON.stringify(a.truth));
  });

  it('differs between seeds', () => {
    const a = sample({ seed: 1, scale: 0.2 });
    const b = sample({ seed: 2, scale: 0.2 });
    expect(b.files['timesheets.csv']).not.toBe(a.files['timesheets.csv']);
    expect(b.files['clients.csv']).not.toBe(a.files['clients.csv']);
  });

  it('injects every category, at least eight times at scale 1', () => {
    const { truth } = sample({ seed: 1, scale: 1 });
    const short = CATEGORIES.filter((category) => truth.filter((t) => t.category === category).length < 8);
    expect(short).toEqual([]);
  });

  it('gives every truth record its refs, unique per category', () => {
    for (const seed of [1, 2]) {
      const { truth } = sample({ seed, scale: 1 });
      const keys = truth.map(truthKey);
      expect(new Set(keys).size).toBe(keys.length);
      for (const t of truth) {
        for (const ref of CATEGORY_REFS[t.category]) {
          const blankAllowed = t.category === 'INVOICE_MATH_ERROR' && ref === 'line_no';
          if (!blankAllowed) expect({ key: truthKey(t), ref, value: t[ref] }).toEqual({ key: truthKey(t), ref, value: expect.stringMatching(/.+/) });
        }
        expect(t.value_at_risk).toMatch(/^\d+\.\d{2}$/);
      }
    }
  });

  it('includes retroactive and recurring contract drift, and both kinds of invoice math error', () => {
    const { truth } = sample({ seed: 1, scale: 1 });
    const drift = truth.filter((t) => t.category === 'CONTRACT_DRIFT');
    expect(drift.some((t) => t.retroactive)).toBe(true);
    expect(drift.some((t) => !t.retroactive)).toBe(true);
    expect(drift.some((t) => t.recurring)).toBe(true);
    const math = truth.filter((t) => t.category === 'INVOICE_MATH_ERROR');
    expect(math.some((t) => t.line_no === '')).toBe(true);
    expect(math.some((t) => t.line_no !== '')).toBe(true);
  });

  it('has an empty truth in clean mode', () => {
    expect(sample({ seed: 3, scale: 0.5, defects: false }).truth).toEqual([]);
  });

  it('scales: about 60 clients, 400 placements and 30-40k lines at scale 1', () => {
    const one = sample({ seed: 1, scale: 1 }).stats;
    expect(one.clients).toBe(60);
    expect(one.placements).toBeGreaterThan(370);
    expect(one.placements).toBeLessThan(430);
    expect(one.lines).toBeGreaterThan(27000);
    expect(one.lines).toBeLessThan(42000);
    const tenth = sample({ seed: 1, scale: 0.1 }).stats;
    expect(tenth.clients).toBe(6);
    expect(tenth.lines).toBeLessThan(one.lines / 5);
  });

  it('honours asOf and writes the rules file', () => {
    const s = sample({ seed: 4, scale: 0.1, asOf: '2025-09-28' });
    const rules = parse(s.files['recon.yaml']) as Record<string, unknown>;
    expect(rules.as_of).toBe('2025-09-28');
    expect(rules.data_from).toBe('2025-06-30');
    expect(rules.margin_floor_pct).toBe(15);
    expect(Object.values(rules.item_map as Record<string, string>)).toContain('perm_fee');
    expect((rules.rate_type_map as Record<string, string>).OT).toBe('overtime');
  });

  it('rejects bad options', () => {
    expect(() => generateSample({ seed: 1, scale: 0 })).toThrow(/scale/);
    expect(() => generateSample({ seed: 1, scale: 1, asOf: '29/03/2026' })).toThrow(/asOf/);
  });
});
