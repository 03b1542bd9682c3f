import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BundleError } from './errors';
import type { FileSpec } from './schema';

export interface RawRow {
  /** 1-based line in the file where the record starts (the CSV header is line 1) */
  line: number;
  values: Record<string, string>;
  /** set when the row itself is malformed (wrong number of fields, not an object) */
  malformed?: string;
}

export interface RawTable {
  file: string;
  format: 'csv' | 'jsonl';
  header: string[];
  rows: RawRow[];
  bytes: Buffer;
}

/** Reads one bundle file with a real CSV parser (RFC 4180) or as JSON Lines; checks its header. */
export function readTable(path: string, displayName: string, spec: FileSpec): RawTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new BundleError(displayName, undefined, undefined, `cannot read file: ${(err as Error).message}`);
  }
  const table = path.endsWith('.jsonl') ? parseJsonl(bytes, displayName) : parseCsv(bytes, displayName);
  checkHeader(table, spec);
  return table;
}

function parseCsv(bytes: Buffer, file: string): RawTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(bytes, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number; column?: number | string };
    throw new BundleError(file, e.lines, e.column === undefined ? undefined : String(e.column), `not valid CSV: ${e.message}`);
  }
  if (records.length === 0) throw new BundleError(file, 1, undefined, 'file is empty: a header row is required');
  const header = records[0].record.map((h) => h.trim());
  const rows: RawRow[] = new Array(records.length - 1);
  let previousEnd = records[0].info.lines;
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i];
    const values: Record<string, string> = {};
    const n = Math.min(record.length, header.length);
    for (let c = 0; c < n; c++) values[header[c]] = record[c];
    const row: RawRow = { line: previousEnd + 1, values };
    if (record.length !== header.length) {
      row.malformed = `row has ${record.length} fields, the header has ${header.length}`;
    }
    rows[i - 1] = row;
    previousEnd = info.lines;
  }
  return { file, format: 'csv', header, rows, bytes };
}

function parseJsonl(bytes: Buffer, file: string): RawTable {
  const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: RawRow[] = [];
  const header = new Set<string>();
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const line = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      rows.push({ line, values: {}, malformed: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      rows.push({ line, values: {}, malformed: 'a JSON Lines record must be an object' });
      return;
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      header.add(key);
      values[key] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value).trim();
    }
    rows.push({ line, values });
  });
  return { file, format: 'jsonl', header: [...header], rows, bytes };
}

function checkHeader(table: RawTable, spec: FileSpec): void {
  const present = new Set(table.header);
  const seen = new Set<string>();
  if (table.format === 'csv') {
    table.header.forEach((name, i) => {
      if (name === '') throw new BundleError(table.file, 1, String(i + 1), 'empty column name in the header');
      if (seen.has(name)) throw new BundleError(table.file, 1, name, `column "${name}" appears twice in the header`);
      seen.add(name);
    });
  }
  for (const column of spec.columns) {
    // JSON Lines have no header: a required column is missing when no record has it
    if (column.required && !present.has(column.name) && !(table.format === 'jsonl' && table.rows.length === 0)) {
      throw new BundleError(table.file, 1, column.name, `required column "${column.name}" is missing (header: ${table.header.join(', ') || 'none'})`);
    }
  }
  if (spec.source === 'rates' && !present.has('placement_id') && !present.has('client_id') && table.rows.length > 0) {
    throw new BundleError(table.file, 1, 'placement_id', 'rates need a "placement_id" or a "client_id" + "job_title" column');
  }
}
