import { createHmac } from 'node:crypto';
import { Topic, encode, physicalTopic } from '@closegap/messaging';
import type { KafkaEventBus, RecordEnvelope } from '@closegap/messaging';
import { TypeormMatchingStore, createDataSource } from '@closegap/persistence';
import { ensureAllTopics, replayBundle } from '@closegap/services-common';
import { hashApiKey } from './api-keys';
import { CASES } from './test/cases';
import { agencyBundle, draft, otherAgencyBundle, otherAgencyTimesheets, timeLine } from './test/fixtures';
import { DATABASE_URL, fakeQuickBooks, freshNamespace, kafkaBus, startPresend, waitForMessage } from './test/stack';
import type { AppProcess } from './test/stack';
import { CORRELATION_HEADER, PresendTopic, presendTopic } from './topics';

/**
 * The pre-send check against the real stack: Kafka, PostgreSQL, the service from dist/ as its
 * own process. Two tenants, each with its own topic prefix and schema, loaded through the
 * ingestion pipeline; a stand-in for QuickBooks' invoice endpoint.
 */
jest.setTimeout(180_000);

const KEY_A = 'cgk_test_tenant_a_check_0000000000000000000000';
const KEY_A_WEBHOOK_ONLY = 'cgk_test_tenant_a_webhook_00000000000000000000';
const KEY_B = 'cgk_test_tenant_b_check_0000000000000000000000';
const VERIFIER = 'verifier-token-for-tests';
const REALM = '9130350000000001';

describe('pre-send invoice check (real Kafka, PostgreSQL)', () => {
  let bus: KafkaEventBus;
  let app: AppProcess;
  let qbo: Awaited<ReturnType<typeof fakeQuickBooks>>;
  const spaces: Awaited<ReturnType<typeof freshNamespace>>[] = [];
  let a: (typeof spaces)[number];
  let b: (typeof spaces)[number];

  beforeAll(async () => {
    bus = await kafkaBus('presend');
    a = await freshNamespace('a');
    b = await freshNamespace('b');
    spaces.push(a, b);
    await ensureAllTopics(bus, a.prefix);
    await ensureAllTopics(bus, b.prefix);
    await replayBundle(bus, agencyBundle(), { prefix: a.prefix });
    await replayBundle(bus, otherAgencyBundle(), { prefix: b.prefix });
    // tenant B's timesheets exist only in PostgreSQL (as matching persisted them): the replica must read them from there
    const ds = createDataSource({ url: DATABASE_URL, schema: b.schema, poolSize: 1 });
    await ds.initialize();
    const store = new TypeormMatchingStore(ds, b.schema);
    await store.transaction((tx) =>
      tx.upsertFacts(otherAgencyTimesheets().map((t) => ({ source: 'timesheets', recordId: t.recordId, clientKey: 'Z1', partition: 0, row: t.row, pos: { file: 'timesheets.csv', line: t.line }, contentHash: t.recordId, uploadId: 'it-db' }))),
    );
    await store.close();
    qbo = await fakeQuickBooks({
      // already emailed to the client, billed at 45.00 instead of 50.00
      [`${REALM}/130`]: {
        Id: '130',
        DocNumber: 'QB-1001',
        TxnDate: '2026-03-23',
        CustomerRef: { value: '7', name: 'Allied Logistics Partners LLC' },
        CurrencyRef: { value: 'USD' },
        EmailStatus: 'EmailSent',
        TotalAmt: 1800,
        Balance: 1800,
        Line: [
          { Id: '1', LineNum: 1, Amount: 1800, Description: 'John Smith w/e 2026-03-22 P1', DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1', name: 'standard' }, Qty: 40, UnitPrice: 45, ServiceDate: '2026-03-22' } },
          { Amount: 1800, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
        ],
      },
    });
    const tenants = [
      {
        id: 'agency-a',
        topic_prefix: a.prefix,
        database_schema: a.schema,
        api_keys: [
          { id: 'a-billing', sha256: hashApiKey(KEY_A), scopes: ['invoices:check'] },
          { id: 'a-relay', sha256: hashApiKey(KEY_A_WEBHOOK_ONLY), scopes: ['webhooks:quickbooks'] },
        ],
        quickbooks: { realm_ids: [REALM], verifier_token: VERIFIER, access_token: 'qbo-access-token', base_url: qbo.url, placement_ref_pattern: '\\bP\\d+\\b' },
      },
      { id: 'agency-b', topic_prefix: b.prefix, database_schema: b.schema, api_keys: [{ id: 'b-billing', sha256: hashApiKey(KEY_B), scopes: ['invoices:check'] }] },
    ];
    app = startPresend({
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/closegap_test',
      PRESEND_TENANTS: JSON.stringify(tenants),
      PRESEND_DRAFTS_GROUP_ID: `${a.id}-drafts`,
      PRESEND_MAX_BODY_KB: '64',
      PRESEND_MAX_LINES: '100',
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.kill();
    await qbo?.close();
    await bus?.close();
    await Promise.all(spaces.map((s) => s.drop()));
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': KEY_A }): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  type Finding = { category: string; expected?: string; actual?: string; suggested_action: string; retroactive: boolean; blocking: boolean; client_id?: string; placement_id?: string };

  describe('each thing the check says, over HTTP', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const res = await post('/v1/invoices/check', c.body);
      expect(res.status).toBe(200);
      expect({ verdict: res.body.verdict, reasons: res.body.reasons }).toMatchObject({ verdict: c.verdict });
      const findings = res.body.findings as Finding[];
      if (c.raises) {
        const f = findings.find((x) => x.category === c.raises);
        expect(f).toBeDefined();
        if (c.expected) expect(f?.expected).toBe(c.expected);
        if (c.actual) expect(f?.actual).toBe(c.actual);
        expect(f?.suggested_action).toBeTruthy();
      }
      if (c.verdict === 'pass') expect(findings).toEqual([]);
    });

    it('approved time missing from the invoice is named with placement, week and units', async () => {
      const res = await post('/v1/invoices/check', draft('DR-MISS', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00')]));
      expect((res.body.missing_time as { placement_id: string; week_ending: string; rate_type: string; units: string }[]).map((m) => `${m.placement_id} ${m.week_ending} ${m.rate_type} ${m.units}`)).toEqual([
        'P1 2026-03-22 overtime 4',
      ]);
    });
  });

  describe('keys, scopes, validation', () => {
    it('401 without a key or with an unknown one, 403 without the scope', async () => {
      expect((await post('/v1/invoices/check', CASES[0].body, {})).status).toBe(401);
      expect((await post('/v1/invoices/check', CASES[0].body, { 'x-api-key': 'cgk_nope' })).status).toBe(401);
      expect((await post('/v1/invoices/check', CASES[0].body, { authorization: `Bearer ${KEY_A}` })).status).toBe(200);
      expect((await post('/v1/invoices/check', CASES[0].body, { 'x-api-key': KEY_A_WEBHOOK_ONLY })).status).toBe(403);
    });

    it('400 lists every problem by line and field', async () => {
      const bad = draft('DR-BAD', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00'), { ...timeLine('P1', 'John Smith', '2026-03-22', 'overtime', 4, '75.00'), quantity: '-4', period_end: '22/03/2026' }], { invoice_date: 'tomorrow' });
      const res = await post('/v1/invoices/check', bad);
      expect(res.status).toBe(400);
      const errors = res.body.errors as { path: string; line_no?: number; field?: string }[];
      expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['invoice_date']));
      const shape = await post('/v1/invoices/check', { invoice_number: 'X', lines: [{ quantity: 1 }] });
      expect(shape.status).toBe(400);
      expect((shape.body.errors as { path: string }[]).map((e) => e.path)).toEqual(expect.arrayContaining(['invoice_date', 'lines[0].unit_price', 'lines[0].amount']));
      const lineErr = await post('/v1/invoices/check', draft('DR-BAD2', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00'), { ...timeLine('P1', 'John Smith', '2026-03-22', 'overtime', 4, '75.00'), unit_price: 'abc' }]));
      expect(lineErr.status).toBe(400);
      expect(lineErr.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].unit_price', line_no: 2, field: 'unit_price' })]);
      expect((await post('/v1/invoices/check', '{"invoice_number": ')).status).toBe(400);
    });

    it('413 for a body or a line count over the limit', async () => {
      const huge = draft('DR-HUGE', [{ ...timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00'), description: 'x'.repeat(1_900) }]);
      (huge.lines as unknown[]).push(...Array.from({ length: 60 }, () => (huge.lines as unknown[])[0]));
      expect((await post('/v1/invoices/check', huge)).status).toBe(413);
      const many = draft('DR-MANY', Array.from({ length: 101 }, (_, i) => ({ ...timeLine('P1', 'John Smith', '2026-03-22', 'standard', 1, '50.00'), line_no: i + 1 })));
      expect((await post('/v1/invoices/check', many)).status).toBe(413);
    });

    it('says how long the server held the request (Server-Timing)', async () => {
      const t0 = performance.now();
      const res = await fetch(`${app.url}/v1/invoices/check`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY_A }, body: JSON.stringify(CASES[0].body) });
      const untilHeaders = performance.now() - t0;
      expect(res.status).toBe(200);
      await res.json();
      const dur = /^app;dur=(\d+\.\d{2})$/.exec(res.headers.get('server-timing') ?? '');
      expect(dur).not.toBeNull();
      expect(Number(dur?.[1])).toBeGreaterThan(0);
      expect(Number(dur?.[1])).toBeLessThanOrEqual(untilHeaders);
    });

    it("reports its worker's event-loop delay in /v1/status", async () => {
      const res = await fetch(`${app.url}/v1/status`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { worker: { pid: number; event_loop_delay: { current: { since: string; p50_ms: number; p99_ms: number; max_ms: number } } } };
      expect(body.worker.pid).toBeGreaterThan(0);
      expect(body.worker.pid).not.toBe(app.child.pid); // a worker answers, not the primary
      const current = body.worker.event_loop_delay.current;
      expect(Number.isNaN(Date.parse(current.since))).toBe(false);
      expect(current.p99_ms).toBeGreaterThanOrEqual(current.p50_ms);
      expect(current.max_ms).toBeGreaterThanOrEqual(current.p99_ms);
      expect(current.p50_ms).toBeGreaterThanOrEqual(0);
    });

    it('serves its OpenAPI document', async () => {
      const res = await fetch(`${app.url}/openapi.json`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\.1/);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/invoices/check', '/v1/webhooks/quickbooks']));
    });
  });

  describe('tenants', () => {
    it("a placement or customer of another tenant gets the same answer as an unknown one", async () => {
      const theirs = draft('DR-T', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00')]);
      const unknown = draft('DR-T', [timeLine('P-NONE', 'Nobody Known', '2026-03-22', 'standard', 40, '50.00')], { customer_name: 'Nonexistent Customer Ltd' });
      const r1 = await post('/v1/invoices/check', theirs, { 'x-api-key': KEY_B });
      const r2 = await post('/v1/invoices/check', unknown, { 'x-api-key': KEY_B });
      expect(r1.status).toBe(200);
      const shape = (r: typeof r1) => ({
        verdict: r.body.verdict,
        findings: (r.body.findings as Finding[]).map((f) => ({ category: f.category, client_id: f.client_id, placement_id: f.placement_id, blocking: f.blocking })),
        missing: (r.body.missing_time as unknown[]).length,
        closes: (r.body.closes as unknown[]).length,
        covered: r.body.covered,
      });
      expect(shape(r1)).toEqual(shape(r2));
      const text = JSON.stringify(r1.body);
      for (const secret of ['C1', '50.00 ', 'Forklift', 'Grace Okafor', 'INV-100']) expect(text).not.toContain(secret);
      // and tenant B's own placement is known to tenant B only
      const own = await post('/v1/invoices/check', draft('DR-Z', [timeLine('ZP1', 'Priya Patel', '2026-03-15', 'standard', 37.5, '38.00')], { customer_name: 'Zenith Health Trust', currency: 'GBP' }), { 'x-api-key': KEY_B });
      // the approved week came from PostgreSQL only: without it the line would be OVERBILLED_TIME
      expect(own.body.covered).toEqual([{ placement_id: 'ZP1', week_ending: '2026-03-15' }]);
      expect((own.body.findings as Finding[]).map((f) => f.category)).toEqual(['BILLED_NOT_PAID']); // tenant B's payroll has paid nothing yet
      const crossed = await post('/v1/invoices/check', draft('DR-Z', [timeLine('ZP1', 'Priya Patel', '2026-03-15', 'standard', 37.5, '38.00')], { customer_name: 'Zenith Health Trust', currency: 'GBP' }));
      expect((crossed.body.covered as unknown[]).length).toBe(0);
      expect((crossed.body.findings as Finding[]).every((f) => !f.placement_id && !f.client_id)).toBe(true);
    });
  });

  describe('Kafka', () => {
    it('a draft on the drafts topic gets its verdict on the verdicts topic, correlated by id', async () => {
      const draftId = `draft-${Date.now()}`;
      await bus.publish(presendTopic(a.prefix, PresendTopic.InvoiceDrafts), [
        { key: draftId, value: encode({ schema: 'closegap.invoice-draft', version: 1, draft_id: draftId, invoice: CASES[1].body }), headers: { [CORRELATION_HEADER]: 'corr-42' } },
      ]);
      const m = await waitForMessage(bus, presendTopic(a.prefix, PresendTopic.InvoiceVerdicts), (x) => x.key === draftId);
      expect(String(m.headers[CORRELATION_HEADER])).toBe('corr-42');
      const verdict = JSON.parse(String(m.value)) as { status: string; draft_id: string; correlation_id: string; result: { verdict: string; findings: Finding[] } };
      expect(verdict).toMatchObject({ status: 'checked', draft_id: draftId, correlation_id: 'corr-42', result: { verdict: 'block' } });
      expect(verdict.result.findings.map((f) => f.category)).toContain('BILL_RATE_VARIANCE');
    });
  });

  describe('QuickBooks webhook', () => {
    const notification = JSON.stringify({ eventNotifications: [{ realmId: REALM, dataChangeEvent: { entities: [{ name: 'Invoice', id: '130', operation: 'Create', lastUpdated: '2026-03-23T10:00:00.000Z' }] } }] });
    const sign = (body: string, token = VERIFIER) => createHmac('sha256', token).update(body).digest('base64');

    it('refuses a wrong signature', async () => {
      const res = await post('/v1/webhooks/quickbooks', notification, { 'intuit-signature': sign(notification, 'wrong-token') });
      expect(res.status).toBe(401);
      expect((await post('/v1/webhooks/quickbooks', notification, {})).status).toBe(401);
      expect(qbo.requests).toHaveLength(0);
    });

    it('checks an invoice already sent and raises the alert', async () => {
      const res = await post('/v1/webhooks/quickbooks', notification, { 'intuit-signature': sign(notification) });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([expect.objectContaining({ invoice_id: '130', invoice_number: 'QB-1001', already_sent: true, verdict: 'block', alerted: true })]);
      expect(qbo.requests[0]).toContain(`/v3/company/${REALM}/invoice/130`);
      expect(qbo.requests[0]).toContain('Bearer qbo-access-token');
      const alert = await waitForMessage(bus, presendTopic(a.prefix, PresendTopic.InvoiceAlerts), (m) => m.key === `quickbooks:${REALM}:130`);
      const body = JSON.parse(String(alert.value)) as { verdict: string; findings: Finding[] };
      expect(body.verdict).toBe('block');
      expect(body.findings.find((f) => f.category === 'BILL_RATE_VARIANCE')).toMatchObject({ expected: '50.00', actual: '45.00' });
    });
  });

  describe('live state', () => {
    it('a rate changed a moment ago is applied at once (retroactive increase)', async () => {
      const body = draft('DR-LIVE', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00'), timeLine('P1', 'John Smith', '2026-03-22', 'overtime', 4, '75.00')]);
      expect((await post('/v1/invoices/check', body)).body.verdict).toBe('pass');
      const env: RecordEnvelope = {
        schema: 'closegap.record',
        version: 1,
        source: 'rates',
        record_id: 'rates:90',
        row: { placement_id: 'P1', client_id: '', job_title: '', rate_type: 'standard', unit: 'hour', bill_rate: '55.00', pay_rate: '38.00', effective_from: '2026-03-16', effective_to: '', agreed_on: '2026-03-25' },
        pos: { file: 'rates.csv', line: 90 },
        client_key: 'C1',
        upload_id: 'it-rate-change',
        produced_at: new Date().toISOString(),
      };
      const t0 = Date.now();
      await bus.publish(physicalTopic(a.prefix, Topic.Rates), [{ key: 'rates:90', value: encode(env) }]);
      let res = await post('/v1/invoices/check', body);
      while (res.body.verdict === 'pass' && Date.now() - t0 < 5_000) res = await post('/v1/invoices/check', body);
      const applied = Date.now() - t0;
      expect(res.body.verdict).toBe('block');
      const drift = (res.body.findings as Finding[]).find((f) => f.category === 'CONTRACT_DRIFT');
      expect(drift).toMatchObject({ expected: '55.00', actual: '50.00', retroactive: true, blocking: true });
      expect(applied).toBeLessThan(2_000);
    });
  });
});
