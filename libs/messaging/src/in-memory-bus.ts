import { partitionFor } from './partitioner';
import type { Assignment, EventBus, IncomingMessage, MessageBatch, OutgoingMessage, SubscribeOptions, Subscription, TopicConfig, TopicOffsets } from './bus';
import { coPartitionedShare, tp } from './bus';

interface Log {
  partitions: IncomingMessage[][];
}

interface Member {
  id: number;
  options: SubscribeOptions;
  assignment: Assignment;
  positions: Map<string, bigint>;
  running: boolean;
  pumping: boolean;
  again: boolean;
}

/**
 * The broker seam's in-process implementation: partitioned logs, consumer groups sharing
 * partitions, broadcast subscribers, committed offsets. No persistence: embedded mode and
 * tests only.
 */
export class InMemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly logs = new Map<string, Log>();
  private readonly committedOffsets = new Map<string, Map<string, bigint>>();
  private readonly groups = new Map<string, Member[]>();
  private readonly broadcast: Member[] = [];
  private nextId = 1;
  defaultPartitions = 1;

  async connect(): Promise<void> {}

  async ensureTopics(topics: readonly TopicConfig[]): Promise<void> {
    for (const t of topics) if (!this.logs.has(t.name)) this.logs.set(t.name, { partitions: Array.from({ length: t.partitions }, () => []) });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const log = this.log(topic);
    for (const m of messages) {
      const n = log.partitions.length;
      const partition = m.partition ?? (m.key === null ? 0 : partitionFor(m.key, n));
      const list = log.partitions[partition];
      list.push({
        topic,
        partition,
        offset: String(list.length),
        key: m.key,
        value: m.value === null ? null : Buffer.from(m.value),
        headers: { ...(m.headers ?? {}) },
        timestamp: String(Date.now()),
      });
    }
    this.wakeAll();
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    for (const t of options.topics) this.log(t);
    const member: Member = { id: this.nextId++, options, assignment: {}, positions: new Map(), running: true, pumping: false, again: false };
    if (options.groupId) {
      const members = this.groups.get(options.groupId) ?? [];
      members.push(member);
      this.groups.set(options.groupId, members);
      this.rebalance(options.groupId);
    } else {
      member.assignment = Object.fromEntries(options.topics.map((t) => [t, this.log(t).partitions.map((_, i) => i)]));
      options.onAssignment?.(member.assignment);
      this.broadcast.push(member);
    }
    this.wake(member);
    return {
      assignment: () => member.assignment,
      positions: () => new Map(member.positions),
      stop: async () => {
        member.running = false;
        if (options.groupId) {
          const members = (this.groups.get(options.groupId) ?? []).filter((m) => m !== member);
          this.groups.set(options.groupId, members);
          this.rebalance(options.groupId);
        } else {
          this.broadcast.splice(this.broadcast.indexOf(member), 1);
        }
        while (member.pumping) await new Promise((r) => setTimeout(r, 1));
      },
    };
  }

  async offsets(topic: string): Promise<TopicOffsets[]> {
    return this.log(topic).partitions.map((list, partition) => ({ topic, partition, low: 0n, high: BigInt(list.length) }));
  }

  async committed(groupId: string, topics: readonly string[]): Promise<Map<string, bigint>> {
    const all = this.committedOffsets.get(groupId) ?? new Map<string, bigint>();
    return new Map([...all].filter(([k]) => topics.some((t) => k.startsWith(t + ':'))));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    for (const m of [...this.broadcast, ...[...this.groups.values()].flat()]) m.running = false;
  }

  /** every message on a topic, in partition then offset order (tests) */
  messages(topic: string): IncomingMessage[] {
    return this.log(topic).partitions.flat();
  }

  private log(topic: string): Log {
    let log = this.logs.get(topic);
    if (!log) {
      log = { partitions: Array.from({ length: this.defaultPartitions }, () => []) };
      this.logs.set(topic, log);
    }
    return log;
  }

  private rebalance(groupId: string): void {
    const members = this.groups.get(groupId) ?? [];
    const committed = this.committedOffsets.get(groupId) ?? new Map<string, bigint>();
    members.forEach((member, index) => {
      const assignment: Assignment = {};
      for (const topic of member.options.topics) {
        const n = this.log(topic).partitions.length;
        assignment[topic] = member.options.coPartitioned
          ? coPartitionedShare(n, index, members.length)
          : Array.from({ length: n }, (_, p) => p).filter((p) => p % members.length === index);
      }
      member.assignment = assignment;
      member.positions = new Map();
      for (const [topic, partitions] of Object.entries(assignment)) {
        for (const p of partitions) member.positions.set(tp(topic, p), committed.get(tp(topic, p)) ?? (member.options.fromBeginning ? 0n : BigInt(this.log(topic).partitions[p].length)));
      }
      member.options.onAssignment?.(assignment);
      this.wake(member);
    });
  }

  private wakeAll(): void {
    for (const m of this.broadcast) this.wake(m);
    for (const members of this.groups.values()) for (const m of members) this.wake(m);
  }

  private wake(member: Member): void {
    if (!member.running) return;
    if (member.pumping) {
      member.again = true;
      return;
    }
    member.pumping = true;
    setImmediate(() => void this.pump(member));
  }

  private async pump(member: Member): Promise<void> {
    try {
      do {
        member.again = false;
        const batches: MessageBatch[] = [];
        for (const [topic, partitions] of Object.entries(member.assignment)) {
          for (const p of partitions) {
            const list = this.log(topic).partitions[p];
            const from = Number(member.positions.get(tp(topic, p)) ?? 0n);
            if (from < list.length) batches.push({ topic, partition: p, messages: list.slice(from) });
          }
        }
        if (batches.length === 0 || !member.running) break;
        try {
          await member.options.handler(batches);
        } catch {
          member.again = true; // at-least-once: the same messages again
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        const committed = member.options.groupId ? (this.committedOffsets.get(member.options.groupId) ?? new Map<string, bigint>()) : undefined;
        if (committed && member.options.groupId) this.committedOffsets.set(member.options.groupId, committed);
        for (const b of batches) {
          const next = BigInt(b.messages[b.messages.length - 1].offset) + 1n;
          member.positions.set(tp(b.topic, b.partition), next);
          committed?.set(tp(b.topic, b.partition), next);
        }
        member.again = true;
      } while (member.again && member.running);
    } finally {
      member.pumping = false;
    }
  }
}
