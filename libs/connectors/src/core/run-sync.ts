import { randomUUID } from 'node:crypto';
import type { SourceName } from '@closegap/domain';
import { errorMessage } from '../http/errors';
import type { RecordSink } from '../sink/record-sink';
import type { CursorStore, RunLog, RunRecord, RunStatus } from '../state/file-state';
import type { Connector, ConnectorName, SyncOutcome } from './types';

export interface SyncRunOptions {
  connectors: readonly Connector[];
  cursors: CursorStore;
  runLog: RunLog;
  sink: RecordSink;
  trigger?: RunRecord['trigger'];
  /** ignore stored cursors and pull everything (the nightly run) */
  full?: boolean;
  /** pull what changed since this ISO timestamp, whatever the cursor says */
  since?: string;
  /** webhook-triggered: re-fetch only these ids of one connector */
  changed?: Record<string, readonly string[]>;
  now?: () => Date;
  runId?: () => string;
}

export interface SourceRun {
  source: ConnectorName;
  status: RunStatus;
  record: RunRecord;
  outcome?: SyncOutcome;
  location?: string;
}

export interface SyncRunResult {
  runs: SourceRun[];
  /**
   * Bundle files whose source failed, with why: pass to runBatch as `options.unavailable` so the
   * checks that need them are reported as not checked, never as clean.
   */
  unavailable: Map<SourceName, string>;
}

/**
 * Runs connectors one after another. A source that fails (down, answers garbage, bad
 * credentials) is recorded as failed, its cursor is not moved, nothing of it is written, and the
 * others still run. Records a source could not map make its run `partial`.
 */
export async function runSync(options: SyncRunOptions): Promise<SyncRunResult> {
  const now = options.now ?? (() => new Date());
  const runId = options.runId ?? (() => randomUUID());
  const runs: SourceRun[] = [];
  const unavailable = new Map<SourceName, string>();
  for (const connector of options.connectors) {
    const startedAt = now().toISOString();
    const cursorBefore = await options.cursors.get(connector.name);
    const full = !!options.full || (!cursorBefore && !options.since && !options.changed);
    const base: Omit<RunRecord, 'finished_at' | 'status' | 'fetched' | 'written' | 'rejected' | 'warnings'> = {
      run_id: runId(),
      kind: 'sync',
      source: connector.name,
      trigger: options.trigger ?? 'manual',
      mode: full ? 'full' : 'incremental',
      started_at: startedAt,
      cursor_before: cursorBefore,
    };
    try {
      const outcome = await connector.sync({ cursor: full ? undefined : cursorBefore, full, since: options.since, changed: options.changed });
      const written = await options.sink.write(connector.name, outcome.batch);
      const cursorAfter = { ...(cursorBefore ?? {}), ...outcome.cursorAfter };
      await options.cursors.set(connector.name, cursorAfter);
      const status: RunStatus = outcome.rejected.length > 0 ? 'partial' : 'ok';
      const record: RunRecord = {
        ...base,
        finished_at: now().toISOString(),
        status,
        fetched: outcome.fetched,
        written: written.written as Record<string, number>,
        rejected: outcome.rejected.length,
        cursor_after: cursorAfter,
        warnings: outcome.warnings,
      };
      await options.runLog.append(record);
      runs.push({ source: connector.name, status, record, outcome, location: written.location });
    } catch (err) {
      const reason = `${connector.name} sync failed: ${errorMessage(err)}`;
      for (const file of connector.produces) unavailable.set(file, unavailable.has(file) ? `${unavailable.get(file)}; ${reason}` : reason);
      const record: RunRecord = {
        ...base,
        finished_at: now().toISOString(),
        status: 'failed',
        fetched: {},
        written: {},
        rejected: 0,
        cursor_after: cursorBefore,
        warnings: [],
        error: errorMessage(err),
      };
      await options.runLog.append(record);
      runs.push({ source: connector.name, status: 'failed', record });
    }
  }
  return { runs, unavailable };
}
