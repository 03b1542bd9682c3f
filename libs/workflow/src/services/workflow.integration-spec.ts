import { DataSource } from 'typeorm';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, checkPack, PackSummary } from '@closegap/audit';
import type { ExceptionRecord, RunSummary } from '@closegap/domain';
import { freshWorkflowDatabase } from '../test/db';
import { WorkflowService } from './workflow.service';
import { WorkflowQueries } from './queries.service';
import { AccessService } from './access.service';
import { exportAuditEvidence } from './audit-export';
import type { Actor } from '../domain/access';

const record = (id: string, patch: Partial<ExceptionRecord> = {}): ExceptionRecord => ({
  exception_id: id,
  category: 'UNBILLED_TIME',
  severity: 'medium',
  client_id: 'C1',
  client_name: 'Allied',
  timesheet_id: `T-${id}`,
  rate_type: 'standard',
  value_at_risk: '1200.00',
  currency: 'USD',
  retroactive: false,
  recurring: false,
  owner_team: 'billing',
  suggested_action: 'Invoice the missing hours',
  source: 'timesheets',
  ...patch,
});

function summary(runId: string, exceptions: ExceptionRecord[]): RunSummary {
  const present = { present: true, rows: 10, quarantined: 0, sha256: 'a'.repeat(64) };
  return {
    version: 'test',
    run_id: runId,
    started_at: '2026-03-20T10:00:00.000Z',
    as_of: '2026-03-15',
    currency_note: '',
    inputs: { clients: present, placements: present, rates: present, timesheets: present, invoices: present, credit_notes: { present: false, rows: 0, quarantined: 0 }, pay_lines: present },
    rules_hash: 'default',
    totals: { exceptions: exceptions.length, value_at_risk: '0.00', invoiced_revenue: '100000.00', leakage_rate_pct: '0', cells: 10, cells_matched: 8, match_rate_pct: '80', quarantined: 0, unresolved_records: 0 },
    by_category: [],
    by_owner: [],
    by_client: [],
    by_severity: [],
    by_currency: [],
    not_checked: [{ category: 'DUPLICATE_CREDIT', reason: 'credit_notes.csv missing' }],
    identity: { decisions: 0, resolved: 0, unresolved: 0, by_method: {} },
    timings_ms: { total: 42 },
  };
}

describe('workflow on PostgreSQL', () => {
  let ds: DataSource;
  let audit: AuditLog;
  let wf: WorkflowService;
  let q: WorkflowQueries;
  const ann: Actor = { username: 'ann', role: 'billing' };
  const fin: Actor = { username: 'fiona', role: 'finance_lead' };

  beforeAll(async () => {
    ds = await freshWorkflowDatabase();
    audit = new AuditLog(ds);
    wf = new WorkflowService(ds, audit);
    q = new WorkflowQueries(ds, audit);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('opens, auto-closes with evidence and reopens across runs', async () => {
    const first = [record('EX-A'), record('EX-B', { value_at_risk: '15000.00' }), record('EX-C', { category: 'DUPLICATE_CREDIT', owner_team: 'billing' })];
    expect(await wf.ingestRun({ kind: 'import', summary: summary('run-1', first), exceptions: first, clients: [{ client_id: 'C1', name: 'Allied', account_manager: 'Sam Lee' }] })).toMatchObject({ opened: 3 });

    // EX-B was corrected in the data; EX-C's check was not run, so it stays open
    const second = [record('EX-A')];
    expect(await wf.ingestRun({ kind: 'import', summary: summary('run-2', second), exceptions: second })).toMatchObject({ opened: 0, auto_closed: 1, unchanged: 1 });
    const b = await q.exceptionDetail(fin, 'EX-B');
    expect(b).toMatchObject({ status: 'resolved', status_by: 'system' });
    expect(b?.status_note).toContain('no longer in the data: run run-2');
    expect(b?.ledger).toMatchObject({ outcome: 'corrected', amount: '15000.00' });
    expect((await q.exceptionDetail(fin, 'EX-C'))?.status).toBe('open');

    const third = [record('EX-A'), record('EX-B', { value_at_risk: '15000.00' })];
    expect(await wf.ingestRun({ kind: 'import', summary: summary('run-3', third), exceptions: third })).toMatchObject({ reopened: 1 });
    expect(await q.exceptionDetail(fin, 'EX-B')).toMatchObject({ status: 'open', ledger: null });
    expect((await q.runs()).map((r) => r.run_id)).toEqual(['run-3', 'run-2', 'run-1']);
  });

  it('dismisses with a reason and enforces maker-checker', async () => {
    await expect(wf.act(ann, 'EX-C', { action: 'dismiss', note: 'dup' })).rejects.toThrow(/reason from the list/);
    await wf.act(ann, 'EX-C', { action: 'dismiss', reason: 'write_off', note: 'client in administration' });
    expect((await q.exceptionDetail(ann, 'EX-C'))?.ledger).toMatchObject({ outcome: 'written_off' });
    await expect(wf.act({ username: 'pat', role: 'payroll' }, 'EX-A', { action: 'acknowledge' })).rejects.toThrow(/cannot act on billing/);

    await expect(wf.propose(ann, 'EX-A', { kind: 'supplemental_invoice', amount: '1300.00', note: 'wk 11' })).rejects.toThrow(/exceeds/);
    const adj = await wf.propose(ann, 'EX-A', { kind: 'supplemental_invoice', amount: '1200.00', note: 'wk 11 hours' });
    await expect(wf.decide({ username: 'ann', role: 'finance_lead' }, adj.id, 'approve')).rejects.toThrow(/maker-checker/);
    await wf.decide(fin, adj.id, 'approve');
    expect((await q.approvals(fin, 'proposed')).length).toBe(0);
    await wf.markPaid(ann, adj.id);
    const a = await q.exceptionDetail(fin, 'EX-A');
    expect(a).toMatchObject({ status: 'resolved', ledger: { outcome: 'recovered', amount: '1200.00' } });
    const overview = await q.overview(fin);
    expect(overview.recovery.totals.value_recovered).toBe('1200.00');
    expect(overview.recovery.totals.value_written_off).toBe('1200.00');
  });

  it('scopes account managers to their own clients', async () => {
    const first = [record('EX-Z', { client_id: 'C2', client_name: 'Borg' })];
    await wf.ingestRun({ kind: 'import', summary: summary('run-4', first), exceptions: [...first, record('EX-B', { value_at_risk: '15000.00' })], clients: [{ client_id: 'C2', name: 'Borg', account_manager: 'Kim Park' }] });
    const sam: Actor = { username: 'sam', role: 'account_manager', account_manager_name: 'Sam Lee' };
    const list = await q.listExceptions(sam, { status: 'all' });
    expect(list.items.every((i) => i.client_id === 'C1')).toBe(true);
    expect(await q.exceptionDetail(sam, 'EX-Z')).toBeUndefined();
  });

  it('signs in with argon2id and expiring sessions', async () => {
    const access = new AccessService(ds, audit);
    await access.createUser('admin', { username: 'Fiona', password: 'correct horse battery', role: 'finance_lead' });
    expect(await access.signIn('fiona', 'wrong password!!', 60)).toBeUndefined();
    const s = await access.signIn('fiona', 'correct horse battery', 60);
    expect(s?.user).toMatchObject({ username: 'fiona', role: 'finance_lead' });
    expect(await access.sessionUser(s?.token)).toMatchObject({ username: 'fiona' });
    const later = new AccessService(ds, audit, () => new Date(Date.now() + 61 * 60_000));
    expect(await later.sessionUser(s?.token)).toBeUndefined();
    const stored = (await ds.query(`SELECT password_hash FROM workflow.users WHERE username = 'fiona'`)) as { password_hash: string }[];
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('keeps an append-only, hash-chained log and catches an edited row', async () => {
    expect(await audit.verify()).toMatchObject({ ok: true });
    await expect(ds.query(`UPDATE audit.entries SET actor = 'mallory' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit.entries WHERE seq = 2`)).rejects.toThrow(/append-only/);

    const out = mkdtempSync(join(tmpdir(), 'audit-export-'));
    const { summary: pack } = await exportAuditEvidence(ds, audit, { from: new Date('2000-01-01'), to: new Date('2100-01-01'), outDir: out, signingKey: 'k3y', actor: 'auditor' });
    expect(pack.chain.ok).toBe(true);
    expect(pack.files.map((f) => f.name)).toEqual(['runs.csv', 'exceptions.csv', 'decisions.csv', 'approvals.csv', 'audit-log.csv']);
    const onDisk = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as PackSummary;
    expect(checkPack(onDisk, (n) => readFileSync(join(out, n), 'utf8'), 'k3y')).toEqual({ ok: true, problems: [] });
    expect(readFileSync(join(out, 'approvals.csv'), 'utf8')).toContain('ann');

    // somebody with superuser rights edits a row behind the trigger's back
    await ds.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only');
    await ds.query(`UPDATE audit.entries SET reason = 'nothing to see' WHERE seq = 5`);
    await ds.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only');
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.first_broken).toMatchObject({ seq: 5, problem: 'hash_mismatch' });
  });
});
