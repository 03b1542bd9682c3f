import { DataSource } from 'typeorm';
import { ExceptionStateEntity } from './entities/exception-state.entity';
import { FactEntity } from './entities/fact.entity';
import { MatchingInstanceEntity } from './entities/matching-instance.entity';
import { OutboxEntity } from './entities/outbox.entity';
import { StreamingState1767225600000 } from './migrations/1767225600000-streaming-state';

export const ENTITIES = [FactEntity, ExceptionStateEntity, OutboxEntity, MatchingInstanceEntity];
export const MIGRATIONS = [StreamingState1767225600000];

export interface DatabaseOptions {
  url: string;
  /** one PostgreSQL schema per bounded context; tests use their own */
  schema: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The streaming context's DataSource. Migrations only (checked in under ./migrations and run by
 * `recon migrate` / the stack script), never `synchronize`.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: options.poolSize ?? 8, application_name: options.applicationName ?? 'closegap' },
  });
}

/** Creates the schema if needed and applies pending migrations; returns their names. */
export async function runMigrations(options: DatabaseOptions): Promise<string[]> {
  const ds = createDataSource({ ...options, poolSize: 1 });
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    const applied = await ds.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
