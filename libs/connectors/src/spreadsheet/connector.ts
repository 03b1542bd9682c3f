import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileSpec, mapTimeRateType } from '@closegap/contract';
import { addDays } from '@closegap/domain';
import type { RulesConfig, SourceName } from '@closegap/domain';
import { OutcomeBuilder, SOURCE_RECORD } from '../core/types';
import type { CanonicalRow, Connector, SyncOutcome } from '../core/types';
import { decimalString } from '../core/values';
import { parseDateWithFormat } from './mapping';
import type { ColumnRule, SpreadsheetMapping } from './mapping';
import { readSheet } from './reader';
import type { Cell } from './reader';

const DATE_COLUMNS = new Set(['work_date', 'pay_date', 'period_start', 'period_end']);
const DECIMAL_COLUMNS = new Set(['units', 'pay_rate', 'amount']);

/**
 * A timesheet or payroll export (CSV/XLSX) through a saved column mapping -> timesheets.csv or
 * pay_lines.csv. Every read is a full read of the file and replaces the rows this mapping wrote
 * before (scope `spreadsheet:<name>`); rows of other sources stay. Rows that do not map are
 * rejected with their line number and the reason.
 */
export class SpreadsheetConnector implements Connector {
  readonly name = 'spreadsheet' as const;
  readonly produces: readonly SourceName[];

  constructor(
    private readonly mapping: SpreadsheetMapping,
    private readonly mappingDir: string,
    private readonly rules: Pick<RulesConfig, 'rateTypeMap'>,
    private readonly fromDir?: string,
  ) {
    this.produces = [mapping.target];
  }

  filePath(): string {
    if (this.fromDir) {
      const inDir = join(this.fromDir, basename(this.mapping.file));
      if (existsSync(inDir)) return inDir;
    }
    return resolve(this.mappingDir, this.mapping.file);
  }

  async sync(): Promise<SyncOutcome> {
    const m = this.mapping;
    const out = new OutcomeBuilder(this.name, 'full', `spreadsheet:${m.name}`);
    const path = this.filePath();
    const sheet = await readSheet(path, { sheet: m.sheet, headerRow: m.header_row });
    const missing = Object.values(m.columns)
      .flatMap((r) => (typeof r === 'string' ? [r] : r.header ? [r.header] : r.template ? [...r.template.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]) : []))
      .filter((h) => !sheet.headers.includes(h));
    if (missing.length > 0) throw new Error(`${path}: header(s) not found: ${[...new Set(missing)].join(', ')} (headers are: ${sheet.headers.filter(Boolean).join(', ')})`);
    out.count(m.target, sheet.rows.length);
    out.ensure(m.target);
    const columns = fileSpec(m.target).columns;
    const seen = new Map<string, number>();
    for (const row of sheet.rows) {
      try {
        const canonical: CanonicalRow = {};
        for (const spec of columns) {
          const rule = m.columns[spec.name];
          const value = rule === undefined ? '' : applyRule(rule, row.values, spec.name, this.rules);
          if (spec.required && value === '' && spec.name !== 'line_id') throw new Error(`${spec.name} is empty`);
          canonical[spec.name] = value;
        }
        if (!canonical.line_id) {
          const base = 'S-' + createHash('sha1').update(JSON.stringify(columns.map((c) => canonical[c.name]))).digest('hex').slice(0, 12);
          const n = (seen.get(base) ?? 0) + 1;
          seen.set(base, n);
          canonical.line_id = n === 1 ? base : `${base}-${n}`;
        }
        canonical[SOURCE_RECORD] = `spreadsheet:${m.name}:${basename(path)}`;
        out.add(m.target, [canonical]);
      } catch (err) {
        out.reject(m.target, `${basename(path)}:${row.line}`, (err as Error).message);
      }
    }
    return out.build({ file: path });
  }
}

function cellText(value: Cell): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

function applyRule(rule: ColumnRule, values: Record<string, Cell>, column: string, rules: Pick<RulesConfig, 'rateTypeMap'>): string {
  const r = typeof rule === 'string' ? { header: rule } : rule;
  let raw: Cell = r.value !== undefined ? r.value : r.header !== undefined ? values[r.header] : r.template!.replace(/\{([^}]+)\}/g, (_, h: string) => cellText(values[h]));
  if ((raw === undefined || raw === '') && r.default !== undefined) raw = r.default;
  if (raw === undefined || cellText(raw) === '') return '';
  if (r.map) {
    const key = cellText(raw);
    raw = r.map[key] ?? r.map[key.toUpperCase()] ?? r.map[key.toLowerCase()] ?? key;
  }
  if (DATE_COLUMNS.has(column)) {
    const day = parseDateWithFormat(raw, r.date);
    if (!day) throw new Error(`${column}: "${cellText(raw)}" is not a date${r.date ? ` in ${r.date}` : ''}`);
    return r.offset_days ? addDays(day, r.offset_days) : day;
  }
  if (DECIMAL_COLUMNS.has(column)) {
    const text = cellText(raw).replace(/^[$£€]\s?/, '');
    const d = decimalString(text);
    if (d === undefined) throw new Error(`${column}: "${cellText(raw)}" is not a number`);
    return d;
  }
  if (column === 'rate_type') {
    const t = mapTimeRateType(cellText(raw), rules);
    if (!t) throw new Error(`rate_type: "${cellText(raw)}" maps to no rate type (add it to the mapping's map or rate_type_map)`);
    return t;
  }
  if (column === 'status') {
    const s = cellText(raw).toLowerCase();
    if (s !== 'approved' && s !== 'submitted' && s !== 'rejected') throw new Error(`status: "${cellText(raw)}" is not approved/submitted/rejected (add a map)`);
    return s;
  }
  return cellText(raw);
}

