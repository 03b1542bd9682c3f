import { defaultRules } from '@closegap/contract';
import { OAuth2RefreshAuth } from '../http/auth';
import { HttpClient } from '../http/http-client';
import { Secret } from '../http/secret';
import { FAST, pages, startFakeApi } from '../test/fake-api';
import type { FakeApi } from '../test/fake-api';
import { BullhornHttpFetcher, BullhornSession } from './client';
import { BullhornConnector } from './connector';

describe('Bullhorn connector', () => {
  let api: FakeApi;
  let sessions = 0;
  let expireNextQuery = false;
  beforeAll(async () => {
    api = await startFakeApi((req) => {
      if (req.path === '/oauth/token') return { json: { access_token: `bh-access-${sessions + 1}`, refresh_token: 'bh-refresh-next', expires_in: 600 } };
      if (req.path === '/rest-services/login') {
        if (!req.query.get('access_token')?.startsWith('bh-access-')) return { status: 401 };
        sessions++;
        return { json: { BhRestToken: `rest-token-${sessions}`, restUrl: `${api.url}/rest-services/e999/` } };
      }
      const m = /^\/rest-services\/e999\/query\/(\w+)$/.exec(req.path);
      if (!m) return { status: 404 };
      if (req.headers.bhresttoken !== `rest-token-${sessions}` || expireNextQuery) {
        expireNextQuery = false;
        return { status: 401, json: { errorMessage: 'BhRestToken expired', errorCode: 401 } };
      }
      // Bullhorn pages by start/count; serve the recorded pages' records sliced accordingly
      const records = pages('bullhorn', m[1]).flatMap((p) => (p as { data: unknown[] }).data);
      const start = Number(req.query.get('start') ?? 0);
      const count = Number(req.query.get('count') ?? 20);
      return { json: { total: records.length, start, count: Math.min(count, records.length - start), data: records.slice(start, start + count) } };
    });
  });
  afterAll(() => api.close());

  const live = () => {
    const oauth = new OAuth2RefreshAuth({ key: 'bullhorn', tokenUrl: `${api.url}/oauth/token`, clientId: 'c', clientSecret: new Secret('s'), refreshToken: new Secret('r'), clientAuth: 'query' });
    const session = new BullhornSession(oauth, api.url);
    return new BullhornConnector(new BullhornHttpFetcher(new HttpClient({ auth: session, ...FAST }), 2), { rules: defaultRules() });
  };

  it('logs in (OAuth, then rest login), pages by start/count and re-logs in once when the BhRestToken expires', async () => {
    expireNextQuery = false;
    const connector = live();
    const first = await connector.sync({});
    expect(first.fetched).toMatchObject({ ClientCorporation: 2, Placement: 4, PlacementChangeRequest: 2, PlacementRateCardLine: 4, Timesheet: 1, TimesheetEntry: 8 });
    const placementCalls = api.requests.filter((r) => r.path.endsWith('/query/Placement'));
    expect(placementCalls.map((r) => r.query.get('start'))).toEqual(['0', '2']);
    expect(placementCalls[0].query.get('fields')).toContain('jobOrder(id,title,clientCorporation(id,name))');
    expect(api.requests.find((r) => r.path === '/oauth/token')!.query.get('client_secret')).toBe('s');
    const sessionsBefore = sessions;
    expireNextQuery = true;
    await connector.sync({});
    expect(sessions).toBe(sessionsBefore + 1);
  });

  it('maps placements, rate card versions and change requests field by field', async () => {
    const outcome = await live().sync({});
    expect(outcome.batch.rows.clients!.map((c) => `${c.client_id} ${c.name}`)).toEqual(['3001 Allied Logistics Partners LLC', '3002 Beacon Health']);
    expect(outcome.batch.rows.placements).toEqual([
      { placement_id: '4711', client_id: '3001', candidate_id: '88', candidate_name: 'John Smith', job_title: 'Forklift Driver', type: 'contract', start_date: '2024-01-01', end_date: '', status: 'active', consultant: 'Sam Patel', currency: '', salary: '', fee_pct: '', fee_amount: '', guarantee_days: '', source_record: 'bullhorn:Placement:4711' },
      { placement_id: '4712', client_id: '3002', candidate_id: '91', candidate_name: 'Ana Lopez', job_title: 'Nurse Manager', type: 'perm', start_date: '2024-03-04', end_date: '', status: 'active', consultant: '', currency: '', salary: '60000', fee_pct: '20', fee_amount: '', guarantee_days: '90', source_record: 'bullhorn:Placement:4712' },
      expect.objectContaining({ placement_id: '4713', type: 'contract', start_date: '2024-02-01', end_date: '2024-06-30' }),
    ]);
    const rate = (r: Record<string, string>) => [r.placement_id, r.rate_type, r.bill_rate, r.pay_rate, r.effective_from, r.effective_to, r.agreed_on].join(' ');
    expect(outcome.batch.rows.rates!.map(rate)).toEqual([
      '4711 standard 55 38 2024-01-01 2024-01-31 2023-12-15',
      '4711 overtime 82.5 57 2024-01-01 2024-01-31 2023-12-15',
      '4711 standard 58 40 2024-02-01  2024-02-20', // effective 1 Feb, agreed 20 Feb: retroactive
      '4711 overtime 87 60 2024-02-01  2024-02-20',
      '4713 standard 63 47 2024-03-01  2024-02-25', // the approved change request; the pending one is ignored
    ]);
    expect(outcome.warnings).toContain('Bullhorn placement 4713: rates before 2024-03-01 are not in its change requests (the first change replaced them); that period has no contract rate');
    expect(outcome.rejected).toEqual(expect.arrayContaining([{ system: 'bullhorn', entity: 'Placement', id: '4714', reason: 'no candidate id or name' }]));
  });

  it('maps Time & Expense entries to timesheet lines, leaving out voided entries and rejecting unknown earn codes', async () => {
    const outcome = await live().sync({});
    const lines = outcome.batch.rows.timesheets!;
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({
      line_id: 'BH-8001', timesheet_id: '700', worker_id: '88', worker_name: 'John Smith', client_ref: 'Allied Logistics Partners LLC', placement_ref: '4711',
      work_date: '2024-01-01', rate_type: 'standard', units: '8', status: 'approved', approved_at: '2024-01-09T11:33:20.000Z', source_record: 'bullhorn:Timesheet:700',
    });
    expect(lines[5]).toMatchObject({ line_id: 'BH-8006', rate_type: 'overtime', units: '5', work_date: '2024-01-05' });
    expect(outcome.rejected).toContainEqual({ system: 'bullhorn', entity: 'TimesheetEntry', id: '8008', reason: 'earn code "XYZ" maps to no rate type (add it to bullhorn.earn_codes or rate_type_map)' });
  });

  it('asks only for records modified since the cursor on an incremental run', async () => {
    const before = api.requests.length;
    await live().sync({ cursor: { Placement: '2024-02-20T00:00:00.000Z' } });
    const call = api.requests.slice(before).find((r) => r.path.endsWith('/query/Placement'))!;
    expect(call.query.get('where')).toBe(`dateLastModified > ${Date.parse('2024-02-20T00:00:00.000Z')}`);
  });
});
