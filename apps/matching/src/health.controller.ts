import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { KafkaHealthIndicator, PostgresHealthIndicator, RedisHealthIndicator } from '@closegap/services-common';
import { MatchingService } from './matching.service';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Inject(MatchingService) private readonly matching: MatchingService,
  ) {}

  /** Liveness and readiness: each dependency, plus whether the engine is built and consuming. */
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.kafka.isHealthy(),
      () => this.postgres.isHealthy(),
      () => this.redis.isHealthy(),
      async () => {
        const { status, ...rest } = this.matching.state();
        return { matching: { status: status === 'ready' ? ('up' as const) : ('down' as const), state: status, ...rest } };
      },
    ]);
  }

  @Get('v1/status')
  status() {
    return this.matching.state();
  }
}
