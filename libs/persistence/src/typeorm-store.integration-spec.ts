import { randomUUID } from 'node:crypto';
import { createDataSource, runMigrations } from './data-source';
import { RateCache } from './rate-cache';
import { TypeormMatchingStore } from './typeorm-store';
import type { StoredFact } from './store';
import type { ExceptionRecord } from '@closegap/domain';

const url = 'postgres://postgres@127.0.0.1:5432/closegap_test';
const schema = `t_store_${randomUUID().slice(0, 8)}`;

const fact = (recordId: string, hash: string, partition = 0): StoredFact => ({
  source: 'timesheets',
  recordId,
  clientKey: 'C1',
  partition,
  row: { line_id: recordId },
  pos: { file: 'timesheets.csv', line: 2 },
  contentHash: hash,
  uploadId: 'u1',
});

const record = (id: string, value: string): ExceptionRecord =>
  ({ exception_id: id, category: 'UNBILLED_TIME', severity: 'low', value_at_risk: value, retroactive: false, recurring: false, owner_team: 'billing', suggested_action: 'x', source: 'timesheets' }) as ExceptionRecord;

describe('TypeormMatchingStore (PostgreSQL)', () => {
  const ds = createDataSource({ url, schema });
  const store = new TypeormMatchingStore(ds, schema);

  beforeAll(async () => {
    expect(await runMigrations({ url, schema })).toEqual(['StreamingState1767225600000']);
    expect(await runMigrations({ url, schema })).toEqual([]);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await store.close();
  });

  it('upserts facts idempotently by content hash', async () => {
    const first = await store.transaction((tx) => tx.upsertFacts([fact('L1', 'h1'), fact('L2', 'h2')]));
    expect(first.map((f) => f.recordId)).toEqual(['L1', 'L2']);
    const again = await store.transaction((tx) => tx.upsertFacts([fact('L1', 'h1'), fact('L2', 'h2'), fact('L2', 'h2')]));
    expect(again).toEqual([]);
    const changed = await store.transaction((tx) => tx.upsertFacts([fact('L1', 'h1b'), fact('L2', 'h2', 3)]));
    expect(changed.map((f) => f.recordId)).toEqual(['L1', 'L2']);
    expect((await store.facts([3])).map((f) => f.recordId)).toEqual(['L2']);
  });

  it('rolls back facts, exception state and outbox together', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.upsertFacts([fact('L9', 'h9')]);
        await tx.saveExceptions([{ exceptionId: 'EX-1', status: 'open', sequence: 1, ownerPartition: 0, record: record('EX-1', '1.00') }]);
        await tx.enqueue([{ eventId: 'EX-1:1', exceptionId: 'EX-1', payload: {}, headers: {} }]);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect((await store.facts()).map((f) => f.recordId)).not.toContain('L9');
    expect(await store.exceptions()).toEqual([]);
    expect(await store.pendingOutbox()).toBe(0);
  });

  it('keeps exception state and relays the outbox once, in order', async () => {
    await store.transaction(async (tx) => {
      expect((await tx.lockExceptions(['EX-1'])).size).toBe(0);
      await tx.saveExceptions([{ exceptionId: 'EX-1', status: 'open', sequence: 1, ownerPartition: 2, record: record('EX-1', '1.00') }]);
      await tx.enqueue([
        { eventId: 'EX-1:1', exceptionId: 'EX-1', payload: { n: 1 }, headers: { traceparent: 'x' } },
        { eventId: 'EX-1:1', exceptionId: 'EX-1', payload: { n: 1 }, headers: {} },
      ]);
    });
    await store.transaction(async (tx) => {
      const state = (await tx.lockExceptions(['EX-1'])).get('EX-1');
      expect(state?.sequence).toBe(1);
      // state and event in one statement
      await tx.writeChanges(
        [{ ...(state as NonNullable<typeof state>), record: record('EX-1', '1.00'), status: 'closed', sequence: 2 }],
        [{ eventId: 'EX-1:2', exceptionId: 'EX-1', payload: { n: 2 }, headers: {} }],
      );
    });
    expect(await store.pendingOutbox()).toBe(2);
    const published: string[] = [];
    await expect(store.relayOutbox(10, async () => Promise.reject(new Error('broker down')))).rejects.toThrow('broker down');
    expect(await store.pendingOutbox()).toBe(2);
    expect(await store.relayOutbox(10, async (events) => void published.push(...events.map((e) => e.eventId)))).toBe(2);
    expect(published).toEqual(['EX-1:1', 'EX-1:2']);
    expect(await store.pendingOutbox()).toBe(0);
    expect((await store.exceptions({ status: 'closed', ownerPartitions: [2] })).map((e) => e.exceptionId)).toEqual(['EX-1']);
  });

  it('tracks live instances', async () => {
    await store.saveInstance({ instanceId: 'i1', groupId: 'g', assignment: { t: [0] }, broadcastPositions: { 'x:0': '5' }, status: 'ready' });
    expect((await store.instances('g', 10_000)).map((i) => i.broadcastPositions)).toEqual([{ 'x:0': '5' }]);
    await store.removeInstance('i1');
    expect(await store.instances('g', 10_000)).toEqual([]);
  });
});

describe('RateCache (Redis)', () => {
  const cache = RateCache.connect('redis://127.0.0.1:6379', `test-${randomUUID()}`);
  afterAll(async () => {
    await cache.clear();
    await cache.close();
  });

  it('writes through upserts and deletes', async () => {
    await cache.write([{ rateId: 'rates:2', value: '{"a":1}' }, { rateId: 'rates:3', value: '{"b":2}' }]);
    await cache.write([{ rateId: 'rates:2', value: '{"a":9}' }], ['rates:3']);
    expect(await cache.all()).toEqual(new Map([['rates:2', '{"a":9}']]));
    await cache.ping();
  });
});
