import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ExceptionRecord } from '@closegap/domain';

/** The current state of every exception the live system has ever opened. */
@Entity({ name: 'exceptions' })
@Index('exceptions_owner_idx', ['ownerPartition', 'status'])
export class ExceptionStateEntity {
  @PrimaryColumn({ name: 'exception_id', type: 'text' })
  exceptionId!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  status!: 'open' | 'closed';

  /** sequence of the last event published for it */
  @Column({ type: 'int' })
  sequence!: number;

  /** fact-topic partition whose owner publishes its changes */
  @Column({ name: 'owner_partition', type: 'int' })
  ownerPartition!: number;

  @Column({ type: 'jsonb' })
  record!: ExceptionRecord;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
