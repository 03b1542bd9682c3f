import { createHash } from 'node:crypto';
import { defaultRules, parseRules } from '@closegap/contract';
import type { Category, Client, ExceptionRecord, Placement, RateRow, RulesConfig, SourceName } from '@closegap/domain';
import { ReconEngine } from '@closegap/engine';
import { notCheckedFor } from '@closegap/rules';
import {
  BROADCAST_TOPICS,
  EnvelopeError,
  FACT_PARTITIONS,
  FACT_TOPICS,
  Topic,
  UNRESOLVED_KEY,
  buildRecord,
  decode,
  encode,
  exceptionEvent,
  partitionFor,
  physicalTopic,
  recordEnvelopeSchema,
  rulesEnvelopeSchema,
  runEventSchema,
  tp,
} from '@closegap/messaging';
import type { Assignment, EventBus, IncomingMessage, MessageBatch, OutgoingMessage, QuarantineEvent, RecordEnvelope, RulesEnvelope, TopicName } from '@closegap/messaging';
import type { ExceptionState, MatchingStore, OutboxEvent, StoreTx, StoredFact } from '@closegap/persistence';
import { context, extractTraceContext, injectTraceHeaders, trace, tracer } from '@closegap/telemetry';
import type { Context } from '@closegap/telemetry';
import { canonical } from './canonical';

export interface RateCacheLike {
  write(upserts: readonly { rateId: string; value: string }[], deletes?: readonly string[]): Promise<void>;
  all(): Promise<Map<string, string>>;
}

export interface MatchingLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface MatchingOptions {
  bus: EventBus;
  store: MatchingStore;
  rateCache?: RateCacheLike;
  topicPrefix: string;
  groupId: string;
  instanceId: string;
  logger: MatchingLogger;
  outboxPollMs?: number;
  /** today's date (live as_of when the rules pin none) */
  today?: () => string;
}

/** starting -> catching-up (CRM) -> joining (group) -> rebuilding -> ready; `recon replay --wait` needs every instance ready */
type Status = 'starting' | 'catching-up' | 'joining' | 'rebuilding' | 'ready' | 'stopping';

const factKey = (source: string, recordId: string): string => `${source}\u0000${recordId}`;
const FACT_SOURCES_ORDER: readonly SourceName[] = ['timesheets', 'invoices', 'credit_notes', 'pay_lines'];

/**
 * The matching service's logic, transport-agnostic: it keeps the live state (facts and
 * exceptions in the store, the CRM and rules from the broadcast topics), feeds one
 * ReconEngine (the same library `recon run` uses), re-evaluates only what each batch touches,
 * and writes the exception changes with their events (outbox) in the same transaction as the
 * facts. Handlers are idempotent: redelivered batches change nothing.
 */
export class MatchingService {
  private readonly bus: EventBus;
  private readonly store: MatchingStore;
  private readonly log: MatchingLogger;
  private readonly topicByPhysical = new Map<string, TopicName>();

  private rulesEnvelope?: RulesEnvelope;
  private rules: RulesConfig = defaultRules();
  private readonly clients = new Map<string, RecordEnvelope>();
  private readonly placements = new Map<string, RecordEnvelope>();
  private readonly rates = new Map<string, RecordEnvelope>();
  private readonly announced = new Set<SourceName>();
  private facts = new Map<string, StoredFact>();

  private engine?: ReconEngine;
  private engineSettings = '';
  private owned = new Set<number>();
  private assignmentChanged = false;
  private rebuildRequested = true;
  private status: Status = 'starting';
  private lock: Promise<unknown> = Promise.resolve();
  private broadcastTargets?: Map<string, bigint>;
  private broadcastPositions = new Map<string, bigint>();
  private caughtUp!: () => void;
  private readonly caughtUpPromise = new Promise<void>((resolve) => (this.caughtUp = resolve));
  private timers: NodeJS.Timeout[] = [];
  private relaying = false;
  private relayAgain = false;
  private evaluations = 0;
  private lastError?: string;
  /** cumulative time per phase of the fact path (ms), for /v1/status */
  private readonly phases: Record<string, number> = { decode: 0, upsert: 0, feed: 0, evaluate: 0, write: 0, commit: 0, relay: 0, batches: 0, messages: 0 };
  private presentKnown = new Set<string>();
  private stateCache = new Map<string, { status: 'open' | 'closed'; sequence: number; record: ExceptionRecord; canon: string }>();
  private pendingCache = new Map<string, { status: 'open' | 'closed'; sequence: number; record: ExceptionRecord; canon: string }>();
  private pendingEvents: OutboxEvent[] = [];
  private publishChain: Promise<void> = Promise.resolve();
  private relayedAtStart = false;
  private assigned = false;
  private dataFromKnown?: string;

  constructor(private readonly options: MatchingOptions) {
    this.bus = options.bus;
    this.store = options.store;
    this.log = options.logger;
    for (const name of Object.values(Topic)) this.topicByPhysical.set(this.topic(name), name);
  }

  topic(name: TopicName): string {
    return physicalTopic(this.options.topicPrefix, name);
  }

  get broadcastTopics(): string[] {
    return BROADCAST_TOPICS.map((t) => this.topic(t));
  }

  get factTopics(): string[] {
    return FACT_TOPICS.map((t) => this.topic(t));
  }

  /** For health and `recon replay --wait`. */
  state(): { status: Status; owned: number[]; facts: number; evaluations: number; lastError?: string; phases_ms: Record<string, number> } {
    return { status: this.status, owned: [...this.owned].sort(), facts: this.facts.size, evaluations: this.evaluations, lastError: this.lastError, phases_ms: { ...this.phases } };
  }

  /** Resolves once the CRM, rules and runs topics have been read up to where they were at start. */
  async whenCaughtUp(): Promise<void> {
    return this.caughtUpPromise;
  }

  /** Start-up: warm the rate table from Redis, note where the broadcast topics end. */
  async start(): Promise<void> {
    this.status = 'catching-up';
    if (this.options.rateCache) {
      try {
        for (const [rateId, value] of await this.options.rateCache.all()) {
          const env = decode(recordEnvelopeSchema, value);
          this.rates.set(rateId, env);
        }
      } catch (err) {
        this.log.warn(`rate cache not read, the rates topic will fill the table: ${(err as Error).message}`);
      }
    }
    const targets = new Map<string, bigint>();
    for (const topic of this.broadcastTopics) {
      for (const o of await this.bus.offsets(topic)) if (o.high > o.low) targets.set(tp(topic, o.partition), o.high);
    }
    this.broadcastTargets = targets;
    this.checkCaughtUp();
    this.timers.push(setInterval(() => void this.heartbeat(), 1_000));
    this.timers.push(setInterval(() => void this.relay(), this.options.outboxPollMs ?? 250));
    this.timers.push(setInterval(() => void this.checkGlobalSettings(), 2_000));
    await this.heartbeat();
  }

  async stop(): Promise<void> {
    this.status = 'stopping';
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.lock.catch(() => undefined);
    await this.publishChain;
    await this.store.removeInstance(this.options.instanceId).catch(() => undefined);
  }

  // --- handlers -------------------------------------------------------------------------

  /** CRM, rules and run events: every instance reads all of them. */
  async onBroadcast(batches: readonly MessageBatch[]): Promise<void> {
    await this.exclusive(async () => {
      const rateUpserts: { rateId: string; value: string }[] = [];
      const rateDeletes: string[] = [];
      let rebuild = false;
      const incremental: { source: 'clients' | 'placements' | 'rates'; env?: RecordEnvelope; key: string }[] = [];
      const positions = new Map<string, bigint>();
      for (const batch of batches) {
        const topic = this.topicByPhysical.get(batch.topic);
        for (const m of batch.messages) {
          try {
            if (topic === Topic.Rules) {
              if (!m.value) continue;
              const env = decode(rulesEnvelopeSchema, m.value);
              if (env.hash !== this.rulesEnvelope?.hash) {
                this.rulesEnvelope = env;
                this.rules = env.text === null ? defaultRules() : parseRules(env.text, env.file);
                rebuild = true;
              }
            } else if (topic === Topic.Runs) {
              if (!m.value) continue;
              const run = decode(runEventSchema, m.value);
              if (run.type === 'upload.completed') {
                for (const source of Object.keys(run.files)) if (FACT_SOURCES_ORDER.includes(source as SourceName) && !this.announced.has(source as SourceName)) {
                  this.announced.add(source as SourceName);
                  rebuild = true;
                }
              }
            } else if (topic === Topic.Clients || topic === Topic.Placements || topic === Topic.Rates) {
              const source = topic === Topic.Clients ? 'clients' : topic === Topic.Placements ? 'placements' : 'rates';
              const map = source === 'clients' ? this.clients : source === 'placements' ? this.placements : this.rates;
              const key = m.key ?? '';
              if (!m.value) {
                if (!map.has(key)) continue;
                map.delete(key);
                if (source === 'rates') rateDeletes.push(key);
                if (source === 'rates') incremental.push({ source, key });
                else rebuild = true;
                continue;
              }
              const env = decode(recordEnvelopeSchema, m.value);
              const previous = map.get(key);
              if (previous && canonical(previous.row) === canonical(env.row) && previous.pos.line === env.pos.line) continue;
              map.set(key, env);
              if (source === 'rates') rateUpserts.push({ rateId: key, value: m.value.toString() });
              incremental.push({ source, env, key });
            }
          } catch (err) {
            if (!(err instanceof EnvelopeError)) throw err;
            await this.quarantine(topic ?? batch.topic, m, err.message);
          }
        }
        const last = batch.messages[batch.messages.length - 1];
        if (last) positions.set(tp(batch.topic, batch.partition), BigInt(last.offset) + 1n);
      }
      // read positions count once what they brought is committed (recon replay --wait relies on it)
      const advance = () => positions.forEach((v, k) => this.broadcastPositions.set(k, v));
      if (this.options.rateCache && (rateUpserts.length || rateDeletes.length)) {
        await this.options.rateCache.write(rateUpserts, rateDeletes).catch((err) => this.log.warn(`rate cache write failed: ${(err as Error).message}`));
      }
      if (this.status === 'catching-up') {
        advance();
        this.checkCaughtUp();
        return;
      }
      if (rebuild) this.rebuildRequested = true;
      if (!this.rebuildRequested && this.engine) {
        for (const change of incremental) this.applyCrm(this.engine, change.source, change.env, change.key);
      }
      await this.commit((tx) => this.reconcile(tx, batches));
      advance();
    });
  }

  /** Fact batches (timesheet, invoice, credit note and pay lines) of the partitions this instance owns. */
  async onFacts(batches: readonly MessageBatch[]): Promise<void> {
    await this.exclusive(async () => {
      let t = performance.now();
      const lap = (phase: string): void => {
        const now = performance.now();
        this.phases[phase] += now - t;
        t = now;
      };
      const incoming: StoredFact[] = [];
      for (const batch of batches) {
        for (const m of batch.messages) {
          try {
            const env = decode(recordEnvelopeSchema, m.value);
            const traceParent = headerString(m.headers.traceparent);
            incoming.push({
              source: env.source,
              recordId: env.record_id,
              clientKey: env.client_key,
              partition: partitionFor(env.client_key, FACT_PARTITIONS),
              row: env.row,
              pos: env.pos,
              contentHash: createHash('sha1').update(canonical([env.row, env.pos, env.client_key])).digest('hex'),
              uploadId: env.upload_id,
              ...(traceParent ? { traceParent } : {}),
            });
          } catch (err) {
            if (!(err instanceof EnvelopeError)) throw err;
            await this.quarantine(this.topicByPhysical.get(batch.topic) ?? batch.topic, m, err.message);
          }
        }
      }
      this.phases.batches++;
      this.phases.messages += incoming.length;
      lap('decode');
      await this.commit(async (tx) => {
        const changed = await tx.upsertFacts(incoming);
        lap('upsert');
        for (const f of changed) this.facts.set(factKey(f.source, f.recordId), f);
        if (!this.rebuildRequested && !this.assignmentChanged && this.engine) {
          for (const f of changed) this.feed(this.engine, f);
          if (this.mayChangeSettings(changed)) {
            const settings = await this.settings(tx);
            if (settings.key !== this.engineSettings) this.rebuildRequested = true;
          }
        }
        lap('feed');
        await this.reconcile(tx, batches, lap);
      });
      lap('commit');
    });
  }

  /** Only a new source, or a timesheet earlier than data_from, can change the global settings. */
  private mayChangeSettings(changed: readonly StoredFact[]): boolean {
    for (const f of changed) {
      if (!this.presentKnown.has(f.source)) return true;
      if (f.source === 'timesheets' && !this.rules.dataFrom) {
        const day = f.row.work_date?.slice(0, 10);
        if (day && (!this.dataFromKnown || day < this.dataFromKnown)) return true;
      }
    }
    return false;
  }

  /** The group gave this instance a new set of fact partitions. */
  onAssignment(assignment: Assignment): void {
    const owned = new Set<number>();
    for (const topic of this.factTopics) for (const p of assignment[topic] ?? []) owned.add(p);
    this.owned = owned;
    this.assigned = true;
    this.assignmentChanged = true;
    this.log.log(`assigned fact partitions [${[...owned].sort().join(', ')}]`);
    if (this.status === 'joining' || this.status === 'ready' || this.status === 'rebuilding') {
      this.status = 'rebuilding';
      // rebuild now: the new partitions may have nothing left to deliver
      void this.refresh().catch(() => undefined);
    }
  }

  /** Rebuilds (if needed) and reconciles without a batch: after an assignment or a settings change. */
  private async refresh(): Promise<void> {
    await this.exclusive(() => this.commit((tx) => this.reconcile(tx, [])));
  }

  // --- reconciliation ---------------------------------------------------------------------

  /** Rebuilds if needed, evaluates, and writes exception changes + their events in `tx`. */
  private async reconcile(tx: StoreTx, batches: readonly MessageBatch[], lap: (phase: string) => void = () => undefined): Promise<void> {
    if (this.assignmentChanged) {
      this.assignmentChanged = false;
      this.facts = new Map((await this.store.facts([...this.owned])).map((f) => [factKey(f.source, f.recordId), f]));
      this.rebuildRequested = true;
    }
    if (!this.crmPresent()) return; // facts wait for the CRM: nothing can be placed yet
    const batchTrace = firstTrace(batches);
    if (this.rebuildRequested || !this.engine) {
      if (this.status === 'ready') this.status = 'rebuilding';
      const t0 = performance.now();
      const settings = await this.settings(tx);
      this.engine = this.buildEngine(settings);
      this.engineSettings = settings.key;
      this.rebuildRequested = false;
      this.engine.evaluate();
      const desired = new Map<string, ExceptionRecord | undefined>();
      for (const record of this.engine.exceptions()) if (this.owns(record)) desired.set(record.exception_id, record);
      this.stateCache.clear();
      for (const state of await this.store.exceptions({ status: 'open', ownerPartitions: [...this.owned] })) {
        if (!desired.has(state.exceptionId)) desired.set(state.exceptionId, undefined);
      }
      await this.write(tx, desired, batchTrace);
      this.evaluations++;
      this.log.log(`engine rebuilt from ${this.facts.size} facts in ${Math.round(performance.now() - t0)} ms (${desired.size} exceptions checked)`);
      return;
    }
    const changes = this.engine.evaluate();
    this.evaluations++;
    lap('evaluate');
    if (changes.length === 0) return;
    const desired = new Map<string, ExceptionRecord | undefined>();
    for (const change of changes) {
      if (!this.owns(change.exception)) continue;
      desired.set(change.exception.exception_id, change.type === 'closed' ? undefined : change.exception);
    }
    await this.write(tx, desired, batchTrace);
    lap('write');
  }

  /** Compares what the engine says with the stored state and records one event per real change. */
  private async write(tx: StoreTx, desired: Map<string, ExceptionRecord | undefined>, batchTrace: Context): Promise<void> {
    if (desired.size === 0) return;
    const ids = [...desired.keys()];
    const current = await tx.lockExceptions(ids, new Set(ids.filter((id) => !this.stateCache.has(id))));
    // a cached state another instance has changed since (a rebalance) is read again
    const stale = ids.filter((id) => {
      const cached = this.stateCache.get(id);
      return cached && current.get(id)?.sequence !== cached.sequence && current.has(id);
    });
    const reread = stale.length ? await tx.lockExceptions(stale, new Set(stale)) : new Map();
    const states: ExceptionState[] = [];
    const events: OutboxEvent[] = [];
    const now = new Date().toISOString();
    for (const [id, record] of desired) {
      const state = current.get(id);
      const cached = this.stateCache.get(id);
      const fromDb = state?.record ?? reread.get(id)?.record;
      const fromCache = !fromDb && state && cached?.sequence === state.sequence ? cached : undefined;
      const storedRecord = fromDb ?? fromCache?.record;
      const storedCanon = fromDb ? canonical(fromDb) : fromCache?.canon;
      const isOpen = state?.status === 'open';
      const canon = record ? canonical(record) : '';
      let type: 'opened' | 'updated' | 'closed' | undefined;
      if (record && !isOpen) type = 'opened';
      else if (record && isOpen && canon !== storedCanon) type = 'updated';
      else if (!record && isOpen) type = 'closed';
      if (!type) {
        if (state && storedRecord && storedCanon !== undefined && !fromCache) this.pendingCache.set(id, { status: state.status, sequence: state.sequence, record: storedRecord, canon: storedCanon });
        continue;
      }
      const sequence = (state?.sequence ?? 0) + 1;
      const exception = record ?? (storedRecord as ExceptionRecord);
      const event = exceptionEvent(type, sequence, exception, now, type === 'updated' ? storedRecord : undefined);
      const status = record ? 'open' : 'closed';
      states.push({ exceptionId: id, status, sequence, ownerPartition: this.ownerPartition(exception), record: exception });
      events.push({ eventId: event.event_id, exceptionId: id, payload: event as unknown as Record<string, unknown>, headers: this.traceHeaders(exception, type, batchTrace) });
      this.pendingCache.set(id, { status, sequence, record: exception, canon: record ? canon : canonical(exception) });
    }
    await tx.writeChanges(states, events);
    this.pendingEvents.push(...events);
  }

  /** A transaction whose exception events are published right after the commit (the outbox relay catches anything left). */
  private async commit(fn: (tx: StoreTx) => Promise<void>): Promise<void> {
    this.pendingCache = new Map();
    this.pendingEvents = [];
    try {
      await this.store.transaction(fn);
    } catch (err) {
      this.pendingCache = new Map();
      this.pendingEvents = [];
      throw err;
    }
    for (const [id, state] of this.pendingCache) this.stateCache.set(id, state);
    // ready only once the rebuild's state is committed (and the group has given us our partitions)
    if (this.status === 'rebuilding' && this.assigned && !this.assignmentChanged) this.status = 'ready';
    const events = this.pendingEvents;
    this.pendingEvents = [];
    if (events.length) this.publishNow(events);
  }

  private publishNow(events: OutboxEvent[]): void {
    this.publishChain = this.publishChain.then(async () => {
      try {
        await this.bus.publish(
          this.topic(Topic.Exceptions),
          events.map((e): OutgoingMessage => ({ key: e.exceptionId, value: encode(e.payload), headers: e.headers })),
        );
        await this.store.markSent(events.map((e) => e.eventId));
      } catch (err) {
        this.log.warn(`exception events left to the outbox relay: ${(err as Error).message}`);
      }
    });
  }

  /** The exception event continues the trace of the record that caused it (else the batch's). */
  private traceHeaders(exception: ExceptionRecord, type: string, batchTrace: Context): Record<string, string> {
    const fact = exception.record_id ? this.facts.get(factKey(exception.source, exception.record_id)) : undefined;
    const parent = fact?.traceParent ? extractTraceContext({ traceparent: fact.traceParent }) : batchTrace;
    const span = tracer('closegap-matching').startSpan(`exception ${type}`, { attributes: { 'closegap.exception_id': exception.exception_id, 'closegap.category': exception.category } }, parent);
    const headers = injectTraceHeaders({ 'content-type': 'application/json' }, trace.setSpan(parent, span));
    span.end();
    return headers;
  }

  private ownerPartition(record: ExceptionRecord): number {
    return partitionFor(record.client_id || UNRESOLVED_KEY, FACT_PARTITIONS);
  }

  private owns(record: ExceptionRecord): boolean {
    return this.owned.has(this.ownerPartition(record));
  }

  private crmPresent(): boolean {
    return this.clients.size > 0 && this.placements.size > 0;
  }

  /** as_of, data_from and the checks not run: global settings that, when they change, rebuild the engine. */
  private async settings(source: Pick<StoreTx, 'earliestWorkDay' | 'presentSources'>): Promise<{ key: string; asOf: string; dataFrom?: string; skip: Set<Category> }> {
    const asOf = this.rules.asOf ?? (this.options.today ?? (() => new Date().toISOString().slice(0, 10)))();
    const dataFrom = this.rules.dataFrom ?? (await source.earliestWorkDay());
    const present = new Set<string>([...(await source.presentSources()), ...this.announced]);
    if (this.rates.size > 0) present.add('rates');
    const unavailable = new Map<SourceName, string>();
    for (const s of ['rates', ...FACT_SOURCES_ORDER] as SourceName[]) if (!present.has(s)) unavailable.set(s, 'no records received');
    const skip = new Set(notCheckedFor(unavailable).map((n) => n.category));
    this.presentKnown = present;
    this.dataFromKnown = dataFrom;
    return { key: JSON.stringify([this.rules.hash, asOf, dataFrom ?? '', [...skip].sort()]), asOf, dataFrom, skip };
  }

  private buildEngine(settings: { asOf: string; dataFrom?: string; skip: Set<Category> }): ReconEngine {
    const engine = new ReconEngine({ rules: this.rules, asOf: settings.asOf, dataFrom: settings.dataFrom, skip: settings.skip });
    for (const [key, env] of this.clients) this.applyCrm(engine, 'clients', env, key);
    for (const [key, env] of this.placements) this.applyCrm(engine, 'placements', env, key);
    for (const [key, env] of this.rates) this.applyCrm(engine, 'rates', env, key);
    const ordered = [...this.facts.values()].sort((a, b) => FACT_SOURCES_ORDER.indexOf(a.source as SourceName) - FACT_SOURCES_ORDER.indexOf(b.source as SourceName));
    for (const fact of ordered) this.feed(engine, fact);
    return engine;
  }

  private applyCrm(engine: ReconEngine, source: 'clients' | 'placements' | 'rates', env: RecordEnvelope | undefined, key: string): void {
    if (!env) {
      if (source === 'rates') engine.removeRate(key);
      return;
    }
    const built = buildRecord(env, this.rules);
    if (!built.ok) {
      this.log.warn(`${source} ${env.record_id}: ${built.column} ${built.reason} (not used)`);
      return;
    }
    if (source === 'clients') engine.upsertClient(built.record as Client);
    else if (source === 'placements') engine.upsertPlacement(built.record as Placement);
    else engine.upsertRate(built.record as RateRow);
  }

  private feed(engine: ReconEngine, fact: StoredFact): void {
    if (!this.owned.has(fact.partition)) return;
    const built = buildRecord({ source: fact.source as SourceName, row: fact.row, pos: fact.pos }, this.rules);
    if (!built.ok) {
      void this.publishQuarantine({ source: fact.source, record_id: fact.recordId, file: fact.pos.file, line: fact.pos.line, column: built.column, reason: built.reason, raw: JSON.stringify(fact.row), upload_id: fact.uploadId });
      return;
    }
    engine.upsertRecord(fact.source as SourceName, built.record);
  }

  // --- background work ----------------------------------------------------------------------

  /** Publishes the outbox (one relay at a time across instances keeps per-exception order). */
  async relay(): Promise<void> {
    if (this.relaying) {
      this.relayAgain = true;
      return;
    }
    this.relaying = true;
    const r0 = performance.now();
    try {
      do {
        this.relayAgain = false;
        let sent: number;
        do {
          // events the fast path did not publish within 3 s (a crash, a broker hiccup); everything once at start
          sent = await this.store.relayOutbox(
            5_000,
            (events) =>
              this.bus.publish(
                this.topic(Topic.Exceptions),
                events.map((e): OutgoingMessage => ({ key: e.exceptionId, value: encode(e.payload), headers: e.headers })),
              ),
            this.relayedAtStart ? 3_000 : 0,
          );
        } while (sent > 0);
      } while (this.relayAgain);
      this.relayedAtStart = true;
      this.lastError = undefined;
    } catch (err) {
      this.lastError = `outbox relay: ${(err as Error).message}`;
      this.log.warn(this.lastError);
    } finally {
      this.relaying = false;
      this.phases.relay += performance.now() - r0;
    }
  }

  /** Other instances' timesheets may move data_from; a new day moves as_of. */
  private async checkGlobalSettings(): Promise<void> {
    if (this.status !== 'ready') return;
    if (!this.engine) {
      if (this.crmPresent()) await this.refresh().catch(() => undefined);
      return;
    }
    try {
      const settings = await this.settings(this.store);
      if (settings.key === this.engineSettings) return;
      await this.exclusive(async () => {
        this.rebuildRequested = true;
        await this.commit((tx) => this.reconcile(tx, []));
      });
    } catch (err) {
      this.log.warn(`settings check failed: ${(err as Error).message}`);
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.store.saveInstance({
        instanceId: this.options.instanceId,
        groupId: this.options.groupId,
        assignment: { facts: [...this.owned].sort() },
        broadcastPositions: Object.fromEntries([...this.broadcastPositions].map(([k, v]) => [k, v.toString()])),
        status: this.status,
      });
    } catch (err) {
      this.log.warn(`heartbeat not saved: ${(err as Error).message}`);
    }
  }

  private checkCaughtUp(): void {
    if (this.status !== 'catching-up' || !this.broadcastTargets) return;
    for (const [key, high] of this.broadcastTargets) if ((this.broadcastPositions.get(key) ?? 0n) < high) return;
    this.status = this.assignmentChanged ? 'rebuilding' : 'joining';
    if (this.assignmentChanged) void this.refresh().catch(() => undefined);
    this.rebuildRequested = true;
    this.log.log(`caught up with CRM, rules and runs: ${this.clients.size} clients, ${this.placements.size} placements, ${this.rates.size} rates, rules ${this.rules.hash.slice(0, 12)}`);
    void this.heartbeat();
    this.caughtUp();
  }

  private async quarantine(topic: string, m: IncomingMessage, reason: string): Promise<void> {
    this.log.warn(`${topic} ${m.partition}@${m.offset}: ${reason} (quarantined)`);
    await this.publishQuarantine({ source: topic, record_id: m.key ?? `${m.partition}@${m.offset}`, file: topic, line: 0, reason, raw: m.value?.toString() ?? '', upload_id: '' });
  }

  private async publishQuarantine(q: Omit<QuarantineEvent, 'schema' | 'version' | 'service' | 'occurred_at'>): Promise<void> {
    const event: QuarantineEvent = { schema: 'closegap.quarantine', version: 1, service: 'matching', occurred_at: new Date().toISOString(), ...q };
    await this.bus.publish(this.topic(Topic.Quarantine), [{ key: `${q.source}:${q.record_id}`, value: encode(event) }]).catch((err) => this.log.warn(`quarantine not published: ${(err as Error).message}`));
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    try {
      return await run;
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.error(`batch failed (will be redelivered): ${(err as Error).stack ?? err}`);
      throw err;
    }
  }
}

function headerString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? undefined : String(one);
}

function firstTrace(batches: readonly MessageBatch[]): Context {
  for (const b of batches) for (const m of b.messages) if (m.headers.traceparent) return extractTraceContext(m.headers);
  return context.active();
}

