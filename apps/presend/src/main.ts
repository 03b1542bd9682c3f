import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, processIdentity } from '@closegap/config';
import { newApiKey } from './api-keys';
import { loadPresendConfig } from './config';
import type { PresendConfig } from './config';
import { WORKER_V8_FLAGS } from './worker-flags';

/** The pre-send check service: one live read model per tenant, HTTP + Kafka + QuickBooks webhook. */
async function bootstrap(): Promise<void> {
  const config = loadPresendConfig(process.env);
  // always under a primary, one worker or many: the workers' V8 settings can only be given at process start
  if (cluster.isPrimary) return supervise(config);
  // the app is loaded by the workers only: the primary stays small (its own collections took CPU from them)
  const [{ initTelemetry }, { serve }, { PresendRuntime }] = await Promise.all([import('@closegap/telemetry'), import('./bootstrap'), import('./runtime')]);
  const worker = cluster.isWorker ? `-w${cluster.worker?.id}` : '';
  const telemetry = initTelemetry({ serviceName: 'closegap-presend', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const app = await serve({ ...config, PRESEND_INSTANCE_ID: `${config.PRESEND_INSTANCE_ID ?? processIdentity()}${worker}` });
  // one full collection once the state is loaded: V8 sets the old generation's next limit from
  // what is live then (with --heap-growing-percent, 4x the loaded state), instead of from the
  // half-loaded heap of start-up, which put the first full collection under load a minute in
  void app
    .get(PresendRuntime)
    .whenReady()
    .then(() => (globalThis as { gc?: () => void }).gc?.());
  process.once('beforeExit', () => void telemetry.shutdown().catch(() => undefined));
}

/**
 * PRESEND_WORKERS (default 1): the primary only forks the workers and restarts one that dies; the
 * workers share the port (the primary hands out connections in turn) and each one follows
 * the topics into its own replica, so any of them answers any tenant.
 */
function supervise(config: PresendConfig): void {
  let stopping = false;
  const log = (m: string): void => void process.stderr.write(`presend primary: ${m}\n`);
  cluster.setupPrimary({ execArgv: [...WORKER_V8_FLAGS, ...process.execArgv] });
  for (let i = 0; i < config.PRESEND_WORKERS; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.id} exited (${signal ?? code}); starting another`);
    setTimeout(() => cluster.fork(), 1_000);
  });
  const stop = (): void => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  log(`${config.PRESEND_WORKERS} worker(s) on ${config.HOST}:${config.PORT}`);
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
