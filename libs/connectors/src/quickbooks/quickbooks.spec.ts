import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRules } from '@closegap/contract';
import { DumpDir } from '../core/page-source';
import { OAuth2RefreshAuth } from '../http/auth';
import { HttpClient } from '../http/http-client';
import { Secret } from '../http/secret';
import { FileTokenStore } from '../state/file-state';
import { FAST, fixture, pages, startFakeApi, TEST_DATA } from '../test/fake-api';
import type { FakeApi, Reply } from '../test/fake-api';
import { QboDumpFetcher, QboHttpFetcher } from './client';
import { QuickBooksConnector } from './connector';
import { parseQboWebhook } from './webhook';

type Rec = Record<string, unknown>;
const recordsOf = (entity: string): Rec[] =>
  pages('quickbooks', entity).flatMap((p) => ((p as { QueryResponse: Record<string, Rec[]> }).QueryResponse[entity] ?? []) as Rec[]);

/** QBO query endpoint: `select * from X [where ...] STARTPOSITION n MAXRESULTS m`. */
function qboServer(state: { throttled: boolean; validToken: string; cdc?: unknown }): (req: { path: string; query: URLSearchParams; headers: Record<string, unknown>; body: string }) => Reply {
  return (req) => {
    if (req.path === '/oauth2/v1/tokens/bearer') return { json: { access_token: 'new-access', refresh_token: 'rotated-refresh', expires_in: 3600 } };
    if (req.headers.authorization !== `Bearer ${state.validToken}`) return { status: 401, json: { fault: { error: [{ code: '3200', message: 'AuthenticationFailed' }] } } };
    if (req.path.endsWith('/cdc')) return { json: state.cdc };
    const q = req.query.get('query') ?? '';
    const entity = /from (\w+)/.exec(q)?.[1] ?? '';
    if (entity === 'Invoice' && !state.throttled) {
      state.throttled = true;
      return { status: 429, headers: { 'retry-after': '0' }, json: { Fault: { Error: [{ Message: 'ThrottleExceeded' }] } } };
    }
    let records = recordsOf(entity);
    const ids = /Id in \(([^)]*)\)/.exec(q)?.[1];
    if (ids) records = records.filter((r) => ids.includes(`'${String(r.Id)}'`));
    const start = Number(/STARTPOSITION (\d+)/.exec(q)?.[1] ?? 1);
    const max = Number(/MAXRESULTS (\d+)/.exec(q)?.[1] ?? 1000);
    const slice = records.slice(start - 1, start - 1 + max);
    return { json: { QueryResponse: { [entity]: slice, startPosition: start, maxResults: slice.length }, time: '2024-03-20T09:00:00.000-07:00' } };
  };
}

const rules = defaultRules();

describe('QuickBooks connector against a local server', () => {
  let api: FakeApi;
  const state = { throttled: false, validToken: 'new-access', cdc: undefined as unknown };
  let stateDir: string;
  beforeAll(async () => {
    api = await startFakeApi(qboServer(state));
  });
  afterAll(() => api.close());
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'qbo-'));
    state.throttled = false;
  });

  const connector = (pageSize = 2) => {
    const auth = new OAuth2RefreshAuth({
      key: 'quickbooks',
      tokenUrl: `${api.url}/oauth2/v1/tokens/bearer`,
      clientId: 'cid',
      clientSecret: new Secret('csecret'),
      refreshToken: new Secret('env-refresh'),
      accessToken: new Secret('expired-access'),
      clientAuth: 'basic',
      store: new FileTokenStore(stateDir),
    });
    const http = new HttpClient({ baseUrl: `${api.url}/v3/company/123/`, auth, ...FAST });
    return new QuickBooksConnector(new QboHttpFetcher(http, { pageSize }), { rules }, () => new Date('2024-03-21T00:00:00Z'));
  };

  it('pages, survives 429 and an expired token, and maps invoices field by field', async () => {
    const outcome = await connector().sync({});
    expect(outcome.fetched).toEqual({ Customer: 2, Item: 3, Invoice: 4, CreditMemo: 3, Payment: 1 });
    expect(await new FileTokenStore(stateDir).load('quickbooks')).toBe('rotated-refresh');
    const invoiceQueries = api.requests.filter((r) => /from Invoice/.test(r.query.get('query') ?? ''));
    expect(invoiceQueries.map((r) => /STARTPOSITION (\d+)/.exec(r.query.get('query')!)![1])).toEqual(['1', '1', '3', '5']);
    const rows = outcome.batch.rows.invoices!;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      invoice_number: '1037',
      invoice_date: '2024-01-08',
      customer_name: 'Allied Logistics',
      currency: 'USD',
      status: 'paid',
      line_no: '1',
      item: 'Temp labour',
      rate_type: 'standard',
      description: 'J. Smith wk 2024-01-07 REG',
      placement_ref: '',
      worker_name: '',
      period_start: '2024-01-01',
      period_end: '2024-01-07',
      quantity: '40',
      unit_price: '55',
      amount: '2200',
      invoice_total: '2612.5',
      source_record: 'quickbooks:Invoice:130',
    });
    expect(rows[1]).toMatchObject({ line_no: '2', item: 'OT Hours', rate_type: 'overtime', quantity: '5', unit_price: '82.5', amount: '412.5' });
    expect(rows[2]).toMatchObject({ invoice_number: '1042', status: 'sent', invoice_total: '2200', period_end: '2024-02-11' });
    expect(rows[3]).toMatchObject({ invoice_number: '1050', customer_name: 'Beacon Health Inc', rate_type: 'perm_fee', period_start: '', period_end: '' });
    expect(outcome.rejected).toEqual([{ system: 'quickbooks', entity: 'Invoice', id: '133', reason: 'TxnDate "not-a-date" is not a date' }]);
    expect(outcome.cursorAfter).toEqual({ changed_since: '2024-03-20T09:00:00.000-07:00' });
  });

  it('links each credit through the payment, then memo, then amount and date', async () => {
    const outcome = await connector().sync({});
    expect(outcome.batch.rows.credit_notes).toEqual([
      { credit_number: 'CM-7', credit_date: '2024-01-20', customer_name: 'Allied Logistics', currency: 'USD', amount: '100', invoice_number: '1037', memo: 'rate correction wk 1 J. Smith', invoice_link: 'payment', source_record: 'quickbooks:CreditMemo:201' },
      { credit_number: 'CM-8', credit_date: '2024-02-20', customer_name: 'Allied Logistics', currency: 'USD', amount: '150', invoice_number: '1042', memo: 'credit against inv 1042 wk 6', invoice_link: 'memo', source_record: 'quickbooks:CreditMemo:202' },
      { credit_number: 'CM-9', credit_date: '2024-03-15', customer_name: 'Beacon Health Inc', currency: 'USD', amount: '12000', invoice_number: '1050', memo: '', invoice_link: 'amount_date', source_record: 'quickbooks:CreditMemo:203' },
    ]);
  });

  it('syncs incrementally through CDC: changed records upserted, deleted stubs removed', async () => {
    const changed = { ...recordsOf('Invoice')[1], TotalAmt: 2552, TxnTaxDetail: { TotalTax: 176 }, Line: [{ LineNum: 1, Amount: 2376, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { name: 'Temp labour' }, Qty: 40, UnitPrice: 59.4, ServiceDate: '2024-02-11' } }] };
    state.cdc = { CDCResponse: [{ QueryResponse: [{ Invoice: [changed, { Id: '130', status: 'Deleted' }] }, { CreditMemo: [] }] }], time: '2024-03-21T09:00:00.000-07:00' };
    const outcome = await connector().sync({ cursor: { changed_since: '2024-03-20T09:00:00.000-07:00' } });
    const cdcCall = api.requests.filter((r) => r.path.endsWith('/cdc')).pop()!;
    expect(cdcCall.query.get('changedSince')).toBe('2024-03-20T09:00:00.000-07:00');
    expect(cdcCall.query.get('entities')).toBe('Customer,Item,Invoice,CreditMemo,Payment');
    expect(outcome.batch.mode).toBe('incremental');
    expect(outcome.batch.rows.invoices).toEqual([expect.objectContaining({ invoice_number: '1042', unit_price: '59.4', amount: '2376', invoice_total: '2376' })]);
    expect(outcome.batch.deletes.invoices).toEqual(['quickbooks:Invoice:130']);
    expect(outcome.cursorAfter).toEqual({ changed_since: '2024-03-21T09:00:00.000-07:00' });
  });

  it('re-fetches the ids a webhook names, once each, and removes the ones that are gone', async () => {
    const changed = parseQboWebhook(fixture('quickbooks', 'webhook-legacy.json'));
    expect(changed).toEqual({ Invoice: ['131', '999'] });
    const outcome = await connector().sync({ changed });
    expect(outcome.batch.rows.invoices!.map((r) => r.invoice_number)).toEqual(['1042']);
    expect(outcome.batch.deletes.invoices).toEqual(['quickbooks:Invoice:999']);
    expect(parseQboWebhook(fixture('quickbooks', 'webhook-cloudevents.json'))).toEqual({ Invoice: ['131'], CreditMemo: ['204'] });
  });

  it('reads the same records from saved responses', async () => {
    const live = await connector(1000).sync({});
    const replay = await new QuickBooksConnector(new QboDumpFetcher(new DumpDir(join(TEST_DATA, 'quickbooks'))), { rules }).sync({});
    expect(replay.batch.rows).toEqual(live.batch.rows);
  });
});
