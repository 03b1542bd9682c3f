import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { KafkaEventBus } from '@closegap/messaging';
import type { IncomingMessage } from '@closegap/messaging';
import { createDataSource, runMigrations } from '@closegap/persistence';

export const ROOT = resolve(__dirname, '../../../..');
export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/closegap_test';
export const BROKERS = ['127.0.0.1:9092'];

/** A fresh streaming namespace for one tenant: its own topic prefix and PostgreSQL schema (migrated, as matching would have it). */
export async function freshNamespace(label: string): Promise<{ id: string; prefix: string; schema: string; drop(): Promise<void> }> {
  const id = `it_presend_${label}_${randomUUID().slice(0, 6)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await runMigrations({ url: DATABASE_URL, schema: id });
  return {
    id,
    prefix: id,
    schema: id,
    drop: async () => {
      const ds = createDataSource({ url: DATABASE_URL, schema: id, poolSize: 1 });
      await ds.initialize();
      await ds.query(`DROP SCHEMA "${id}" CASCADE`).catch(() => undefined);
      await ds.destroy();
    },
  };
}

export async function kafkaBus(label: string): Promise<KafkaEventBus> {
  const bus = new KafkaEventBus({ brokers: BROKERS, clientId: `presend-test-${label}` });
  await bus.connect();
  return bus;
}

export interface AppProcess {
  port: number;
  url: string;
  log: string;
  child: ChildProcess;
  ready(timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
}

/** The presend service from dist/, as its own process (jest cannot load the ESM-only Nest 12 in-process). */
export function startPresend(env: Record<string, string>, name = 'presend'): AppProcess {
  // below the ephemeral range, where a client connection's local port cannot take it
  const port = 25_000 + Math.floor(Math.random() * 2_000);
  const logDir = join(ROOT, '.local/test-logs');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${name}-${port}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/presend/src/main.js')], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1' }, stdio: ['ignore', fd, fd] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    log,
    child,
    ready: async (timeoutMs = 90_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`presend exited with ${child.exitCode} (log: ${log})`);
        try {
          if ((await fetch(`${url}/health`)).status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`presend not healthy within ${timeoutMs} ms (log: ${log})`);
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A stand-in for QuickBooks Online's invoice endpoint. */
export async function fakeQuickBooks(invoices: Record<string, Record<string, unknown>>): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const m = /^\/v3\/company\/([^/]+)\/invoice\/([^/?]+)/.exec(req.url ?? '');
    const invoice = m ? invoices[`${m[1]}/${m[2]}`] : undefined;
    res.setHeader('content-type', 'application/json');
    if (!invoice) {
      res.statusCode = 404;
      res.end(JSON.stringify({ Fault: { Error: [{ Message: 'Object Not Found' }] } }));
      return;
    }
    res.end(JSON.stringify({ Invoice: invoice, time: new Date().toISOString() }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Waits for the first message on a topic matching `pick` (reading from the beginning). */
export async function waitForMessage(bus: KafkaEventBus, topic: string, pick: (m: IncomingMessage) => boolean, timeoutMs = 30_000): Promise<IncomingMessage> {
  let found: IncomingMessage | undefined;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const sub = await bus.subscribe({
    topics: [topic],
    handler: async (batches) => {
      for (const b of batches) for (const m of b.messages) if (!found && pick(m)) {
        found = m;
        done();
      }
    },
  });
  const timer = setTimeout(() => done(), timeoutMs);
  await finished;
  clearTimeout(timer);
  await sub.stop();
  if (!found) throw new Error(`no matching message on ${topic} within ${timeoutMs} ms`);
  return found;
}
