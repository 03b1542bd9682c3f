import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner): string => {
  const schema = (q.connection.options as { schema?: string }).schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  return schema;
};

/** Live state of the matching service: facts, exception state, outbox, instances. */
export class StreamingState1767225600000 implements MigrationInterface {
  name = 'StreamingState1767225600000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."facts" (
      "source" text NOT NULL,
      "record_id" text NOT NULL,
      "client_key" text NOT NULL,
      "partition" int NOT NULL,
      "row" jsonb NOT NULL,
      "pos" jsonb NOT NULL,
      "content_hash" text NOT NULL,
      "upload_id" text NOT NULL,
      "trace_parent" text,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "facts_pkey" PRIMARY KEY ("source", "record_id"))`);
    await q.query(`CREATE INDEX "facts_partition_idx" ON "${s}"."facts" ("partition")`);
    await q.query(`CREATE INDEX "facts_work_date_idx" ON "${s}"."facts" ((left("row"->>'work_date', 10))) WHERE "source" = 'timesheets'`);
    await q.query(`CREATE TABLE "${s}"."exceptions" (
      "exception_id" text NOT NULL PRIMARY KEY,
      "category" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('open', 'closed')),
      "sequence" int NOT NULL,
      "owner_partition" int NOT NULL,
      "record" jsonb NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "exceptions_owner_idx" ON "${s}"."exceptions" ("owner_partition", "status")`);
    await q.query(`CREATE TABLE "${s}"."exception_outbox" (
      "id" bigserial PRIMARY KEY,
      "event_id" text NOT NULL,
      "exception_id" text NOT NULL,
      "payload" jsonb NOT NULL,
      "headers" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "sent_at" timestamptz)`);
    await q.query(`CREATE UNIQUE INDEX "exception_outbox_event_id_key" ON "${s}"."exception_outbox" ("event_id")`);
    await q.query(`CREATE INDEX "exception_outbox_unsent_idx" ON "${s}"."exception_outbox" ("id") WHERE "sent_at" IS NULL`);
    await q.query(`CREATE TABLE "${s}"."matching_instances" (
      "instance_id" text NOT NULL PRIMARY KEY,
      "group_id" text NOT NULL,
      "assignment" jsonb NOT NULL,
      "broadcast_positions" jsonb NOT NULL,
      "status" text NOT NULL,
      "heartbeat_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    for (const t of ['matching_instances', 'exception_outbox', 'exceptions', 'facts']) await q.query(`DROP TABLE IF EXISTS "${s}"."${t}"`);
  }
}
