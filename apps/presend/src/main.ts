import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, processIdentity } from '@closegap/config';
import { initTelemetry } from '@closegap/telemetry';
import { newApiKey } from './api-keys';
import { serve } from './bootstrap';
import { loadPresendConfig } from './config';
import type { PresendConfig } from './config';

/** The pre-send check service: one live read model per tenant, HTTP + Kafka + QuickBooks webhook. */
async function bootstrap(): Promise<void> {
  const config = loadPresendConfig(process.env);
  // always under a primary, one worker or many: the workers' V8 settings can only be given at process start
  if (cluster.isPrimary) return supervise(config);
  const worker = cluster.isWorker ? `-w${cluster.worker?.id}` : '';
  const telemetry = initTelemetry({ serviceName: 'closegap-presend', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  await serve({ ...config, PRESEND_INSTANCE_ID: `${config.PRESEND_INSTANCE_ID ?? processIdentity()}${worker}` });
  process.once('beforeExit', () => void telemetry.shutdown().catch(() => undefined));
}

/**
 * V8 settings for the workers, measured with bench:presend and bench:presend-check:
 * - no allocation-site pretenuring: a what-if allocates from the same code that built the
 *   long-lived state, so V8 put its short-lived objects straight into the old generation
 *   (~70 KB a check, 20-30 ms young collections);
 * - young collections on the main thread only: two workers' parallel scavenger threads on two
 *   cores stalled each other. Full collections keep V8's concurrent marking and sweeping
 *   threads: made single-threaded too (--single-threaded-gc), a full collection of a worker's
 *   state stopped it for 40-80 ms; with them, 15-20 ms;
 * - a 32 MB young generation.
 * Flags given to the primary come after these and win.
 */
export const WORKER_V8_FLAGS = ['--no-allocation-site-pretenuring', '--no-parallel-scavenge', '--max-semi-space-size=32'];

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
