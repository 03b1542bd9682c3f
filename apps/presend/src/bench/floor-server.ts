import { fork } from 'node:child_process';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The machine's floor for the pre-send benchmark: the same HTTP stack (Fastify, one process per
 * worker behind Node's cluster, as presend runs) answering the same request with the same
 * answer bytes, doing no check at all. Measured with the same load generator at the same rate
 * right after presend, it shows how much of presend's tail is the machine (cores shared with
 * the stack and the load generator, scheduling, loopback TCP) rather than the check.
 */
export interface FloorServer {
  url: string;
  stop: () => Promise<void>;
}

export async function startFloorServer(options: { port: number; workers: number; answerFile: string }): Promise<FloorServer> {
  const child = fork(__filename, ['--floor-server'], {
    env: { ...process.env, FLOOR_PORT: String(options.port), FLOOR_WORKERS: String(options.workers), FLOOR_ANSWER: options.answerFile },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  let ready = 0;
  while (ready < 2 * options.workers) {
    if (child.exitCode !== null) throw new Error(`the floor server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the floor server did not start within 30 s');
    if (await fetch(`${url}/health`).then((r) => r.ok).catch(() => false)) ready++;
    else await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function serveFloor(): Promise<void> {
  const workers = Number(process.env.FLOOR_WORKERS ?? '1');
  if (cluster.isPrimary && workers > 1) {
    for (let i = 0; i < workers; i++) cluster.fork();
    process.once('SIGTERM', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      setTimeout(() => process.exit(0), 2_000).unref();
      cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
    return;
  }
  const answer = readFileSync(process.env.FLOOR_ANSWER as string, 'utf8');
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  app.get('/health', async () => ({ status: 'ok' }));
  // the body is parsed as presend parses it (JSON), then the canned answer goes back
  app.post('/v1/invoices/check', async (_req, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(answer));
  await app.listen({ port: Number(process.env.FLOOR_PORT), host: '127.0.0.1' });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

if (process.argv.includes('--floor-server')) void serveFloor();
