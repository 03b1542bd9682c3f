import { Rng } from '@closegap/generator';
import { SLAB_BYTES_PER_ENTRY, VerdictCache } from './verdict-cache';

describe('VerdictCache', () => {
  it.each([1, 2, 3])('gives back exactly what was stored, and holds the newest answers as the ring wraps (seed %i)', (seed) => {
    const rng = new Rng(seed); // seeded, so a failure replays
    const size = 40;
    const cache = new VerdictCache(size);
    const stored: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      // sizes around and above the per-entry share, some multi-byte text, some too big to keep
      const length = Math.floor(rng.next() * SLAB_BYTES_PER_ENTRY * (rng.next() < 0.05 ? 14 : 2.5));
      const text = `{"n":${i},"t":"${"é€a".repeat(Math.ceil(length / 3)).slice(0, length)}"}`;
      stored.push(text);
      cache.set(7, `k${i}`, text);
      // everything held is byte for byte what was stored under its key, and the held keys are
      // the newest ones (first in, first out), never more than `size`
      if (i % 97 === 0 || i > 2_990) {
        const held = stored.map((_text, k) => [k, cache.get(7, `k${k}`)] as const).filter(([, v]) => v !== undefined);
        for (const [k, v] of held) expect(v).toBe(stored[k]);
        expect(held.length).toBeLessThanOrEqual(size);
        expect(held.length).toBe(cache.count);
        const oldest = held[0]?.[0] ?? i;
        const tooBig = (t: string): boolean => Buffer.byteLength(t) > (size * SLAB_BYTES_PER_ENTRY) / 4;
        for (let k = oldest; k <= i; k++) if (!tooBig(stored[k])) expect(cache.get(7, `k${k}`)).toBe(stored[k]);
      }
    }
    expect(cache.count).toBeGreaterThan(5);
  });

  it('answers nothing for another state version and starts over on a new one', () => {
    const cache = new VerdictCache(10);
    cache.set(1, 'a', '{"v":1}');
    expect(cache.get(1, 'a')).toBe('{"v":1}');
    expect(cache.get(2, 'a')).toBeUndefined();
    cache.set(2, 'b', '{"v":2}');
    expect(cache.get(2, 'a')).toBeUndefined();
    expect(cache.get(2, 'b')).toBe('{"v":2}');
    expect(cache.count).toBe(1);
  });

  it('keeps nothing when its size is 0', () => {
    const cache = new VerdictCache(0);
    cache.set(1, 'a', '{}');
    expect(cache.get(1, 'a')).toBeUndefined();
  });
});
