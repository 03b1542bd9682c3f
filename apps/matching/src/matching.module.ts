import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { MatchingConfig } from '@closegap/config';
import type { EventBus } from '@closegap/messaging';
import { RateCache, TypeormMatchingStore, createDataSource } from '@closegap/persistence';
import type { MatchingStore } from '@closegap/persistence';
import {
  BusModule,
  EVENT_BUS,
  KafkaHealthIndicator,
  POSTGRES_PING,
  PostgresHealthIndicator,
  REDIS_PING,
  RedisHealthIndicator,
  SERVICE_CONFIG,
  ServiceConfigModule,
} from '@closegap/services-common';
import { HealthController } from './health.controller';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';

export const MATCHING_STORE = Symbol('MATCHING_STORE');

@Injectable()
class Shutdown implements OnApplicationShutdown {
  constructor(
    @Inject(MatchingService) private readonly matching: MatchingService,
    @Inject(MATCHING_STORE) private readonly store: MatchingStore,
    @Inject(RateCache) private readonly rates: RateCache,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.matching.stop();
    await this.store.close();
    await this.rates.close();
  }
}

@Module({})
export class MatchingModule {
  static register(config: MatchingConfig, instanceId: string, bus?: EventBus): DynamicModule {
    return {
      module: MatchingModule,
      imports: [ServiceConfigModule.withConfig('matching', config), BusModule.forRoot({ service: 'matching', bus }), TerminusModule.forRoot({ logger: false })],
      controllers: [MatchingController, HealthController],
      providers: [
        {
          provide: MATCHING_STORE,
          inject: [SERVICE_CONFIG],
          useFactory: async (c: MatchingConfig) => {
            const ds = createDataSource({ url: c.DATABASE_URL, schema: c.DATABASE_SCHEMA, applicationName: `closegap-matching-${instanceId}` });
            await ds.initialize();
            const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'facts'`, [c.DATABASE_SCHEMA]);
            if (n === 0) throw new Error(`schema "${c.DATABASE_SCHEMA}" has no tables: run the migrations first (recon migrate)`);
            return new TypeormMatchingStore(ds, c.DATABASE_SCHEMA);
          },
        },
        { provide: RateCache, inject: [SERVICE_CONFIG], useFactory: (c: MatchingConfig) => RateCache.connect(c.REDIS_URL, c.KAFKA_TOPIC_PREFIX || 'default') },
        { provide: POSTGRES_PING, useExisting: MATCHING_STORE },
        { provide: REDIS_PING, useExisting: RateCache },
        {
          provide: MatchingService,
          inject: [EVENT_BUS, MATCHING_STORE, RateCache, SERVICE_CONFIG],
          useFactory: (b: EventBus, store: MatchingStore, rateCache: RateCache, c: MatchingConfig) => {
            const logger = new Logger('Matching');
            return new MatchingService({
              bus: b,
              store,
              rateCache,
              topicPrefix: c.KAFKA_TOPIC_PREFIX,
              groupId: c.MATCHING_GROUP_ID,
              instanceId,
              outboxPollMs: c.OUTBOX_POLL_MS,
              logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
            });
          },
        },
        KafkaHealthIndicator,
        PostgresHealthIndicator,
        RedisHealthIndicator,
        Shutdown,
      ],
    };
  }
}
