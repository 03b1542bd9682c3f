import { join } from 'node:path';
import { defaultRules } from '@closegap/contract';
import { DumpDir } from '../core/page-source';
import { OAuth2RefreshAuth } from '../http/auth';
import { HttpClient } from '../http/http-client';
import { Secret } from '../http/secret';
import { FAST, fixture, pages, startFakeApi, TEST_DATA } from '../test/fake-api';
import type { FakeApi } from '../test/fake-api';
import { XeroDumpFetcher, XeroHttpFetcher } from './client';
import { XeroConnector } from './connector';
import { parseXeroWebhook } from './webhook';

const options = { rules: defaultRules(), earningsMap: { 'Regular Hours': 'standard' } };

describe('Xero connector', () => {
  let api: FakeApi;
  beforeAll(async () => {
    let tokens = 0;
    api = await startFakeApi((req) => {
      if (req.path === '/connect/token') return { json: { access_token: `xero-access-${++tokens}`, refresh_token: `xero-refresh-${tokens}`, expires_in: 1800 } };
      if (req.headers['xero-tenant-id'] !== 'tenant-1') return { status: 403, json: { Title: 'Forbidden' } };
      const entity = /^\/api\.xro\/2\.0\/(\w+)$/.exec(req.path)?.[1];
      if (entity) {
        const recorded = pages('xero', entity);
        const page = Number(req.query.get('page') ?? 1);
        return { json: recorded[page - 1] ?? { Status: 'OK', [entity]: [] } };
      }
      const payroll = /^\/payroll\.xro\/2\.0\/(payRuns|payslips)$/.exec(req.path)?.[1];
      if (payroll) {
        const body = pages('xero', payroll)[0] as Record<string, unknown>;
        if (payroll === 'payslips') return { json: { ...body, paySlips: (body.paySlips as { payRunID: string }[]).filter((s) => s.payRunID === req.query.get('payRunID')) } };
        return { json: body };
      }
      return { status: 404 };
    });
  });
  afterAll(() => api.close());

  const live = () => {
    const auth = new OAuth2RefreshAuth({ key: 'xero', tokenUrl: `${api.url}/connect/token`, clientId: 'x', clientSecret: new Secret('y'), refreshToken: new Secret('r0'), clientAuth: 'basic' });
    const accounting = new HttpClient({ baseUrl: `${api.url}/api.xro/2.0`, auth, ...FAST });
    const payroll = new HttpClient({ baseUrl: `${api.url}/payroll.xro/2.0`, auth, ...FAST });
    return new XeroConnector(new XeroHttpFetcher(accounting, payroll, 'tenant-1', 2), options);
  };

  it('pages accounting entities with the tenant header and maps ACCREC invoices field by field', async () => {
    const outcome = await live().sync({});
    expect(outcome.fetched).toEqual({ Contacts: 1, Invoices: 4, CreditNotes: 2, payRuns: 2, payslips: 1 });
    const invoiceCalls = api.requests.filter((r) => r.path.endsWith('/Invoices'));
    expect(invoiceCalls.map((r) => r.query.get('page'))).toEqual(['1', '2']);
    expect(invoiceCalls[0].query.get('where')).toBe('Type=="ACCREC"');
    expect(outcome.batch.rows.invoices).toEqual([
      {
        invoice_number: 'INV-0001', invoice_date: '2024-01-08', customer_name: 'Allied Logistics', currency: 'USD', status: 'sent', line_no: '1', item: 'TEMP-REG',
        rate_type: 'standard', description: 'J. Smith wk 2024-01-07 regular hours', placement_ref: '', worker_name: '', period_start: '2024-01-01', period_end: '2024-01-07',
        quantity: '40', unit_price: '55', amount: '2200', invoice_total: '2200', source_record: 'xero:Invoice:inv-1',
      },
      expect.objectContaining({ invoice_number: 'INV-0003', customer_name: 'Allied Logistics', status: 'void', rate_type: 'overtime', invoice_total: '495', period_end: '2024-01-14' }),
    ]);
    expect(outcome.rejected).toEqual([{ system: 'xero', entity: 'Invoice', id: 'inv-4', reason: 'line 1 Quantity: "forty" is not a number' }]);
  });

  it("links credit notes by allocation, else by the reference naming an invoice", async () => {
    const outcome = await live().sync({});
    expect(outcome.batch.rows.credit_notes).toEqual([
      { credit_number: 'CN-0001', credit_date: '2024-01-12', customer_name: 'Allied Logistics', currency: 'USD', amount: '220', invoice_number: 'INV-0001', memo: '', invoice_link: 'allocation', source_record: 'xero:CreditNote:cn-1' },
      { credit_number: 'CN-0002', credit_date: '2024-01-19', customer_name: 'Allied Logistics', currency: 'USD', amount: '50', invoice_number: 'INV-0003', memo: 'INV-0003 OT rate fix', invoice_link: 'memo', source_record: 'xero:CreditNote:cn-2' },
    ]);
  });

  it('maps posted payslips to pay lines and skips fixed-amount lines with a note', async () => {
    const outcome = await live().sync({});
    expect(outcome.batch.rows.pay_lines).toEqual([
      { pay_run_id: 'pr-1', line_id: 'ps-1:1', pay_date: '2024-01-12', worker_id: 'e-77', worker_name: 'John Smith', placement_ref: '', period_start: '2024-01-01', period_end: '2024-01-07', rate_type: 'standard', units: '40', pay_rate: '38', amount: '1520', source_record: 'xero:PayRun:pr-1' },
      { pay_run_id: 'pr-1', line_id: 'ps-1:2', pay_date: '2024-01-12', worker_id: 'e-77', worker_name: 'John Smith', placement_ref: '', period_start: '2024-01-01', period_end: '2024-01-07', rate_type: 'overtime', units: '5', pay_rate: '57', amount: '285', source_record: 'xero:PayRun:pr-1' },
    ]);
    expect(outcome.warnings).toContain('Xero payroll: 1 fixed-amount earnings line(s) without units skipped');
    expect(api.requests.filter((r) => r.path.endsWith('/payslips')).map((r) => r.query.get('payRunID'))).toContain('pr-1');
  });

  it('sends If-Modified-Since from the cursor on an incremental run', async () => {
    const before = api.requests.length;
    await live().sync({ cursor: { Invoices: '2024-01-08T08:00:00.000Z' } });
    const call = api.requests.slice(before).find((r) => r.path.endsWith('/Invoices'))!;
    expect(call.headers['if-modified-since']).toBe('2024-01-08T08:00:00');
  });

  it('reduces a webhook to the ids of its tenant, once each', () => {
    expect(parseXeroWebhook(fixture('xero', 'webhook.json'), 'tenant-1')).toEqual({ Invoices: ['inv-1'], CreditNotes: ['cn-2'] });
  });

  it('reads the same records from saved responses', async () => {
    const replay = await new XeroConnector(new XeroDumpFetcher(new DumpDir(join(TEST_DATA, 'xero'))), options).sync({});
    const fromApi = await live().sync({});
    expect(replay.batch.rows).toEqual(fromApi.batch.rows);
  });
});
