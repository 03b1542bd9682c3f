import { join } from 'node:path';
import { DumpDir } from '../core/page-source';
import { HttpClient } from '../http/http-client';
import { StaticBearerAuth } from '../http/auth';
import { Secret } from '../http/secret';
import { FAST, fixture, pages, startFakeApi, TEST_DATA } from '../test/fake-api';
import type { FakeApi } from '../test/fake-api';
import { HubSpotDumpFetcher, HubSpotHttpFetcher } from './client';
import { HubSpotConnector } from './connector';
import { DEFAULT_HUBSPOT_PROPERTIES } from './mapper';
import { parseHubSpotWebhook } from './webhook';

type Obj = { id: string; properties: Record<string, string> };
const all = (type: string): Obj[] => pages('hubspot', type).flatMap((p) => (p as { results: Obj[] }).results);

describe('HubSpot connector', () => {
  let api: FakeApi;
  let throttleOnce = true;
  beforeAll(async () => {
    api = await startFakeApi((req) => {
      if (req.headers.authorization !== 'Bearer pat-123') return { status: 401, json: { status: 'error', category: 'INVALID_AUTHENTICATION' } };
      const list = /^\/crm\/v3\/objects\/(companies|deals)$/.exec(req.path);
      if (list) {
        if (list[1] === 'deals' && throttleOnce) {
          throttleOnce = false;
          return { status: 429, headers: { 'retry-after': '0' }, json: { status: 'error', policyName: 'TEN_SECONDLY_ROLLING' } };
        }
        const recorded = pages('hubspot', list[1]);
        const index = req.query.get('after') ? recorded.findIndex((p) => (p as { results: Obj[] }).results[0].id === req.query.get('after')) : 0;
        return { json: recorded[index] };
      }
      const search = /^\/crm\/v3\/objects\/(companies|deals)\/search$/.exec(req.path);
      if (search) {
        const since = Number(JSON.parse(req.body).filterGroups[0].filters[0].value);
        const results = all(search[1]).filter((o) => Date.parse(o.properties.hs_lastmodifieddate) >= since);
        return { json: { total: results.length, results: results.map((o) => ({ id: o.id, properties: { hs_lastmodifieddate: o.properties.hs_lastmodifieddate } })) } };
      }
      const one = /^\/crm\/v3\/objects\/(companies|deals)\/(\w+)$/.exec(req.path);
      if (one) {
        const found = all(one[1]).find((o) => o.id === one[2]);
        return found ? { json: found } : { status: 404, json: { status: 'error', message: 'Object not found' } };
      }
      return { status: 404 };
    });
  });
  afterAll(() => api.close());

  const live = () => new HubSpotConnector(new HubSpotHttpFetcher(new HttpClient({ baseUrl: api.url, auth: new StaticBearerAuth(new Secret('pat-123')), ...FAST }), { searchIntervalMs: 0 }), DEFAULT_HUBSPOT_PROPERTIES);

  it('pages companies and deals (after cursor), asks for history and associations, and maps them field by field', async () => {
    const outcome = await live().sync({});
    expect(outcome.fetched).toEqual({ companies: 2, deals: 5 });
    const dealCalls = api.requests.filter((r) => r.path === '/crm/v3/objects/deals');
    expect(dealCalls.map((r) => r.query.get('after'))).toEqual([null, null, '516']);
    expect(dealCalls[0].query.get('propertiesWithHistory')).toBe('bill_rate,pay_rate,overtime_bill_rate,overtime_pay_rate,rate_effective_from');
    expect(dealCalls[0].query.get('associations')).toBe('companies');
    expect(outcome.batch.rows.clients).toEqual([
      { client_id: '9001', name: 'Allied Logistics Partners LLC', domain: 'alliedlogistics.example', currency: 'USD', account_manager: 'Dana Reyes', margin_floor_pct: '18', source_record: 'hubspot:company:9001' },
      { client_id: '9002', name: 'Beacon Health', domain: 'beaconhealth.example', currency: '', account_manager: '', margin_floor_pct: '', source_record: 'hubspot:company:9002' },
    ]);
    const placements = outcome.batch.rows.placements!;
    expect(placements[0]).toEqual({
      placement_id: 'P1001', client_id: '9001', candidate_id: 'C-88', candidate_name: 'John Smith', job_title: 'Forklift Driver', type: 'contract',
      start_date: '2024-01-01', end_date: '', status: 'active', consultant: 'Sam Patel', currency: 'USD', salary: '', fee_pct: '', fee_amount: '', guarantee_days: '',
      source_record: 'hubspot:deal:512',
    });
    expect(placements[1]).toMatchObject({ placement_id: '513', type: 'perm', salary: '60000', fee_pct: '20', fee_amount: '', guarantee_days: '90', client_id: '9002' });
    // epoch-ms date property, only an unlabeled company association
    expect(placements[2]).toMatchObject({ placement_id: 'P1003', type: 'contract', start_date: '2024-02-01', client_id: '9002' });
    expect(outcome.rejected).toEqual([{ system: 'hubspot', entity: 'deal', id: '515', reason: 'deal lacks candidate_id / candidate_name' }]);
    expect(outcome.batch.deletes.placements).toEqual(['hubspot:deal:514']);
  });

  it('turns the rate property history into dated rate versions; a backdated change is retroactive', async () => {
    const outcome = await live().sync({});
    const rate = (r: Record<string, string>) => [r.placement_id, r.rate_type, r.bill_rate, r.pay_rate, r.effective_from, r.effective_to, r.agreed_on].join(' ');
    expect(outcome.batch.rows.rates!.map(rate)).toEqual([
      'P1001 standard 55 38 2024-01-01 2024-01-31 2023-12-15',
      'P1001 standard 58 40 2024-02-01  2024-02-20', // agreed after it took effect: retroactive
      'P1001 overtime 82.5 57 2024-01-01  ',
      'P1003 standard 60 45 2024-02-01  ',
    ]);
  });

  it('syncs incrementally: search by hs_lastmodifieddate, then re-reads each changed object', async () => {
    const outcome = await live().sync({ cursor: { companies: '2024-02-01T00:00:00.000Z', deals: '2024-02-15T00:00:00.000Z' } });
    expect(outcome.batch.mode).toBe('incremental');
    expect(outcome.fetched).toEqual({ companies: 1, deals: 2 });
    expect(outcome.batch.rows.placements!.map((p) => p.placement_id)).toEqual(['P1001', '513']);
    expect(outcome.cursorAfter).toEqual({ companies: '2024-02-20T10:00:00.000Z', deals: '2024-02-28T09:00:00.000Z' });
  });

  it('handles a webhook burst: each changed object fetched once, deleted deals removed', async () => {
    const before = api.requests.length;
    const changed = parseHubSpotWebhook(fixture('hubspot', 'webhook-burst.json'));
    expect(changed).toEqual({ companies: ['9001'], deals: ['512', '516'] });
    // 516 is gone from HubSpot by now
    const outcome = await new HubSpotConnector(
      new HubSpotHttpFetcher(new HttpClient({ baseUrl: api.url, auth: new StaticBearerAuth(new Secret('pat-123')), ...FAST }), { searchIntervalMs: 0 }),
      DEFAULT_HUBSPOT_PROPERTIES,
    ).sync({ changed: { ...changed, deals: ['512', '512', '404404'] } });
    const calls = api.requests.slice(before).map((r) => r.path);
    expect(calls).toEqual(['/crm/v3/objects/companies/9001', '/crm/v3/objects/deals/512', '/crm/v3/objects/deals/404404']);
    expect(outcome.batch.rows.placements!.map((p) => p.placement_id)).toEqual(['P1001']);
    expect(outcome.batch.deletes.placements).toEqual(['hubspot:deal:404404']);
    expect(outcome.batch.deletes.rates).toEqual(['hubspot:deal:404404']);
  });

  it('reads the same records from saved list pages', async () => {
    const replay = await new HubSpotConnector(new HubSpotDumpFetcher(new DumpDir(join(TEST_DATA, 'hubspot'))), DEFAULT_HUBSPOT_PROPERTIES).sync({});
    const fromApi = await live().sync({});
    expect(replay.batch.rows).toEqual(fromApi.batch.rows);
  });
});
