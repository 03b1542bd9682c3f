/**
 * Kafka's default partitioner for keyed messages (murmur2, as in the Java client and kafkajs'
 * DefaultPartitioner): toPositive(murmur2(key bytes)) % partitions. Producers set the partition
 * explicitly with it, and matching instances use it to know which clients they own.
 */
export function murmur2(key: string | Buffer): number {
  const data = Buffer.isBuffer(key) ? key : Buffer.from(key, 'utf8');
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4] & 0xff) | ((data[i4 + 1] & 0xff) << 8) | ((data[i4 + 2] & 0xff) << 16) | ((data[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length % 4;
  const base = length & ~3;
  if (tail === 3) h ^= (data[base + 2] & 0xff) << 16;
  if (tail >= 2) h ^= (data[base + 1] & 0xff) << 8;
  if (tail >= 1) {
    h ^= data[base] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export function partitionFor(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
