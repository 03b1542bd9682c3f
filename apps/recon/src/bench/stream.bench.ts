/**
 * npm run bench:stream: the streaming path end to end on the local broker, PostgreSQL and Redis.
 *
 * 1. a fresh namespace (topic prefix, database schema, consumer group), the matching service as
 *    its own process from dist/, a generated bundle replayed and reconciled (the live state);
 * 2. raw: kafkajs produce + eachBatch consume of N messages of the same size, same broker;
 * 3. throughput: N invoice-line events (corrections of existing lines: the unit price toggles
 *    between the contract rate and a wrong one, so each event opens or closes an exception)
 *    published as fast as possible; events/s = N / (first publish -> matching caught up, every
 *    exception event published);
 * 4. latency: events at BENCH_RATE/s (default 1,000) for BENCH_LATENCY_S seconds; latency = an
 *    invoice event's publish -> its exception event received (matched by the trace id the
 *    exception event carries).
 * Last line: `stream events_per_s=... p50_ms=... p99_ms=... raw_events_per_s=... ratio=...`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUNDLE_FILES, readTable } from '@closegap/contract';
import type { FileSpec } from '@closegap/contract';
import { loadConfig } from '@closegap/config';
import { generateSample, writeSample } from '@closegap/generator';
import { FACT_PARTITIONS, KafkaEventBus, Topic, encode, physicalTopic } from '@closegap/messaging';
import type { OutgoingMessage, RecordEnvelope } from '@closegap/messaging';
import { TypeormMatchingStore, createDataSource, runMigrations } from '@closegap/persistence';
import { ensureAllTopics, replayBundle, waitForMatching } from '@closegap/services-common';
import { context, initTelemetry, injectTraceHeaders, trace, tracer, traceIdOf } from '@closegap/telemetry';

const root = resolve(__dirname, '../../../../..');
const env = loadConfig('bench');
const N = Number(process.env.BENCH_EVENTS ?? 60_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const LATENCY_S = Number(process.env.BENCH_LATENCY_S ?? 10);
const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const MATCHING = Number(process.env.BENCH_MATCHING ?? 1);
const BENCH_PORT = Number(process.env.BENCH_PORT ?? 3950);
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  initTelemetry({ serviceName: 'closegap-bench' });
  const id = `bench_${Date.now().toString(36)}`;
  const prefix = id;
  const schema = id;
  const groupId = `${id}-matching`;
  const url = env.DATABASE_URL;
  await runMigrations({ url, schema });
  const ds = createDataSource({ url, schema, poolSize: 2 });
  await ds.initialize();
  const store = new TypeormMatchingStore(ds, schema);
  const bus = new KafkaEventBus({ brokers: env.KAFKA_BROKERS, clientId: `${id}-bench` });
  await bus.connect();
  await ensureAllTopics(bus, prefix);

  // --- the live state: matching process(es) + a replayed bundle ---------------------------------
  const logDir = join(root, '.local/bench');
  mkdirSync(logDir, { recursive: true });
  const children = Array.from({ length: MATCHING }, (_, i) => {
    const fd = openSync(join(logDir, `${id}-matching-${i + 1}.log`), 'a');
    return spawn(process.execPath, [...(process.env.BENCH_MATCHING_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'dist/apps/matching/src/main.js')], {
      env: { ...process.env, KAFKA_TOPIC_PREFIX: prefix, DATABASE_SCHEMA: schema, DATABASE_URL: url, MATCHING_GROUP_ID: groupId, MATCHING_INSTANCE_ID: `${id}-${i + 1}`, PORT: String(BENCH_PORT + i), NO_COLOR: '1' },
      stdio: ['ignore', fd, fd],
    });
  });
  const cleanup = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await bus.close();
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await store.close();
  };
  try {
    const deadline = Date.now() + 60_000;
    while ((await store.instances(groupId, 5_000)).filter((i) => i.status === 'ready' || i.status === 'joining').length < MATCHING) {
      if (Date.now() > deadline) throw new Error(`matching did not start (logs in ${logDir})`);
      if (children.some((c) => c.exitCode !== null)) throw new Error(`matching exited (logs in ${logDir})`);
      await sleep(200);
    }
    const bundleRoot = mkdtempSync(join(tmpdir(), 'closegap-bench-'));
    const { bundleDir } = writeSample(bundleRoot, generateSample({ seed: 7, scale: SCALE }));
    const t0 = performance.now();
    await replayBundle(bus, bundleDir, { prefix });
    await waitForMatching(bus, store, { prefix, groupId, timeoutMs: 180_000 });
    log(`live state: scale ${SCALE} bundle replayed and reconciled in ${Math.round(performance.now() - t0)} ms, ${(await store.exceptions({ status: 'open' })).length} open exceptions`);

    // --- invoice lines to correct: placed by placement_ref, priced at the contract rate ----------
    const spec = BUNDLE_FILES.find((f) => f.source === 'invoices') as FileSpec;
    const table = readTable(join(bundleDir, 'invoices.csv'), 'invoices.csv', spec);
    const keys = new Map<string, { clientKey: string; partition: number }>(
      (await ds.query(`SELECT record_id, client_key, partition FROM "${schema}".facts WHERE source = 'invoices'`)).map((r: { record_id: string; client_key: string; partition: number }) => [r.record_id, { clientKey: r.client_key, partition: r.partition }]),
    );
    const openIds = new Set((await store.exceptions({ status: 'open' })).filter((e) => e.record.source === 'invoices').map((e) => e.record.record_id));
    const lines = table.rows.filter((r) => {
      const v = r.values;
      const id = `${v.invoice_number}:${v.line_no}`;
      return v.placement_ref && v.status !== 'void' && keys.get(id)?.clientKey !== 'unresolved' && !openIds.has(id) && Number(v.quantity) > 0 && /^\d+(\.\d+)?$/.test(v.unit_price);
    });
    if (lines.length < 100) throw new Error(`only ${lines.length} clean invoice lines to correct`);
    log(`${lines.length} clean invoice lines to toggle`);
    const topic = physicalTopic(prefix, Topic.InvoiceLines);
    let seq = 0;
    const wrong = new Map<string, boolean>();
    /** one correction event; its own span, so its exception event carries its trace id */
    const event = (row: (typeof lines)[number]): { message: OutgoingMessage; traceId: string } => {
      const v = row.values;
      const id = `${v.invoice_number}:${v.line_no}`;
      const isWrong = !wrong.get(id);
      wrong.set(id, isWrong);
      const price = isWrong ? (Number(v.unit_price) + 1.25).toFixed(2) : v.unit_price;
      const amount = (Number(v.quantity) * Number(price)).toFixed(2);
      const values = { ...v, unit_price: price, amount, invoice_total: '', bench_seq: String(seq++) };
      const env: RecordEnvelope = {
        schema: 'closegap.record',
        version: 1,
        source: 'invoices',
        record_id: id,
        row: values,
        pos: { file: 'invoices.csv', line: row.line },
        client_key: keys.get(id)?.clientKey ?? 'unresolved',
        upload_id: 'bench',
        produced_at: new Date().toISOString(),
      };
      const span = tracer('bench').startSpan('invoice correction');
      const headers = injectTraceHeaders({ 'content-type': 'application/json' }, trace.setSpan(context.active(), span));
      span.end();
      return { message: { key: env.client_key, value: encode(env), headers }, traceId: span.spanContext().traceId };
    };

    // exception events, by the trace id they carry
    const received = new Map<string, number>();
    const exceptionsTopic = physicalTopic(prefix, Topic.Exceptions);
    const sub = await bus.subscribe({
      topics: [exceptionsTopic],
      handler: async (batches) => {
        const now = performance.now();
        for (const b of batches) for (const m of b.messages) {
          const t = traceIdOf(m.headers);
          if (t && !received.has(t)) received.set(t, now);
        }
      },
    });

    // --- raw kafkajs produce + consume, same broker, same message size --------------------------
    const sample = event(lines[0]).message;
    const rawTopic = physicalTopic(prefix, 'closegap.bench.raw.v1' as (typeof Topic)[keyof typeof Topic]);
    await bus.ensureTopics([{ name: rawTopic, partitions: FACT_PARTITIONS, compacted: false, retentionMs: 3_600_000 }]);
    let consumed = 0;
    let rawDone!: () => void;
    const rawFinished = new Promise<void>((r) => (rawDone = r));
    const rawSub = await bus.subscribe({
      topics: [rawTopic],
      groupId: `${id}-raw`,
      fromBeginning: true,
      handler: async (batches) => {
        for (const b of batches) consumed += b.messages.length;
        if (consumed >= N) rawDone();
      },
    });
    await sleep(1_000);
    const r0 = performance.now();
    const rawMessages = Array.from({ length: N }, (_, i) => ({ ...sample, key: `C${i % 97}` }));
    await bus.publish(rawTopic, rawMessages);
    await rawFinished;
    const rawMs = performance.now() - r0;
    const rawRate = N / (rawMs / 1000);
    await rawSub.stop();
    log(`raw kafkajs: ${N} messages produced and consumed in ${Math.round(rawMs)} ms = ${Math.round(rawRate)}/s`);

    // --- throughput ----------------------------------------------------------------------------
    const burst: OutgoingMessage[] = [];
    for (let i = 0; i < N; i++) burst.push(event(lines[i % lines.length]).message);
    const s0 = performance.now();
    await bus.publish(topic, burst);
    const publishedMs = performance.now() - s0;
    await waitForMatching(bus, store, { prefix, groupId, timeoutMs: 600_000, pollMs: 50 });
    const streamMs = performance.now() - s0;
    const streamRate = N / (streamMs / 1000);
    log(`throughput: ${N} invoice events published in ${Math.round(publishedMs)} ms, reconciled with their exception events out in ${Math.round(streamMs)} ms = ${Math.round(streamRate)}/s`);

    // --- latency at a steady rate --------------------------------------------------------------
    const phasesBefore = await Promise.all(Array.from({ length: MATCHING }, async (_, k) => ((await (await fetch(`http://127.0.0.1:${BENCH_PORT + k}/v1/status`)).json()) as { phases_ms: Record<string, number> }).phases_ms));
    const sent = new Map<string, number>();
    const total = RATE * LATENCY_S;
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
    const l0 = performance.now();
    let i = 0;
    while (i < total) {
      const due = Math.min(total, Math.floor(((performance.now() - l0) / 1000) * RATE) + perTick);
      const messages: OutgoingMessage[] = [];
      for (; i < due; i++) {
        const e = event(lines[(i * 7) % lines.length]);
        messages.push(e.message);
        sent.set(e.traceId, performance.now());
      }
      if (messages.length) await bus.publish(topic, messages);
      await sleep(tickMs);
    }
    await waitForMatching(bus, store, { prefix, groupId, timeoutMs: 120_000, pollMs: 50 });
    await sleep(500);
    await sub.stop();
    for (let k = 0; k < MATCHING; k++) {
      const status = (await (await fetch(`http://127.0.0.1:${BENCH_PORT + k}/v1/status`)).json()) as { phases_ms: Record<string, number> };
      log(`matching ${k + 1} phases during the latency run (ms, total): ${Object.entries(status.phases_ms).map(([p, v]) => `${p}=${Math.round(v - (phasesBefore[k][p] ?? 0))}`).join(' ')}`);
    }
    const latencies = [...sent].filter(([t]) => received.has(t)).map(([t, at]) => (received.get(t) as number) - at).sort((a, b) => a - b);
    const achieved = total / ((performance.now() - l0) / 1000);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    log(`latency at ${RATE}/s for ${LATENCY_S} s: ${latencies.length} of ${total} events matched to their exception event; p50 ${p50.toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms (offered ${Math.round(achieved)}/s incl. drain)`);
    console.log(
      `stream events_per_s=${Math.round(streamRate)} p50_ms=${p50.toFixed(1)} p99_ms=${p99.toFixed(1)} raw_events_per_s=${Math.round(rawRate)} ratio=${(streamRate / rawRate).toFixed(3)} events=${N} latency_rate=${RATE} matching_instances=${MATCHING}`,
    );
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:stream failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
