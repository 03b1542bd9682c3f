/**
 * The seam in front of the broker: the services talk to an EventBus, never to kafkajs.
 * KafkaEventBus is the real thing; InMemoryEventBus runs the same logic in one process
 * (embedded mode, fast tests). Delivery is at-least-once in both: a handler that throws
 * gets the same messages again, so handlers are idempotent.
 */

export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

export interface OutgoingMessage {
  key: string | null;
  /** null = tombstone (compacted topics) */
  value: Buffer | string | null;
  headers?: Record<string, string>;
  /** explicit partition; default: Kafka's murmur2 of the key */
  partition?: number;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, HeaderValue>;
  timestamp: string;
}

export interface MessageBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
}

/** topic -> partitions */
export type Assignment = Record<string, number[]>;

export interface SubscribeOptions {
  /** physical topic names */
  topics: string[];
  /**
   * Consumer group: the group's members share the partitions. Undefined = broadcast: this
   * subscriber reads every partition from the beginning, and commits nothing.
   */
  groupId?: string;
  /** where a group with no committed offset starts */
  fromBeginning?: boolean;
  /** partition p of every subscribed topic goes to the same member (co-partitioned topics) */
  coPartitioned?: boolean;
  /**
   * Called with everything fetched and not yet handled, possibly several partitions' batches
   * at once. Offsets are committed only after it resolves.
   */
  handler: (batches: MessageBatch[]) => Promise<void>;
  /** the group gave this member a new set of partitions (called before their first batch) */
  onAssignment?: (assignment: Assignment) => void;
  /** for logs and metrics */
  name?: string;
  /**
   * The most one fetch brings (default 10 MB, at most 4 MB of it per partition). The client
   * decodes a whole fetch in one go, so a reader that must answer requests between batches
   * asks for less.
   */
  maxFetchBytes?: number;
}

export interface Subscription {
  /** partitions currently owned (broadcast: all) */
  assignment(): Assignment;
  /** next offset to read per "topic:partition", as far as handled */
  positions(): Map<string, bigint>;
  stop(): Promise<void>;
}

export interface TopicOffsets {
  topic: string;
  partition: number;
  /** low and high watermark: the next offset to be written is `high` */
  low: bigint;
  high: bigint;
}

export interface TopicConfig {
  name: string;
  partitions: number;
  compacted: boolean;
  retentionMs: number;
}

export interface EventBus {
  readonly kind: 'kafka' | 'memory';
  connect(): Promise<void>;
  ensureTopics(topics: readonly TopicConfig[]): Promise<void>;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  offsets(topic: string): Promise<TopicOffsets[]>;
  /** committed offsets (next to read) of a group, per "topic:partition" */
  committed(groupId: string, topics: readonly string[]): Promise<Map<string, bigint>>;
  /** cheap liveness probe for health checks */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const tp = (topic: string, partition: number): string => `${topic}:${partition}`;

/** The partitions of a co-partitioned group for member i of n (sorted member ids). */
export function coPartitionedShare(partitions: number, memberIndex: number, members: number): number[] {
  const mine: number[] = [];
  for (let p = 0; p < partitions; p++) if (p % members === memberIndex) mine.push(p);
  return mine;
}
