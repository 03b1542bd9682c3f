import { createHash } from 'node:crypto';
import { canonicalJson, JsonValue } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** What an audit entry records: who, when, what (action on an entity, with data) and why. */
export interface AuditFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  reason: string | null;
  data: JsonValue;
}

export interface ChainedEntry extends AuditFields {
  prev_hash: string;
  hash: string;
}

/** sha256 over the previous entry's hash and the canonical JSON of this entry's fields. */
export function entryHash(prevHash: string, fields: AuditFields): string {
  const body = canonicalJson({
    seq: fields.seq,
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    entity_type: fields.entity_type,
    entity_id: fields.entity_id,
    reason: fields.reason,
    data: fields.data,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export interface BrokenLink {
  seq: number;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_entries';
  detail: string;
}

/** Streaming verifier: feed entries in seq order; the first break is kept. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;
  broken?: BrokenLink;

  constructor(start?: { seq: number; prevHash: string }) {
    if (start) {
      this.expectedSeq = start.seq;
      this.prevHash = start.prevHash;
    }
  }

  get headHash(): string {
    return this.prevHash;
  }

  push(entry: ChainedEntry): boolean {
    if (this.broken) return false;
    this.checked++;
    if (entry.seq !== this.expectedSeq) {
      this.broken = { seq: entry.seq, problem: 'missing_entries', detail: `expected entry #${this.expectedSeq} but found #${entry.seq}: entries were deleted` };
      return false;
    }
    if (entry.prev_hash !== this.prevHash) {
      this.broken = { seq: entry.seq, problem: 'prev_hash_mismatch', detail: `entry #${entry.seq} does not point at the hash of entry #${entry.seq - 1}` };
      return false;
    }
    const computed = entryHash(entry.prev_hash, entry);
    if (computed !== entry.hash) {
      this.broken = { seq: entry.seq, problem: 'hash_mismatch', detail: `entry #${entry.seq} (${entry.action} ${entry.entity_type} ${entry.entity_id}) was changed after it was written` };
      return false;
    }
    this.prevHash = entry.hash;
    this.expectedSeq++;
    return true;
  }
}
