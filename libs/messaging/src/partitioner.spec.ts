import { murmur2, partitionFor } from './partitioner';

// kafkajs' own implementation (Java-compatible), as the reference
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string) => number;

describe('partitioner', () => {
  it('is the Kafka default murmur2, byte for byte', () => {
    for (const key of ['', 'a', 'ab', 'abc', 'abcd', 'C0042', 'unresolved', 'client-12345', 'Ünïcödé ключ', 'x'.repeat(101)]) {
      expect(murmur2(key)).toBe(reference(key));
    }
  });

  it('spreads keys over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(partitionFor(`C${i}`, 6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
