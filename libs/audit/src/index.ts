export * from './canonical-json';
export * from './chain';
export * from './audit-entry.entity';
export * from './audit-log';
export * from './evidence-pack';
export { AuditSchema1764230000000 } from './migrations/1764230000000-audit-schema';

import { AuditEntryEntity } from './audit-entry.entity';
import { AuditSchema1764230000000 } from './migrations/1764230000000-audit-schema';

/** What a DataSource needs to host the audit log. */
export const AUDIT_ENTITIES = [AuditEntryEntity];
export const AUDIT_MIGRATIONS = [AuditSchema1764230000000];
