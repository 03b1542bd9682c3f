import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The workflow's own schema: exceptions and their life cycle, adjustments, recovery, aliases, runs, people. */
export class WorkflowSchema1764230100000 implements MigrationInterface {
  name = 'WorkflowSchema1764230100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS workflow`);
    await q.query(`
      CREATE TABLE workflow.exceptions (
        exception_id text PRIMARY KEY,
        category text NOT NULL,
        severity text NOT NULL,
        client_id text,
        client_name text,
        placement_id text,
        week_ending text,
        owner_team text NOT NULL,
        value_at_risk numeric(16,2) NOT NULL,
        currency text,
        record jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('open','acknowledged','resolved','dismissed')),
        assignee text,
        dismissal_reason text,
        status_note text,
        status_by text,
        first_seen_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        closed_at timestamptz,
        last_seen_at timestamptz NOT NULL,
        last_run_id text,
        source_kind text NOT NULL,
        event_sequence integer,
        evidence jsonb,
        CHECK (status <> 'dismissed' OR dismissal_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX exceptions_status_owner ON workflow.exceptions (status, owner_team)`);
    await q.query(`CREATE INDEX exceptions_client ON workflow.exceptions (client_id)`);
    await q.query(`
      CREATE TABLE workflow.adjustments (
        id serial PRIMARY KEY,
        exception_id text NOT NULL REFERENCES workflow.exceptions (exception_id),
        kind text NOT NULL CHECK (kind IN ('supplemental_invoice','credit_note','rate_correction')),
        amount numeric(16,2) NOT NULL CHECK (amount > 0),
        currency text,
        new_rate numeric(16,4),
        note text NOT NULL,
        status text NOT NULL CHECK (status IN ('proposed','approved','rejected','paid')),
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        paid_at timestamptz,
        CHECK (decided_by IS NULL OR decided_by <> proposed_by)
      )`);
    await q.query(`CREATE INDEX adjustments_status ON workflow.adjustments (status)`);
    await q.query(`CREATE INDEX adjustments_exception ON workflow.adjustments (exception_id)`);
    await q.query(`
      CREATE TABLE workflow.recovery_ledger (
        exception_id text PRIMARY KEY REFERENCES workflow.exceptions (exception_id),
        client_id text,
        client_name text,
        outcome text NOT NULL,
        value_found numeric(16,2) NOT NULL,
        amount numeric(16,2) NOT NULL,
        currency text,
        discrepancy_at timestamptz NOT NULL,
        fixed_at timestamptz,
        adjustment_id integer REFERENCES workflow.adjustments (id),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE workflow.aliases (
        id serial PRIMARY KEY,
        system text NOT NULL,
        external text NOT NULL,
        target_id text NOT NULL,
        target_name text,
        confirmed_by text NOT NULL,
        confirmed_at timestamptz NOT NULL,
        UNIQUE (system, external)
      )`);
    await q.query(`
      CREATE TABLE workflow.identity_reviews (
        kind text NOT NULL,
        system text NOT NULL,
        external text NOT NULL,
        candidates jsonb NOT NULL,
        scope text,
        evidence text NOT NULL,
        records integer NOT NULL,
        status text NOT NULL,
        last_run_id text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (kind, system, external)
      )`);
    await q.query(`
      CREATE TABLE workflow.runs (
        id serial PRIMARY KEY,
        run_id text NOT NULL,
        kind text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        as_of text NOT NULL,
        rules_hash text NOT NULL,
        inputs jsonb NOT NULL,
        exceptions integer NOT NULL,
        value_at_risk numeric(16,2) NOT NULL,
        invoiced_revenue numeric(16,2) NOT NULL,
        cells integer NOT NULL,
        cells_matched integer NOT NULL,
        by_category jsonb NOT NULL,
        not_checked jsonb NOT NULL,
        effects jsonb NOT NULL,
        started_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE workflow.clients (
        client_id text PRIMARY KEY,
        name text NOT NULL,
        account_manager text
      )`);
    await q.query(`
      CREATE TABLE workflow.users (
        id serial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('billing','payroll','account_manager','operations','finance_lead','auditor','admin')),
        account_manager_name text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE workflow.sessions (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES workflow.users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sessions_expiry ON workflow.sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA workflow CASCADE`);
  }
}
