import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | Date | undefined;
export interface SheetRow {
  /** 1-based row number in the file (header included) */
  line: number;
  values: Record<string, Cell>;
}

/** Reads a CSV or XLSX export into rows keyed by header text. */
export async function readSheet(path: string, options: { sheet?: string; headerRow: number }): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path, options);
  if (ext === '.csv' || ext === '.txt') return readCsvFile(path, options.headerRow);
  throw new Error(`${path}: only .csv and .xlsx exports are read`);
}

function readCsvFile(path: string, headerRow: number): { headers: string[]; rows: SheetRow[] } {
  const records = parse(readFileSync(path), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  const headers = (records[headerRow - 1] ?? []).map((h) => h.trim());
  const rows: SheetRow[] = [];
  for (let i = headerRow; i < records.length; i++) {
    const r = records[i];
    if (r.every((c) => c.trim() === '')) continue;
    rows.push({ line: i + 1, values: Object.fromEntries(headers.map((h, j) => [h, r[j]])) });
  }
  return { headers, rows };
}

async function readXlsx(path: string, options: { sheet?: string; headerRow: number }): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets[0];
  if (!sheet) throw new Error(`${path}: no sheet ${options.sheet ?? ''}`.trim());
  const headerCells = sheet.getRow(options.headerRow);
  const headers: string[] = [];
  headerCells.eachCell({ includeEmpty: true }, (cell, col) => (headers[col - 1] = String(cellValue(cell.value) ?? '').trim()));
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number <= options.headerRow) return;
    const values: Record<string, Cell> = {};
    headers.forEach((h, i) => (values[h] = cellValue(row.getCell(i + 1).value)));
    if (Object.values(values).every((v) => v === undefined || v === '')) return;
    rows.push({ line: number, values });
  });
  return { headers, rows };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
  }
  return undefined;
}
