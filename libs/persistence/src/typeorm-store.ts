import type { DataSource, EntityManager } from 'typeorm';
import type { ExceptionState, InstanceState, LockedException, MatchingStore, OutboxEvent, StoreTx, StoredFact } from './store';

/** Relay lock id (pg advisory lock): one outbox relay at a time keeps events in order. */
const RELAY_LOCK = 724_411_001;

interface ExceptionRow {
  exception_id: string;
  status: 'open' | 'closed';
  sequence: number;
  owner_partition: number;
  record: ExceptionState['record'];
}

const toState = (r: ExceptionRow): ExceptionState => ({
  exceptionId: r.exception_id,
  status: r.status,
  sequence: r.sequence,
  ownerPartition: r.owner_partition,
  record: r.record,
});

/** MatchingStore on PostgreSQL through TypeORM; bulk statements use unnest() arrays. */
export class TypeormMatchingStore implements MatchingStore {
  private readonly s: string;

  constructor(
    private readonly ds: DataSource,
    schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    this.s = `"${schema}"`;
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.ds.transaction((em) => fn(this.tx(em)));
  }

  private tx(em: EntityManager): StoreTx {
    const s = this.s;
    return {
      upsertFacts: async (facts) => {
        if (facts.length === 0) return [];
        // last value per key wins within one call (ON CONFLICT cannot touch a row twice)
        const byKey = new Map<string, StoredFact>();
        for (const f of facts) byKey.set(`${f.source}\u0000${f.recordId}`, f);
        const list = [...byKey.values()];
        const rows: { source: string; record_id: string }[] = await em.query(
          `INSERT INTO ${s}.facts (source, record_id, client_key, partition, row, pos, content_hash, upload_id, trace_parent, updated_at)
           SELECT u.source, u.record_id, u.client_key, u.partition, u.row, u.pos, u.content_hash, u.upload_id, u.trace_parent, now()
           FROM jsonb_to_recordset($1::jsonb)
             AS u(source text, record_id text, client_key text, partition int, row jsonb, pos jsonb, content_hash text, upload_id text, trace_parent text)
           ON CONFLICT (source, record_id) DO UPDATE SET
             client_key = EXCLUDED.client_key, partition = EXCLUDED.partition, row = EXCLUDED.row, pos = EXCLUDED.pos,
             content_hash = EXCLUDED.content_hash, upload_id = EXCLUDED.upload_id, trace_parent = EXCLUDED.trace_parent, updated_at = now()
           WHERE facts.content_hash <> EXCLUDED.content_hash OR facts.partition <> EXCLUDED.partition OR facts.client_key <> EXCLUDED.client_key
           RETURNING source, record_id`,
          [
            JSON.stringify(
              list.map((f) => ({
                source: f.source,
                record_id: f.recordId,
                client_key: f.clientKey,
                partition: f.partition,
                row: f.row,
                pos: f.pos,
                content_hash: f.contentHash,
                upload_id: f.uploadId,
                trace_parent: f.traceParent ?? null,
              })),
            ),
          ],
        );
        const changed = new Set(rows.map((r) => `${r.source}\u0000${r.record_id}`));
        return list.filter((f) => changed.has(`${f.source}\u0000${f.recordId}`));
      },
      lockExceptions: async (ids, withRecord) => {
        if (ids.length === 0) return new Map();
        const rows: (Omit<ExceptionRow, 'record'> & { record: ExceptionRow['record'] | null })[] = await em.query(
          `SELECT exception_id, status, sequence, owner_partition,
                  CASE WHEN $2::boolean OR exception_id = ANY($3::text[]) THEN record END AS record
           FROM ${s}.exceptions WHERE exception_id = ANY($1::text[]) ORDER BY exception_id FOR UPDATE`,
          [[...ids], withRecord === undefined, withRecord ? [...withRecord] : []],
        );
        return new Map(
          rows.map((r): [string, LockedException] => [
            r.exception_id,
            { exceptionId: r.exception_id, status: r.status, sequence: r.sequence, ownerPartition: r.owner_partition, ...(r.record ? { record: r.record } : {}) },
          ]),
        );
      },
      saveExceptions: async (states) => {
        if (states.length === 0) return;
        await em.query(
          `INSERT INTO ${s}.exceptions (exception_id, category, status, sequence, owner_partition, record, updated_at)
           SELECT u.exception_id, u.category, u.status, u.sequence, u.owner_partition, u.record, now()
           FROM jsonb_to_recordset($1::jsonb) AS u(exception_id text, category text, status text, sequence int, owner_partition int, record jsonb)
           ON CONFLICT (exception_id) DO UPDATE SET status = EXCLUDED.status, sequence = EXCLUDED.sequence,
             owner_partition = EXCLUDED.owner_partition, record = EXCLUDED.record, updated_at = now()`,
          [
            JSON.stringify(
              states.map((x) => ({
                exception_id: x.exceptionId,
                category: x.record.category,
                status: x.status,
                sequence: x.sequence,
                owner_partition: x.ownerPartition,
                record: x.record,
              })),
            ),
          ],
        );
      },
      writeChanges: async (states, events) => {
        if (states.length === 0 && events.length === 0) return;
        await em.query(
          `WITH saved AS (
             INSERT INTO ${s}.exceptions (exception_id, category, status, sequence, owner_partition, record, updated_at)
             SELECT u.exception_id, u.record->>'category', u.status, u.sequence, u.owner_partition, u.record, now()
             FROM jsonb_to_recordset($1::jsonb) AS u(exception_id text, status text, sequence int, owner_partition int, record jsonb)
             ON CONFLICT (exception_id) DO UPDATE SET status = EXCLUDED.status, sequence = EXCLUDED.sequence,
               owner_partition = EXCLUDED.owner_partition, record = EXCLUDED.record, updated_at = now()
             RETURNING 1) -- data-modifying CTEs always run
           INSERT INTO ${s}.exception_outbox (event_id, exception_id, payload, headers)
           SELECT u.event_id, u.exception_id, u.payload, u.headers FROM jsonb_to_recordset($2::jsonb) AS u(event_id text, exception_id text, payload jsonb, headers jsonb)
           ON CONFLICT (event_id) DO NOTHING`,
          [
            JSON.stringify(states.map((x) => ({ exception_id: x.exceptionId, status: x.status, sequence: x.sequence, owner_partition: x.ownerPartition, record: x.record }))),
            JSON.stringify(events.map((e) => ({ event_id: e.eventId, exception_id: e.exceptionId, payload: e.payload, headers: e.headers }))),
          ],
        );
      },
      earliestWorkDay: () => this.earliestWorkDayVia(em),
      presentSources: () => this.presentSourcesVia(em),
      enqueue: async (events) => {
        if (events.length === 0) return;
        await em.query(
          `INSERT INTO ${s}.exception_outbox (event_id, exception_id, payload, headers)
           SELECT u.event_id, u.exception_id, u.payload, u.headers FROM jsonb_to_recordset($1::jsonb) AS u(event_id text, exception_id text, payload jsonb, headers jsonb)
           ON CONFLICT (event_id) DO NOTHING`,
          [JSON.stringify(events.map((e) => ({ event_id: e.eventId, exception_id: e.exceptionId, payload: e.payload, headers: e.headers })))],
        );
      },
    };
  }

  async facts(partitions?: readonly number[]): Promise<StoredFact[]> {
    const rows: {
      source: string;
      record_id: string;
      client_key: string;
      partition: number;
      row: Record<string, string>;
      pos: { file: string; line: number };
      content_hash: string;
      upload_id: string;
      trace_parent: string | null;
    }[] = partitions
      ? await this.ds.query(`SELECT * FROM ${this.s}.facts WHERE partition = ANY($1::int[])`, [[...partitions]])
      : await this.ds.query(`SELECT * FROM ${this.s}.facts`);
    return rows.map((r) => ({
      source: r.source,
      recordId: r.record_id,
      clientKey: r.client_key,
      partition: r.partition,
      row: r.row,
      pos: r.pos,
      contentHash: r.content_hash,
      uploadId: r.upload_id,
      traceParent: r.trace_parent ?? undefined,
    }));
  }

  async exceptions(filter: { status?: 'open' | 'closed'; ownerPartitions?: readonly number[] } = {}): Promise<ExceptionState[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.ownerPartitions) {
      params.push([...filter.ownerPartitions]);
      where.push(`owner_partition = ANY($${params.length}::int[])`);
    }
    const rows: ExceptionRow[] = await this.ds.query(
      `SELECT exception_id, status, sequence, owner_partition, record FROM ${this.s}.exceptions ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY exception_id`,
      params,
    );
    return rows.map(toState);
  }

  async relayOutbox(limit: number, publish: (events: OutboxEvent[]) => Promise<void>, olderThanMs = 0): Promise<number> {
    return this.ds.transaction(async (em) => {
      const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK]);
      if (!locked) return 0;
      const rows: { id: string; event_id: string; exception_id: string; payload: Record<string, unknown>; headers: Record<string, string> }[] = await em.query(
        `SELECT id, event_id, exception_id, payload, headers FROM ${this.s}.exception_outbox
         WHERE sent_at IS NULL AND created_at <= now() - ($2::int * interval '1 millisecond') ORDER BY id LIMIT $1`,
        [limit, olderThanMs],
      );
      if (rows.length === 0) return 0;
      await publish(rows.map((r) => ({ eventId: r.event_id, exceptionId: r.exception_id, payload: r.payload, headers: r.headers })));
      await em.query(`UPDATE ${this.s}.exception_outbox SET sent_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  earliestWorkDay(): Promise<string | undefined> {
    return this.earliestWorkDayVia(this.ds.manager);
  }

  presentSources(): Promise<string[]> {
    return this.presentSourcesVia(this.ds.manager);
  }

  private async earliestWorkDayVia(em: EntityManager): Promise<string | undefined> {
    const [{ d }] = await em.query(`SELECT min(left(row->>'work_date', 10)) AS d FROM ${this.s}.facts WHERE source = 'timesheets'`);
    return d ?? undefined;
  }

  private async presentSourcesVia(em: EntityManager): Promise<string[]> {
    const rows: { s: string }[] = await em.query(
      `SELECT s FROM unnest(ARRAY['timesheets','invoices','credit_notes','pay_lines']) AS s WHERE EXISTS (SELECT 1 FROM ${this.s}.facts f WHERE f.source = s)`,
    );
    return rows.map((r) => r.s);
  }

  async markSent(eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.ds.query(`UPDATE ${this.s}.exception_outbox SET sent_at = now() WHERE event_id = ANY($1::text[]) AND sent_at IS NULL`, [[...eventIds]]);
  }

  async pendingOutbox(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM ${this.s}.exception_outbox WHERE sent_at IS NULL`);
    return n;
  }

  async saveInstance(state: InstanceState): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.s}.matching_instances (instance_id, group_id, assignment, broadcast_positions, status, heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (instance_id) DO UPDATE SET group_id = EXCLUDED.group_id, assignment = EXCLUDED.assignment,
         broadcast_positions = EXCLUDED.broadcast_positions, status = EXCLUDED.status, heartbeat_at = now()`,
      [state.instanceId, state.groupId, JSON.stringify(state.assignment), JSON.stringify(state.broadcastPositions), state.status],
    );
  }

  async removeInstance(instanceId: string): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.s}.matching_instances WHERE instance_id = $1`, [instanceId]);
  }

  async instances(groupId: string, aliveWithinMs: number): Promise<InstanceState[]> {
    const rows: { instance_id: string; group_id: string; assignment: Record<string, number[]>; broadcast_positions: Record<string, string>; status: string; heartbeat_at: Date }[] =
      await this.ds.query(
        `SELECT * FROM ${this.s}.matching_instances WHERE group_id = $1 AND heartbeat_at > now() - ($2::int * interval '1 millisecond') ORDER BY instance_id`,
        [groupId, aliveWithinMs],
      );
    return rows.map((r) => ({
      instanceId: r.instance_id,
      groupId: r.group_id,
      assignment: r.assignment,
      broadcastPositions: r.broadcast_positions,
      status: r.status,
      heartbeatAt: r.heartbeat_at,
    }));
  }

  async ping(): Promise<void> {
    await this.ds.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
