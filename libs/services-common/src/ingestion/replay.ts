import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES } from '@closegap/contract';
import { SOURCE_NAMES } from '@closegap/domain';
import type { SourceName } from '@closegap/domain';
import { BROADCAST_TOPICS, FACT_TOPICS, TOPICS, physicalTopic, tp } from '@closegap/messaging';
import type { EventBus, TopicName } from '@closegap/messaging';
import type { MatchingStore } from '@closegap/persistence';
import { CrmView } from './crm-view';
import { IngestionPipeline, RULES_FILE } from './pipeline';
import type { IngestFile, IngestOptions, IngestReport } from './pipeline';

/** The files of a bundle folder, as an upload (rules file included). */
export function bundleFiles(dir: string, rulesFile?: string): IngestFile[] {
  const files: IngestFile[] = [];
  for (const spec of BUNDLE_FILES) {
    for (const ext of ['csv', 'jsonl']) {
      const path = join(dir, `${spec.base}.${ext}`);
      if (existsSync(path)) files.push({ name: `${spec.base}.${ext}`, bytes: readFileSync(path) });
    }
  }
  const rules = rulesFile ?? join(dir, RULES_FILE);
  if (existsSync(rules)) files.push({ name: RULES_FILE, bytes: readFileSync(rules) });
  return files;
}

/** Creates every topic of the registry (with its partitions, compaction and retention). */
export async function ensureAllTopics(bus: EventBus, prefix: string): Promise<void> {
  await bus.ensureTopics(TOPICS.map((t) => ({ name: physicalTopic(prefix, t.name), partitions: t.partitions, compacted: t.compacted, retentionMs: t.retentionMs })));
}

/**
 * `recon replay`: publishes a bundle, rules file included, through the ingestion services'
 * topics with the same pipeline they use (validation, identity, keys), in a chosen source order.
 */
export async function replayBundle(bus: EventBus, dir: string, opts: IngestOptions & { prefix: string; rulesFile?: string }): Promise<IngestReport> {
  const files = bundleFiles(dir, opts.rulesFile);
  if (!files.some((f) => f.name.startsWith('clients.')) || !files.some((f) => f.name.startsWith('placements.'))) {
    throw new Error(`${dir}: a bundle needs clients and placements`);
  }
  const hasRules = files.some((f) => f.name === RULES_FILE);
  const pipeline = new IngestionPipeline(bus, new CrmView(), {
    service: 'recon-replay',
    sources: SOURCE_NAMES as SourceName[],
    acceptsRules: true,
    topic: (name) => physicalTopic(opts.prefix, name),
    rememberEvidence: false,
    ratesReplaceTable: false,
  });
  // no rules file = the built-in defaults, published explicitly so a previous rules file does not linger
  const withRules = hasRules ? files : [...files, { name: RULES_FILE, bytes: Buffer.from('{}\n') }];
  return pipeline.ingest(withRules, opts);
}

export interface CatchUpStatus {
  caughtUp: boolean;
  /** what is still outstanding, for progress messages */
  waiting: string[];
}

/**
 * Has matching caught up? The group's committed offsets have reached the end of every fact
 * topic, every live instance has read the broadcast topics to their end and is ready, and the
 * exception outbox is drained.
 */
export async function matchingCatchUp(bus: EventBus, store: MatchingStore, opts: { prefix: string; groupId: string }): Promise<CatchUpStatus> {
  const waiting: string[] = [];
  const factTopics = FACT_TOPICS.map((t) => physicalTopic(opts.prefix, t));
  const committed = await bus.committed(opts.groupId, factTopics);
  for (const topic of factTopics) {
    for (const o of await bus.offsets(topic)) {
      const at = committed.get(tp(topic, o.partition)) ?? o.low;
      if (at < o.high) waiting.push(`${topic}[${o.partition}] ${o.high - at} behind`);
    }
  }
  const instances = await store.instances(opts.groupId, 5_000);
  if (instances.length === 0) waiting.push('no live matching instance');
  const broadcast: { topic: string; partition: number; high: bigint; low: bigint }[] = [];
  for (const t of BROADCAST_TOPICS as readonly TopicName[]) for (const o of await bus.offsets(physicalTopic(opts.prefix, t))) broadcast.push(o);
  for (const inst of instances) {
    if (inst.status !== 'ready') waiting.push(`${inst.instanceId} is ${inst.status}`);
    for (const o of broadcast) {
      const at = BigInt(inst.broadcastPositions[tp(o.topic, o.partition)] ?? o.low.toString());
      if (at < o.high) waiting.push(`${inst.instanceId}: ${o.topic}[${o.partition}] ${o.high - at} behind`);
    }
  }
  const pending = await store.pendingOutbox();
  if (pending > 0) waiting.push(`${pending} exception events in the outbox`);
  return { caughtUp: waiting.length === 0, waiting };
}

/** Polls matchingCatchUp until it holds twice in a row (nothing in flight between), or the timeout. */
export async function waitForMatching(
  bus: EventBus,
  store: MatchingStore,
  opts: { prefix: string; groupId: string; timeoutMs: number; pollMs?: number; onProgress?: (s: CatchUpStatus) => void },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let streak = 0;
  let last: CatchUpStatus = { caughtUp: false, waiting: ['not checked yet'] };
  while (Date.now() < deadline) {
    last = await matchingCatchUp(bus, store, opts);
    opts.onProgress?.(last);
    streak = last.caughtUp ? streak + 1 : 0;
    if (streak >= 2) return;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
  }
  throw new Error(`matching did not catch up within ${opts.timeoutMs} ms: ${last.waiting.slice(0, 5).join('; ')}`);
}
