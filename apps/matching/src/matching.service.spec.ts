import { InMemoryEventBus } from '@closegap/messaging';
import { InMemoryMatchingStore } from '@closegap/persistence';
import { ensureAllTopics, replayBundle, waitForMatching } from '../../../libs/services-common/src/ingestion';
import { comparable, sampleBundle, startMatching } from './test/harness';

describe('MatchingService (embedded: in-memory bus and store)', () => {
  const sample = sampleBundle(11, 0.1);

  async function run(order: string, duplicate = false) {
    const bus = new InMemoryEventBus();
    const store = new InMemoryMatchingStore();
    await ensureAllTopics(bus, 't');
    const matching = await startMatching(bus, store, { prefix: 't', groupId: 'g', instanceId: 'i1' });
    const { SOURCE_ORDERS } = await import('../../../libs/services-common/src/ingestion');
    await replayBundle(bus, sample.dir, { prefix: 't', order: SOURCE_ORDERS[order], duplicate });
    await waitForMatching(bus, store, { prefix: 't', groupId: 'g', timeoutMs: 60_000, pollMs: 50 });
    await matching.stop();
    const open = (await store.exceptions({ status: 'open' })).map((s) => s.record);
    const events = bus.messages('t.closegap.exceptions.v1').map((m) => JSON.parse(String(m.value)));
    return { open, events, store };
  }

  it('gives exactly the exceptions of recon run (CRM first)', async () => {
    const { open, events } = await run('crm-first');
    expect(sample.expected.length).toBeGreaterThan(10);
    expect(comparable(open)).toEqual(comparable(sample.expected));
    const ids = events.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 60_000);

  it('does not depend on the order the sources arrive in (finance first, rates last)', async () => {
    const { open } = await run('finance-first-rates-last');
    expect(comparable(open)).toEqual(comparable(sample.expected));
  }, 60_000);

  it('is idempotent: every event delivered twice changes nothing', async () => {
    const once = await run('crm-first');
    const twice = await run('crm-first', true);
    expect(comparable(twice.open)).toEqual(comparable(sample.expected));
    expect(twice.events.map((e) => e.event_id).sort()).toEqual(once.events.map((e) => e.event_id).sort());
  }, 60_000);
});
