import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@closegap/contract';
import type { ExceptionRecord } from '@closegap/domain';
import { runBatch } from '@closegap/engine';
import { generateSample, writeSample } from '@closegap/generator';
import type { EventBus } from '@closegap/messaging';
import type { MatchingStore } from '@closegap/persistence';
import { MatchingService } from '../matching.service';
import type { MatchingLogger } from '../matching.service';

export const quietLogger: MatchingLogger = { log: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(m + '\n') };

/** A generated bundle on disk and what `recon run` says about it. */
export function sampleBundle(seed: number, scale: number): { dir: string; expected: ExceptionRecord[] } {
  const root = mkdtempSync(join(tmpdir(), 'closegap-stream-'));
  const { bundleDir } = writeSample(root, generateSample({ seed, scale }));
  const expected = runBatch(readBundle(bundleDir)).exceptions;
  return { dir: bundleDir, expected };
}

/** What the equivalence guarantee compares: category, refs (in the id) and value at risk, plus the whole record. */
export function comparable(records: readonly ExceptionRecord[]): Map<string, ExceptionRecord> {
  return new Map([...records].sort((a, b) => a.exception_id.localeCompare(b.exception_id)).map((r) => [r.exception_id, JSON.parse(JSON.stringify(r))]));
}

/** Wires a MatchingService to a bus the way the Nest transport does. */
export async function startMatching(bus: EventBus, store: MatchingStore, opts: { prefix: string; groupId: string; instanceId: string }): Promise<{ service: MatchingService; stop: () => Promise<void> }> {
  const service = new MatchingService({ bus, store, topicPrefix: opts.prefix, groupId: opts.groupId, instanceId: opts.instanceId, logger: quietLogger, outboxPollMs: 50 });
  const broadcast = await bus.subscribe({ topics: service.broadcastTopics, handler: (b) => service.onBroadcast(b), name: 'broadcast' });
  await service.start();
  await service.whenCaughtUp();
  const facts = await bus.subscribe({
    topics: service.factTopics,
    groupId: opts.groupId,
    coPartitioned: true,
    fromBeginning: true,
    handler: (b) => service.onFacts(b),
    onAssignment: (a) => service.onAssignment(a),
  });
  return {
    service,
    stop: async () => {
      await facts.stop();
      await broadcast.stop();
      await service.stop();
    },
  };
}
