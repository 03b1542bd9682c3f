import type { Category, ExceptionEvent, ExceptionRecord } from '@closegap/domain';
import type { ExceptionStatus } from './status';
import { isActive } from './status';

/**
 * The two ways exception records reach the workflow, behind one interface: the outputs of a
 * batch run (the complete set of exceptions of that data), or one event of the exception
 * topic (`closegap.exceptions.v1`).
 */
export type IngestInput = RunIngest | EventIngest;

export interface RunInfo {
  run_id: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  as_of: string;
  rules_hash: string;
  /** source name -> sha256 of its input file (absent sources omitted) */
  input_hashes: Record<string, string>;
}

export interface RunIngest {
  kind: 'run';
  run: RunInfo;
  exceptions: readonly ExceptionRecord[];
  /** categories the run could not check (an input missing): their open exceptions stay open */
  not_checked: readonly Category[];
}

export interface EventIngest {
  kind: 'event';
  event: ExceptionEvent;
}

/** What the workflow knows about one exception before the input is applied. */
export interface TrackedException {
  exception_id: string;
  category: Category;
  status: ExceptionStatus;
  record: ExceptionRecord;
  /** last event sequence applied (events only) */
  sequence?: number;
}

export interface PlannedOpen {
  record: ExceptionRecord;
}
export interface PlannedReopen {
  record: ExceptionRecord;
  from: ExceptionStatus;
  evidence: string;
}
export interface PlannedUpdate {
  record: ExceptionRecord;
  changed: string[];
}
export interface PlannedClose {
  exception_id: string;
  evidence: string;
}

export interface IngestPlan {
  open: PlannedOpen[];
  reopen: PlannedReopen[];
  update: PlannedUpdate[];
  autoClose: PlannedClose[];
  unchanged: number;
  /** event sequence to remember, for events */
  sequence?: { exception_id: string; sequence: number };
  /** stale or duplicate events are ignored */
  ignored: boolean;
}

const COMPARED: readonly (keyof ExceptionRecord)[] = ['value_at_risk', 'severity', 'expected', 'actual', 'units', 'owner_team', 'recurring', 'retroactive', 'suggested_action', 'detail'];

function changedFields(before: ExceptionRecord, after: ExceptionRecord): string[] {
  return COMPARED.filter((f) => String(before[f] ?? '') !== String(after[f] ?? ''));
}

function empty(): IngestPlan {
  return { open: [], reopen: [], update: [], autoClose: [], unchanged: 0, ignored: false };
}

function present(plan: IngestPlan, tracked: TrackedException | undefined, record: ExceptionRecord, where: string): void {
  if (!tracked) {
    plan.open.push({ record });
    return;
  }
  if (tracked.status === 'resolved') {
    plan.reopen.push({ record, from: tracked.status, evidence: `back in the data: ${where}` });
    return;
  }
  const changed = changedFields(tracked.record, record);
  if (changed.length > 0) plan.update.push({ record, changed });
  else plan.unchanged++;
}

/**
 * Decides what an input does to the tracked exceptions:
 * - a new exception opens; a known one updates its record (a dismissed one stays dismissed:
 *   somebody decided it is not a problem);
 * - a resolved one that shows up again reopens;
 * - an open or acknowledged one missing from a run (its category checked) closes itself with
 *   the run as evidence, as does one a `closed` event reports.
 */
export function planIngest(tracked: ReadonlyMap<string, TrackedException>, input: IngestInput): IngestPlan {
  const plan = empty();
  if (input.kind === 'event') {
    const { event } = input;
    const id = event.exception.exception_id;
    const current = tracked.get(id);
    if (current?.sequence !== undefined && event.sequence <= current.sequence) {
      plan.ignored = true;
      return plan;
    }
    plan.sequence = { exception_id: id, sequence: event.sequence };
    if (event.type === 'closed') {
      if (current && isActive(current.status)) {
        plan.autoClose.push({ exception_id: id, evidence: `no longer in the data: closed event #${event.sequence} at ${event.occurred_at}` });
      } else plan.unchanged++;
      return plan;
    }
    present(plan, current, event.exception, `${event.type} event #${event.sequence} at ${event.occurred_at}`);
    return plan;
  }

  const { run } = input;
  const seen = new Set<string>();
  const hashes = Object.entries(run.input_hashes)
    .map(([source, sha]) => `${source} ${sha.slice(0, 12)}`)
    .join(', ');
  for (const record of input.exceptions) {
    seen.add(record.exception_id);
    present(plan, tracked.get(record.exception_id), record, `run ${run.run_id} (as of ${run.as_of})`);
  }
  const notChecked = new Set<string>(input.not_checked);
  for (const t of tracked.values()) {
    if (seen.has(t.exception_id) || !isActive(t.status) || notChecked.has(t.category)) continue;
    plan.autoClose.push({
      exception_id: t.exception_id,
      evidence: `no longer in the data: run ${run.run_id} as of ${run.as_of} (rules ${run.rules_hash.slice(0, 12)}; inputs ${hashes || 'none'}) did not report it`,
    });
  }
  return plan;
}
