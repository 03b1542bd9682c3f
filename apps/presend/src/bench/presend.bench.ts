/**
 * npm run bench:presend: the pre-send check under a fixed request rate.
 *
 * Target, in order: PRESEND_URL + PRESEND_API_KEY (+ PRESEND_DRAFT); else the stack that
 * `npm run stack -- up` started, loaded with a generated bundle (BENCH_SCALE, default 1) through
 * its topics; else (or BENCH_OWN_STACK=1) its own: the bundle published into a fresh topic prefix
 * on the local Kafka and the presend service from dist/ (BENCH_WORKERS workers, default one per
 * core) loaded from those topics. A BENCH_LINES-line invoice (default 20) of the bundle's
 * busiest customer is posted at BENCH_RPS (default 500) for BENCH_SECONDS (default 15), open
 * loop (see open-loop.ts), twice:
 *   - repeat: the same draft every time (answered from the verdict cache);
 *   - unique: every request a different invoice number (each one a full engine what-if);
 *   - arrival (only when BENCH_MODES names it): as unique, while the timesheet system's whole
 *     export arrives again 2 s in, a tenth of it corrected (arrival.ts; uploaded to the stack's
 *     timesheet-ingestion service, else published from here): the replicas read and apply it
 *     between checks;
 * then the capacity for new drafts, closed loop (autocannon, 4 connections).
 * Last line: `presend p50_ms=... p99_ms=... rps=... p999_ms=... max_rps=... floor_p99_ms=... server_p99_ms=...`
 * for the unique run (server_p99_ms: the service's own time, from its Server-Timing header).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { readBundle } from '@closegap/contract';
import { generateSample, writeSample } from '@closegap/generator';
import type { GeneratedSample } from '@closegap/generator';
import { KafkaEventBus } from '@closegap/messaging';
import { ensureAllTopics, publishedTotal, replayBundle } from '@closegap/services-common';
import { newApiKey } from '../api-keys';
import { correctedTimesheets, publishArrival, uploadArrival } from './arrival';
import { benchDraft } from './bench-draft';
import { startFloorServer } from './floor-server';
import { openLoopInChild } from './open-loop';
import type { OpenLoopResult } from './open-loop';

const env = process.env;
const scale = Number(env.BENCH_SCALE ?? '1');
const rps = Number(env.BENCH_RPS ?? '500');
const seconds = Number(env.BENCH_SECONDS ?? '15');
const lineCount = Number(env.BENCH_LINES ?? '20');
// one presend worker per core, as docs/presend.md recommends
const workers = Number(env.BENCH_WORKERS ?? String(cpus().length));
const modes = (env.BENCH_MODES ?? 'repeat,unique').split(',') as ('repeat' | 'unique' | 'arrival')[];
const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const root = resolve(__dirname, '../../../../..');
// invoice numbers of this run: a re-run against the same live state checks new drafts, not cached ones
const runId = randomUUID().slice(0, 6);
const log = (m: string): void => void process.stderr.write(`${m}\n`);
// the services `npm run stack` started: STACK_BASE_PORT + 2 timesheet-ingestion, + 21 presend (deploy/scripts/stack.sh)
const stackUrl = (offset: number): string => `http://127.0.0.1:${Number(env.STACK_BASE_PORT ?? '3000') + offset}`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Target {
  url: string;
  key: string;
  draft: Record<string, unknown>;
  stop: () => Promise<void>;
  /** the generated bundle, the topic prefix it went to and, in the stack, timesheet-ingestion's address (the arrival mode) */
  loaded?: { sample: GeneratedSample; prefix: string; ingestUrl?: string };
}

async function ownStack(): Promise<Target> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'presend-bench-'));
  const sample = generateSample({ seed: 7, scale });
  const { bundleDir } = writeSample(dir, sample);
  const bundle = readBundle(bundleDir);
  const prefix = `bench_presend_${randomUUID().slice(0, 8)}`;
  const bus = new KafkaEventBus({ brokers, clientId: 'presend-bench' });
  await bus.connect();
  await ensureAllTopics(bus, prefix);
  const report = await replayBundle(bus, bundleDir, { prefix });
  await bus.close();
  rmSync(dir, { recursive: true, force: true }); // the bundle is in memory now
  const published = publishedTotal(report);
  log(`bundle: scale ${scale}, ${published} records published to prefix ${prefix} in ${Math.round(performance.now() - t0)} ms`);
  const { key, sha256 } = newApiKey();
  const port = 27_000 + Math.floor(Math.random() * 1_000); // below the ephemeral port range
  // the workers' V8 settings are the service's own (apps/presend/src/main.ts); these add to them
  const profile = [...(env.BENCH_SEMI_SPACE_MB ? [`--max-semi-space-size=${env.BENCH_SEMI_SPACE_MB}`] : []), ...(env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE}`] : []), ...(env.BENCH_NODE_FLAGS ? env.BENCH_NODE_FLAGS.split(' ') : [])];
  const child = spawn(process.execPath, [...profile, join(root, 'dist/apps/presend/src/main.js')], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAFKA_BROKERS: brokers.join(','),
      PRESEND_LOAD_FACTS_FROM_DB: 'false',
      PRESEND_WORKERS: String(workers),
      PRESEND_KAFKA_DRAFTS: 'false',
      PRESEND_TENANTS: JSON.stringify([{ id: 'bench', topic_prefix: prefix, api_keys: [{ id: 'bench', sha256, scopes: ['invoices:check'] }] }]),
    },
    stdio: ['ignore', env.BENCH_NODE_FLAGS ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`presend exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('presend not ready within 300 s');
    // every worker must answer ready: several health checks in a row land on different workers
    let ready = 0;
    while (ready < 4 * workers && (await fetch(`${url}/health`).then((r) => r.status === 200).catch(() => false))) ready++;
    if (ready === 4 * workers) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const status = (await (await fetch(`${url}/v1/status`)).json()) as { tenants: Record<string, unknown>[] };
  log(`presend ready in ${Math.round(performance.now() - t0)} ms: ${JSON.stringify(status.tenants[0])}`);
  return {
    url,
    key,
    draft: benchDraft(bundle.bundle.invoices ?? [], lineCount),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
    loaded: { sample, prefix },
  };
}

/** The draft at a fixed rate (open loop); `unique`: each request a new invoice number, so each is a full check. */
function fire(url: string, key: string, draft: Record<string, unknown>, unique: boolean, rate = rps, duration = seconds): Promise<OpenLoopResult> {
  return openLoopInChild({
    url,
    path: '/v1/invoices/check',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(draft),
    ...(unique ? { unique: { placeholder: '"BENCH-0"', prefix: `"BENCH-${runId}-`, suffix: '"' } } : {}),
    rps: rate,
    seconds: duration,
  });
}

/**
 * The same load against a server that does no check (floor-server.ts): same HTTP stack, same
 * worker count, same answer bytes, on the same machine with the same neighbours.
 */
async function floorRun(draft: Record<string, unknown>, answer: string): Promise<OpenLoopResult> {
  const dir = mkdtempSync(join(tmpdir(), 'presend-floor-'));
  const answerFile = join(dir, 'answer.json');
  writeFileSync(answerFile, answer);
  const floor = await startFloorServer({ port: 28_000 + Math.floor(Math.random() * 1_000), workers, answerFile });
  try {
    await fire(floor.url, 'floor', draft, true, 200, 3);
    const r = await fire(floor.url, 'floor', draft, true);
    log(
      `floor (the same load against a server that only parses the draft and sends a stored answer of the same size, ${workers} worker(s)): p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, p99.9 ${r.latency.p999} ms, max ${r.latency.max} ms; ${r.rps} rps served`,
    );
    return r;
  } finally {
    await floor.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Closed loop, as fast as the service answers: its capacity for new drafts. */
async function capacity(url: string, key: string, draft: Record<string, unknown>): Promise<number> {
  let n = 0;
  const body = JSON.stringify(draft);
  const request: autocannon.Request = { method: 'POST', path: '/v1/invoices/check', headers: { 'content-type': 'application/json', 'x-api-key': key }, body };
  const r = await autocannon({ url, connections: 4, duration: 8, requests: [{ ...request, setupRequest: (req: autocannon.Request) => ({ ...req, body: body.replace('"BENCH-0"', `"BENCH-${runId}-max-${++n}"`) }) }] });
  return r.requests.average;
}

/**
 * The stack `npm run stack -- up` started, when it is up: the generated bundle is published to
 * its topics (records are keyed, so a second run adds nothing) and the bench waits until the
 * pre-send state has taken it in and stopped changing.
 */
async function runningStack(): Promise<Target | undefined> {
  const keyFile = join(root, '.local/stack/presend-api-key');
  const url = stackUrl(21);
  const up = existsSync(keyFile) && (await fetch(`${url}/health`).then((r) => r.status === 200).catch(() => false));
  if (!up) return undefined;
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'presend-bench-'));
  const sample = generateSample({ seed: 7, scale });
  const { bundleDir } = writeSample(dir, sample);
  const bundle = readBundle(bundleDir);
  const bus = new KafkaEventBus({ brokers, clientId: 'presend-bench' });
  await bus.connect();
  const prefix = env.KAFKA_TOPIC_PREFIX ?? '';
  const report = await replayBundle(bus, bundleDir, { prefix });
  await bus.close();
  rmSync(dir, { recursive: true, force: true }); // the bundle is in memory now
  const published = publishedTotal(report);
  log(`stack at ${url}: bundle scale ${scale}, ${published} records published to ${prefix ? `prefix ${prefix}` : 'the stack topics'}`);
  let last = '';
  let stableSince = performance.now();
  for (;;) {
    const status = (await (await fetch(`${url}/v1/status`)).json()) as { tenants: { state_version: number; facts: number; records_read: number }[] };
    // records_read: a re-published record that changes nothing leaves the state as it is, but
    // reading it still takes the worker's time
    const now = JSON.stringify(status.tenants.map((t) => [t.state_version, t.facts, t.records_read]));
    if (now !== last) [last, stableSince] = [now, performance.now()];
    // the matching service takes the same records in: wait until the state has been still for a while
    if (performance.now() - stableSince > 5_000) break;
    if (performance.now() - t0 > 300_000) throw new Error('the stack did not settle within 300 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  // and the rest of the stack (matching, alerting, PostgreSQL) has digested it: the machine is
  // quiet again, two windows in a row (the services behind presend run at a lower CPU priority
  // in the stack, so their catching up comes in bursts; the idle stack uses ~10% here)
  const deadline = performance.now() + 300_000;
  let idle = 0;
  let quietWindows = 0;
  while (quietWindows < 2 && performance.now() < deadline) {
    idle = await idleShare(3_000);
    quietWindows = idle >= 0.85 ? quietWindows + 1 : 0;
    if (idle < 0.85) log(`stack still busy (${Math.round((1 - idle) * 100)}% CPU): waiting`);
  }
  log(`stack settled in ${Math.round(performance.now() - t0)} ms: ${last}, ${Math.round(idle * 100)}% CPU idle`);
  return { url, key: readFileSync(keyFile, 'utf8').trim(), draft: benchDraft(bundle.bundle.invoices ?? [], lineCount), stop: async () => undefined, loaded: { sample, prefix, ingestUrl: stackUrl(2) } };
}

/** The arrival mode's corrected timesheet export, published 2 s into the run; logs when the replicas have read it. */
async function arrival(stack: Target): Promise<void> {
  if (!stack.loaded) throw new Error('the arrival mode needs a bundle it loaded itself (not PRESEND_URL)');
  const { files, changed } = correctedTimesheets(stack.loaded.sample);
  await new Promise((r) => setTimeout(r, 2_000));
  const readBefore = await recordsRead(stack.url);
  const t0 = performance.now();
  const { ingestUrl, prefix } = stack.loaded;
  const published = ingestUrl ? await uploadArrival(ingestUrl, files) : await publishArrival(files, brokers, prefix);
  const publishedMs = Math.round(performance.now() - t0);
  // one worker's view is enough to see the replicas at work (every worker reads everything)
  let read = readBefore;
  while (read - readBefore < published && performance.now() - t0 < (seconds - 2) * 1_000) {
    await new Promise((r) => setTimeout(r, 100));
    read = await recordsRead(stack.url);
  }
  log(`arrival: ${published} records ${ingestUrl ? `uploaded to ${ingestUrl}` : 'published'} in ${publishedMs} ms (${changed} timesheet lines changed); a replica had read ${read - readBefore} of them ${Math.round(performance.now() - t0)} ms after the publishing began`);
}

async function recordsRead(url: string): Promise<number> {
  const status = (await (await fetch(`${url}/v1/status`)).json()) as { tenants: { records_read: number }[] };
  return status.tenants.reduce((n, t) => n + t.records_read, 0);
}

/** Share of CPU time idle over the next `ms` (Linux /proc/stat; 1 elsewhere). */
async function idleShare(ms: number): Promise<number> {
  const read = (): number[] | undefined => (existsSync('/proc/stat') ? readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number) : undefined);
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  if (!a || !b) return 1;
  const d = b.map((v, i) => v - a[i]);
  const total = d.reduce((x, y) => x + y, 0);
  return total > 0 ? (d[3] + (d[4] ?? 0)) / total : 1;
}

async function main(): Promise<void> {
  const external = env.PRESEND_URL && env.PRESEND_API_KEY;
  const stack: Target = external
    ? { url: env.PRESEND_URL as string, key: env.PRESEND_API_KEY as string, draft: JSON.parse(env.PRESEND_DRAFT ?? '{}') as Record<string, unknown>, stop: async () => undefined }
    : env.BENCH_OWN_STACK === '1'
      ? await ownStack()
      : ((await runningStack()) ?? (log('no stack running (`npm run stack -- up`): starting presend from dist/ on a generated bundle'), await ownStack()));
  const probe = await fetch(`${stack.url}/v1/invoices/check`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.key }, body: JSON.stringify(stack.draft) });
  const answer = (await probe.json()) as { verdict?: string; findings?: unknown[]; duration_ms?: number; message?: string };
  if (probe.status !== 200) throw new Error(`the draft was refused (${probe.status}): ${JSON.stringify(answer)}`);
  log(`draft: ${(stack.draft.lines as unknown[]).length} lines, verdict ${answer.verdict}, ${answer.findings?.length} findings, first check ${answer.duration_ms} ms`);
  // warm-up (JIT, connections)
  await fire(stack.url, stack.key, stack.draft, true, 200, 5);
  const results: Record<string, OpenLoopResult> = {};
  for (const mode of modes) {
    const before = load();
    const startedAt = new Date().toISOString().slice(11, 19);
    const arriving = mode === 'arrival' ? arrival(stack) : undefined;
    const r = await fire(stack.url, stack.key, stack.draft, mode !== 'repeat');
    await arriving;
    results[mode] = r;
    log(
      `${mode}: ${rps} rps offered for ${seconds} s from ${startedAt} UTC (open loop): p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, p99.9 ${r.latency.p999} ms, max ${r.latency.max} ms; ${r.rps} rps served; ${r.non2xx} non-2xx, ${r.errors} errors;${r.server ? ` in the server (Server-Timing): p50 ${r.server.p50} ms, p99 ${r.server.p99} ms, max ${r.server.max} ms;` : ''} slowest at ${r.worst.map((w) => `${w.at_s}s`).join(' ')}; the load generator's event loop late by p99 ${r.generatorLag.p99} ms, max ${r.generatorLag.max} ms; load average ${before} -> ${load()} (${cpus().length} cores)`,
    );
  }
  const floor = env.BENCH_FLOOR === '0' ? undefined : await floorRun(stack.draft, JSON.stringify(answer));
  const maxRps = env.BENCH_CAPACITY === '0' ? undefined : await capacity(stack.url, stack.key, stack.draft);
  if (maxRps !== undefined) log(`capacity (closed loop, 4 connections, new drafts): ${maxRps} rps`);
  await stack.stop();
  const line = (name: string, r: OpenLoopResult): string => `${name} p50_ms=${r.latency.p50} p99_ms=${r.latency.p99} rps=${r.rps} p999_ms=${r.latency.p999}`;
  if (results.repeat) console.log(`${line('presend_cached', results.repeat)} load1=${loadavg()[0].toFixed(2)}`);
  const server = results.unique?.server ? ` server_p99_ms=${results.unique.server.p99}` : '';
  if (results.arrival) console.log(`${line('presend_arrival', results.arrival)} load1=${loadavg()[0].toFixed(2)}`);
  if (results.unique) console.log(`${line('presend', results.unique)}${maxRps !== undefined ? ` max_rps=${maxRps}` : ''}${floor ? ` floor_p99_ms=${floor.latency.p99}` : ''}${server} load1=${loadavg()[0].toFixed(2)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:presend failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
