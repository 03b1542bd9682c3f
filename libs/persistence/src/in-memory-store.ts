import type { ExceptionState, InstanceState, LockedException, MatchingStore, OutboxEvent, StoreTx, StoredFact } from './store';

const clone = <T>(v: T): T => structuredClone(v);

function earliest(facts: Iterable<StoredFact>): string | undefined {
  let min: string | undefined;
  for (const f of facts) {
    const d = f.source === 'timesheets' ? f.row.work_date?.slice(0, 10) : undefined;
    if (d && (!min || d < min)) min = d;
  }
  return min;
}

function present(facts: Iterable<StoredFact>): string[] {
  const set = new Set<string>();
  for (const f of facts) set.add(f.source);
  return ['timesheets', 'invoices', 'credit_notes', 'pay_lines'].filter((s) => set.has(s));
}

/** MatchingStore without a database: the same contract, for embedded mode and unit tests. */
export class InMemoryMatchingStore implements MatchingStore {
  readonly factRows = new Map<string, StoredFact>();
  readonly exceptionRows = new Map<string, ExceptionState>();
  readonly outbox: (OutboxEvent & { sent: boolean })[] = [];
  private readonly instanceRows = new Map<string, InstanceState & { at: number }>();
  private lock: Promise<unknown> = Promise.resolve();

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = this.lock.then(async () => {
      const facts = new Map(this.factRows);
      const exceptions = new Map(this.exceptionRows);
      const outbox: (OutboxEvent & { sent: boolean })[] = [];
      const tx: StoreTx = {
        upsertFacts: async (list) => {
          const changed: StoredFact[] = [];
          for (const f of list) {
            const key = `${f.source}\u0000${f.recordId}`;
            const old = facts.get(key);
            if (!old || old.contentHash !== f.contentHash || old.partition !== f.partition || old.clientKey !== f.clientKey) changed.push(f);
            facts.set(key, clone(f));
          }
          return changed;
        },
        lockExceptions: async (ids, withRecord) =>
          new Map(
            ids
              .filter((id) => exceptions.has(id))
              .map((id): [string, LockedException] => {
                const { record, ...rest } = clone(exceptions.get(id) as ExceptionState);
                return [id, !withRecord || withRecord.has(id) ? { ...rest, record } : rest];
              }),
          ),
        saveExceptions: async (states) => states.forEach((s) => exceptions.set(s.exceptionId, clone(s))),
        writeChanges: async (states, events) => {
          await tx.saveExceptions(states);
          await tx.enqueue(events);
        },
        earliestWorkDay: async () => earliest(facts.values()),
        presentSources: async () => present(facts.values()),
        enqueue: async (events) => {
          const known = new Set([...this.outbox, ...outbox].map((e) => e.eventId));
          for (const e of events) if (!known.has(e.eventId)) outbox.push({ ...clone(e), sent: false });
        },
      };
      const result = await fn(tx);
      // commit
      this.factRows.clear();
      facts.forEach((v, k) => this.factRows.set(k, v));
      this.exceptionRows.clear();
      exceptions.forEach((v, k) => this.exceptionRows.set(k, v));
      this.outbox.push(...outbox);
      return result;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  async facts(partitions?: readonly number[]): Promise<StoredFact[]> {
    return [...this.factRows.values()].filter((f) => !partitions || partitions.includes(f.partition)).map(clone);
  }

  async exceptions(filter: { status?: 'open' | 'closed'; ownerPartitions?: readonly number[] } = {}): Promise<ExceptionState[]> {
    return [...this.exceptionRows.values()]
      .filter((e) => (!filter.status || e.status === filter.status) && (!filter.ownerPartitions || filter.ownerPartitions.includes(e.ownerPartition)))
      .sort((a, b) => a.exceptionId.localeCompare(b.exceptionId))
      .map(clone);
  }

  async markSent(eventIds: readonly string[]): Promise<void> {
    const ids = new Set(eventIds);
    for (const e of this.outbox) if (ids.has(e.eventId)) e.sent = true;
  }

  async relayOutbox(limit: number, publish: (events: OutboxEvent[]) => Promise<void>): Promise<number> {
    const run = this.lock.then(async () => {
      const batch = this.outbox.filter((e) => !e.sent).slice(0, limit);
      if (batch.length === 0) return 0;
      await publish(batch.map(({ sent: _sent, ...e }) => clone(e)));
      batch.forEach((e) => (e.sent = true));
      return batch.length;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  async earliestWorkDay(): Promise<string | undefined> {
    return earliest(this.factRows.values());
  }

  async presentSources(): Promise<string[]> {
    return present(this.factRows.values());
  }

  async pendingOutbox(): Promise<number> {
    return this.outbox.filter((e) => !e.sent).length;
  }

  async saveInstance(state: InstanceState): Promise<void> {
    this.instanceRows.set(state.instanceId, { ...clone(state), at: Date.now() });
  }

  async removeInstance(instanceId: string): Promise<void> {
    this.instanceRows.delete(instanceId);
  }

  async instances(groupId: string, aliveWithinMs: number): Promise<InstanceState[]> {
    const now = Date.now();
    return [...this.instanceRows.values()].filter((i) => i.groupId === groupId && now - i.at <= aliveWithinMs).map(({ at: _at, ...i }) => clone(i));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
