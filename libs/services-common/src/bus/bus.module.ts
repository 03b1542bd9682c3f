import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { KafkaEventBus, physicalTopic } from '@closegap/messaging';
import type { EventBus, TopicName } from '@closegap/messaging';
import { SERVICE_CONFIG } from '../config/service-config.module';

export const EVENT_BUS = Symbol('EVENT_BUS');

interface KafkaConfig {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID: string;
  KAFKA_TOPIC_PREFIX: string;
}

/** Physical topic names of this stack (KAFKA_TOPIC_PREFIX + the registry's names). */
@Injectable()
export class Topics {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: KafkaConfig) {}

  get prefix(): string {
    return this.config.KAFKA_TOPIC_PREFIX;
  }

  name(topic: TopicName): string {
    return physicalTopic(this.config.KAFKA_TOPIC_PREFIX, topic);
  }
}

@Injectable()
class BusCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

/** The broker seam as a Nest module: EVENT_BUS is a KafkaEventBus unless a test passes another bus. */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: { service: string; bus?: EventBus }): DynamicModule {
    return {
      module: BusModule,
      providers: [
        Topics,
        BusCloser,
        {
          provide: EVENT_BUS,
          inject: [SERVICE_CONFIG],
          useFactory: async (config: KafkaConfig) => {
            if (options.bus) return options.bus;
            const logger = new Logger('Kafka');
            const bus = new KafkaEventBus({
              brokers: config.KAFKA_BROKERS,
              clientId: `${config.KAFKA_CLIENT_ID}-${options.service}`,
              log: (level, message) => (level === 'error' ? logger.error(message) : level === 'warn' ? logger.warn(message) : logger.log(message)),
            });
            await bus.connect();
            return bus;
          },
        },
      ],
      exports: [EVENT_BUS, Topics],
    };
  }
}
