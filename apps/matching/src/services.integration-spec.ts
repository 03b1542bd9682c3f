import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@closegap/contract';
import { runBatch } from '@closegap/engine';
import { Topic, physicalTopic } from '@closegap/messaging';
import { waitForMatching } from '../../../libs/services-common/src/ingestion';
import { comparable, sampleBundle } from './test/harness';
import { freshNamespace, readTopic, startService } from './test/stack';
import type { ServiceProcess, StreamNamespace } from './test/stack';

/**
 * The five services as processes: bundle files uploaded over HTTP and through the drop folder,
 * validated as `recon run` does, reconciled by matching; a rate change re-evaluates what it
 * governs; health per dependency.
 */
describe('ingestion services + matching (real Kafka, PostgreSQL, Redis)', () => {
  const sample = sampleBundle(33, 0.1);
  let ns: StreamNamespace;
  const procs: Record<string, ServiceProcess> = {};
  const drop = mkdtempSync(join(tmpdir(), 'closegap-drop-'));

  beforeAll(async () => {
    ns = await freshNamespace('svc');
    procs.crm = startService('crm-ingestion', ns.env);
    procs.timesheets = startService('timesheet-ingestion', { ...ns.env, INGEST_DROP_DIR: drop });
    procs.finance = startService('finance-ingestion', ns.env);
    procs.matching = startService('matching', { ...ns.env, OUTBOX_POLL_MS: '100' });
    await Promise.all(Object.values(procs).map((p) => p.ready()));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(Object.values(procs).map((p) => p.kill('SIGTERM')));
    await ns.close();
  });

  async function upload(p: ServiceProcess, files: Record<string, Buffer | string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const form = new FormData();
    for (const [name, bytes] of Object.entries(files)) form.append('files', new Blob([bytes]), name);
    const res = await fetch(`http://127.0.0.1:${p.port}/v1/bundles`, { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const file = (dir: string, name: string) => readFileSync(join(dir, name));
  const wait = () => waitForMatching(ns.bus, ns.store, { prefix: ns.prefix, groupId: ns.groupId, timeoutMs: 60_000 });
  const live = async () => (await ns.store.exceptions({ status: 'open' })).map((s) => s.record);

  it('reports every dependency in /health', async () => {
    const body = (await (await fetch(`http://127.0.0.1:${procs.matching.port}/health`)).json()) as { info: Record<string, { status: string }> };
    expect(body.info.kafka.status).toBe('up');
    expect(body.info.postgres.status).toBe('up');
    expect(body.info.redis.status).toBe('up');
    const ingestion = (await (await fetch(`http://127.0.0.1:${procs.finance.port}/health`)).json()) as { info: Record<string, { status: string }> };
    expect(ingestion.info.kafka.status).toBe('up');
  });

  it('uploads (finance first) and the drop folder reconcile to exactly what recon run gives', async () => {
    const dir = sample.dir;
    const finance = await upload(procs.finance, { 'invoices.csv': file(dir, 'invoices.csv'), 'credit_notes.csv': file(dir, 'credit_notes.csv'), 'pay_lines.csv': file(dir, 'pay_lines.csv') });
    expect(finance.status).toBe(202);
    const crm = await upload(procs.crm, { 'clients.csv': file(dir, 'clients.csv'), 'placements.csv': file(dir, 'placements.csv'), 'rates.csv': file(dir, 'rates.csv'), 'recon.yaml': file(dir, 'recon.yaml') });
    expect(crm.status).toBe(202);
    writeFileSync(join(drop, 'timesheets.csv'), file(dir, 'timesheets.csv'));
    const deadline = Date.now() + 20_000;
    while (existsSync(join(drop, 'timesheets.csv')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(join(drop, 'processed')).length).toBe(1);
    await wait();
    expect(comparable(await live())).toEqual(comparable(sample.expected));
  });

  it('a rate change re-evaluates the invoices and timesheets it governs, back to its retroactive date', async () => {
    // raise one placement-level rate from its first day, agreed today: a retroactive change
    const changed = mkdtempSync(join(tmpdir(), 'closegap-rates-'));
    cpSync(sample.dir, changed, { recursive: true });
    const lines = readFileSync(join(changed, 'rates.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const row = lines.findIndex((l, i) => i > 0 && l.split(',')[col('placement_id')] !== '' && !l.includes('"'));
    const cells = lines[row].split(',');
    cells[col('bill_rate')] = (Number(cells[col('bill_rate')]) + 7.5).toFixed(2);
    cells[col('agreed_on')] = '2026-03-28';
    lines[row] = cells.join(',');
    writeFileSync(join(changed, 'rates.csv'), lines.join('\n') + '\n');
    const expected = runBatch(readBundle(changed)).exceptions;
    expect(comparable(expected)).not.toEqual(comparable(sample.expected));

    const res = await upload(procs.crm, { 'rates.csv': readFileSync(join(changed, 'rates.csv')) });
    expect(res.status).toBe(202);
    await wait();
    expect(comparable(await live())).toEqual(comparable(expected));
  });

  it('bad rows go to the quarantine topic with the reason; a structurally bad file is rejected whole', async () => {
    const bad = 'line_id,timesheet_id,worker_id,worker_name,client_ref,work_date,rate_type,units,status\nQ-1,TS-Q,W9,Jane Roe,ACME,2026-03-40,standard,8,approved\n';
    const res = await upload(procs.timesheets, { 'timesheets.csv': bad });
    expect(res.status).toBe(202);
    expect(res.body.files).toMatchObject({ timesheets: { rows: 1, published: 0, quarantined: 1 } });
    const quarantine = (await readTopic(ns.bus, physicalTopic(ns.prefix, Topic.Quarantine))).map((m) => JSON.parse(String(m.value)));
    expect(quarantine).toContainEqual(expect.objectContaining({ source: 'timesheets', record_id: 'Q-1', column: 'work_date', service: 'timesheet-ingestion' }));

    const dup = 'line_id,timesheet_id,worker_id,worker_name,client_ref,work_date,rate_type,units,status\nD-1,TS,W,A B,X,2026-03-02,standard,8,approved\nD-1,TS,W,A B,X,2026-03-03,standard,8,approved\n';
    const rejected = await upload(procs.timesheets, { 'timesheets.csv': dup });
    expect(rejected.status).toBe(400);
    expect((rejected.body.problems as string[]).join()).toContain('duplicate id "D-1"');
    const wrongService = await upload(procs.timesheets, { 'invoices.csv': 'x\n' });
    expect(wrongService.status).toBe(400);
  });

  it('reports redis down when it cannot reach it', async () => {
    const broken = startService('matching', { ...ns.env, REDIS_URL: 'redis://127.0.0.1:1', MATCHING_GROUP_ID: `${ns.groupId}-other` }, 'matching-noredis');
    try {
      const deadline = Date.now() + 30_000;
      let body: { status?: string; error?: Record<string, { status: string }> } = {};
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`http://127.0.0.1:${broken.port}/health`);
          body = (await res.json()) as typeof body;
          if (res.status === 503 && body.error?.redis) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(body.error?.redis?.status).toBe('down');
    } finally {
      await broken.kill('SIGKILL');
    }
  });
});
