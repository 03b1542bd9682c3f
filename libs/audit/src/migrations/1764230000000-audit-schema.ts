import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one table, append-only. A trigger makes UPDATE, DELETE and TRUNCATE fail
 * for everybody (the owner included); a superuser can still disable it, which is exactly
 * what the hash chain then catches (`recon audit verify`).
 */
export class AuditSchema1764230000000 implements MigrationInterface {
  name = 'AuditSchema1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`
      CREATE TABLE audit.entries (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        reason text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX entries_entity ON audit.entries (entity_type, entity_id)`);
    await q.query(`CREATE INDEX entries_at ON audit.entries (at)`);
    await q.query(`
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA audit CASCADE`);
  }
}
