import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Exception events written in the same transaction as the exception state, published by the
 * relay afterwards: a crash between commit and publish loses nothing.
 */
@Entity({ name: 'exception_outbox' })
@Index('exception_outbox_unsent_idx', ['id'], { where: 'sent_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('exception_outbox_event_id_key', { unique: true })
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'exception_id', type: 'text' })
  exceptionId!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** Kafka headers to send (trace context) */
  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
