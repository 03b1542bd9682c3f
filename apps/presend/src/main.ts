import 'reflect-metadata';
import { ConfigError, processIdentity } from '@closegap/config';
import { initTelemetry } from '@closegap/telemetry';
import { newApiKey } from './api-keys';
import { serve } from './bootstrap';
import { loadPresendConfig } from './config';

/** The pre-send check service: one live read model per tenant, HTTP + Kafka + QuickBooks webhook. */
async function bootstrap(): Promise<void> {
  const config = loadPresendConfig(process.env);
  const telemetry = initTelemetry({ serviceName: 'closegap-presend', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  await serve({ ...config, PRESEND_INSTANCE_ID: config.PRESEND_INSTANCE_ID ?? processIdentity() });
  process.once('beforeExit', () => void telemetry.shutdown().catch(() => undefined));
}

/** `main.js keygen`: a new API key and the SHA-256 to put in the tenants document. */
if (process.argv[2] === 'keygen') {
  const { key, sha256 } = newApiKey();
  process.stdout.write(`key:    ${key}\nsha256: ${sha256}\n`);
  process.exit(0);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`presend: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
