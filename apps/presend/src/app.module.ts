import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { EventBus } from '@closegap/messaging';
import { TypeormMatchingStore, createDataSource } from '@closegap/persistence';
import { BusModule, EVENT_BUS, KafkaHealthIndicator, SERVICE_CONFIG } from '@closegap/services-common';
import { ApiKeys } from './api-keys';
import type { PresendConfig } from './config';
import { CheckController } from './http/check.controller';
import { HealthController } from './http/health.controller';
import { WebhookController } from './http/webhook.controller';
import { ApiKeyGuard } from './http/auth.guard';
import { EventLoopDelay } from './event-loop';
import { PresendRuntime } from './runtime';
import type { FactsStore } from './runtime';

export const PRESEND_CONFIG = Symbol('PRESEND_CONFIG');

/** The validated config, and the Kafka fragment under the token libs/services-common's BusModule reads. */
@Global()
@Module({})
class PresendConfigModule {
  static with(config: PresendConfig): DynamicModule {
    return {
      module: PresendConfigModule,
      providers: [
        { provide: PRESEND_CONFIG, useValue: config },
        { provide: SERVICE_CONFIG, useValue: { KAFKA_BROKERS: config.KAFKA_BROKERS, KAFKA_CLIENT_ID: config.KAFKA_CLIENT_ID, KAFKA_TOPIC_PREFIX: '' } },
      ],
      exports: [PRESEND_CONFIG, SERVICE_CONFIG],
    };
  }
}

/** The matching service's persisted facts of each tenant (its PostgreSQL schema), when the schema has them. */
async function openStores(config: PresendConfig, logger: Logger): Promise<Map<string, FactsStore>> {
  const stores = new Map<string, FactsStore>();
  if (!config.PRESEND_LOAD_FACTS_FROM_DB) return stores;
  for (const t of config.tenants) {
    const ds = createDataSource({ url: config.DATABASE_URL, schema: t.database_schema, poolSize: 1, applicationName: `closegap-presend-${t.id}` });
    await ds.initialize();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'facts'`, [t.database_schema]);
    if (n === 0) {
      logger.warn(`${t.id}: schema "${t.database_schema}" has no facts table (matching not migrated yet): replaying the fact topics instead`);
      await ds.destroy();
      continue;
    }
    const store = new TypeormMatchingStore(ds, t.database_schema);
    stores.set(t.id, { facts: () => store.facts(), ping: () => store.ping(), close: () => store.close() });
  }
  return stores;
}

@Injectable()
class Shutdown implements OnApplicationShutdown {
  constructor(@Inject(PresendRuntime) private readonly runtime: PresendRuntime) {}
  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}

@Module({})
export class PresendModule {
  static register(config: PresendConfig, bus?: EventBus): DynamicModule {
    return {
      module: PresendModule,
      imports: [PresendConfigModule.with(config), BusModule.forRoot({ service: 'presend', bus }), TerminusModule.forRoot({ logger: false })],
      controllers: [CheckController, WebhookController, HealthController],
      providers: [
        { provide: ApiKeys, useValue: new ApiKeys(config.tenants) },
        ApiKeyGuard,
        KafkaHealthIndicator,
        { provide: EventLoopDelay, useFactory: () => new EventLoopDelay() },
        {
          provide: PresendRuntime,
          inject: [EVENT_BUS],
          useFactory: async (eventBus: EventBus) => {
            const logger = new Logger('Presend');
            const stores = await openStores(config, logger);
            return new PresendRuntime({ config, bus: eventBus, stores, logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) } });
          },
        },
        Shutdown,
      ],
    };
  }
}
