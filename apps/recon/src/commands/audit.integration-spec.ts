import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditLog, checkPack } from '@closegap/audit';
import type { PackSummary } from '@closegap/audit';
import { WorkflowService } from '@closegap/workflow';
import { TEST_DATABASE_URL, freshWorkflowDatabase } from '../../../../libs/workflow/src/test/db';

const ROOT = resolve(__dirname, '../../../..');
const KEY = 'test-signing-key-0123456789';

function recon(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/apps/recon/src/main.js'), ...args], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, AUDIT_SIGNING_KEY: KEY, USER: 'auditor' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('recon audit verify / export', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await freshWorkflowDatabase();
    const wf = new WorkflowService(ds, new AuditLog(ds));
    const ops = { username: 'otto', role: 'operations' as const };
    for (const external of ['ALP', 'Allied Log.', 'Borg & Co']) await wf.confirmAlias(ops, { kind: 'client', system: 'timesheets', external, target_id: 'C1' });
    await wf.recordRulesChange('otto', { file: 'recon.yaml', before_hash: 'a', after_hash: 'b', reason: 'confirmed aliases merged' });
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('exports signed evidence that an auditor can re-check', () => {
    const out = mkdtempSync(join(tmpdir(), 'recon-audit-'));
    const today = new Date().toISOString().slice(0, 10);
    const r = recon('audit', 'export', '--from', today, '--to', today, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/signed \(HMAC-SHA256, key [0-9a-f]{16}\)/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as PackSummary;
    expect(checkPack(summary, (n) => readFileSync(join(out, n), 'utf8'), KEY)).toEqual({ ok: true, problems: [] });
    expect(readFileSync(join(out, 'decisions.csv'), 'utf8')).toContain('alias.confirmed');
    writeFileSync(join(out, 'decisions.csv'), 'forged\n');
    expect(checkPack(summary, (n) => readFileSync(join(out, n), 'utf8'), KEY).problems).toEqual(['decisions.csv does not match its sha256']);
    expect(recon('audit', 'export', '--from', 'May', '--to', today, '--out', out).code).toBe(2);
  });

  it('proves the chain intact, then names the first entry somebody edited', async () => {
    const ok = recon('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^audit chain intact: 4 entries, head #4 [0-9a-f]{64}\n$/);

    await expect(ds.query(`UPDATE audit.entries SET reason = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await ds.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only');
    await ds.query(`UPDATE audit.entries SET data = jsonb_set(data, '{target_id}', '"C666"') WHERE seq = 2`);
    await ds.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only');
    const broken = recon('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('audit chain BROKEN at entry #2 (hash_mismatch): entry #2 (alias.confirmed alias timesheets:Allied Log.) was changed after it was written');
  });
});
