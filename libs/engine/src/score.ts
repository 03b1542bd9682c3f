import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CATEGORIES, Dec, exceptionKey, isCategory } from '@closegap/domain';
import type { Category, ExceptionRecord } from '@closegap/domain';

export type ScoredRecord = Partial<Record<keyof ExceptionRecord, string | boolean>> & { category: Category; value_at_risk?: string };

export interface CategoryScore {
  category: Category;
  truth: number;
  found: number;
  truePositives: number;
  recall: number;
  precision: number;
  /** true positives whose value at risk is within a cent of the truth */
  valueMatches: number;
  missed: string[];
  unexpected: string[];
  wrongValue: string[];
}

/** Recall and precision per category: an exception matches the truth when category and refs agree. */
export function scoreExceptions(truth: readonly ScoredRecord[], found: readonly ScoredRecord[]): CategoryScore[] {
  const index = (records: readonly ScoredRecord[]) => new Map(records.map((r) => [exceptionKey(r as Partial<ExceptionRecord> & { category: Category }), r]));
  const t = index(truth);
  const f = index(found);
  return CATEGORIES.map((category) => {
    const tk = [...t.keys()].filter((k) => k.startsWith(category + '|'));
    const fk = [...f.keys()].filter((k) => k.startsWith(category + '|'));
    const tp = tk.filter((k) => f.has(k));
    const wrongValue = tp.filter((k) => !sameMoney(t.get(k)?.value_at_risk, f.get(k)?.value_at_risk));
    return {
      category,
      truth: tk.length,
      found: fk.length,
      truePositives: tp.length,
      recall: tk.length ? tp.length / tk.length : 1,
      precision: fk.length ? tp.length / fk.length : 1,
      valueMatches: tp.length - wrongValue.length,
      missed: tk.filter((k) => !f.has(k)),
      unexpected: fk.filter((k) => !t.has(k)),
      wrongValue: wrongValue.map((k) => `${k} truth=${t.get(k)?.value_at_risk} found=${f.get(k)?.value_at_risk}`),
    };
  });
}

function sameMoney(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return new Dec(a || 0).minus(new Dec(b || 0)).abs().lte('0.01');
}

/** Reads exceptions (or a truth file) from CSV or JSON. */
export function readExceptionFile(path: string): ScoredRecord[] {
  const text = readFileSync(path, 'utf8');
  const rows: Record<string, string>[] = path.endsWith('.json') ? JSON.parse(text) : parse(text, { columns: true, skip_empty_lines: true, bom: true });
  return rows.map((row, i) => {
    if (!isCategory(String(row.category))) throw new Error(`${path}: record ${i + 1} has unknown category "${row.category}"`);
    const record: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) record[k] = v === null || v === undefined ? '' : String(v);
    return record as unknown as ScoredRecord;
  });
}
