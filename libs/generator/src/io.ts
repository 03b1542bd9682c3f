import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CATEGORY_REFS, isCategory } from '@closegap/domain';
import type { GeneratedSample } from './generate';
import type { TruthRecord } from './truth';
import { TRUTH_COLUMNS } from './truth';

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, file);
}

export function truthToCsv(truth: readonly TruthRecord[]): string {
  const extra = new Set<string>();
  for (const r of truth) for (const k of Object.keys(r)) if (!(TRUTH_COLUMNS as readonly string[]).includes(k)) extra.add(k);
  const columns = [...TRUTH_COLUMNS, ...[...extra].sort()];
  const rows = truth.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c]))));
  return stringify(rows, { header: true, columns, record_delimiter: 'unix' });
}

/** DIR/bundle/ (the CSVs and recon.yaml), DIR/truth.csv and DIR/truth.json beside it. */
export function writeSample(dir: string, sample: GeneratedSample): { bundleDir: string; truthCsv: string; truthJson: string } {
  mkdirSync(dir, { recursive: true });
  const bundleDir = join(dir, 'bundle');
  const staging = join(dir, `.bundle.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  for (const [name, text] of Object.entries(sample.files)) writeFileSync(join(staging, name), text, 'utf8');
  const old = join(dir, `.bundle.old-${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(bundleDir, old);
  } catch {
    // no previous bundle
  }
  renameSync(staging, bundleDir);
  rmSync(old, { recursive: true, force: true });
  const truthCsv = join(dir, 'truth.csv');
  const truthJson = join(dir, 'truth.json');
  atomicWrite(truthCsv, truthToCsv(sample.truth));
  atomicWrite(truthJson, JSON.stringify(sample.truth, null, 2) + '\n');
  return { bundleDir, truthCsv, truthJson };
}

/** Reads truth.csv or truth.json (by extension, else by content). */
export function readTruth(file: string): TruthRecord[] {
  const text = readFileSync(file, 'utf8');
  const json = file.endsWith('.json') || (!file.endsWith('.csv') && /^\s*\[/.test(text));
  const raw: Record<string, unknown>[] = json ? (JSON.parse(text) as Record<string, unknown>[]) : (parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]);
  return raw.map((row, i) => toTruth(row, i + 1, file));
}

function toTruth(row: Record<string, unknown>, n: number, file: string): TruthRecord {
  const category = String(row.category ?? '');
  if (!isCategory(category)) throw new Error(`${file}: record ${n} has an unknown category "${category}"`);
  const rec: TruthRecord = { category, value_at_risk: String(row.value_at_risk ?? '0.00'), currency: String(row.currency ?? ''), note: String(row.note ?? '') };
  const refs = new Set<string>(CATEGORY_REFS[category]);
  for (const [k, v] of Object.entries(row)) {
    if (k === 'category' || k === 'value_at_risk' || k === 'currency' || k === 'note') continue;
    if (refs.has(k)) rec[k] = v === undefined || v === null ? '' : String(v);
    else if (k === 'retroactive' || k === 'recurring') rec[k] = v === true || v === 'true';
    else if (v !== undefined && v !== null && v !== '') rec[k] = String(v);
  }
  return rec;
}
