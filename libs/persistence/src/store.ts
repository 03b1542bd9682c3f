import type { ExceptionRecord } from '@closegap/domain';

/** A fact as persisted: the canonical row, where it came from, who owns it. */
export interface StoredFact {
  source: string;
  recordId: string;
  clientKey: string;
  partition: number;
  row: Record<string, string>;
  pos: { file: string; line: number };
  contentHash: string;
  uploadId: string;
  traceParent?: string;
}

export interface ExceptionState {
  exceptionId: string;
  status: 'open' | 'closed';
  sequence: number;
  ownerPartition: number;
  record: ExceptionRecord;
}

export type LockedException = Omit<ExceptionState, 'record'> & { record?: ExceptionRecord };

export interface OutboxEvent {
  eventId: string;
  exceptionId: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface InstanceState {
  instanceId: string;
  groupId: string;
  assignment: Record<string, number[]>;
  broadcastPositions: Record<string, string>;
  status: string;
  heartbeatAt?: Date;
}

/** Work done inside one database transaction. */
export interface StoreTx {
  /** insert or update by (source, record_id); returns the facts whose content or owner changed */
  upsertFacts(facts: readonly StoredFact[]): Promise<StoredFact[]>;
  /**
   * Current state of these exceptions, locked until the transaction ends. `withRecord` names
   * the ids whose record is needed (the caller caches the others); the rest come back with
   * `record` undefined.
   */
  lockExceptions(ids: readonly string[], withRecord?: ReadonlySet<string>): Promise<Map<string, LockedException>>;
  saveExceptions(states: readonly ExceptionState[]): Promise<void>;
  enqueue(events: readonly OutboxEvent[]): Promise<void>;
  /** saveExceptions + enqueue in one round trip */
  writeChanges(states: readonly ExceptionState[], events: readonly OutboxEvent[]): Promise<void>;
  /** earliest timesheet work_date over every instance's facts (the live `data_from`) */
  earliestWorkDay(): Promise<string | undefined>;
  /** sources with at least one fact, over every instance */
  presentSources(): Promise<string[]>;
}

/**
 * The matching service's live state. TypeormMatchingStore is the real one (PostgreSQL);
 * InMemoryMatchingStore runs the same logic without a database (embedded mode, unit tests).
 */
export interface MatchingStore {
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** facts owned by these partitions (all when omitted) */
  facts(partitions?: readonly number[]): Promise<StoredFact[]>;
  /** exceptions, optionally only open ones and only of these owner partitions */
  exceptions(filter?: { status?: 'open' | 'closed'; ownerPartitions?: readonly number[] }): Promise<ExceptionState[]>;
  /**
   * Publishes unsent outbox events in order (one relay at a time across instances) and marks
   * them sent in the same transaction; returns how many were sent.
   */
  relayOutbox(limit: number, publish: (events: OutboxEvent[]) => Promise<void>, olderThanMs?: number): Promise<number>;
  /** the fast path: events published right after their commit are marked sent */
  markSent(eventIds: readonly string[]): Promise<void>;
  pendingOutbox(): Promise<number>;
  earliestWorkDay(): Promise<string | undefined>;
  presentSources(): Promise<string[]>;
  saveInstance(state: InstanceState): Promise<void>;
  removeInstance(instanceId: string): Promise<void>;
  instances(groupId: string, aliveWithinMs: number): Promise<InstanceState[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
