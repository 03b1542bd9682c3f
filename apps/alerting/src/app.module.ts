import { Logger, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AccessService } from '@closegap/workflow';
import { AlertingConfig, exceptionsTopic } from './config';
import { ApiController } from './api/api.controller';
import { AuthController } from './auth/auth.controller';
import { SessionGuard } from './auth/session.guard';
import { DigestService } from './digest/digest.service';
import { EXCEPTION_EVENT_SOURCE, ExceptionConsumer } from './events/exception-consumer.service';
import type { ExceptionEventSource } from './events/kafka-exception-source';
import { KafkaExceptionSource } from './events/kafka-exception-source';
import { HealthController } from './health/health.controller';
import { ErrorsFilter } from './infra/errors.filter';
import { Clock, WorkflowModule } from './infra/workflow.module';
import { AssetsController } from './pages/assets.controller';
import { PagesController } from './pages/pages.controller';

export interface AppOptions {
  clock?: Clock;
  /** replaces the Kafka source (tests); null = no consumer */
  eventSource?: ExceptionEventSource | null;
  /** only warnings and errors in the log (tests) */
  quiet?: boolean;
}

/** Creates the first admin from ADMIN_INITIAL_PASSWORD when there are no users yet. */
class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly access: AccessService,
    private readonly config: AlertingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_INITIAL_PASSWORD || (await this.access.countUsers()) > 0) return;
    await this.access.createUser('system', { username: this.config.ADMIN_USERNAME, password: this.config.ADMIN_INITIAL_PASSWORD, role: 'admin', display_name: 'Administrator' });
    new Logger('bootstrap').log(`created the first admin "${this.config.ADMIN_USERNAME}"`);
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AlertingConfig, options: AppOptions = {}): DynamicModule {
    const source: ExceptionEventSource | null =
      options.eventSource !== undefined
        ? options.eventSource
        : config.KAFKA_ENABLED
          ? new KafkaExceptionSource({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, groupId: config.KAFKA_GROUP_ID, topic: exceptionsTopic(config) })
          : null;
    return {
      module: AppModule,
      imports: [WorkflowModule.forRoot(config, options.clock), TerminusModule],
      controllers: [AuthController, ApiController, PagesController, AssetsController, HealthController],
      providers: [
        { provide: APP_GUARD, useClass: SessionGuard },
        { provide: APP_FILTER, useClass: ErrorsFilter },
        { provide: EXCEPTION_EVENT_SOURCE, useValue: source },
        { provide: BootstrapAdmin, useFactory: (access: AccessService) => new BootstrapAdmin(access, config), inject: [AccessService] },
        DigestService,
        ExceptionConsumer,
      ],
    };
  }
}
