import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small agency, written as a bundle (CSV + recon.yaml) and published through the ingestion
 * pipeline like a real upload. Allied Logistics (C1) has John Smith (P1: standard 50.00,
 * overtime 75.00) and Maria Garcia (P2: 40.00); Bluewater Foods (C2) has Wei Chen (P3: 45.00)
 * and a perm hire (PERM1, fee 12,000); P3's 45.00 superseded an earlier 42.00. Week ending 2026-03-15 is invoiced (INV-100) and paid;
 * week ending 2026-03-22 of P1 (40 h standard + 4 h overtime) is approved and paid, not invoiced;
 * P3's week ending 2026-03-15 is approved, not invoiced, and only 32 h of it paid.
 */
const days = (weekEnding: string): string[] => {
  const end = new Date(`${weekEnding}T00:00:00Z`).getTime();
  return [6, 5, 4, 3, 2].map((d) => new Date(end - d * 86_400_000).toISOString().slice(0, 10));
};

export function agencyBundle(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'presend-agency-')), 'bundle');
  mkdirSync(dir);
  const ts: string[] = ['line_id,timesheet_id,worker_id,worker_name,client_ref,placement_ref,work_date,rate_type,units,status,approved_at'];
  const week = (p: string, worker: string, name: string, client: string, we: string, ot = 0) => {
    days(we).forEach((d, i) => ts.push(`TL-${p}-${we}-${i},TS-${p}-${we},${worker},${name},${client},${p},${d},standard,8,approved,${we}T18:00:00Z`));
    if (ot) ts.push(`TL-${p}-${we}-OT,TS-${p}-${we},${worker},${name},${client},${p},${days(we)[4]},overtime,${ot},approved,${we}T18:00:00Z`);
  };
  week('P1', 'W1', 'John Smith', 'ALP', '2026-03-15', 4);
  week('P1', 'W1', 'John Smith', 'ALP', '2026-03-22', 4);
  week('P2', 'W2', 'Maria Garcia', 'ALP', '2026-03-15');
  week('P2', 'W2', 'Maria Garcia', 'ALP', '2026-03-22');
  week('P3', 'W3', 'Wei Chen', 'BWF', '2026-03-15');
  week('P3', 'W3', 'Wei Chen', 'BWF', '2026-03-22');
  const files: Record<string, string> = {
    'clients.csv': ['client_id,name,currency,account_manager', 'C1,Allied Logistics Partners LLC,USD,Grace Okafor', 'C2,Bluewater Foods Inc,USD,Grace Okafor'].join('\n'),
    'placements.csv': [
      'placement_id,client_id,candidate_id,candidate_name,job_title,type,start_date,end_date,status,currency,salary,fee_pct,fee_amount',
      'P1,C1,CAND1,John Smith,Forklift Operator,contract,2026-03-02,,active,,,,',
      'P2,C1,CAND2,Maria Garcia,Picker,contract,2026-03-02,,active,,,,',
      'P3,C2,CAND3,Wei Chen,Line Cook,contract,2026-03-02,,active,,,,',
      'PERM1,C2,CAND4,Ana Lopez,Head Chef,perm,2026-03-10,,active,,,,12000.00',
    ].join('\n'),
    'rates.csv': [
      'placement_id,client_id,job_title,rate_type,unit,bill_rate,pay_rate,effective_from,effective_to,agreed_on',
      'P1,,,standard,hour,50.00,35.00,2026-03-02,,2026-02-20',
      'P1,,,overtime,hour,75.00,52.50,2026-03-02,,2026-02-20',
      'P2,,,standard,hour,40.00,30.00,2026-03-02,,2026-02-20',
      'P3,,,standard,hour,45.00,32.00,2026-03-02,,2026-02-20',
      'P3,,,standard,hour,42.00,32.00,2026-03-02,,2026-02-01',
    ].join('\n'),
    'timesheets.csv': ts.join('\n'),
    'invoices.csv': [
      'invoice_number,invoice_date,customer_name,currency,status,line_no,item,rate_type,description,placement_ref,worker_name,period_start,period_end,quantity,unit_price,amount,invoice_total',
      'INV-100,2026-03-16,Allied Logistics Partners LLC,USD,sent,1,,standard,John Smith w/e 2026-03-15,P1,John Smith,2026-03-09,2026-03-15,40,50.00,2000.00,5500.00',
      'INV-100,2026-03-16,Allied Logistics Partners LLC,USD,sent,2,,overtime,John Smith OT w/e 2026-03-15,P1,John Smith,2026-03-09,2026-03-15,4,75.00,300.00,5500.00',
      'INV-100,2026-03-16,Allied Logistics Partners LLC,USD,sent,3,,standard,Maria Garcia w/e 2026-03-15,P2,Maria Garcia,2026-03-09,2026-03-15,40,40.00,1600.00,5500.00',
      'INV-100,2026-03-16,Allied Logistics Partners LLC,USD,sent,4,,standard,Maria Garcia w/e 2026-03-22 (advance),P2,Maria Garcia,2026-03-16,2026-03-22,40,40.00,1600.00,5500.00',
    ].join('\n'),
    'pay_lines.csv': [
      'pay_run_id,line_id,pay_date,worker_id,worker_name,placement_ref,period_start,period_end,rate_type,units,pay_rate,amount',
      'PR-1,PL-1,2026-03-20,W1,John Smith,P1,2026-03-09,2026-03-15,standard,40,35.00,1400.00',
      'PR-1,PL-2,2026-03-20,W1,John Smith,P1,2026-03-09,2026-03-15,overtime,4,52.50,210.00',
      'PR-1,PL-3,2026-03-20,W2,Maria Garcia,P2,2026-03-09,2026-03-15,standard,40,30.00,1200.00',
      'PR-1,PL-4,2026-03-20,W3,Wei Chen,P3,2026-03-09,2026-03-15,standard,32,32.00,1024.00',
      'PR-2,PL-5,2026-03-27,W1,John Smith,P1,2026-03-16,2026-03-22,standard,40,35.00,1400.00',
      'PR-2,PL-6,2026-03-27,W1,John Smith,P1,2026-03-16,2026-03-22,overtime,4,52.50,210.00',
      'PR-2,PL-7,2026-03-27,W2,Maria Garcia,P2,2026-03-16,2026-03-22,standard,40,30.00,1200.00',
      'PR-2,PL-8,2026-03-27,W3,Wei Chen,P3,2026-03-16,2026-03-22,standard,40,32.00,1280.00',
    ].join('\n'),
    'credit_notes.csv': 'credit_number,credit_date,customer_name,currency,amount,invoice_number,memo',
    'recon.yaml': 'as_of: 2026-03-22\ndata_from: 2026-03-09\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text + '\n');
  return dir;
}

/**
 * Another agency (tenant B): one client, one placement, nothing in common with the first. Its
 * timesheets are not in the upload: otherAgencyTimesheets() are written straight into its
 * PostgreSQL facts table, as the matching service would have persisted them.
 */
export function otherAgencyBundle(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'presend-other-')), 'bundle');
  mkdirSync(dir);
  const files: Record<string, string> = {
    'clients.csv': 'client_id,name,currency\nZ1,Zenith Health Trust,GBP',
    'placements.csv': 'placement_id,client_id,candidate_id,candidate_name,job_title,type,start_date,status\nZP1,Z1,ZC1,Priya Patel,Nurse,contract,2026-03-02,active',
    'rates.csv': 'placement_id,rate_type,bill_rate,pay_rate,effective_from\nZP1,standard,38.00,28.00,2026-03-02',
    'invoices.csv': 'invoice_number,invoice_date,customer_name,currency,status,line_no,rate_type,placement_ref,period_start,period_end,quantity,unit_price,amount',
    'pay_lines.csv': 'pay_run_id,line_id,pay_date,worker_id,worker_name,placement_ref,period_start,period_end,rate_type,units,pay_rate,amount',
    'recon.yaml': 'as_of: 2026-03-22\ndata_from: 2026-03-09\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text + '\n');
  return dir;
}

type Line = Record<string, string | number>;

/** A draft invoice to Allied Logistics, dated 2026-03-23, with these lines (totals computed unless given). */
export function draft(invoiceNumber: string, lines: Line[], header: Record<string, string> = {}): Record<string, unknown> {
  const total = lines.reduce((sum, l) => sum + Number(l.amount), 0).toFixed(2);
  return { invoice_number: invoiceNumber, invoice_date: '2026-03-23', customer_name: 'Allied Logistics Partners LLC', currency: 'USD', invoice_total: total, ...header, lines };
}

/** A time line of a placement and week. */
export function timeLine(placement: string, worker: string, weekEnding: string, rateType: string, quantity: number, unitPrice: string, amount?: string): Line {
  const start = new Date(new Date(`${weekEnding}T00:00:00Z`).getTime() - 6 * 86_400_000).toISOString().slice(0, 10);
  return {
    rate_type: rateType,
    placement_ref: placement,
    worker_name: worker,
    description: `${worker} ${rateType} w/e ${weekEnding}`,
    period_start: start,
    period_end: weekEnding,
    quantity: String(quantity),
    unit_price: unitPrice,
    amount: amount ?? (quantity * Number(unitPrice)).toFixed(2),
  };
}

/** Tenant B's approved week (37.5 h of Priya Patel, week ending 2026-03-15) as timesheet rows. */
export function otherAgencyTimesheets(): { recordId: string; row: Record<string, string>; line: number }[] {
  return days('2026-03-15').map((d, i) => ({
    recordId: `ZT-${i}`,
    line: i + 2,
    row: { line_id: `ZT-${i}`, timesheet_id: 'ZTS-1', worker_id: 'ZW1', worker_name: 'Priya Patel', client_ref: 'Zenith', placement_ref: 'ZP1', work_date: d, rate_type: 'standard', units: '7.5', status: 'approved', approved_at: '' },
  }));
}
