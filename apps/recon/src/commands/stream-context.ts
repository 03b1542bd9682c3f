import { loadConfig } from '@closegap/config';
import type { CliConfig } from '@closegap/config';
import { KafkaEventBus } from '@closegap/messaging';
import { TypeormMatchingStore, createDataSource } from '@closegap/persistence';

/** Kafka and PostgreSQL for the streaming commands, from the same environment as the services. */
export async function streamContext(): Promise<{ config: CliConfig; bus: KafkaEventBus; store: () => Promise<TypeormMatchingStore>; close: () => Promise<void> }> {
  const config = loadConfig('cli');
  const bus = new KafkaEventBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-cli` });
  let store: TypeormMatchingStore | undefined;
  return {
    config,
    bus,
    store: async () => {
      if (!store) {
        const ds = createDataSource({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, poolSize: 2, applicationName: 'closegap-cli' });
        await ds.initialize();
        store = new TypeormMatchingStore(ds, config.DATABASE_SCHEMA);
      }
      return store;
    },
    close: async () => {
      await bus.close();
      await store?.close();
    },
  };
}
