import { defaultRules, parseRules } from '@closegap/contract';
import type { Category, InvoiceLine, RulesConfig, SourceName } from '@closegap/domain';
import { ReconEngine } from '@closegap/engine';
import type { ExceptionChange, StateView } from '@closegap/engine';
import { notCheckedFor } from '@closegap/rules';
import { BROADCAST_TOPICS, EnvelopeError, FACT_TOPICS, Topic, buildRecord, decode, physicalTopic, recordEnvelopeSchema, rulesEnvelopeSchema, runEventSchema, tp } from '@closegap/messaging';
import type { EventBus, MessageBatch, RecordEnvelope, Subscription, TopicName } from '@closegap/messaging';
import type { StoredFact } from '@closegap/persistence';

export interface ReplicaLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where the facts the matching service has accepted are read at start (libs/persistence). */
export interface FactsSource {
  facts(): Promise<StoredFact[]>;
}

export interface ReplicaOptions {
  tenantId: string;
  topicPrefix: string;
  bus: EventBus;
  /** the matching service's persisted facts; without it the fact topics are replayed from the beginning alone */
  factsSource?: FactsSource;
  logger: ReplicaLogger;
  /** today's date: the live as_of when the rules pin none */
  today?: () => string;
  /**
   * How long (ms) the replica holds the worker to apply fetched records, the evaluation of
   * what it applied included (estimated from the cost it has seen), before it lets checks
   * run. Default 4; 0 yields after every few records.
   */
  sliceMs?: number;
}

export type ReplicaStatus = 'starting' | 'catching-up' | 'ready' | 'stopped';

export class ReplicaNotReady extends Error {}

export interface WhatIfAnswer<T> {
  result: T;
  /** increments with every record applied: the state the answer was computed on */
  stateVersion: number;
  asOf: string;
}

interface FactRow {
  source: SourceName;
  row: Record<string, string>;
  pos: { file: string; line: number };
}

const FACT_ORDER: readonly SourceName[] = ['timesheets', 'invoices', 'credit_notes', 'pay_lines'];
const CRM_TOPICS: readonly TopicName[] = [Topic.Clients, Topic.Placements, Topic.Rates];

/**
 * One tenant's live state, read-only: a ReconEngine replica of what the matching service
 * sees. At start it takes the facts matching persisted in PostgreSQL, then reads the CRM,
 * rules and run topics (compacted, from the beginning) and every partition of the fact topics
 * (from the beginning, with its own consumer group, so every presend instance sees
 * everything), and keeps following them: a rate published a moment ago is in the engine as
 * soon as its message arrives. Facts are keyed by (source, record_id), so reading a fact both
 * from PostgreSQL and from its topic changes nothing. It answers `whatIf` and changes nothing.
 */
export class TenantReplica {
  private rules: RulesConfig = defaultRules();
  private rulesHash = '';
  private readonly clients = new Map<string, RecordEnvelope>();
  private readonly placements = new Map<string, RecordEnvelope>();
  private readonly rates = new Map<string, RecordEnvelope>();
  private readonly facts = new Map<string, FactRow>();
  private readonly factCount = new Map<SourceName, number>();
  private readonly announced = new Set<SourceName>();
  private readonly topicOf = new Map<string, TopicName>();
  private engine?: ReconEngine;
  private engineKey = '';
  private rebuildNeeded = true;
  private version = 0;
  /** messages read from the topics, unchanged re-deliveries included (how far the replica has read, when the state does not move) */
  private messagesRead = 0;
  private status: ReplicaStatus = 'starting';
  private targets = new Map<string, bigint>();
  private readonly positions = new Map<string, bigint>();
  private subscription?: Subscription;
  private markReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));
  private lastAppliedAt?: string;
  private rebuilds = 0;
  /** what evaluating one applied record costs, learned as records arrive (a slice leaves room for it) */
  private evaluateMsPerChange = 0.1;
  private lastRebuildMs = 0;

  constructor(private readonly options: ReplicaOptions) {
    for (const t of [...BROADCAST_TOPICS, ...FACT_TOPICS]) this.topicOf.set(physicalTopic(options.topicPrefix, t), t);
  }

  get tenantId(): string {
    return this.options.tenantId;
  }

  /** The rules in force (item and rate-type maps for reading drafts). */
  get currentRules(): RulesConfig {
    return this.rules;
  }

  get stateVersion(): number {
    return this.version;
  }

  isReady(): boolean {
    return this.status === 'ready';
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  knownPlacement(placementId: string): boolean {
    return this.placements.has(placementId);
  }

  state(): Record<string, unknown> {
    return {
      tenant: this.options.tenantId,
      status: this.status,
      state_version: this.version,
      records_read: this.messagesRead,
      clients: this.clients.size,
      placements: this.placements.size,
      rates: this.rates.size,
      facts: this.facts.size,
      rules: this.rulesHash.slice(0, 12) || 'defaults',
      last_applied_at: this.lastAppliedAt,
      rebuilds: this.rebuilds,
      last_rebuild_ms: this.lastRebuildMs,
      exceptions: this.engine ? this.engine.exceptions().length : undefined,
    };
  }

  async start(): Promise<void> {
    this.status = 'catching-up';
    if (this.options.factsSource) {
      const t0 = performance.now();
      const stored = await this.options.factsSource.facts();
      for (const f of stored) this.putFact(f.source as SourceName, f.recordId, { source: f.source as SourceName, row: f.row, pos: f.pos });
      this.options.logger.log(`${this.tenantId}: ${stored.length} facts read from PostgreSQL in ${Math.round(performance.now() - t0)} ms`);
    }
    const topics = [...this.topicOf.keys()];
    for (const topic of topics) for (const o of await this.options.bus.offsets(topic)) if (o.high > o.low) this.targets.set(tp(topic, o.partition), o.high);
    this.subscription = await this.options.bus.subscribe({
      topics,
      handler: (batches) => this.onBatches(batches),
      name: `presend-replica-${this.tenantId}`,
      // the Kafka client decodes a whole fetch in one go, before the replica can slice it
      maxFetchBytes: 1024 * 1024,
    });
    this.checkCaughtUp();
  }

  async stop(): Promise<void> {
    this.status = 'stopped';
    await this.subscription?.stop();
  }

  /** What sending these lines would open, update and close on the live state, read by `inspect` with the lines in; changes nothing. */
  whatIf<T>(lines: readonly InvoiceLine[], inspect: (changes: ExceptionChange[], after: StateView) => T): WhatIfAnswer<T> {
    if (this.status !== 'ready' || !this.engine) throw new ReplicaNotReady(`tenant ${this.tenantId} is ${this.status}`);
    const settings = this.settings();
    if (settings.key !== this.engineKey) this.rebuild(settings);
    const result = (this.engine as ReconEngine).whatIf(lines, inspect);
    return { result, stateVersion: this.version, asOf: settings.asOf };
  }

  // --- following the topics ----------------------------------------------------------------

  /**
   * A bulk arrival (a bundle published, a backfill) is applied in slices of ~sliceMs: between
   * slices the engine evaluates what it has taken (so a check does not pay for it) and the
   * worker yields, so a check waits for one slice, not for the whole fetch. The version moves
   * with every slice that changed something, so no cached verdict outlives the state it was
   * computed on.
   */
  private async onBatches(batches: readonly MessageBatch[]): Promise<void> {
    const sliceMs = this.options.sliceMs ?? 4;
    let sliceStart = performance.now();
    let sliceApplied = 0;
    let fed = false;
    for (const batch of batches) {
      const topic = this.topicOf.get(batch.topic);
      let read = 0;
      for (const m of batch.messages) {
        // the slice ends when its own time plus the evaluation it will need reach sliceMs
        if ((++read & 7) === 0 && performance.now() - sliceStart + (fed ? sliceApplied * this.evaluateMsPerChange : 0) >= sliceMs) {
          this.messagesRead += read;
          read = 0;
          if (sliceApplied > 0) {
            if (fed) this.learnEvaluateCost(sliceApplied, () => this.engine?.evaluate());
            this.stateMoved();
          }
          sliceApplied = 0;
          fed = false;
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        try {
          const outcome = this.apply(topic, m);
          if (outcome !== 'unchanged') sliceApplied++;
          if (outcome === 'fed') fed = true;
        } catch (err) {
          if (!(err instanceof EnvelopeError)) throw err;
          this.options.logger.warn(`${this.tenantId}: ${batch.topic}[${m.partition}]@${m.offset}: ${err.message} (skipped)`);
        }
      }
      this.messagesRead += read;
      const last = batch.messages[batch.messages.length - 1];
      if (last) this.positions.set(tp(batch.topic, batch.partition), BigInt(last.offset) + 1n);
    }
    if (sliceApplied > 0) this.stateMoved();
    if (this.status === 'catching-up') {
      this.checkCaughtUp();
      return;
    }
    if (this.status !== 'ready') return;
    const settings = this.settings();
    if (this.rebuildNeeded || settings.key !== this.engineKey) this.rebuild(settings);
    else if (fed) this.learnEvaluateCost(sliceApplied, () => this.engine?.evaluate());
    else this.engine?.evaluate();
  }

  /**
   * Takes one message into the replica's records and, while the engine is live, into the
   * engine ('fed'; evaluated at the end of the slice). Asked per message whether the engine is
   * live: a check between slices may have rebuilt it (new rules).
   */
  private apply(topic: TopicName | undefined, m: MessageBatch['messages'][number]): 'unchanged' | 'applied' | 'fed' {
    const engine = this.status === 'ready' && !this.rebuildNeeded ? this.engine : undefined;
    if (topic === Topic.Rules) {
      if (!m.value) return 'unchanged';
      const env = decode(rulesEnvelopeSchema, m.value);
      if (env.hash === this.rulesHash) return 'unchanged';
      this.rules = env.text === null ? defaultRules() : parseRules(env.text, env.file);
      this.rulesHash = env.hash;
      this.rebuildNeeded = true;
      return 'applied';
    }
    if (topic === Topic.Runs) {
      if (!m.value) return 'unchanged';
      const run = decode(runEventSchema, m.value);
      if (run.type === 'upload.completed') for (const source of Object.keys(run.files)) if ((FACT_ORDER as readonly string[]).includes(source)) this.announced.add(source as SourceName);
      return 'unchanged';
    }
    if (topic && CRM_TOPICS.includes(topic)) {
      const source = topic === Topic.Clients ? 'clients' : topic === Topic.Placements ? 'placements' : 'rates';
      const map = source === 'clients' ? this.clients : source === 'placements' ? this.placements : this.rates;
      const key = m.key ?? '';
      if (!m.value) {
        if (!map.delete(key)) return 'unchanged';
        if (source !== 'rates') {
          this.rebuildNeeded = true;
          return 'applied';
        }
        engine?.removeRate(key);
        return engine ? 'fed' : 'applied';
      }
      const env = decode(recordEnvelopeSchema, m.value);
      if (sameRecord(map.get(key), env)) return 'unchanged';
      map.set(key, env);
      if (!engine) return 'applied';
      this.applyCrm(engine, source, env);
      return 'fed';
    }
    if (!topic) return 'unchanged';
    const env = decode(recordEnvelopeSchema, m.value);
    const fact: FactRow = { source: env.source, row: env.row, pos: env.pos };
    if (sameRecord(this.facts.get(factKey(env.source, env.record_id)), fact)) return 'unchanged';
    this.putFact(env.source, env.record_id, fact);
    if (!engine) return 'applied';
    this.feed(engine, fact);
    return 'fed';
  }

  private stateMoved(): void {
    this.version++;
    this.lastAppliedAt = new Date().toISOString();
  }

  /** Runs an evaluation of `changes` applied records and keeps a moving average of its cost per record. */
  private learnEvaluateCost(changes: number, evaluate: () => void): void {
    const t0 = performance.now();
    evaluate();
    if (changes < 4) return;
    // rises fast, falls slowly: some records touch much more than others
    const sample = (performance.now() - t0) / changes;
    const weight = sample > this.evaluateMsPerChange ? 0.5 : 0.1;
    this.evaluateMsPerChange += weight * (sample - this.evaluateMsPerChange);
  }

  private checkCaughtUp(): void {
    if (this.status !== 'catching-up') return;
    for (const [key, high] of this.targets) if ((this.positions.get(key) ?? 0n) < high) return;
    this.rebuild(this.settings());
    this.status = 'ready';
    this.options.logger.log(
      `${this.tenantId}: ready: ${this.clients.size} clients, ${this.placements.size} placements, ${this.rates.size} rates, ${this.facts.size} facts, engine built in ${Math.round(this.lastRebuildMs)} ms`,
    );
    this.markReady();
  }

  private putFact(source: SourceName, recordId: string, fact: FactRow): void {
    const key = factKey(source, recordId);
    if (!this.facts.has(key)) this.factCount.set(source, (this.factCount.get(source) ?? 0) + 1);
    this.facts.set(key, fact);
  }

  // --- the engine ----------------------------------------------------------------------------

  /** as_of, the checks not run: the global settings the matching service also derives; when they change the engine is rebuilt. */
  private settings(): { key: string; asOf: string; skip: Set<Category> } {
    const asOf = this.rules.asOf ?? (this.options.today ?? (() => new Date().toISOString().slice(0, 10)))();
    // a draft always brings invoice lines, so the invoice checks always run
    const present = new Set<SourceName>(['invoices', ...this.announced]);
    for (const [source, n] of this.factCount) if (n > 0) present.add(source);
    if (this.rates.size > 0) present.add('rates');
    const unavailable = new Map<SourceName, string>();
    for (const s of ['rates', ...FACT_ORDER] as SourceName[]) if (!present.has(s)) unavailable.set(s, 'no records received');
    const skip = new Set(notCheckedFor(unavailable).map((n) => n.category));
    return { key: JSON.stringify([this.rulesHash, asOf, [...skip].sort()]), asOf, skip };
  }

  private rebuild(settings: { key: string; asOf: string; skip: Set<Category> }): void {
    const t0 = performance.now();
    const engine = new ReconEngine({ rules: this.rules, asOf: settings.asOf, dataFrom: this.rules.dataFrom, skip: settings.skip });
    for (const env of this.clients.values()) this.applyCrm(engine, 'clients', env);
    for (const env of this.placements.values()) this.applyCrm(engine, 'placements', env);
    for (const env of this.rates.values()) this.applyCrm(engine, 'rates', env);
    const ordered = [...this.facts.values()].sort((a, b) => FACT_ORDER.indexOf(a.source) - FACT_ORDER.indexOf(b.source));
    for (const fact of ordered) this.feed(engine, fact);
    engine.evaluate();
    this.engine = engine;
    this.engineKey = settings.key;
    this.rebuildNeeded = false;
    this.rebuilds++;
    this.lastRebuildMs = performance.now() - t0;
  }

  private applyCrm(engine: ReconEngine, source: 'clients' | 'placements' | 'rates', env: RecordEnvelope): void {
    const built = buildRecord(env, this.rules);
    if (!built.ok) return; // the matching service quarantines it; the replica just does not use it
    engine.upsertRecord(source, built.record);
  }

  private feed(engine: ReconEngine, fact: FactRow): void {
    const built = buildRecord(fact, this.rules);
    if (!built.ok) return;
    engine.upsertRecord(fact.source, built.record);
  }
}

const factKey = (source: SourceName, recordId: string): string => `${source}\u0000${recordId}`;

/**
 * A record delivered again unchanged (at-least-once delivery, a bundle published twice): the
 * replica keeps what it has. Replacing it gave the engine the same facts as new objects and
 * left the old ones as garbage in the old generation (~140 MB for a re-published scale-1
 * bundle), which brought the next full collection, and its pause, forward.
 */
function sameRecord(held: Pick<FactRow, 'source' | 'row' | 'pos'> | undefined, next: Pick<FactRow, 'source' | 'row' | 'pos'>): boolean {
  if (!held || held.source !== next.source || held.pos.line !== next.pos.line || held.pos.file !== next.pos.file) return false;
  const keys = Object.keys(next.row);
  if (keys.length !== Object.keys(held.row).length) return false;
  for (const k of keys) if (held.row[k] !== next.row[k]) return false;
  return true;
}
