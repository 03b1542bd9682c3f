import type { SourceName } from '@closegap/domain';

export type ConnectorName = 'hubspot' | 'bullhorn' | 'quickbooks' | 'xero' | 'spreadsheet';
export const CONNECTOR_NAMES: readonly ConnectorName[] = ['hubspot', 'bullhorn', 'quickbooks', 'xero', 'spreadsheet'];

/** One canonical row: column name -> cell text, as the bundle file holds it. */
export type CanonicalRow = Record<string, string>;

/** A source record that could not be mapped. Never dropped silently: it is counted and reported. */
export interface RejectedRecord {
  system: ConnectorName;
  entity: string;
  id: string;
  reason: string;
}

/** Per-entity cursors of one source: entity -> opaque value (ISO timestamps for every API here). */
export type Cursor = Record<string, string>;

/**
 * Every row a connector writes carries `source_record` (`quickbooks:Invoice:130`): the source
 * record it came from. It is an extra column, which the contract keeps and ignores; the sink uses
 * it to replace or delete exactly what a source changed, whatever the row's business keys.
 */
export const SOURCE_RECORD = 'source_record';

/**
 * What one sync produced. In `full` mode the rows replace every row of the same `scope` in the
 * files they belong to (rows of other sources and hand-made rows stay); in `incremental` mode
 * they replace only rows with the same `source_record`, and `deletes` removes the source records
 * the system deleted.
 */
export interface CanonicalBatch {
  mode: 'full' | 'incremental';
  /** `source_record` prefix this batch owns: `quickbooks`, `spreadsheet:acme-payroll` */
  scope: string;
  rows: Partial<Record<SourceName, CanonicalRow[]>>;
  deletes: Partial<Record<SourceName, string[]>>;
}

export interface SyncRequest {
  /** the stored cursor; absent = first run, do a full pull */
  cursor?: Cursor;
  /** force a full pull even when a cursor exists (the nightly run) */
  full?: boolean;
  /** override: pull what changed since this ISO timestamp */
  since?: string;
  /** re-fetch only these ids (webhook-triggered), entity -> ids */
  changed?: Record<string, readonly string[]>;
}

export interface SyncOutcome {
  source: ConnectorName;
  batch: CanonicalBatch;
  rejected: RejectedRecord[];
  /** records received from the system, per entity */
  fetched: Record<string, number>;
  cursorAfter: Cursor;
  /** things the user should know that are not record-level rejections */
  warnings: string[];
}

export interface Connector {
  readonly name: ConnectorName;
  /** the bundle files this connector fills; when it fails they are reported as unavailable */
  readonly produces: readonly SourceName[];
  sync(request: SyncRequest): Promise<SyncOutcome>;
}

export function emptyBatch(mode: CanonicalBatch['mode'], scope: string): CanonicalBatch {
  return { mode, scope, rows: {}, deletes: {} };
}

/** Accumulates rows, rejections and counts while a connector maps pages. */
export class OutcomeBuilder {
  readonly batch: CanonicalBatch;
  readonly rejected: RejectedRecord[] = [];
  readonly fetched: Record<string, number> = {};
  readonly warnings: string[] = [];

  constructor(
    readonly source: ConnectorName,
    mode: CanonicalBatch['mode'],
    scope: string = source,
  ) {
    this.batch = emptyBatch(mode, scope);
  }

  count(entity: string, n: number): void {
    this.fetched[entity] = (this.fetched[entity] ?? 0) + n;
  }

  add(file: SourceName, rows: readonly CanonicalRow[]): void {
    (this.batch.rows[file] ??= []).push(...rows);
  }

  ensure(file: SourceName): void {
    this.batch.rows[file] ??= [];
  }

  remove(file: SourceName, sourceRecord: string): void {
    (this.batch.deletes[file] ??= []).push(sourceRecord);
  }

  reject(entity: string, id: string, reason: string): void {
    this.rejected.push({ system: this.source, entity, id, reason });
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  build(cursorAfter: Cursor): SyncOutcome {
    return { source: this.source, batch: this.batch, rejected: this.rejected, fetched: this.fetched, cursorAfter, warnings: this.warnings };
  }
}
