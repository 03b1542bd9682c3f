import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonValue } from './canonical-json';

const bigintNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** One entry of the append-only, hash-chained audit log (`audit.entries`). */
@Entity({ schema: 'audit', name: 'entries' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  seq!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', name: 'entity_type' })
  entity_type!: string;

  @Column({ type: 'text', name: 'entity_id' })
  entity_id!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb' })
  data!: JsonValue;

  @Column({ type: 'char', length: 64, name: 'prev_hash' })
  prev_hash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
