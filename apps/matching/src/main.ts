import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, processIdentity } from '@closegap/config';
import type { EventBus } from '@closegap/messaging';
import { EVENT_BUS, EventBusTransport, ensureAllTopics } from '@closegap/services-common';
import { initTelemetry } from '@closegap/telemetry';
import { Subscriptions } from './matching.controller';
import { MatchingModule } from './matching.module';
import { MatchingService } from './matching.service';

/**
 * The matching service: consumes the CRM/rules broadcast and its share of the fact topics,
 * keeps the live state in PostgreSQL, publishes exception events. Subscribes only once the
 * engine is ready; stops consuming before it shuts down (SIGTERM).
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig('matching');
  const instanceId = config.MATCHING_INSTANCE_ID ?? processIdentity();
  const telemetry = initTelemetry({ serviceName: 'closegap-matching', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const app = await NestFactory.create(MatchingModule.register(config, instanceId), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  const bus = app.get<EventBus>(EVENT_BUS);
  const matching = app.get(MatchingService);
  await ensureAllTopics(bus, config.KAFKA_TOPIC_PREFIX);
  app.connectMicroservice(
    {
      strategy: new EventBusTransport(bus, [
        { pattern: Subscriptions.Broadcast, topics: () => matching.broadcastTopics },
        {
          pattern: Subscriptions.Facts,
          topics: () => matching.factTopics,
          groupId: () => config.MATCHING_GROUP_ID,
          coPartitioned: true,
          fromBeginning: true,
          startAfter: () => matching.whenCaughtUp(),
          onAssignment: (a) => matching.onAssignment(a),
        },
      ]),
    },
    { inheritAppConfig: true },
  );
  await app.init();
  await matching.start();
  await app.startAllMicroservices();
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Matching').log(`instance ${instanceId} ready on :${config.PORT}, group ${config.MATCHING_GROUP_ID}, topic prefix "${config.KAFKA_TOPIC_PREFIX}"`);
  const stop = async () => telemetry.shutdown().catch(() => undefined);
  process.once('beforeExit', () => void stop());
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`matching: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
