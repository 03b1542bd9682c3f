import { InMemoryEventBus } from './in-memory-bus';
import type { MessageBatch } from './bus';

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('InMemoryEventBus', () => {
  it('a group shares the partitions, co-partitioned, and redelivers when the handler throws', async () => {
    const bus = new InMemoryEventBus();
    await bus.ensureTopics([
      { name: 'a', partitions: 4, compacted: false, retentionMs: -1 },
      { name: 'b', partitions: 4, compacted: false, retentionMs: -1 },
    ]);
    const seen: Record<string, string[]> = { one: [], two: [] };
    let failOnce = true;
    const handler = (who: string) => async (batches: MessageBatch[]) => {
      if (who === 'one' && failOnce) {
        failOnce = false;
        throw new Error('boom');
      }
      for (const b of batches) for (const m of b.messages) seen[who].push(`${m.topic}:${m.partition}:${m.value}`);
    };
    const one = await bus.subscribe({ topics: ['a', 'b'], groupId: 'g', coPartitioned: true, fromBeginning: true, handler: handler('one') });
    const two = await bus.subscribe({ topics: ['a', 'b'], groupId: 'g', coPartitioned: true, fromBeginning: true, handler: handler('two') });
    expect(one.assignment()).toEqual({ a: [0, 2], b: [0, 2] });
    expect(two.assignment()).toEqual({ a: [1, 3], b: [1, 3] });
    for (let p = 0; p < 4; p++) {
      await bus.publish('a', [{ key: null, value: `a${p}`, partition: p }]);
      await bus.publish('b', [{ key: null, value: `b${p}`, partition: p }]);
    }
    await settle();
    expect(seen.one.sort()).toEqual(['a:0:a0', 'a:2:a2', 'b:0:b0', 'b:2:b2']);
    expect(seen.two.sort()).toEqual(['a:1:a1', 'a:3:a3', 'b:1:b1', 'b:3:b3']);
    expect((await bus.committed('g', ['a'])).get('a:3')).toBe(1n);
    await two.stop();
    expect(one.assignment()).toEqual({ a: [0, 1, 2, 3], b: [0, 1, 2, 3] });
    await one.stop();
  });

  it('broadcast subscribers each read everything from the beginning', async () => {
    const bus = new InMemoryEventBus();
    await bus.publish('crm', [{ key: 'C1', value: 'x' }, { key: 'C2', value: 'y' }]);
    const got: string[][] = [[], []];
    for (const i of [0, 1]) {
      await bus.subscribe({ topics: ['crm'], handler: async (bs) => bs.forEach((b) => b.messages.forEach((m) => got[i].push(String(m.value)))) });
    }
    await settle();
    expect(got).toEqual([['x', 'y'], ['x', 'y']]);
    expect((await bus.offsets('crm'))[0].high).toBe(2n);
  });
});
