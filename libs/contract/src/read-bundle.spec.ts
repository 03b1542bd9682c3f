import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleError } from './errors';
import { readBundle } from './read-bundle';
import { parseRules } from './rules-file';

const CLIENTS = 'client_id,name,currency\nC1,Allied Logistics Partners LLC,USD\n';
const PLACEMENTS = 'placement_id,client_id,candidate_id,candidate_name,type,start_date\nP1,C1,CAND1,John Smith,contract,2026-03-02\n';

function bundle(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  for (const [name, text] of Object.entries({ 'clients.csv': CLIENTS, 'placements.csv': PLACEMENTS, ...files })) writeFileSync(join(dir, name), text);
  return dir;
}

function structuralError(dir: string): BundleError {
  try {
    readBundle(dir);
  } catch (err) {
    if (err instanceof BundleError) return err;
    throw err;
  }
  throw new Error('expected a BundleError');
}

describe('readBundle', () => {
  it('reads every file of the contract and reports absent optional files as absent, not empty', () => {
    const loaded = readBundle(bundle({ 'rates.csv': 'placement_id,rate_type,bill_rate,pay_rate,effective_from\nP1,OT,70.50,50,2026-01-01\n' }));
    expect(loaded.bundle.rates?.[0]).toMatchObject({ placementId: 'P1', rateType: 'overtime', unit: 'hour' });
    expect(loaded.bundle.rates?.[0].billRate.toFixed(2)).toBe('70.50');
    expect(loaded.bundle.timesheets).toBeUndefined();
    expect(loaded.inputs.timesheets.present).toBe(false);
    expect(loaded.inputs.rates).toMatchObject({ present: true, rows: 1, quarantined: 0 });
    expect(loaded.inputs.rates.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops on a missing required column, naming file, line and column', () => {
    const err = structuralError(bundle({ 'timesheets.csv': 'line_id,timesheet_id,worker_id,worker_name,client_ref,work_date,rate_type,status\nL1,T1,W1,"Smith, John",ALP,2026-03-09,REG,approved\n' }));
    expect(err.file).toBe('timesheets.csv');
    expect(err.line).toBe(1);
    expect(err.column).toBe('units');
  });

  it('stops on broken CSV quoting with the line', () => {
    const err = structuralError(bundle({ 'credit_notes.csv': 'credit_number,credit_date,customer_name,currency,amount\nCN1,2026-03-01,"Acme,USD,10\n' }));
    expect(err.file).toBe('credit_notes.csv');
    expect(err.message).toMatch(/not valid CSV/);
  });

  it('stops on duplicate line ids, naming both lines', () => {
    const header = 'line_id,timesheet_id,worker_id,worker_name,client_ref,work_date,rate_type,units,status\n';
    const err = structuralError(bundle({ 'timesheets.csv': header + 'L1,T1,W1,Ann Lee,ALP,2026-03-09,REG,8,approved\nL1,T1,W1,Ann Lee,ALP,2026-03-10,REG,8,approved\n' }));
    expect(err).toMatchObject({ file: 'timesheets.csv', line: 3 });
    expect(err.message).toContain('first seen on line 2');
  });

  it('quarantines rows with bad values, with the reason and column, and goes on', () => {
    const header = 'line_id,timesheet_id,worker_id,worker_name,client_ref,work_date,rate_type,units,status\n';
    const rows = [
      'L1,T1,W1,Ann Lee,ALP,2026-03-09,REG,8,approved',
      'L2,T1,W1,Ann Lee,ALP,09/03/2026,REG,8,approved',
      'L3,T1,W1,Ann Lee,ALP,2026-03-10,REG,-2,approved',
      'L4,T1,W1,Ann Lee,ALP,2026-03-11,BANANA,8,approved',
      '"L5, with quoted, commas",T1,W1,"Lee, Ann",ALP,2026-03-12,REG,8,approved',
    ];
    const loaded = readBundle(bundle({ 'timesheets.csv': header + rows.join('\n') + '\n' }));
    expect(loaded.bundle.timesheets?.map((l) => l.lineId)).toEqual(['L1', 'L5, with quoted, commas']);
    expect(loaded.quarantine.map((q) => [q.record_id, q.line, q.column])).toEqual([
      ['L2', 3, 'work_date'],
      ['L3', 4, 'units'],
      ['L4', 5, 'rate_type'],
    ]);
    expect(loaded.quarantine[2].reason).toContain('unknown rate type "BANANA"');
    expect(loaded.inputs.timesheets).toMatchObject({ rows: 5, quarantined: 3 });
  });

  it('keeps exact line numbers across quoted fields that hold newlines', () => {
    const header = 'credit_number,credit_date,customer_name,currency,amount,memo\n';
    const text = header + 'CN1,2026-03-01,Acme,USD,10,"rate correction\nwk 12\r\nJ. Smith"\n\nCN2,2026-03-02,Acme,USD,ten,\n';
    const loaded = readBundle(bundle({ 'credit_notes.csv': text }));
    expect(loaded.bundle.creditNotes?.[0].memo).toBe('rate correction\nwk 12\r\nJ. Smith');
    expect(loaded.quarantine[0]).toMatchObject({ record_id: 'CN2', line: 6, column: 'amount' });
  });

  it('accepts the spellings source systems use for the contract enumerations and percentages', () => {
    const loaded = readBundle(
      bundle({
        'clients.csv': 'client_id,name,margin_floor_pct\nC1,Acme Corp,18%\n',
        'placements.csv':
          'placement_id,client_id,candidate_id,candidate_name,type,start_date,status,salary,fee_pct\nP1,C1,K1,Ann Lee,Temporary,2026-03-02,Canceled,,\nP2,C1,K2,Bo Chen,Permanent,2026-03-02,Active,90000,20%\n',
        'rates.csv': 'placement_id,rate_type,unit,bill_rate,effective_from\nP1,Overtime 1.5x,Hours,70.50,2026-01-01\nP1,Regular Hours,hrs,47,2026-01-01\n',
        'invoices.csv': 'invoice_number,invoice_date,customer_name,currency,status,line_no,item,quantity,unit_price,amount\nI1,2026-03-16,Acme,usd,Voided,1,Temp Staffing,40,47,1880\nI2,2026-03-16,Acme,USD,AUTHORISED,1,Hourly Labor,40,47,1880\n',
      }),
    );
    expect(loaded.quarantine).toEqual([]);
    expect(loaded.bundle.clients[0].marginFloorPct?.toFixed()).toBe('18');
    expect(loaded.bundle.placements.map((p) => [p.type, p.status])).toEqual([
      ['contract', 'cancelled'],
      ['perm', 'active'],
    ]);
    expect(loaded.bundle.rates?.map((r) => [r.rateType, r.unit])).toEqual([
      ['overtime', 'hour'],
      ['standard', 'hour'],
    ]);
    expect(loaded.bundle.invoices?.map((l) => [l.status, l.rateType, l.currency])).toEqual([
      ['void', 'standard', 'USD'],
      ['sent', 'standard', 'USD'],
    ]);
  });

  it('reads JSON Lines with the same field names, numbers included', () => {
    const jsonl = '{"credit_number":"CN1","credit_date":"2026-03-01","customer_name":"Acme","currency":"usd","amount":120.5}\n';
    const loaded = readBundle(bundle({ 'credit_notes.jsonl': jsonl }));
    expect(loaded.bundle.creditNotes?.[0]).toMatchObject({ creditNumber: 'CN1', currency: 'USD' });
    expect(loaded.bundle.creditNotes?.[0].amount.toFixed(2)).toBe('120.50');
  });

  it('derives an invoice line rate type from its item through item_map, else keywords; quarantines the rest', () => {
    const header = 'invoice_number,invoice_date,customer_name,currency,line_no,item,quantity,unit_price,amount\n';
    const lines = ['I1,2026-03-16,Acme,USD,1,Temp Labour - Regular,40,50,2000', 'I1,2026-03-16,Acme,USD,2,OT Hours,2,75,150', 'I1,2026-03-16,Acme,USD,3,Placement Fee,1,9000,9000', 'I1,2026-03-16,Acme,USD,4,Parking,1,10,10'];
    const loaded = readBundle(bundle({ 'invoices.csv': header + lines.join('\n') + '\n' }));
    expect(loaded.bundle.invoices?.map((l) => l.rateType)).toEqual(['standard', 'overtime', 'perm_fee']);
    expect(loaded.quarantine[0]).toMatchObject({ record_id: 'I1:4', column: 'item' });
  });

  it('a missing bundle folder or required file is a structural error', () => {
    expect(() => readBundle('/nonexistent/bundle')).toThrow(BundleError);
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'clients.csv'), CLIENTS);
    expect(() => readBundle(dir)).toThrow(/placements\.csv.*required file is missing/);
  });
});

describe('the rules file', () => {
  it('applies defaults and maps keys case-insensitively', () => {
    const rules = parseRules('as_of: 2026-03-29\nitem_map:\n  "OT  Hours": overtime\naliases:\n  timesheets: { ALP: C0042 }\n');
    expect(rules.asOf).toBe('2026-03-29');
    expect(rules.itemMap.get('ot hours')).toBe('overtime');
    expect(rules.aliases.timesheets.get('ALP')).toBe('C0042');
    expect(rules.marginFloorPct.toFixed()).toBe('15');
    expect(rules.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('names the line and key of a bad value', () => {
    expect(() => parseRules('as_of: 2026-03-29\nmargin_floor_pct: lots\n')).toThrow(/recon\.yaml:2 column margin_floor_pct/);
    expect(() => parseRules('rate_type_map:\n  OT: overtim\n')).toThrow(/recon\.yaml:2/);
    expect(() => parseRules('unknown_key: 1\n')).toThrow(BundleError);
  });
});
