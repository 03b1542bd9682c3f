import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const columnRule = z.union([
  z.string().min(1),
  z
    .object({
      header: z.string().min(1).optional(),
      template: z.string().min(1).optional(),
      value: z.string().optional(),
      date: z.string().optional(),
      offset_days: z.number().int().optional(),
      map: z.record(z.string(), z.string()).optional(),
      default: z.string().optional(),
    })
    .strict()
    .refine((r) => [r.header, r.template, r.value].filter((v) => v !== undefined).length === 1, 'give exactly one of header, template, value'),
]);

export const spreadsheetMappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, - and _ only'),
    target: z.enum(['timesheets', 'pay_lines']),
    /** the export file, relative to the mapping file; `--from-dir` looks for it there instead */
    file: z.string().min(1),
    sheet: z.string().optional(),
    header_row: z.number().int().min(1).default(1),
    columns: z.record(z.string(), columnRule),
  })
  .strict();

export type SpreadsheetMapping = z.infer<typeof spreadsheetMappingSchema>;
export type ColumnRule = z.infer<typeof columnRule>;

/** A column mapping saved per source (`config/spreadsheets/<name>.yaml`), validated. */
export function loadSpreadsheetMapping(path: string): SpreadsheetMapping {
  const parsed = spreadsheetMappingSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Parses a date as a spreadsheet writes it: `DD/MM/YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD`, `D.M.YY`
 * ... (tokens DD D MM M YYYY YY, any separators), or a JS Date (XLSX date cells, read as UTC).
 */
export function parseDateWithFormat(value: unknown, format: string | undefined): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const raw = String(value).trim();
  if (!format) return /^\d{4}-\d{2}-\d{2}/.test(raw) ? check(+raw.slice(0, 4), +raw.slice(5, 7), +raw.slice(8, 10)) : undefined;
  const tokens: string[] = [];
  const pattern = format.replace(/YYYY|YY|MM|M|DD|D|[.*+?^${}()|[\]\\]/g, (t) => {
    if (/^(YYYY|YY|MM|M|DD|D)$/.test(t)) {
      tokens.push(t);
      return t.length === 4 ? '(\\d{4})' : '(\\d{1,2})';
    }
    return '\\' + t;
  });
  const m = new RegExp(`^${pattern}$`).exec(raw);
  if (!m) return undefined;
  let y = 0;
  let mo = 0;
  let d = 0;
  tokens.forEach((t, i) => {
    const n = Number(m[i + 1]);
    if (t.startsWith('Y')) y = t === 'YY' ? 2000 + n : n;
    else if (t.startsWith('M')) mo = n;
    else d = n;
  });
  return check(y, mo, d);
}

function check(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}
