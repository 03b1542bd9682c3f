import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { EventBus } from '@closegap/messaging';
import { EVENT_BUS } from '../bus/bus.module';
import { probe } from './probe';
import type { Pingable } from './probe';

export const POSTGRES_PING = Symbol('POSTGRES_PING');
export const REDIS_PING = Symbol('REDIS_PING');

async function check(health: HealthIndicatorService, key: string, target: Pingable, timeoutMs: number): Promise<HealthIndicatorResult> {
  const result = await probe(target, timeoutMs);
  const indicator = health.check(key);
  return result.up ? indicator.up({ ms: result.ms }) : indicator.down({ message: result.message });
}

/** Kafka: the cluster answers an admin request. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  isHealthy(key = 'kafka', timeoutMs = 3_000): Promise<HealthIndicatorResult> {
    return check(this.health, key, this.bus, timeoutMs);
  }
}

/** PostgreSQL: `SELECT 1` through the service's store. */
@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Optional() @Inject(POSTGRES_PING) private readonly db?: Pingable,
  ) {}

  isHealthy(key = 'postgres', timeoutMs = 3_000): Promise<HealthIndicatorResult> {
    if (!this.db) return Promise.resolve(this.health.check(key).down({ message: 'not configured' }));
    return check(this.health, key, this.db, timeoutMs);
  }
}

/** Redis: PING. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Optional() @Inject(REDIS_PING) private readonly redis?: Pingable,
  ) {}

  isHealthy(key = 'redis', timeoutMs = 3_000): Promise<HealthIndicatorResult> {
    if (!this.redis) return Promise.resolve(this.health.check(key).down({ message: 'not configured' }));
    return check(this.health, key, this.redis, timeoutMs);
  }
}
