import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KafkaEventBus } from '@closegap/messaging';
import type { IncomingMessage } from '@closegap/messaging';
import { TypeormMatchingStore, createDataSource, runMigrations } from '@closegap/persistence';
import { ensureAllTopics } from '../../../../libs/services-common/src/ingestion';

export const ROOT = resolve(__dirname, '../../../..');
export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/closegap_test';
export const BROKERS = ['127.0.0.1:9092'];

/** A fresh, isolated streaming namespace: its own topic prefix, database schema and consumer group. */
export interface StreamNamespace {
  id: string;
  prefix: string;
  schema: string;
  groupId: string;
  env: Record<string, string>;
  bus: KafkaEventBus;
  store: TypeormMatchingStore;
  close(): Promise<void>;
}

export async function freshNamespace(label: string): Promise<StreamNamespace> {
  const id = `it_${label}_${randomUUID().slice(0, 6)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const prefix = id;
  const schema = id;
  const groupId = `${id}-matching`;
  await runMigrations({ url: DATABASE_URL, schema });
  const ds = createDataSource({ url: DATABASE_URL, schema, poolSize: 2 });
  await ds.initialize();
  const store = new TypeormMatchingStore(ds, schema);
  const bus = new KafkaEventBus({ brokers: BROKERS, clientId: `${id}-test` });
  await bus.connect();
  await ensureAllTopics(bus, prefix);
  return {
    id,
    prefix,
    schema,
    groupId,
    env: { KAFKA_TOPIC_PREFIX: prefix, DATABASE_SCHEMA: schema, DATABASE_URL, MATCHING_GROUP_ID: groupId, KAFKA_BROKERS: BROKERS.join(','), NO_COLOR: '1' },
    bus,
    store,
    close: async () => {
      await bus.close();
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await store.close();
    },
  };
}

export interface ServiceProcess {
  name: string;
  port: number;
  child: ChildProcess;
  log: string;
  ready(timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

// below the ephemeral range (32768-60999 on Linux): a listening port there can collide with a client connection's local port
let nextPort = 21_000 + Math.floor(Math.random() * 4_000);

/** Starts a service from dist/ as its own process (as the stack script does). */
export function startService(app: 'matching' | 'crm-ingestion' | 'timesheet-ingestion' | 'finance-ingestion', env: Record<string, string>, name: string = app): ServiceProcess {
  const port = nextPort++;
  const logDir = join(ROOT, '.local/test-logs');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${env.KAFKA_TOPIC_PREFIX ?? 'x'}-${name}.log`);
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'src/main.js')], {
    env: { ...process.env, ...env, PORT: String(port), MATCHING_INSTANCE_ID: name },
    stdio: ['ignore', fd, fd],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    name,
    port,
    child,
    log,
    ready: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} (log: ${log})`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${name} not healthy within ${timeoutMs} ms (log: ${log})`);
    },
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Every message of a topic, read from the beginning to the current end. */
export async function readTopic(bus: KafkaEventBus, topic: string, timeoutMs = 30_000): Promise<IncomingMessage[]> {
  const ends = await bus.offsets(topic);
  const target = new Map(ends.filter((o) => o.high > o.low).map((o) => [o.partition, o.high]));
  const out: IncomingMessage[] = [];
  if (target.size === 0) return out;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const seen = new Map<number, bigint>();
  const sub = await bus.subscribe({
    topics: [topic],
    handler: async (batches) => {
      for (const b of batches) {
        out.push(...b.messages);
        seen.set(b.partition, BigInt(b.messages[b.messages.length - 1].offset) + 1n);
      }
      if ([...target].every(([p, high]) => (seen.get(p) ?? 0n) >= high)) done();
    },
  });
  const timer = setTimeout(() => done(), timeoutMs);
  await finished;
  clearTimeout(timer);
  await sub.stop();
  return out;
}
