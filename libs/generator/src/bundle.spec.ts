import { isIsoDate, isTimeRateType } from '@closegap/domain';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { BUNDLE_COLUMNS } from './emit';
import { sample } from './testing/samples';

type Row = Record<string, string>;

/** Required columns of each bundle file (data contract, section 1). */
const REQUIRED: Record<string, string[]> = {
  'clients.csv': ['client_id', 'name'],
  'placements.csv': ['placement_id', 'client_id', 'candidate_id', 'candidate_name', 'type', 'start_date'],
  'rates.csv': ['rate_type', 'bill_rate', 'effective_from'],
  'timesheets.csv': ['line_id', 'timesheet_id', 'worker_id', 'worker_name', 'client_ref', 'work_date', 'rate_type', 'units', 'status'],
  'invoices.csv': ['invoice_number', 'invoice_date', 'customer_name', 'currency', 'line_no', 'quantity', 'unit_price', 'amount'],
  'credit_notes.csv': ['credit_number', 'credit_date', 'customer_name', 'currency', 'amount'],
  'pay_lines.csv': ['pay_run_id', 'line_id', 'pay_date', 'worker_id', 'worker_name', 'period_start', 'period_end', 'rate_type', 'units', 'pay_rate', 'amount'],
};

const MONEY = /^-?\d+\.\d{2}$/;
const UNITS = /^\d+(\.\d+)?$/;

describe('the generated bundle', () => {
  const { files } = sample({ seed: 1, scale: 1 });
  const parsed = new Map<string, Row[]>();
  const rows = (file: string): Row[] => {
    let data = parsed.get(file);
    if (!data) parsed.set(file, (data = parse(files[file], { columns: true }) as Row[]));
    return data;
  };

  it('parses as RFC 4180 CSV with every required column filled', () => {
    for (const [file, required] of Object.entries(REQUIRED)) {
      const data = rows(file);
      expect(data.length).toBeGreaterThan(0);
      for (const col of required) expect(Object.keys(data[0])).toContain(col);
      const blank = data.filter((r) => required.some((c) => r[c] === ''));
      expect({ file, blank: blank.slice(0, 3) }).toEqual({ file, blank: [] });
    }
  });

  it('writes money with 2 decimals, units as decimals and ISO dates', () => {
    for (const r of rows('invoices.csv')) {
      expect([r.unit_price, r.amount, r.invoice_total].every((v) => MONEY.test(v))).toBe(true);
      expect(UNITS.test(r.quantity) && isIsoDate(r.invoice_date)).toBe(true);
    }
    for (const r of rows('pay_lines.csv')) expect(MONEY.test(r.amount) && MONEY.test(r.pay_rate) && UNITS.test(r.units) && isTimeRateType(r.rate_type)).toBe(true);
    for (const r of rows('timesheets.csv')) expect(UNITS.test(r.units) && isIsoDate(r.work_date) && ['approved', 'submitted', 'rejected'].includes(r.status)).toBe(true);
    for (const r of rows('rates.csv')) expect(MONEY.test(r.bill_rate) && isTimeRateType(r.rate_type) && (r.placement_id !== '' || (r.client_id !== '' && r.job_title !== ''))).toBe(true);
  });

  it('gives perm placements a salary and a fee, contract ones neither', () => {
    for (const p of rows('placements.csv')) {
      if (p.type === 'perm') expect(p.salary !== '' && (p.fee_pct !== '' || p.fee_amount !== '')).toBe(true);
      else expect(p.type === 'contract' && p.salary === '').toBe(true);
    }
  });

  it('maps every timesheet code and invoice item through the rules file', () => {
    const yaml = files['recon.yaml'];
    const codes = new Set(rows('timesheets.csv').map((r) => r.rate_type));
    for (const code of codes) expect(isTimeRateType(code) || yaml.includes(`\n  ${code}: `)).toBe(true);
    for (const r of rows('invoices.csv')) expect(r.rate_type !== '' || yaml.includes(`\n  ${r.item}: `)).toBe(true);
  });

  it('carries placement_ref on about half of the timesheet and invoice lines', () => {
    for (const file of ['timesheets.csv', 'invoices.csv']) {
      const data = rows(file);
      const share = data.filter((r) => r.placement_ref !== '').length / data.length;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.7);
    }
  });

  it('writes exactly the bytes csv-stringify writes', () => {
    const small = sample({ seed: 5, scale: 0.2 }).files;
    for (const file of Object.keys(BUNDLE_COLUMNS)) {
      const data = parse(small[file], { columns: false }) as string[][];
      const undef = data.map((r) => r.map((v) => (v === '' ? undefined : v)));
      expect(stringify(undef, { record_delimiter: 'unix' })).toBe(small[file]);
    }
  });
});
