import { randomUUID } from 'node:crypto';
import './kafkajs-idle-fix';
import { AssignerProtocol, Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, LogEntry, PartitionAssigner, Producer } from 'kafkajs';
import type { Assignment, EventBus, MessageBatch, OutgoingMessage, SubscribeOptions, Subscription, TopicConfig, TopicOffsets } from './bus';
import { coPartitionedShare, tp } from './bus';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs log lines at WARN and above go here */
  log?: (level: 'error' | 'warn' | 'info', message: string) => void;
  /** group session timeout; a killed member's partitions move after this long */
  sessionTimeoutMs?: number;
  /**
   * How long the broker holds a fetch that finds nothing new (default 250 ms). A fetch returns
   * as soon as a record arrives, so this bounds idle polling, not latency.
   */
  fetchMaxWaitMs?: number;
}

/** Assigns partition p of every subscribed topic to the same member: co-partitioned topics stay together. */
const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'CoPartitioned',
  version: 1,
  async assign({ members, topics }) {
    const ids = members.map((m) => m.memberId).sort();
    const plan = new Map<string, Record<string, number[]>>(ids.map((id) => [id, {}]));
    for (const topic of topics) {
      const partitions = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
      const n = Math.max(...partitions) + 1;
      ids.forEach((id, index) => {
        (plan.get(id) as Record<string, number[]>)[topic] = coPartitionedShare(n, index, ids.length).filter((p) => partitions.includes(p));
      });
    }
    return ids.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: plan.get(memberId) ?? {}, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'CoPartitioned', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
  },
});

/** Retries what fails while a new topic's leadership settles (retriable protocol errors). */
async function retrying<T>(fn: () => Promise<T>, attempts = 15): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true || /leader|not available|coordinator/i.test((err as Error).message);
      if (!retriable || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.min(100 * i, 1000)));
    }
  }
}

interface Pending {
  batch: MessageBatch;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The broker seam over kafkajs. Consumption is per partition batch (eachBatch), and the
 * batches that are waiting while the handler runs are handed over together, so one
 * handler call (one database transaction, one engine evaluation) covers many partitions.
 * Offsets are committed manually, only after the handler succeeded.
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  private readonly consumers = new Set<Consumer>();
  private readonly partitionCounts = new Map<string, number>();

  constructor(private readonly options: KafkaBusOptions) {
    const log = options.log;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
      logCreator: () => (entry: LogEntry) => {
        if (!log) return;
        const level = entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'info';
        const { message, ...rest } = entry.log;
        log(level, `kafkajs ${entry.namespace}: ${message} ${JSON.stringify(rest)}`);
      },
    });
  }

  async connect(): Promise<void> {
    if (this.producer) return;
    const admin = this.kafka.admin();
    await admin.connect();
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    await producer.connect();
    this.admin = admin;
    this.producer = producer;
  }

  async ensureTopics(topics: readonly TopicConfig[]): Promise<void> {
    const admin = await this.adminClient();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length) {
      await retrying(() => admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          configEntries: [
            { name: 'cleanup.policy', value: t.compacted ? 'compact' : 'delete' },
            { name: 'retention.ms', value: String(t.retentionMs) },
            ...(t.compacted ? [{ name: 'min.cleanable.dirty.ratio', value: '0.1' }, { name: 'segment.ms', value: String(60 * 60 * 1000) }] : []),
          ],
        })),
      }));
      // leadership of the new partitions is known to the brokers before anyone reads them
      await Promise.all(missing.map((t) => this.offsets(t.name)));
    }
    for (const t of topics) this.partitionCounts.set(t.name, t.partitions);
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.producer) await this.connect();
    const producer = this.producer as unknown as Producer;
    // one produce request per ~900 kB (the broker refuses record batches over message.max.bytes, 1 MB)
    const MAX_BYTES = 900 * 1024;
    let chunk: OutgoingMessage[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const list = chunk;
      chunk = [];
      bytes = 0;
      await producer.send({
        topic,
        acks: -1,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers, partition: m.partition })),
      });
    };
    for (const m of messages) {
      const size = (m.value?.length ?? 0) + (m.key?.length ?? 0) + 200;
      if (bytes + size > MAX_BYTES || chunk.length >= 10_000) await flush();
      chunk.push(m);
      bytes += size;
    }
    await flush();
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const broadcast = !options.groupId;
    const groupId = options.groupId ?? `${this.options.clientId}.broadcast.${randomUUID()}`;
    const consumer = this.kafka.consumer({
      groupId,
      partitionAssigners: options.coPartitioned ? [CoPartitionedAssigner] : undefined,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      rebalanceTimeout: 15_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 250,
      maxBytes: options.maxFetchBytes ?? 10 * 1024 * 1024,
      maxBytesPerPartition: Math.min(4 * 1024 * 1024, options.maxFetchBytes ?? Infinity),
      allowAutoTopicCreation: false,
    });
    this.consumers.add(consumer);
    let assignment: Assignment = {};
    const positions = new Map<string, bigint>();
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      assignment = Object.fromEntries(Object.entries(event.payload.memberAssignment).map(([t, ps]) => [t, [...ps].sort((a, b) => a - b)]));
      options.onAssignment?.(assignment);
    });

    const queue: Pending[] = [];
    let draining = false;
    const drain = async (): Promise<void> => {
      if (draining) return;
      draining = true;
      try {
        while (queue.length) {
          const taken = queue.splice(0, queue.length);
          try {
            await options.handler(taken.map((p) => p.batch));
            if (!broadcast) {
              await consumer.commitOffsets(
                taken.map((p) => ({ topic: p.batch.topic, partition: p.batch.partition, offset: String(BigInt(p.batch.messages[p.batch.messages.length - 1].offset) + 1n) })),
              );
            }
            for (const p of taken) {
              positions.set(tp(p.batch.topic, p.batch.partition), BigInt(p.batch.messages[p.batch.messages.length - 1].offset) + 1n);
              p.resolve();
            }
          } catch (err) {
            for (const p of taken) p.reject(err);
          }
        }
      } finally {
        draining = false;
      }
    };

    const eachBatch = async ({ batch, resolveOffset, heartbeat, isStale }: EachBatchPayload): Promise<void> => {
      if (batch.messages.length === 0 || isStale()) return;
      const messages = batch.messages.map((m) => ({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key ? m.key.toString() : null,
        value: m.value,
        headers: m.headers ?? {},
        timestamp: m.timestamp,
      }));
      const done = new Promise<void>((resolve, reject) => queue.push({ batch: { topic: batch.topic, partition: batch.partition, messages }, resolve, reject }));
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
      try {
        void drain();
        await done;
      } finally {
        clearInterval(beat);
      }
      resolveOffset(batch.lastOffset());
    };

    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: broadcast || !!options.fromBeginning });
    const partitionsTotal = (await Promise.all(options.topics.map((t) => this.partitionCount(t)))).reduce((a, b) => a + b, 0);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, partitionsTotal),
      eachBatch,
    });
    return {
      assignment: () => assignment,
      positions: () => new Map(positions),
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async offsets(topic: string): Promise<TopicOffsets[]> {
    const admin = await this.adminClient();
    const list = await retrying(() => admin.fetchTopicOffsets(topic));
    return list.map((o) => ({ topic, partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
  }

  async committed(groupId: string, topics: readonly string[]): Promise<Map<string, bigint>> {
    const admin = await this.adminClient();
    const out = new Map<string, bigint>();
    const list = await retrying(() => admin.fetchOffsets({ groupId, topics: [...topics] }));
    for (const t of list) for (const p of t.partitions) if (p.offset !== '-1') out.set(tp(t.topic, p.partition), BigInt(p.offset));
    return out;
  }

  async ping(): Promise<void> {
    const admin = await this.adminClient();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.admin = undefined;
  }

  private async adminClient(): Promise<Admin> {
    if (!this.admin) await this.connect();
    return this.admin as Admin;
  }

  private async partitionCount(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known) return known;
    const n = (await this.offsets(topic)).length;
    this.partitionCounts.set(topic, n);
    return n;
  }
}
