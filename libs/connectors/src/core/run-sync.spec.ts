import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRules, readBundle } from '@closegap/contract';
import { runBatch } from '@closegap/engine';
import { createConnector, emptyConnectorsConfig } from '../config';
import { BundleFolderSink } from '../sink/record-sink';
import { MemoryCursorStore, MemoryRunLog } from '../state/file-state';
import { FAST, startFakeApi, TEST_DATA } from '../test/fake-api';
import type { FakeApi } from '../test/fake-api';
import { runSync } from './run-sync';
import { OutcomeBuilder } from './types';
import type { Connector } from './types';

describe('a sync run over several sources when some are down', () => {
  let down: FakeApi;
  let garbage: FakeApi;
  beforeAll(async () => {
    down = await startFakeApi((req) => (req.path.includes('token') ? { json: { access_token: 'a' } } : { status: 503, text: 'Service Unavailable' }));
    garbage = await startFakeApi((req) => (req.path.includes('token') ? { json: { access_token: 'a' } } : { status: 200, text: '<html><body>Gateway login</body></html>' }));
  });
  afterAll(async () => {
    await down.close();
    await garbage.close();
  });

  it('completes the others, records every run, and the reconciliation reports the failed sources as not checked', async () => {
    const bundle = mkdtempSync(join(tmpdir(), 'bundle-'));
    const rules = defaultRules();
    const config = { ...emptyConnectorsConfig(), xero: { payroll: true } };
    const env = {
      QBO_CLIENT_ID: 'id', QBO_CLIENT_SECRET: 'secret', QBO_REFRESH_TOKEN: 'refresh', QBO_REALM_ID: '1', QBO_BASE_URL: down.url, QBO_TOKEN_URL: `${down.url}/token`,
      XERO_CLIENT_ID: 'id', XERO_CLIENT_SECRET: 'xero-secret-value', XERO_REFRESH_TOKEN: 'r', XERO_TENANT_ID: 't', XERO_BASE_URL: garbage.url, XERO_PAYROLL_BASE_URL: garbage.url, XERO_TOKEN_URL: `${garbage.url}/token`,
    };
    const ctx = { env, config, rules, http: FAST };
    const connectors = [
      createConnector('hubspot', { ...ctx, fromDir: join(TEST_DATA, 'hubspot') }),
      createConnector('spreadsheet', { ...ctx, mappingFile: join(TEST_DATA, 'spreadsheet', 'acme-timesheets.yaml') }),
      createConnector('quickbooks', ctx),
      createConnector('xero', ctx),
    ];
    const cursors = new MemoryCursorStore();
    await cursors.set('quickbooks', { changed_since: '2024-03-01T00:00:00Z' });
    const runLog = new MemoryRunLog();
    const result = await runSync({ connectors, cursors, runLog, sink: new BundleFolderSink(bundle), full: true });

    expect(result.runs.map((r) => `${r.source}:${r.status}`)).toEqual(['hubspot:partial', 'spreadsheet:partial', 'quickbooks:failed', 'xero:failed']);
    expect(result.runs[2].record.error).toMatch(/answered 503/);
    expect(result.runs[3].record.error).toMatch(/not JSON/);
    expect(JSON.stringify(runLog.records)).not.toContain('xero-secret-value');
    expect(runLog.records).toHaveLength(4);
    expect(runLog.records[2]).toMatchObject({ status: 'failed', cursor_before: { changed_since: '2024-03-01T00:00:00Z' }, cursor_after: { changed_since: '2024-03-01T00:00:00Z' } });
    expect(await cursors.get('quickbooks')).toEqual({ changed_since: '2024-03-01T00:00:00Z' });
    expect([...result.unavailable.keys()].sort()).toEqual(['credit_notes', 'invoices', 'pay_lines']);
    // nothing of a failed source is written: no empty invoices.csv pretending there are no invoices
    expect(existsSync(join(bundle, 'invoices.csv'))).toBe(false);

    const loaded = readBundle(bundle);
    expect(loaded.bundle.clients).toHaveLength(2);
    expect(loaded.bundle.placements).toHaveLength(3);
    expect(loaded.bundle.rates).toHaveLength(4);
    expect(loaded.bundle.timesheets).toHaveLength(6);
    const batch = runBatch(loaded, { unavailable: result.unavailable, asOf: '2024-03-20' });
    const notChecked = new Map(batch.summary.not_checked.map((n) => [n.category, n.reason]));
    for (const category of ['UNBILLED_TIME', 'OVERBILLED_TIME', 'CONTRACT_DRIFT', 'DUPLICATE_CREDIT', 'PAY_RATE_VARIANCE']) {
      expect(notChecked.get(category as never)).toBeDefined();
    }
    expect(notChecked.get('UNBILLED_TIME' as never)).toContain('invoices: quickbooks sync failed');
    expect(notChecked.get('PAY_RATE_VARIANCE' as never)).toContain('pay_lines: xero sync failed');
    expect(batch.exceptions.some((e) => e.category === 'UNBILLED_TIME')).toBe(false);
    // timesheet checks still ran
    expect(notChecked.has('TIME_OUTSIDE_PLACEMENT' as never)).toBe(false);
  });
});

describe('the bundle-folder sink', () => {
  const connector = (rows: Record<string, string>[], mode: 'full' | 'incremental', deletes: string[] = []): Connector => ({
    name: 'quickbooks',
    produces: ['credit_notes'],
    sync: async () => {
      const out = new OutcomeBuilder('quickbooks', mode);
      out.add('credit_notes', rows);
      for (const d of deletes) out.remove('credit_notes', d);
      return out.build({});
    },
  });
  const note = (n: string, amount: string, ref = `quickbooks:CreditMemo:${n}`) => ({ credit_number: n, credit_date: '2024-01-01', customer_name: 'A', currency: 'USD', amount, source_record: ref });

  it('replaces its own rows on a full run, upserts and deletes on an incremental one, and keeps rows of other sources', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sink-'));
    const sink = new BundleFolderSink(dir);
    const run = (c: Connector) => runSync({ connectors: [c], cursors: new MemoryCursorStore(), runLog: new MemoryRunLog(), sink, full: true });
    await run(connector([note('A1', '10'), note('A2', '20'), note('M1', '5', 'spreadsheet:manual:x')], 'full'));
    await run(connector([note('A1', '11'), note('A3', '30')], 'full'));
    const read = () => readFileSync(join(dir, 'credit_notes.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 5).join(' '));
    // the spreadsheet row is another scope and survives; A2 is gone after the full run
    expect(read()).toEqual(['M1 2024-01-01 A USD 5', 'A1 2024-01-01 A USD 11', 'A3 2024-01-01 A USD 30']);
    await run(connector([note('A3', '31')], 'incremental', ['quickbooks:CreditMemo:A1']));
    expect(read()).toEqual(['M1 2024-01-01 A USD 5', 'A3 2024-01-01 A USD 31']);
  });
});
