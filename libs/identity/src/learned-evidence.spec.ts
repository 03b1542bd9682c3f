import { IdentityResolver } from './resolver';
import { TestBundle } from './test/builders';

function crm(): TestBundle {
  return new TestBundle()
    .client('C1', 'Summit Freight Inc')
    .client('C2', 'Summit Freight Services LLC')
    .client('C3', 'Allied Logistics Partners LLC')
    .client('C4', 'Brightwave Healthcare Ltd')
    .placement('C1', 'K1', 'Ann Lee', 'P1')
    .placement('C2', 'K2', 'Bob Stone', 'P2')
    .placement('C3', 'K3', 'John Smith', 'P3')
    .placement('C4', 'K4', 'Maria Garcia', 'P4');
}

const build = (b: TestBundle, threshold = 0.85): IdentityResolver => IdentityResolver.fromRecords(b.records(), { matchThreshold: threshold });

describe('client names learned from placement_ref', () => {
  it('teaches a code no name rule could read', () => {
    const r = build(crm().timesheet('SFX-7', 'W2', 'Bob Stone', 'P2', 12));
    const d = r.resolveClient('timesheets', 'SFX-7');
    expect(d).toMatchObject({ resolvedTo: 'C2', method: 'placement_ref', confidence: 0.99 });
    expect(d.evidence).toBe("12 timesheet lines carry placement_ref of C2 'Summit Freight Services LLC' (P2, ...)");
  });

  it('beats name similarity', () => {
    const r = build(crm().timesheet('Summit Freight Inc', 'W2', 'Bob Stone', 'P2', 3));
    expect(r.resolveClient('timesheets', 'Summit Freight Inc')).toMatchObject({ resolvedTo: 'C2', method: 'placement_ref' });
  });

  it('resolves a name that is ambiguous by name alone', () => {
    const r = build(crm().timesheet('Summit Freight', 'W1', 'Ann Lee', 'P1', 2));
    expect(r.resolveClient('timesheets', 'summit freight').resolvedTo).toBe('C1');
  });

  it('is learned per system', () => {
    const r = build(crm().timesheet('Summit Freight', 'W1', 'Ann Lee', 'P1', 2));
    expect(r.resolveClient('invoices', 'Summit Freight').resolvedTo).toBeUndefined();
    // ... but the same code seen in another system still counts, a little less.
    const code = build(crm().timesheet('SFX-7', 'W2', 'Bob Stone', 'P2', 2)).resolveClient('invoices', 'SFX-7');
    expect(code).toMatchObject({ resolvedTo: 'C2', method: 'placement_ref' });
    expect(code.confidence).toBe(0.9);
  });

  it('takes the majority when lines disagree, with confidence from its share', () => {
    const r = build(crm().timesheet('ALPX', 'W3', 'John Smith', 'P3', 9).timesheet('ALPX', 'W4', 'Maria Garcia', 'P4', 1));
    const d = r.resolveClient('timesheets', 'ALPX');
    expect(d).toMatchObject({ resolvedTo: 'C3', method: 'placement_ref' });
    expect(d.confidence).toBeCloseTo(0.891, 3);
    expect(d.evidence).toContain('9 of 10 timesheet lines');
    expect(d.evidence).toContain('1 to C4');
  });

  it('falls back to the name when the majority is weak, and says the lines agree', () => {
    const r = build(crm().timesheet('Allied Logistics', 'W3', 'John Smith', 'P3', 6).timesheet('Allied Logistics', 'W4', 'Maria Garcia', 'P4', 4));
    const d = r.resolveClient('timesheets', 'Allied Logistics');
    expect(d).toMatchObject({ resolvedTo: 'C3', method: 'fuzzy' });
    expect(d.evidence).toContain('6 of 10 lines with placement_ref agree');
  });

  it('refuses a name match that the placement_refs contradict', () => {
    const r = build(crm().timesheet('Brightwave Healthcare', 'W1', 'Ann Lee', 'P1', 6).timesheet('Brightwave Healthcare', 'W3', 'John Smith', 'P3', 4));
    const d = r.resolveClient('timesheets', 'Brightwave Healthcare');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.evidence).toMatch(/^conflicting evidence/);
  });

  it('ignores placement_refs the CRM does not know', () => {
    const r = build(crm().timesheet('ALPX', 'W3', 'John Smith', 'P999', 5));
    expect(r.resolveClient('timesheets', 'ALPX').resolvedTo).toBeUndefined();
  });

  it('learns finance customer names from invoice lines', () => {
    const r = build(crm().invoice('INV1', 'SF Services Acct 7', 'P2').invoice('INV2', 'SF Services Acct 7', 'P2'));
    expect(r.resolveClient('invoices', 'SF Services Acct 7')).toMatchObject({ resolvedTo: 'C2', method: 'placement_ref' });
  });
});

describe('credit notes', () => {
  it('use what invoices taught for the same customer name', () => {
    const r = build(crm().invoice('INV1', 'SFS Account', 'P2').credit('CN1', 'SFS Account'));
    const d = r.resolveClient('credit_notes', 'SFS Account');
    expect(d).toMatchObject({ resolvedTo: 'C2', method: 'placement_ref' });
    expect(d.evidence).toContain('invoice lines of the same customer name');
  });

  it('follow invoice_number to the invoice\'s client', () => {
    const r = build(crm().invoice('INV1', 'Whatever Name', 'P3').credit('CN1', 'Accounts Payable Dept', 'INV1'));
    const d = r.resolveClient('credit_notes', 'Accounts Payable Dept');
    expect(d).toMatchObject({ resolvedTo: 'C3', method: 'placement_ref' });
    expect(d.evidence).toContain('CN1 -> INV1');
  });

  it('follow invoice_number to an invoice customer resolved by name', () => {
    const r = build(crm().invoice('INV1', 'Brightwave Helthcare').credit('CN1', 'BW Accounts', 'INV1'));
    const d = r.resolveClient('credit_notes', 'BW Accounts');
    expect(d.resolvedTo).toBe('C4');
    expect(d.evidence).toContain("invoices of 'Brightwave Helthcare'");
  });

  it('stay unresolved when neither name nor link says who', () => {
    const r = build(crm().credit('CN1', 'Northwind Traders', 'INV404'));
    expect(r.resolveClient('credit_notes', 'Northwind Traders').resolvedTo).toBeUndefined();
  });
});
