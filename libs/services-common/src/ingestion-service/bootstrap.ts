import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@closegap/config';
import type { EventBus } from '@closegap/messaging';
import { physicalTopic } from '@closegap/messaging';
import { initTelemetry } from '@closegap/telemetry';
import { EVENT_BUS } from '../bus/bus.module';
import { EventBusTransport } from '../bus/event-bus.transport';
import { ensureAllTopics } from '../ingestion/replay';
import { IngestionModule } from './ingestion.module';
import type { IngestionServiceSpec } from './ingestion.module';

/** main() of an ingestion service: config, telemetry, topics, CRM view subscription, HTTP. */
export function runIngestionService(spec: IngestionServiceSpec): void {
  const start = async (): Promise<void> => {
    const config = loadConfig(spec.service);
    initTelemetry({ serviceName: `closegap-${spec.service}`, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
    const app = await NestFactory.create(IngestionModule.register(spec, config), { logger: ['log', 'warn', 'error'] });
    app.enableShutdownHooks();
    const bus = app.get<EventBus>(EVENT_BUS);
    await ensureAllTopics(bus, config.KAFKA_TOPIC_PREFIX);
    app.connectMicroservice({ strategy: new EventBusTransport(bus, IngestionModule.subscriptions((t) => physicalTopic(config.KAFKA_TOPIC_PREFIX, t))) }, { inheritAppConfig: true });
    await app.init();
    await app.startAllMicroservices();
    await app.listen(config.PORT, '0.0.0.0');
    new Logger(spec.service).log(`ready on :${config.PORT} (${spec.sources.join(', ')}${spec.acceptsRules ? ', recon.yaml' : ''})`);
  };
  start().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${spec.service}: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
