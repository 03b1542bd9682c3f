import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { defaultRules } from '@closegap/contract';
import { TEST_DATA } from '../test/fake-api';
import { SpreadsheetConnector } from './connector';
import { loadSpreadsheetMapping, parseDateWithFormat } from './mapping';

const rules = defaultRules();

describe('spreadsheet connector', () => {
  const mappingFile = join(TEST_DATA, 'spreadsheet', 'acme-timesheets.yaml');

  it('maps a CSV export through its saved column mapping, field by field, and rejects bad rows with reasons', async () => {
    const mapping = loadSpreadsheetMapping(mappingFile);
    const outcome = await new SpreadsheetConnector(mapping, join(TEST_DATA, 'spreadsheet'), rules).sync();
    const rows = outcome.batch.rows.timesheets!;
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      line_id: 'TS-501-01/01/2024-REG', timesheet_id: 'TS-501', worker_id: 'W-17', worker_name: 'Smith, John', client_ref: 'ALP', placement_ref: 'P1001',
      work_date: '2024-01-01', rate_type: 'standard', units: '8', status: 'approved', approved_at: '2024-01-08T09:00:00Z', source_record: 'spreadsheet:acme-timesheets:acme-timesheets.csv',
    });
    expect(rows[5]).toMatchObject({ work_date: '2024-01-05', rate_type: 'overtime', units: '5' });
    expect(outcome.batch.scope).toBe('spreadsheet:acme-timesheets');
    expect(outcome.rejected).toEqual([
      { system: 'spreadsheet', entity: 'timesheets', id: 'acme-timesheets.csv:8', reason: 'work_date: "31/02/2024" is not a date in DD/MM/YYYY' },
      { system: 'spreadsheet', entity: 'timesheets', id: 'acme-timesheets.csv:9', reason: 'units: "1,5" is not a number' },
    ]);
  });

  it('reads an XLSX payroll export (date cells, numbers) into pay lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sheet-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pay');
    ws.addRow(['Run', 'Emp', 'Name', 'Paid on', 'Week ending', 'Type', 'Hrs', 'Rate', 'Gross']);
    ws.addRow(['PR-9', 'W-17', 'John Smith', new Date(Date.UTC(2024, 0, 12)), '07.01.2024', 'Overtime 1.5x', 5, 57, 285]);
    ws.addRow(['PR-9', 'W-17', 'John Smith', new Date(Date.UTC(2024, 0, 12)), '07.01.2024', 'Basic', 40, 38, 1520]);
    await wb.xlsx.writeFile(join(dir, 'payroll.xlsx'));
    writeFileSync(
      join(dir, 'payroll.yaml'),
      [
        'name: acme-payroll',
        'target: pay_lines',
        'file: payroll.xlsx',
        'sheet: Pay',
        'columns:',
        '  pay_run_id: Run',
        '  pay_date: Paid on',
        '  worker_id: Emp',
        '  worker_name: Name',
        '  period_start: { header: Week ending, date: DD.MM.YYYY, offset_days: -6 }',
        '  period_end: { header: Week ending, date: DD.MM.YYYY }',
        '  rate_type: { header: Type, map: { "Overtime 1.5x": overtime, Basic: standard } }',
        '  units: Hrs',
        '  pay_rate: Rate',
        '  amount: Gross',
      ].join('\n'),
    );
    const outcome = await new SpreadsheetConnector(loadSpreadsheetMapping(join(dir, 'payroll.yaml')), dir, rules).sync();
    expect(outcome.rejected).toEqual([]);
    const [ot, basic] = outcome.batch.rows.pay_lines!;
    expect(ot).toMatchObject({ pay_run_id: 'PR-9', pay_date: '2024-01-12', worker_id: 'W-17', period_start: '2024-01-01', period_end: '2024-01-07', rate_type: 'overtime', units: '5', pay_rate: '57', amount: '285' });
    expect(basic.rate_type).toBe('standard');
    expect(ot.line_id).toMatch(/^S-[0-9a-f]{12}$/);
  });

  it('finds the export in --from-dir and names missing headers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sheet-'));
    copyFileSync(join(TEST_DATA, 'spreadsheet', 'acme-timesheets.csv'), join(dir, 'acme-timesheets.csv'));
    const mapping = loadSpreadsheetMapping(mappingFile);
    const connector = new SpreadsheetConnector(mapping, '/nonexistent', rules, dir);
    expect(connector.filePath()).toBe(join(dir, 'acme-timesheets.csv'));
    const broken = new SpreadsheetConnector({ ...mapping, columns: { ...mapping.columns, units: 'Quantity' } }, join(TEST_DATA, 'spreadsheet'), rules);
    await expect(broken.sync()).rejects.toThrow(/header\(s\) not found: Quantity/);
  });

  it('parses dates in configured formats', () => {
    expect(parseDateWithFormat('31/01/2024', 'DD/MM/YYYY')).toBe('2024-01-31');
    expect(parseDateWithFormat('1/31/24', 'M/D/YY')).toBe('2024-01-31');
    expect(parseDateWithFormat('2024-02-30', undefined)).toBeUndefined();
  });
});
