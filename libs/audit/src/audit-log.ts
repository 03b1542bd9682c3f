import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { toJsonValue } from './canonical-json';
import { BrokenLink, ChainVerifier, ChainedEntry, GENESIS_HASH, entryHash } from './chain';

export interface AuditInput {
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  reason?: string | null;
  data?: unknown;
  at?: Date;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  head?: { seq: number; hash: string };
  first_broken?: BrokenLink;
}

export interface EntryQuery {
  from?: Date;
  /** exclusive */
  to?: Date;
  entity_type?: string;
  entity_id?: string;
  action_prefix?: string;
  limit?: number;
  /** newest first */
  descending?: boolean;
}

/** Transaction-scoped lock that serialises appends, so each entry chains to the last one. */
const APPEND_LOCK = 0x0c105e6a;

function toChained(e: AuditEntryEntity): ChainedEntry {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    entity_type: e.entity_type,
    entity_id: e.entity_id,
    reason: e.reason,
    data: e.data,
    prev_hash: e.prev_hash,
    hash: e.hash,
  };
}

/**
 * The append-only audit log. `append` must run inside the caller's transaction so that the
 * state change and its entry commit together; the advisory lock is released at commit.
 */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, input: AuditInput): Promise<ChainedEntry> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditLog.append must run inside a transaction');
    await manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const last = (await manager.query('SELECT seq, hash FROM audit.entries ORDER BY seq DESC LIMIT 1')) as { seq: string; hash: string }[];
    const seq = last.length ? Number(last[0].seq) + 1 : 1;
    const prevHash = last.length ? last[0].hash : GENESIS_HASH;
    const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
    const fields = {
      seq,
      at: at.toISOString(),
      actor: input.actor,
      action: input.action,
      entity_type: input.entity_type,
      entity_id: input.entity_id,
      reason: input.reason?.trim() ? input.reason.trim() : null,
      data: toJsonValue(input.data ?? {}),
    };
    const hash = entryHash(prevHash, fields);
    await manager.query(
      'INSERT INTO audit.entries (seq, at, actor, action, entity_type, entity_id, reason, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)',
      [seq, at, fields.actor, fields.action, fields.entity_type, fields.entity_id, fields.reason, JSON.stringify(fields.data), prevHash, hash],
    );
    return { ...fields, prev_hash: prevHash, hash };
  }

  /** Appends in a transaction of its own. */
  async record(input: AuditInput): Promise<ChainedEntry> {
    return this.dataSource.transaction((m) => this.append(m, input));
  }

  /** Walks the whole chain in order; names the first entry that was edited, removed or re-linked. */
  async verify(pageSize = 2000): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    let after = 0;
    let last: ChainedEntry | undefined;
    for (;;) {
      const page = await this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e').where('e.seq > :after', { after }).orderBy('e.seq', 'ASC').limit(pageSize).getMany();
      for (const row of page) {
        const entry = toChained(row);
        if (!verifier.push(entry)) return { ok: false, checked: verifier.checked, first_broken: verifier.broken };
        last = entry;
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1].seq;
    }
    return { ok: true, checked: verifier.checked, head: last ? { seq: last.seq, hash: last.hash } : undefined };
  }

  async entries(query: EntryQuery = {}): Promise<ChainedEntry[]> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    if (query.from) qb.andWhere('e.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.at < :to', { to: query.to });
    if (query.entity_type) qb.andWhere('e.entity_type = :et', { et: query.entity_type });
    if (query.entity_id) qb.andWhere('e.entity_id = :eid', { eid: query.entity_id });
    if (query.action_prefix) qb.andWhere('e.action LIKE :ap', { ap: query.action_prefix.replace(/[%_]/g, '\\$&') + '%' });
    qb.orderBy('e.seq', query.descending ? 'DESC' : 'ASC');
    if (query.limit) qb.limit(query.limit);
    return (await qb.getMany()).map(toChained);
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(AuditEntryEntity).count();
  }
}
