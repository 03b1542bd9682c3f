import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One canonical record the matching service has accepted (a fact topic's current value). */
@Entity({ name: 'facts' })
@Index('facts_partition_idx', ['partition'])
export class FactEntity {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  @PrimaryColumn({ name: 'record_id', type: 'text' })
  recordId!: string;

  /** resolved CRM client_id (the message key) or "unresolved" */
  @Column({ name: 'client_key', type: 'text' })
  clientKey!: string;

  /** fact-topic partition of client_key: which matching instance owns the record */
  @Column({ type: 'int' })
  partition!: number;

  @Column({ type: 'jsonb' })
  row!: Record<string, string>;

  @Column({ type: 'jsonb' })
  pos!: { file: string; line: number };

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'upload_id', type: 'text' })
  uploadId!: string;

  /** W3C traceparent of the message that brought the current value */
  @Column({ name: 'trace_parent', type: 'text', nullable: true })
  traceParent!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
