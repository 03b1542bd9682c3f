/**
 * npm run bench:presend-check: what one pre-send check costs inside the service, without HTTP,
 * Kafka or other processes (the part of bench:presend's latency that is the check itself).
 * A generated bundle (BENCH_SCALE, default 1) is replayed into an in-memory replica; the
 * busiest customer's BENCH_LINES-line draft (default 20) is checked BENCH_CHECKS times (default
 * 5,000), each time under a new invoice number, so every check is a full what-if (the verdict
 * cache is on, sized as the service's default, and fills as it does in service).
 * It runs under the service workers' V8 flags (worker-flags.ts), as the service does.
 * Figures: wall time per check (p50/p99), CPU per check, collections and their time, and how
 * much each check adds to the old generation (what brings the next full collection closer).
 * Run with node --expose-gc, it also prints what the checks left in the heap after a full
 * collection (should be ~0: a leak shows here).
 * BENCH_HEAP_PROFILE=file.heapprofile: allocation sampling of the measured checks, keeping what
 * survived a young collection (what the scavenges copy and promote); open it in Chrome DevTools.
 * Last line: `presend_check p50_us=... p99_us=... cpu_us=... gc_per_1k=... gc_ms_per_1k=... full_gc=... old_bytes=...`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { readBundle } from '@closegap/contract';
import { generateSample, writeSample } from '@closegap/generator';
import { InMemoryEventBus } from '@closegap/messaging';
import { ensureAllTopics, replayBundle } from '@closegap/services-common';
import { PresendService } from '../presend.service';
import { TenantReplica } from '../replica';
import { loadPresendConfig } from '../config';
import { WORKER_V8_FLAGS } from '../worker-flags';
import { benchDraft } from './bench-draft';

const env = process.env;
const scale = Number(env.BENCH_SCALE ?? '1');
const lineCount = Number(env.BENCH_LINES ?? '20');
const checks = Number(env.BENCH_CHECKS ?? '5000');
const log = (m: string): void => void process.stderr.write(`${m}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'presend-check-bench-'));
  try {
    const { bundleDir } = writeSample(dir, generateSample({ seed: 7, scale }));
    const draft = benchDraft(readBundle(bundleDir).bundle.invoices ?? [], lineCount);
    const bus = new InMemoryEventBus();
    await ensureAllTopics(bus, 'bench');
    await replayBundle(bus, bundleDir, { prefix: 'bench' });
    const quiet = { log: () => undefined, warn: () => undefined, error: log };
    const replica = new TenantReplica({ tenantId: 'bench', topicPrefix: 'bench', bus, logger: quiet });
    await replica.start();
    await replica.whenReady();
    // the service's default verdict policy, as the stack runs it
    const config = loadPresendConfig({ PRESEND_TENANTS: JSON.stringify([{ id: 'bench', topic_prefix: 'bench', api_keys: [] }]) });
    const policy = { blockingCategories: config.blockingCategories, minSeverity: config.blockMinSeverity, minValue: config.PRESEND_BLOCK_MIN_VALUE };
    const service = new PresendService(new Map([['bench', replica]]), { policy, maxLines: 200, cacheSize: config.PRESEND_CACHE_SIZE });
    const body = JSON.stringify(draft);
    const run = (i: number): void => {
      const outcome = service.check('bench', JSON.parse(body.replace('"BENCH-0"', `"BENCH-${i}"`)));
      if (outcome.kind !== 'checked') throw new Error(`the draft was not checked: ${JSON.stringify(outcome)}`);
    };
    const first = service.check('bench', draft);
    if (first.kind !== 'checked') throw new Error(`the draft was not checked: ${JSON.stringify(first)}`);
    log(`draft: ${lineCount} lines, verdict ${first.response.verdict}, ${first.response.findings.length} findings; ${String(replica.state().facts)} facts in the replica`);
    for (let i = 0; i < Math.min(2_000, checks); i++) run(-i - 1); // JIT warm-up
    let gcCount = 0;
    let gcMs = 0;
    let fullGc = 0;
    let measuredFrom = Infinity;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.startTime < measuredFrom) continue; // the collection before the loop
        [gcCount, gcMs] = [gcCount + 1, gcMs + e.duration];
        if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGc++;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    // with --expose-gc: what the checks leave behind in the heap after a full collection (should be ~0)
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const times = new Float64Array(checks);
    const heapProfile = env.BENCH_HEAP_PROFILE ? new Session() : undefined;
    if (heapProfile) {
      heapProfile.connect();
      await heapProfile.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
    }
    const old0 = oldGeneration();
    measuredFrom = performance.now();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < checks; i++) {
      const s = performance.now();
      run(i);
      times[i] = performance.now() - s;
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const oldBytes = Math.round((oldGeneration() - old0) / checks);
    await new Promise((r) => setTimeout(r, 100)); // the observer delivers after the loop
    observer.disconnect();
    if (heapProfile) {
      const { profile } = await heapProfile.post('HeapProfiler.stopSampling');
      writeFileSync(env.BENCH_HEAP_PROFILE as string, JSON.stringify(profile));
      heapProfile.disconnect();
    }
    collect?.();
    const retainedKb = collect ? Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024) : undefined;
    if (retainedKb !== undefined) log(`heap after a full collection: ${retainedKb >= 0 ? '+' : ''}${retainedKb} KB over ${checks} checks`);
    times.sort();
    const us = (ms: number): number => Math.round(ms * 1000);
    const p = (q: number): number => us(times[Math.min(checks - 1, Math.floor(q * checks))]);
    const cpuUs = Math.round((cpu.user + cpu.system) / checks);
    log(
      `${checks} checks in ${Math.round(wall)} ms: p50 ${p(0.5)} us, p99 ${p(0.99)} us, max ${p(1)} us; CPU ${cpuUs} us a check; ${gcCount} collections (${Math.round(gcMs)} ms), ${fullGc} full; ` +
        `old generation ${oldBytes >= 0 ? '+' : ''}${oldBytes} bytes a check${fullGc ? ' (a full collection ran: net of what it freed)' : ''}`,
    );
    console.log(
      `presend_check p50_us=${p(0.5)} p99_us=${p(0.99)} cpu_us=${cpuUs} gc_per_1k=${Math.round((gcCount * 1000) / checks)} gc_ms_per_1k=${Math.round((gcMs * 1000) / checks)} full_gc=${fullGc} old_bytes=${oldBytes}`,
    );
    await replica.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Old generation in use (old and large-object spaces): what promotion and direct old allocation add to. */
function oldGeneration(): number {
  return getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'old_space' || s.space_name === 'large_object_space')
    .reduce((n, s) => n + s.space_used_size, 0);
}

/** Measured under the workers' V8 flags: the bench re-runs itself with them unless they are given. */
function underWorkerFlags(): boolean {
  if (WORKER_V8_FLAGS.every((f) => process.execArgv.includes(f))) return true;
  const r = spawnSync(process.execPath, [...WORKER_V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

if (underWorkerFlags()) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:presend-check failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
