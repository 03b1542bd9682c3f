import { probe } from './probe';
import { InMemoryEventBus } from '@closegap/messaging';
import { InMemoryMatchingStore } from '@closegap/persistence';

/**
 * The probe behind the Kafka, PostgreSQL and Redis health indicators (the Nest wrappers are
 * covered by the services' /health integration tests: jest cannot load the ESM-only Nest 12).
 */
describe('health probe', () => {
  it('kafka indicator target: the bus answers', async () => {
    expect(await probe(new InMemoryEventBus(), 100)).toMatchObject({ up: true });
  });

  it('postgres indicator target: the store answers', async () => {
    expect(await probe(new InMemoryMatchingStore(), 100)).toMatchObject({ up: true });
  });

  it('a dependency that fails is down with its reason', async () => {
    expect(await probe({ ping: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')) }, 100)).toEqual({ up: false, message: 'ECONNREFUSED 127.0.0.1:6379' });
  });

  it('a dependency that hangs is down after the timeout', async () => {
    expect(await probe({ ping: () => new Promise(() => undefined) }, 50)).toEqual({ up: false, message: 'no answer within 50 ms' });
  });
});
