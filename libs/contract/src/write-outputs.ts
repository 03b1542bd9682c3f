import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { EXCEPTION_FIELDS } from '@closegap/domain';
import type { ExceptionRecord } from '@closegap/domain';

export type CsvValue = string | number | boolean | undefined | null;

/** RFC 4180 CSV (papaparse's writer: several times faster than csv-stringify on 100k-row outputs). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const data = rows.map((row) => columns.map((c) => formatCell(row[c])));
  return Papa.unparse({ fields: columns as string[], data }, { newline: '\n', quotes: false, escapeFormulae: false }) + '\n';
}

function formatCell(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function exceptionsToCsv(exceptions: readonly ExceptionRecord[]): string {
  return toCsv(EXCEPTION_FIELDS as readonly string[], exceptions as unknown as Record<string, CsvValue>[]);
}

export function exceptionsToJson(exceptions: readonly ExceptionRecord[]): string {
  return JSON.stringify(exceptions, null, 1) + '\n';
}

/**
 * Writes a set of output files so that a reader never sees a half-written run: every file
 * goes to a temporary name first, and only when all are on disk are they renamed into place.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string | Buffer>): void {
  mkdirSync(dir, { recursive: true });
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const target = join(dir, name);
      mkdirSync(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${name.split('/').pop()}.${process.pid}.tmp`);
      writeFileSync(temp, content);
      staged.push([temp, target]);
    }
  } catch (err) {
    for (const [temp] of staged) rmSync(temp, { force: true });
    throw err;
  }
  for (const [temp, target] of staged) renameSync(temp, target);
}
