import { DataSource, DataSourceOptions } from 'typeorm';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '@closegap/audit';
import { AdjustmentEntity, AliasEntity, ClientEntity, ExceptionEntity, IdentityReviewEntity, LedgerEntity, RunEntity, SessionEntity, UserEntity } from './entities';
import { WorkflowSchema1764230100000 } from './migrations/1764230100000-workflow-schema';

export const WORKFLOW_ENTITIES = [ExceptionEntity, AdjustmentEntity, LedgerEntity, AliasEntity, IdentityReviewEntity, RunEntity, ClientEntity, UserEntity, SessionEntity];
export const WORKFLOW_MIGRATIONS = [WorkflowSchema1764230100000];

/** Migrations of the two schemas the console owns (workflow, audit) are tracked in this table. */
export const MIGRATIONS_TABLE = 'closegap_workflow_migrations';

/**
 * One connection for the workflow and the audit log, so that a state change and its audit
 * entry commit in the same transaction. Schemas come from migrations only (never synchronize).
 */
export function workflowDataSourceOptions(url: string, extra: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [...WORKFLOW_ENTITIES, ...AUDIT_ENTITIES],
    migrations: [...AUDIT_MIGRATIONS, ...WORKFLOW_MIGRATIONS],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: extra.poolSize ?? 5, application_name: extra.applicationName ?? 'closegap-workflow' },
  };
}

export async function openWorkflowDataSource(url: string, opts: { migrate?: boolean; poolSize?: number; applicationName?: string } = {}): Promise<DataSource> {
  const ds = new DataSource(workflowDataSourceOptions(url, opts));
  await ds.initialize();
  if (opts.migrate) await ds.runMigrations({ transaction: 'each' });
  return ds;
}
