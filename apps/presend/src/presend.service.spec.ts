import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@closegap/contract';
import { exceptionKey } from '@closegap/domain';
import type { InvoiceLine } from '@closegap/domain';
import type { ReconEngine } from '@closegap/engine';
import { generateSample, writeSample } from '@closegap/generator';
import { InMemoryEventBus } from '@closegap/messaging';
import { ensureAllTopics, replayBundle } from '@closegap/services-common';
import { PresendService } from './presend.service';
import { TenantReplica } from './replica';
import type { CheckResponse } from './presend.service';
import { CASES } from './test/cases';
import { agencyBundle, draft, timeLine } from './test/fixtures';

const quiet = { log: () => undefined, warn: () => undefined, error: (m: string) => process.stderr.write(m + '\n') };
const policy = {
  blockingCategories: new Set(['CONTRACT_DRIFT', 'BILL_RATE_VARIANCE', 'OVERBILLED_TIME', 'DUPLICATE_INVOICE', 'INVOICE_MATH_ERROR', 'CURRENCY_MISMATCH', 'INVOICE_WITHOUT_PLACEMENT', 'PERM_FEE_VARIANCE'] as const),
  minSeverity: 'low' as const,
  minValue: 0,
};

/** The check over an in-memory bus (the logic only; the real stack is in presend.integration-spec.ts). */
describe('PresendService on an in-memory replica', () => {
  let service: PresendService;
  let replica: TenantReplica;

  beforeAll(async () => {
    const bus = new InMemoryEventBus();
    await ensureAllTopics(bus, 'a');
    await replayBundle(bus, agencyBundle(), { prefix: 'a' });
    replica = new TenantReplica({ tenantId: 'a', topicPrefix: 'a', bus, logger: quiet });
    await replica.start();
    await replica.whenReady();
    service = new PresendService(new Map([['a', replica]]), { policy, maxLines: 50, cacheSize: 10 });
  });

  const check = (body: unknown): CheckResponse => {
    const outcome = service.check('a', body);
    if (outcome.kind !== 'checked') throw new Error(JSON.stringify(outcome));
    return outcome.response;
  };

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = check(c.body);
    if (r.verdict !== c.verdict) throw new Error(`${c.name}: ${r.verdict} ${JSON.stringify(r.reasons)}`);
    if (c.raises) {
      const f = r.findings.find((x) => x.category === c.raises);
      expect(f).toBeDefined();
      if (c.expected) expect(f?.expected).toBe(c.expected);
      if (c.actual) expect(f?.actual).toBe(c.actual);
      expect(f?.suggested_action).toBeTruthy();
    }
  });

  it('a clean invoice lists the unbilled time it closes', () => {
    const r = check(CASES[0].body);
    expect(r.closes.filter((e) => e.category === 'UNBILLED_TIME').map((e) => e.rate_type).sort()).toEqual(['overtime', 'standard']);
    expect(r.findings).toEqual([]);
    expect(r.covered).toEqual([{ placement_id: 'P1', week_ending: '2026-03-22' }]);
  });

  it('names the approved time still missing from the covered week', () => {
    const r = check(draft('DR-SHORT-2', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00')]));
    expect(r.missing_time.map((e) => `${e.placement_id} ${e.week_ending} ${e.rate_type} ${e.units}`)).toEqual(['P1 2026-03-22 overtime 4']);
  });

  it('changes nothing: the state and its exceptions are the same after any number of checks', () => {
    const before = replica.state();
    for (const c of CASES) check(c.body);
    expect(replica.state()).toEqual(before);
  });

  it('answers a repeated draft from the cache while the state has not moved', () => {
    const body = draft('DR-REPEAT', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00')]);
    expect(check(body).cached).toBe(false);
    expect(check(body).cached).toBe(true);
  });

  it('sends the answer as JSON text equal to the answer object, fresh or cached, with per-check fields of its own', () => {
    const body = draft('DR-JSON', [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00')]);
    const outcomes = [service.check('a', body), service.check('a', body)];
    const [fresh, cached] = outcomes.map((o) => {
      if (o.kind !== 'checked') throw new Error(JSON.stringify(o));
      return { wire: JSON.parse(o.json) as CheckResponse, object: o.response };
    });
    expect(fresh.wire).toEqual(fresh.object);
    expect(Object.keys(fresh.wire)).toEqual(['check_id', 'checked_at', 'verdict', 'invoice_number', 'reasons', 'findings', 'missing_time', 'closes', 'covered', 'state', 'policy', 'duration_ms', 'cached']);
    expect(cached.wire.cached).toBe(true);
    expect(cached.wire.check_id).not.toBe(fresh.wire.check_id);
    const stable = (r: CheckResponse) => ({ ...r, check_id: '', checked_at: '', duration_ms: 0, cached: false });
    expect(stable(cached.wire)).toEqual(stable(fresh.wire));
  });

  it('lists every invalid value by line and field', () => {
    const outcome = service.check('a', {
      invoice_number: 'X',
      invoice_date: '23/03/2026',
      customer_name: 'Allied Logistics Partners LLC',
      currency: 'USD',
      lines: [timeLine('P1', 'John Smith', '2026-03-22', 'standard', 40, '50.00'), { ...timeLine('P1', 'John Smith', '2026-03-22', 'standard', 1, '50.00'), unit_price: 'fifty', rate_type: 'nap' }],
    });
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.status).toBe(400);
    expect(outcome.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['invoice_date', 'lines[1].rate_type']));
  });

  it('names missing fields and unknown ones', () => {
    const outcome = service.check('a', { invoice_number: 'X', lines: [{ quantity: 1, unit_price: '1', amount: '1', colour: 'red' }] });
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['invoice_date', 'customer_name', 'currency', 'lines[0]']));
  });

  it('refuses more lines than the limit with 413', () => {
    const lines = Array.from({ length: 51 }, () => timeLine('P1', 'John Smith', '2026-03-22', 'standard', 1, '50.00'));
    const outcome = service.check('a', draft('BIG', lines));
    expect(outcome).toMatchObject({ kind: 'invalid', status: 413 });
  });
});

describe('TenantReplica and records delivered again', () => {
  const settled = async (replica: TenantReplica, version: number): Promise<number> => {
    // the in-memory bus delivers on the next turns of the event loop; a change shows within a few
    for (let i = 0; i < 50 && replica.state().state_version === version; i++) await new Promise((r) => setTimeout(r, 2));
    return replica.state().state_version as number;
  };

  it('keeps what it holds when a record comes again unchanged, and takes a changed one', async () => {
    const bus = new InMemoryEventBus();
    await ensureAllTopics(bus, 'r');
    const bundle = agencyBundle();
    await replayBundle(bus, bundle, { prefix: 'r' });
    const replica = new TenantReplica({ tenantId: 'r', topicPrefix: 'r', bus, logger: quiet });
    await replica.start();
    await replica.whenReady();
    const before = replica.state();

    await replayBundle(bus, bundle, { prefix: 'r' }); // the same bundle published again
    expect(await settled(replica, before.state_version as number)).toBe(before.state_version);
    expect(replica.state().records_read).toBe(2 * (before.records_read as number)); // read, and kept as it was

    const sheets = join(bundle, 'timesheets.csv');
    writeFileSync(sheets, readFileSync(sheets, 'utf8').replace('TL-P2-2026-03-22-0,TS-P2-2026-03-22,W2,Maria Garcia,ALP,P2,2026-03-16,standard,8,', 'TL-P2-2026-03-22-0,TS-P2-2026-03-22,W2,Maria Garcia,ALP,P2,2026-03-16,standard,9,'));
    await replayBundle(bus, bundle, { prefix: 'r' }); // one row changed
    expect(await settled(replica, before.state_version as number)).toBe((before.state_version as number) + 1);
    expect(replica.state().facts).toBe(before.facts);
    await replica.stop();
  });
});

describe('TenantReplica applying a bulk arrival', () => {
  const generated = (seed: number): string => writeSample(mkdtempSync(join(tmpdir(), 'presend-bulk-')), generateSample({ seed, scale: 0.05 })).bundleDir;
  // the engine's full list of open exceptions, read from outside (the replica serves only what-ifs)
  const fingerprint = (replica: TenantReplica): string[] =>
    (replica as unknown as { engine: ReconEngine }).engine
      .exceptions()
      .map((e) => `${exceptionKey(e)} ${JSON.stringify(e)}`)
      .sort();

  it('answers checks between slices and ends where one full read ends, new rules in the arrival included', async () => {
    const [first, second] = [generated(5), generated(6)];
    const bus = new InMemoryEventBus();
    await ensureAllTopics(bus, 's');
    await replayBundle(bus, first, { prefix: 's' });
    const sliced = new TenantReplica({ tenantId: 's', topicPrefix: 's', bus, logger: quiet, sliceMs: 0 });
    await sliced.start();
    await sliced.whenReady();
    const rulesBefore = sliced.state().rules;

    // checks keep coming while the second bundle arrives; each one rolls its draft back
    const invoices = readBundle(second).bundle.invoices ?? [];
    const draftLines: InvoiceLine[] = invoices.filter((l) => l.invoiceNumber === invoices[0].invoiceNumber);
    const versionsSeen = new Set<number>();
    let probing = true;
    const probes = (async () => {
      while (probing) {
        sliced.whatIf(draftLines, (changes) => changes.length);
        versionsSeen.add(sliced.stateVersion);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await replayBundle(bus, second, { prefix: 's' });

    const fresh = new TenantReplica({ tenantId: 's', topicPrefix: 's', bus, logger: quiet });
    await fresh.start();
    await fresh.whenReady();
    for (let i = 0; i < 500 && sliced.state().records_read !== fresh.state().records_read; i++) await new Promise((r) => setTimeout(r, 10));
    probing = false;
    await probes;

    expect(sliced.state().records_read).toBe(fresh.state().records_read);
    expect(sliced.state().rules).not.toBe(rulesBefore); // the arrival brought new rules
    expect(versionsSeen.size).toBeGreaterThan(5); // the arrival was applied in slices, with checks between them
    expect(fingerprint(sliced).length).toBeGreaterThan(0);
    expect(fingerprint(sliced)).toEqual(fingerprint(fresh));
    await Promise.all([sliced.stop(), fresh.stop()]);
  });
});
