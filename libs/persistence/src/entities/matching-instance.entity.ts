import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A running matching instance: what it owns and how far it has read the broadcast topics. */
@Entity({ name: 'matching_instances' })
export class MatchingInstanceEntity {
  @PrimaryColumn({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ name: 'group_id', type: 'text' })
  groupId!: string;

  /** topic -> partitions */
  @Column({ type: 'jsonb' })
  assignment!: Record<string, number[]>;

  /** "topic:partition" -> next offset, for the broadcast (CRM, rules, runs) topics */
  @Column({ name: 'broadcast_positions', type: 'jsonb' })
  broadcastPositions!: Record<string, string>;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', default: () => 'now()' })
  heartbeatAt!: Date;
}
