import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ExceptionRecord } from '@closegap/domain';
import type { Evidence } from '../domain/evidence';
import type { AdjustmentKind, AdjustmentStatus } from '../domain/adjustment';
import type { AliasSystem } from '../domain/aliases';
import type { RecoveryOutcome } from '../domain/recovery';
import type { ExceptionStatus } from '../domain/status';
import type { Role } from '../domain/access';

const numericString = { to: (v: string | null | undefined) => v, from: (v: string | null) => v };

/** One exception and its life cycle. The record is the latest the data showed. */
@Entity({ schema: 'workflow', name: 'exceptions' })
@Index(['status', 'owner_team'])
@Index(['client_id'])
export class ExceptionEntity {
  @PrimaryColumn({ type: 'text' })
  exception_id!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  severity!: string;

  @Column({ type: 'text', nullable: true })
  client_id!: string | null;

  @Column({ type: 'text', nullable: true })
  client_name!: string | null;

  @Column({ type: 'text', nullable: true })
  placement_id!: string | null;

  @Column({ type: 'text', nullable: true })
  week_ending!: string | null;

  @Column({ type: 'text' })
  owner_team!: string;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: numericString })
  value_at_risk!: string;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ type: 'jsonb' })
  record!: ExceptionRecord;

  @Column({ type: 'text' })
  status!: ExceptionStatus;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ type: 'text', nullable: true })
  dismissal_reason!: string | null;

  /** the last person's note, or the system's evidence for an automatic close or reopen */
  @Column({ type: 'text', nullable: true })
  status_note!: string | null;

  @Column({ type: 'text', nullable: true })
  status_by!: string | null;

  @Column({ type: 'timestamptz' })
  first_seen_at!: Date;

  /** when it was last (re)opened: its age and SLA count from here */
  @Column({ type: 'timestamptz' })
  opened_at!: Date;

  @Column({ type: 'timestamptz' })
  status_changed_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closed_at!: Date | null;

  @Column({ type: 'timestamptz' })
  last_seen_at!: Date;

  @Column({ type: 'text', nullable: true })
  last_run_id!: string | null;

  /** 'run' or 'event' */
  @Column({ type: 'text' })
  source_kind!: string;

  @Column({ type: 'integer', nullable: true })
  event_sequence!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  evidence!: Evidence | null;
}

@Entity({ schema: 'workflow', name: 'adjustments' })
@Index(['status'])
export class AdjustmentEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  exception_id!: string;

  @Column({ type: 'text' })
  kind!: AdjustmentKind;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: numericString })
  amount!: string;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ type: 'numeric', precision: 16, scale: 4, nullable: true, transformer: numericString })
  new_rate!: string | null;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'text' })
  status!: AdjustmentStatus;

  @Column({ type: 'text' })
  proposed_by!: string;

  @Column({ type: 'timestamptz' })
  proposed_at!: Date;

  @Column({ type: 'text', nullable: true })
  decided_by!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decided_at!: Date | null;

  @Column({ type: 'text', nullable: true })
  decision_note!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  paid_at!: Date | null;
}

/** What became of each exception's money (one row per exception, the latest outcome). */
@Entity({ schema: 'workflow', name: 'recovery_ledger' })
export class LedgerEntity {
  @PrimaryColumn({ type: 'text' })
  exception_id!: string;

  @Column({ type: 'text', nullable: true })
  client_id!: string | null;

  @Column({ type: 'text', nullable: true })
  client_name!: string | null;

  @Column({ type: 'text' })
  outcome!: RecoveryOutcome;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: numericString })
  value_found!: string;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: numericString })
  amount!: string;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ type: 'timestamptz' })
  discrepancy_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  fixed_at!: Date | null;

  @Column({ type: 'integer', nullable: true })
  adjustment_id!: number | null;

  @Column({ type: 'text' })
  recorded_by!: string;

  @Column({ type: 'timestamptz' })
  recorded_at!: Date;
}

/** Confirmed identity matches: used by the next run as rules aliases. */
@Entity({ schema: 'workflow', name: 'aliases' })
@Index(['system', 'external'], { unique: true })
export class AliasEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  system!: AliasSystem;

  @Column({ type: 'text' })
  external!: string;

  @Column({ type: 'text' })
  target_id!: string;

  @Column({ type: 'text', nullable: true })
  target_name!: string | null;

  @Column({ type: 'text' })
  confirmed_by!: string;

  @Column({ type: 'timestamptz' })
  confirmed_at!: Date;
}

/** Names the latest run could not resolve, with the engine's candidates. */
@Entity({ schema: 'workflow', name: 'identity_reviews' })
export class IdentityReviewEntity {
  @PrimaryColumn({ type: 'text' })
  kind!: 'client' | 'worker';

  @PrimaryColumn({ type: 'text' })
  system!: string;

  @PrimaryColumn({ type: 'text' })
  external!: string;

  @Column({ type: 'jsonb' })
  candidates!: { id: string; name: string; score: number }[];

  @Column({ type: 'text', nullable: true })
  scope!: string | null;

  @Column({ type: 'text' })
  evidence!: string;

  @Column({ type: 'integer' })
  records!: number;

  /** open, confirmed (an alias was made), gone (the latest run resolved it) */
  @Column({ type: 'text' })
  status!: 'open' | 'confirmed' | 'gone';

  @Column({ type: 'text' })
  last_run_id!: string;

  @Column({ type: 'timestamptz' })
  updated_at!: Date;
}

/** Every run: inputs' hashes, rules version, counts and duration. */
@Entity({ schema: 'workflow', name: 'runs' })
export class RunEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  run_id!: string;

  /** batch (recon workflow run / import) */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'timestamptz' })
  started_at!: Date;

  @Column({ type: 'timestamptz' })
  finished_at!: Date;

  @Column({ type: 'integer' })
  duration_ms!: number;

  @Column({ type: 'text' })
  as_of!: string;

  @Column({ type: 'text' })
  rules_hash!: string;

  @Column({ type: 'jsonb' })
  inputs!: Record<string, { present: boolean; rows: number; sha256?: string }>;

  @Column({ type: 'integer' })
  exceptions!: number;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: numericString })
  value_at_risk!: string;

  @Column({ type: 'numeric', precision: 16, scale: 2, transformer: numericString })
  invoiced_revenue!: string;

  @Column({ type: 'integer' })
  cells!: number;

  @Column({ type: 'integer' })
  cells_matched!: number;

  @Column({ type: 'jsonb' })
  by_category!: { key: string; count: number; value_at_risk: string }[];

  @Column({ type: 'jsonb' })
  not_checked!: { category: string; reason: string }[];

  /** what the run did to the workflow: opened, updated, reopened, auto_closed, unchanged */
  @Column({ type: 'jsonb' })
  effects!: Record<string, number>;

  @Column({ type: 'text' })
  started_by!: string;
}

/** Clients from the CRM: who their account manager is (account managers see only their own). */
@Entity({ schema: 'workflow', name: 'clients' })
export class ClientEntity {
  @PrimaryColumn({ type: 'text' })
  client_id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  account_manager!: string | null;
}

@Entity({ schema: 'workflow', name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ type: 'text' })
  display_name!: string;

  @Column({ type: 'text' })
  password_hash!: string;

  @Column({ type: 'text' })
  role!: Role;

  /** account managers: their name as the CRM writes it in clients.account_manager */
  @Column({ type: 'text', nullable: true })
  account_manager_name!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'timestamptz' })
  created_at!: Date;
}

@Entity({ schema: 'workflow', name: 'sessions' })
export class SessionEntity {
  /** sha256 of the cookie's token: a stolen table does not give live sessions */
  @PrimaryColumn({ type: 'text' })
  token_hash!: string;

  @Column({ type: 'integer' })
  user_id!: number;

  @Column({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz' })
  expires_at!: Date;
}

