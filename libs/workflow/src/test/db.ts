import { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE, openWorkflowDataSource } from '../persistence/data-source';

/** The integration database (real PostgreSQL, never mocked). */
export const TEST_DATABASE_URL = process.env.CLOSEGAP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/closegap_test';

/** Drops the workflow and audit schemas and migrates afresh: every suite starts empty. */
export async function freshWorkflowDatabase(url = TEST_DATABASE_URL): Promise<DataSource> {
  const admin = new DataSource({ type: 'postgres', url });
  await admin.initialize();
  await admin.query('DROP SCHEMA IF EXISTS workflow CASCADE');
  await admin.query('DROP SCHEMA IF EXISTS audit CASCADE');
  await admin.query(`DROP TABLE IF EXISTS public.${MIGRATIONS_TABLE}`);
  await admin.destroy();
  return openWorkflowDataSource(url, { migrate: true });
}
