import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recon } from './test/cli';

const work = mkdtempSync(join(tmpdir(), 'recon-cli-'));

describe('recon generate + run + score at scale 1', () => {
  it('finds every injected defect: recall 100% and precision >= 99% in every category', () => {
    const gen = recon(['generate', '--out', join(work, 's1'), '--seed', '42', '--scale', '1']);
    expect(gen.status).toBe(0);
    expect(existsSync(join(work, 's1/bundle/timesheets.csv'))).toBe(true);
    expect(existsSync(join(work, 's1/bundle/truth.csv'))).toBe(false); // truth beside the bundle, not inside

    const run = recon(['run', '--in', join(work, 's1/bundle'), '--out', join(work, 'r1'), '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Leakage rate/);
    for (const f of ['exceptions.csv', 'exceptions.json', 'matches.csv', 'quarantine.csv', 'resolution.csv', 'summary.json', 'pack.html']) {
      expect(existsSync(join(work, 'r1', f))).toBe(true);
    }

    const score = recon(['score', '--truth', join(work, 's1/truth.csv'), '--exceptions', join(work, 'r1/exceptions.csv'), '--json', '--min-recall', '100', '--min-precision', '99']);
    expect(score.status).toBe(0);
    const scores = JSON.parse(score.stdout) as { category: string; truth: number; recall: number; precision: number; valueMatches: number; truePositives: number }[];
    expect(scores).toHaveLength(19);
    for (const s of scores) {
      expect({ category: s.category, hasTruth: s.truth > 0 }).toEqual({ category: s.category, hasTruth: true });
      expect({ category: s.category, recall: s.recall }).toEqual({ category: s.category, recall: 1 });
      expect(s.precision).toBeGreaterThanOrEqual(0.99);
      expect(s.valueMatches).toBe(s.truePositives);
    }
  });

  it('gives the same exception ids on a rerun of the same data', () => {
    const again = recon(['run', '--in', join(work, 's1/bundle'), '--out', join(work, 'r1b'), '--quiet']);
    expect(again.status).toBe(0);
    const ids = (dir: string) => (JSON.parse(readFileSync(join(work, dir, 'exceptions.json'), 'utf8')) as { exception_id: string }[]).map((e) => e.exception_id);
    expect(ids('r1b')).toEqual(ids('r1'));
  });
});

describe('recon run on bad input', () => {
  const clients = 'client_id,name\nC1,Acme Ltd\n';
  it('exits 2 naming file, line and column when a required column is missing', () => {
    const dir = join(work, 'bad1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'clients.csv'), clients);
    writeFileSync(join(dir, 'placements.csv'), 'placement_id,client_id,candidate_id,candidate_name,type\nP1,C1,K1,Ann Lee,contract\n');
    const r = recon(['run', '--in', dir, '--out', join(work, 'bad1-out'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('placements.csv:1 column start_date');
    expect(existsSync(join(work, 'bad1-out/exceptions.csv'))).toBe(false);
  });

  it('reports a missing optional file as not checked, never as clean', () => {
    const dir = join(work, 'partial');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'clients.csv'), clients);
    writeFileSync(join(dir, 'placements.csv'), 'placement_id,client_id,candidate_id,candidate_name,type,start_date\nP1,C1,K1,Ann Lee,contract,2026-03-02\n');
    const r = recon(['run', '--in', dir, '--out', join(work, 'partial-out'), '--quiet', '--as-of', '2026-03-15']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(work, 'partial-out/summary.json'), 'utf8')) as { not_checked: { category: string; reason: string }[] };
    const notChecked = summary.not_checked.map((n) => n.category);
    expect(notChecked).toEqual(expect.arrayContaining(['UNBILLED_TIME', 'MISSING_TIMESHEET', 'DUPLICATE_CREDIT', 'PAY_RATE_VARIANCE']));
    expect(summary.not_checked.find((n) => n.category === 'MISSING_TIMESHEET')?.reason).toContain('timesheets: file missing');
    expect(r.stdout).toMatch(/not checked/i);
    expect(readFileSync(join(work, 'partial-out/pack.html'), 'utf8')).toMatch(/NOT CHECKED/);
  });

  it('exits 2 on a bad --as-of', () => {
    const r = recon(['run', '--in', join(work, 'partial'), '--out', join(work, 'x'), '--as-of', '31/03/2026']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--as-of');
  });
});
