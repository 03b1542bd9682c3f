import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { DATA_SOURCE } from '../infra/tokens';
import { EXCEPTION_EVENT_SOURCE } from '../events/exception-consumer.service';
import type { ExceptionEventSource } from '../events/kafka-exception-source';

/** Liveness and readiness per dependency: PostgreSQL always, Kafka when the consumer is on. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EXCEPTION_EVENT_SOURCE) private readonly source: ExceptionEventSource | null,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    const postgres = () => this.indicator.check('postgres').attempt(async () => void (await this.ds.query('SELECT 1')));
    const source = this.source;
    if (!source) return this.health.check([postgres]);
    return this.health.check([postgres, () => this.indicator.check('kafka').attempt(() => source.ping())]);
  }
}
