import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@closegap/services-common';
import { probe } from '@closegap/services-common';
import { EventLoopDelay } from '../event-loop';
import { PresendRuntime } from '../runtime';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    @Inject(PresendRuntime) private readonly runtime: PresendRuntime,
    @Inject(EventLoopDelay) private readonly eventLoop: EventLoopDelay,
  ) {}

  /** Ready when Kafka and PostgreSQL answer and every tenant's live state is loaded. */
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.kafka.isHealthy(),
      async () => {
        const result = await probe({ ping: () => this.runtime.pingStores() }, 3_000);
        return { postgres: result.up ? { status: 'up' as const, ms: result.ms } : { status: 'down' as const, message: result.message } };
      },
      async () => ({ replicas: { status: this.runtime.ready() ? ('up' as const) : ('down' as const), tenants: this.runtime.status() } }),
    ]);
  }

  @Get('v1/status')
  status() {
    if (!this.runtime) throw new ServiceUnavailableException();
    // with several workers (PRESEND_WORKERS) the figures are those of the worker that answers
    return { ready: this.runtime.ready(), worker: { pid: process.pid, event_loop_delay: this.eventLoop.figures() }, tenants: this.runtime.status() };
  }
}
