import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fileSpec, toCsv, writeFilesAtomically } from '@closegap/contract';
import { SOURCE_NAMES } from '@closegap/domain';
import type { SourceName } from '@closegap/domain';
import { SOURCE_RECORD } from '../core/types';
import type { CanonicalBatch, CanonicalRow, ConnectorName } from '../core/types';

export interface SinkResult {
  /** rows written per bundle file (after the merge: the file's row count) */
  written: Partial<Record<SourceName, number>>;
  location: string;
}

/**
 * Where canonical rows go. The bundle-folder sink below writes the CSV files the batch CLI reads;
 * the topic sink (publishing each row to its libs/messaging topic, e.g. invoice lines to
 * `Topic.InvoiceLines`) implements this same interface once that lib lands, and a run can write to
 * both (`TeeSink`).
 */
export interface RecordSink {
  write(source: ConnectorName, batch: CanonicalBatch): Promise<SinkResult>;
}

/**
 * Writes into a canonical bundle folder. A full batch replaces, in each file it carries, the rows
 * of its scope (`source_record` starting with `quickbooks:`); an incremental batch replaces only
 * rows with the same `source_record` (all lines of an invoice, all rates of a placement) and
 * removes deleted ones. Other rows and files it does not carry are left alone, so a CRM sync, a
 * finance sync and a spreadsheet import fill one bundle side by side. All files of one batch are
 * renamed into place together.
 */
export class BundleFolderSink implements RecordSink {
  constructor(readonly dir: string) {}

  async write(_source: ConnectorName, batch: CanonicalBatch): Promise<SinkResult> {
    const files: Record<string, string> = {};
    const written: Partial<Record<SourceName, number>> = {};
    for (const source of SOURCE_NAMES) {
      const incoming = batch.rows[source];
      const deletes = batch.deletes[source] ?? [];
      if (!incoming && deletes.length === 0) continue;
      if (existsSync(join(this.dir, `${source}.jsonl`))) {
        throw new Error(`${this.dir} holds ${source}.jsonl: the connector writes CSV; remove or convert it first`);
      }
      const existing = readCsv(join(this.dir, `${source}.csv`));
      const merged = merge(batch, existing, incoming ?? [], deletes);
      files[`${source}.csv`] = toCsv(columnsFor(source, merged), merged);
      written[source] = merged.length;
    }
    if (Object.keys(files).length > 0) writeFilesAtomically(this.dir, files);
    return { written, location: this.dir };
  }
}

function merge(batch: CanonicalBatch, existing: CanonicalRow[], incoming: CanonicalRow[], deletes: readonly string[]): CanonicalRow[] {
  const prefix = `${batch.scope}:`;
  const replaced = new Set<string>([...incoming.map((r) => r[SOURCE_RECORD] ?? ''), ...deletes]);
  const keep = (row: CanonicalRow): boolean => {
    const ref = row[SOURCE_RECORD] ?? '';
    if (batch.mode === 'full') return !ref.startsWith(prefix);
    return ref === '' || !replaced.has(ref);
  };
  return [...existing.filter(keep), ...incoming];
}

function columnsFor(source: SourceName, rows: readonly CanonicalRow[]): string[] {
  const columns = fileSpec(source).columns.map((c) => c.name);
  const known = new Set(columns);
  for (const row of rows) {
    for (const c of Object.keys(row)) {
      if (known.has(c)) continue;
      known.add(c);
      columns.push(c);
    }
  }
  return columns;
}

function readCsv(path: string): CanonicalRow[] {
  if (!existsSync(path)) return [];
  return parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true }) as CanonicalRow[];
}

/** Writes to several sinks (bundle folder and topics); the first sink's result is reported. */
export class TeeSink implements RecordSink {
  constructor(private readonly sinks: readonly RecordSink[]) {}

  async write(source: ConnectorName, batch: CanonicalBatch): Promise<SinkResult> {
    const results: SinkResult[] = [];
    for (const sink of this.sinks) results.push(await sink.write(source, batch));
    return results[0] ?? { written: {}, location: '' };
  }
}
