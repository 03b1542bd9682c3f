import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, RulesConfig, SourceName, SourcePosition } from '@closegap/domain';
import { CellError, RowReader } from './cells';
import { BundleError, QuarantineEntry } from './errors';
import {
  RecordBuilder,
  buildClient,
  buildCreditNote,
  buildInvoiceLine,
  buildPayLine,
  buildPlacement,
  buildRate,
  buildTimesheetLine,
} from './parse-records';
import { readTable } from './read-table';
import { BUNDLE_FILES, ColumnSpec, FileSpec } from './schema';
import { defaultRules, loadRulesFile } from './rules-file';

export interface InputFileInfo {
  present: boolean;
  file?: string;
  rows: number;
  quarantined: number;
  sha256?: string;
}

export interface LoadedBundle {
  bundle: Bundle;
  quarantine: QuarantineEntry[];
  inputs: Record<SourceName, InputFileInfo>;
  rules: RulesConfig;
  rulesFile?: string;
}

export interface ReadBundleOptions {
  rulesFile?: string;
  onFile?: (source: SourceName, rows: number) => void;
}

/** The record builder of each bundle file (shared with the streaming services: one parser). */
export const RECORD_BUILDERS: Record<SourceName, RecordBuilder<unknown>> = {
  clients: buildClient,
  placements: buildPlacement,
  rates: buildRate,
  timesheets: buildTimesheetLine,
  invoices: buildInvoiceLine,
  credit_notes: buildCreditNote,
  pay_lines: buildPayLine,
};

/** The id a record is known by in quarantine, resolution and UNRESOLVED_RECORD (`record_id`). */
export function rawRecordId(source: SourceName, values: Record<string, string>, line: number): string {
  switch (source) {
    case 'clients':
      return values.client_id || `line ${line}`;
    case 'placements':
      return values.placement_id || `line ${line}`;
    case 'rates':
      return `rates:${line}`;
    case 'timesheets':
    case 'pay_lines':
      return values.line_id || `line ${line}`;
    case 'invoices':
      return `${values.invoice_number ?? ''}:${values.line_no ?? ''}`;
    case 'credit_notes':
      return values.credit_number || `line ${line}`;
  }
}

/** Keys that must be unique within a file: a repeat is a structural error, not a quarantined row. */
const UNIQUE_KEY: Partial<Record<SourceName, (v: Record<string, string>) => string>> = {
  clients: (v) => v.client_id,
  placements: (v) => v.placement_id,
  timesheets: (v) => v.line_id,
  pay_lines: (v) => v.line_id,
  invoices: (v) => `${v.invoice_number}:${v.line_no}`,
  credit_notes: (v) => v.credit_number,
};

/** Reads a canonical bundle folder (contract section 1). Structural problems throw BundleError. */
export function readBundle(dir: string, options: ReadBundleOptions = {}): LoadedBundle {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BundleError(dir, undefined, undefined, 'bundle folder not found');
  }
  const rulesPath = options.rulesFile ?? (existsSync(join(dir, 'recon.yaml')) ? join(dir, 'recon.yaml') : undefined);
  const rules = rulesPath ? loadRulesFile(rulesPath) : defaultRules();
  const quarantine: QuarantineEntry[] = [];
  const inputs = {} as Record<SourceName, InputFileInfo>;
  const parsed: Partial<Record<SourceName, unknown[]>> = {};

  for (const spec of BUNDLE_FILES) {
    const path = locate(dir, spec);
    if (!path) {
      if (spec.requiredFile) throw new BundleError(`${spec.base}.csv`, undefined, undefined, `required file is missing from ${dir}`);
      inputs[spec.source] = { present: false, rows: 0, quarantined: 0 };
      continue;
    }
    const name = path.slice(dir.length).replace(/^\/+/, '');
    const table = readTable(path, name, spec);
    const records = parseRows(spec, name, table.rows, rules, quarantine);
    parsed[spec.source] = records;
    inputs[spec.source] = {
      present: true,
      file: name,
      rows: table.rows.length,
      quarantined: table.rows.length - records.length,
      sha256: createHash('sha256').update(table.bytes).digest('hex'),
    };
    options.onFile?.(spec.source, table.rows.length);
  }

  const bundle: Bundle = {
    clients: parsed.clients as Bundle['clients'],
    placements: parsed.placements as Bundle['placements'],
    rates: parsed.rates as Bundle['rates'],
    timesheets: parsed.timesheets as Bundle['timesheets'],
    invoices: parsed.invoices as Bundle['invoices'],
    creditNotes: parsed.credit_notes as Bundle['creditNotes'],
    payLines: parsed.pay_lines as Bundle['payLines'],
  };
  return { bundle, quarantine, inputs, rules, rulesFile: rulesPath };
}

function locate(dir: string, spec: FileSpec): string | undefined {
  const csv = join(dir, `${spec.base}.csv`);
  const jsonl = join(dir, `${spec.base}.jsonl`);
  const hasCsv = existsSync(csv);
  const hasJsonl = existsSync(jsonl);
  if (hasCsv && hasJsonl) {
    throw new BundleError(`${spec.base}.csv`, undefined, undefined, `both ${spec.base}.csv and ${spec.base}.jsonl exist: keep one`);
  }
  return hasCsv ? csv : hasJsonl ? jsonl : undefined;
}

/**
 * One file's rows -> records, exactly as `readBundle` does it: malformed rows and bad cells go
 * to quarantine, a repeated id throws BundleError. Exported for the ingestion services.
 */
export function parseRows(
  spec: FileSpec,
  file: string,
  rows: { line: number; values: Record<string, string>; malformed?: string }[],
  rules: RulesConfig,
  quarantine: QuarantineEntry[],
): unknown[] {
  const specs = new Map<string, ColumnSpec>(spec.columns.map((c) => [c.name, c]));
  const build = RECORD_BUILDERS[spec.source];
  const uniqueKey = UNIQUE_KEY[spec.source];
  const firstLine = new Map<string, number>();
  const records: unknown[] = [];
  for (const row of rows) {
    if (row.malformed) {
      quarantine.push({ source: spec.source, record_id: rawRecordId(spec.source, row.values, row.line), file, line: row.line, reason: row.malformed, raw: JSON.stringify(row.values) });
      continue;
    }
    if (uniqueKey) {
      const key = uniqueKey(row.values);
      const earlier = firstLine.get(key);
      if (earlier !== undefined && key.replace(/:/g, '') !== '') {
        throw new BundleError(file, row.line, undefined, `duplicate id "${key}" (first seen on line ${earlier})`);
      }
      firstLine.set(key, row.line);
    }
    const pos: SourcePosition = { file, line: row.line };
    try {
      records.push(build(new RowReader(row.values, specs), pos, rules));
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      quarantine.push({
        source: spec.source,
        record_id: rawRecordId(spec.source, row.values, row.line),
        file,
        line: row.line,
        column: err.column,
        reason: err.reason,
        raw: JSON.stringify(row.values),
      });
    }
  }
  return records;
}
