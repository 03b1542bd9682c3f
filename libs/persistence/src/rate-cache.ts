import Redis from 'ioredis';

/**
 * The hot copy of the rate truth table in Redis: one hash per stack (field = rate id, value =
 * the rate record envelope's JSON), written through on every rate event, read to warm a
 * matching instance at start and by anything that needs "the rate in force" without Kafka.
 * The compacted rates topic stays the source of truth.
 */
export class RateCache {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.key = `closegap:${namespace || 'default'}:rates`;
  }

  static connect(url: string, namespace: string): RateCache {
    return new RateCache(new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableOfflineQueue: true }), namespace);
  }

  async write(upserts: readonly { rateId: string; value: string }[], deletes: readonly string[] = []): Promise<void> {
    if (upserts.length === 0 && deletes.length === 0) return;
    const multi = this.redis.multi();
    if (upserts.length) multi.hset(this.key, Object.fromEntries(upserts.map((u) => [u.rateId, u.value])));
    if (deletes.length) multi.hdel(this.key, ...deletes);
    await multi.exec();
  }

  async all(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.key)));
  }

  async clear(): Promise<void> {
    await this.redis.del(this.key);
  }

  async ping(): Promise<void> {
    const pong = await this.redis.ping();
    if (pong !== 'PONG') throw new Error(`unexpected redis reply ${pong}`);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
