import { aClient, aCreditNote, aPayLine, aPlacement, aRate, aTimesheetLine, aWorkWeek, anInvoiceLine } from '@closegap/testing';
import { categories, only, reconcile } from './test/reconcile';

// One clean week: 40 h approved, invoiced at 50.00 and paid at 35.00 (the default rate).
const week = '2026-03-15';
const cleanTime = () => aWorkWeek({ placement: 'P1', weekEnding: week });
const cleanInvoice = () => anInvoiceLine().invoice('INV-1').week(week).priced(40, '50.00');
const cleanPay = () => aPayLine().week(week).paid(40, '35.00');

describe('a clean week', () => {
  it('raises no exception at all', () => {
    expect(reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] })).toEqual([]);
  });
});

describe('UNBILLED_TIME', () => {
  it('values the missing units at the contract bill rate, refs timesheet and rate type', () => {
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().priced(32, '50.00').build()], payLines: [cleanPay().paid(32, '35.00').build()] });
    expect(categories(ex)).toEqual(['UNBILLED_TIME']);
    expect(ex[0]).toMatchObject({ timesheet_id: 'TS-P1-2026-03-15', rate_type: 'standard', units: '8', value_at_risk: '400.00', owner_team: 'billing' });
    expect(ex[0].suggested_action).toContain('$400.00');
  });
  it('values the latest days at their own rate when the rate changes mid-week', () => {
    const rates = [aRate().bill('50.00').to('2026-03-12').build(), aRate().bill('60.00').from('2026-03-13').build()];
    const ex = reconcile({ rates, timesheets: cleanTime(), invoices: [cleanInvoice().priced(24, '50.00').build()] });
    // Mon-Wed invoiced; Thu at 50 and Fri at 60 missing
    expect(only(ex, 'UNBILLED_TIME')[0].value_at_risk).toBe('880.00');
  });
  it('is not raised for time already reported as RATE_NOT_IN_CONTRACT', () => {
    const ot = aTimesheetLine().type('overtime').units(5).on('2026-03-13').timesheet('TS-P1-2026-03-15').build();
    const ex = reconcile({ timesheets: [...cleanTime(), ot], invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['RATE_NOT_IN_CONTRACT']);
    expect(ex[0]).toMatchObject({ rate_type: 'overtime', value_at_risk: '250.00' });
  });
  it('counts only approved lines', () => {
    const submitted = aTimesheetLine().on('2026-03-14').units(6).status('submitted').timesheet('TS-P1-2026-03-15').build();
    expect(reconcile({ timesheets: [...cleanTime(), submitted], invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] })).toEqual([]);
  });
});

describe('OVERBILLED_TIME', () => {
  it('values the excess at the invoiced rate, on the later invoice', () => {
    const first = cleanInvoice().priced(40, '50.00').build();
    const second = anInvoiceLine().invoice('INV-2', '2026-03-18').week(week).priced(4, '50.00').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [first, second], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['OVERBILLED_TIME']);
    expect(ex[0]).toMatchObject({ invoice_number: 'INV-2', rate_type: 'standard', value_at_risk: '200.00' });
  });
  it('ignores void invoices and duplicates', () => {
    const voided = anInvoiceLine().invoice('INV-9').week(week).priced(40, '50.00').status('void').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build(), voided], payLines: [cleanPay().build()] });
    expect(ex).toEqual([]);
  });
});

describe('CONTRACT_DRIFT and BILL_RATE_VARIANCE', () => {
  const raise = (agreedOn: string) => [aRate().bill('50.00').build(), aRate().bill('55.00').from('2026-03-09').agreed(agreedOn).build()];
  it('a superseded rate after the increase is drift, retroactive when agreed after the invoice date', () => {
    const ex = reconcile({ rates: raise('2026-03-20'), timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['CONTRACT_DRIFT']);
    expect(ex[0]).toMatchObject({ invoice_number: 'INV-1', line_no: '1', expected: '55.00', actual: '50.00', value_at_risk: '200.00', retroactive: true, owner_team: 'account_management' });
  });
  it('is not retroactive when agreed on or before the invoice date', () => {
    const ex = reconcile({ rates: raise('2026-03-16'), timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] });
    expect(only(ex, 'CONTRACT_DRIFT')[0].retroactive).toBe(false);
  });
  it('any other wrong price is a variance, never both', () => {
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().priced(40, '48.00').build()], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['BILL_RATE_VARIANCE']);
    expect(ex[0].value_at_risk).toBe('80.00');
  });
  it('effective_to is inclusive', () => {
    const rates = [aRate().bill('50.00').to('2026-03-15').build(), aRate().bill('60.00').from('2026-03-16').build()];
    const sundayOnly = [aTimesheetLine().on('2026-03-15').units(8).timesheet('TSX').build()];
    const ex = reconcile({ rates, timesheets: sundayOnly, invoices: [cleanInvoice().priced(8, '50.00').build()], payLines: [cleanPay().paid(8, '35.00').build()] });
    expect(ex).toEqual([]);
  });
  it('placement rows win over the client card for their rate type only', () => {
    const rates = [aRate().card('C1', 'Forklift Operator').bill('45.00').build(), aRate().placement('P1').bill('50.00').build(), aRate().card('C1', 'forklift  operator').type('overtime').bill('70.50').build()];
    const ot = aTimesheetLine().type('overtime').on('2026-03-13').units(2).timesheet('TS-P1-2026-03-15').build();
    const otInvoice = anInvoiceLine().invoice('INV-1').line(2).week(week).type('overtime').priced(2, '70.50').build();
    const ex = reconcile({ rates, timesheets: [...cleanTime(), ot], invoices: [cleanInvoice().build(), otInvoice] });
    expect(ex.filter((e) => e.category !== 'BILLED_NOT_PAID')).toEqual([]);
  });
});

describe('TIME_OUTSIDE_PLACEMENT and RATE_NOT_IN_CONTRACT', () => {
  it('approved time after the end date is reported once per timesheet, not as unbilled', () => {
    const placement = aPlacement().to('2026-03-12').build();
    const ex = reconcile({ placements: [placement], timesheets: cleanTime(), invoices: [cleanInvoice().priced(32, '50.00').build()], payLines: [cleanPay().paid(32, '35.00').build()] });
    expect(categories(ex)).toEqual(['TIME_OUTSIDE_PLACEMENT']);
    expect(ex[0]).toMatchObject({ timesheet_id: 'TS-P1-2026-03-15', value_at_risk: '400.00', owner_team: 'operations' });
  });
});

describe('pay checks', () => {
  it('PAY_RATE_VARIANCE values the difference per unit paid', () => {
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().paid(40, '36.50').build()] });
    expect(categories(ex)).toEqual(['PAY_RATE_VARIANCE']);
    expect(ex[0]).toMatchObject({ value_at_risk: '60.00', owner_team: 'payroll' });
  });
  it('PAID_NOT_BILLED: paid beyond both approved and invoiced, valued at the bill rate', () => {
    const extra = aPayLine().run('PR2', '2026-03-27').week(week).paid(5, '35.00').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().build(), extra] });
    expect(categories(ex)).toEqual(['PAID_NOT_BILLED']);
    expect(ex[0]).toMatchObject({ pay_run_id: 'PR2', line_id: extra.lineId, value_at_risk: '250.00' });
  });
  it('BILLED_NOT_PAID: approved and invoiced beyond paid, valued at the pay rate', () => {
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().paid(30, '35.00').build()] });
    expect(categories(ex)).toEqual(['BILLED_NOT_PAID']);
    expect(ex[0]).toMatchObject({ invoice_number: 'INV-1', line_no: '1', value_at_risk: '350.00' });
  });
});

describe('MARGIN_BELOW_THRESHOLD', () => {
  it('is strictly below the floor, valued on approved units', () => {
    const rates = [aRate().bill('50.00').pay('44.00').build()]; // 12% margin, floor 15
    const ex = reconcile({ rates, timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().paid(40, '44.00').build()] });
    expect(categories(ex)).toEqual(['MARGIN_BELOW_THRESHOLD']);
    // (15 - 12) / 100 x 50 x 40 = 60
    expect(ex[0]).toMatchObject({ placement_id: 'P1', rate_type: 'standard', value_at_risk: '60.00' });
  });
  it('exactly at the floor is fine; the client floor wins', () => {
    const rates = [aRate().bill('50.00').pay('42.50').build()]; // 15%
    expect(reconcile({ rates, timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().paid(40, '42.50').build()] })).toEqual([]);
    const ex = reconcile({ clients: [aClient().marginFloor('20').build()], rates, timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().paid(40, '42.50').build()] });
    expect(only(ex, 'MARGIN_BELOW_THRESHOLD')[0].value_at_risk).toBe('100.00');
  });
});

describe('perm fees', () => {
  const perm = () => aPlacement().id('P9').candidate('CAND9', 'Maria Garcia').perm({ salary: '85000', feePct: '20' }).from('2026-03-02');
  it('PERM_FEE_NOT_INVOICED: salary x fee_pct', () => {
    const ex = reconcile({ placements: [perm().build()], rates: [] });
    expect(ex).toHaveLength(1);
    expect(ex[0]).toMatchObject({ category: 'PERM_FEE_NOT_INVOICED', placement_id: 'P9', value_at_risk: '17000.00', severity: 'critical' });
  });
  it('not for cancelled placements or ones starting after as_of', () => {
    expect(reconcile({ placements: [perm().status('cancelled').build()], rates: [] })).toEqual([]);
    expect(reconcile({ placements: [perm().from('2026-04-01').build()], rates: [] })).toEqual([]);
  });
  it('PERM_FEE_VARIANCE: a fee at the wrong amount', () => {
    const fee = anInvoiceLine().invoice('INV-F').placement('P9').type('perm_fee').priced(1, '15000.00').with({ periodStart: undefined, periodEnd: undefined }).build();
    const ex = reconcile({ placements: [perm().build()], rates: [], invoices: [fee] });
    expect(categories(ex)).toEqual(['PERM_FEE_VARIANCE']);
    expect(ex[0].value_at_risk).toBe('2000.00');
  });
});

describe('invoice-level checks', () => {
  it('DUPLICATE_INVOICE: every line repeats one earlier invoice; its units do not count', () => {
    const dup = cleanInvoice().invoice('INV-2', '2026-03-18').total('2000.00').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build(), dup], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['DUPLICATE_INVOICE']);
    expect(ex[0]).toMatchObject({ invoice_number: 'INV-2', value_at_risk: '2000.00' });
  });
  it('INVOICE_MATH_ERROR on a line and on the total', () => {
    const bad = cleanInvoice().amount('2100.00').total('2000.00').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [bad], payLines: [cleanPay().build()] });
    expect(only(ex, 'INVOICE_MATH_ERROR').map((e) => [e.line_no ?? '', e.value_at_risk]).sort()).toEqual([
      ['', '100.00'],
      ['1', '100.00'],
    ]);
  });
  it('rounding within a cent is not a math error', () => {
    const line = cleanInvoice().priced('7.333', '45.50').amount('333.65').build();
    expect(only(reconcile({ invoices: [line] }), 'INVOICE_MATH_ERROR')).toEqual([]);
  });
  it('CURRENCY_MISMATCH skips the rate checks of its lines', () => {
    const eur = cleanInvoice().currency('EUR').priced(40, '46.00').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [eur], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['CURRENCY_MISMATCH']);
    expect(ex[0].value_at_risk).toBe('1840.00');
  });
  it('INVOICE_WITHOUT_PLACEMENT: a resolved customer, a worker with no placement there', () => {
    const stray = anInvoiceLine().invoice('INV-7').placement(undefined).worker('Olga Petrova').week(week).priced(10, '50.00').build();
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build(), stray], payLines: [cleanPay().build()] });
    expect(categories(ex)).toEqual(['INVOICE_WITHOUT_PLACEMENT']);
    expect(ex[0]).toMatchObject({ invoice_number: 'INV-7', line_no: '1', value_at_risk: '500.00', client_id: 'C1' });
  });
});

describe('DUPLICATE_CREDIT', () => {
  it('the later of two identical credits, blank invoice numbers counting as the same', () => {
    const a = aCreditNote().id('CN-1', '2026-03-20').amount('120.00').against(undefined).build();
    const b = aCreditNote().id('CN-2', '2026-03-22').amount('120.00').against(undefined).build();
    const c = aCreditNote().id('CN-3', '2026-03-22').amount('120.00').against('INV-1').build();
    const ex = reconcile({ creditNotes: [b, a, c] });
    expect(only(ex, 'DUPLICATE_CREDIT').map((e) => [e.category, e.credit_number, e.value_at_risk])).toEqual([['DUPLICATE_CREDIT', 'CN-2', '120.00']]);
  });
});

describe('MISSING_TIMESHEET', () => {
  it('a week inside the placement with no line in any status, up to as_of, from data_from', () => {
    const ex = reconcile({ timesheets: [] }, { asOf: '2026-03-22', dataFrom: '2026-03-09' });
    expect(only(ex, 'MISSING_TIMESHEET').map((e) => e.week_ending)).toEqual(['2026-03-15', '2026-03-22']);
    expect(ex[0].value_at_risk).toBe('0.00');
    expect(ex[0].recurring).toBe(true);
  });
  it('shows what a usual week bills in the detail, with value 0', () => {
    const ex = reconcile({ timesheets: cleanTime(), invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] }, { asOf: '2026-03-22', dataFrom: '2026-03-09' });
    const missing = only(ex, 'MISSING_TIMESHEET');
    expect(missing.map((e) => [e.week_ending, e.value_at_risk])).toEqual([['2026-03-22', '0.00']]);
    expect(missing[0].detail).toContain('a usual week bills about $2,000.00');
  });

  it('a rejected line still counts as a timesheet; a week ending after as_of is not judged', () => {
    const rejected = aTimesheetLine().on('2026-03-10').status('rejected').build();
    const ex = reconcile({ timesheets: [rejected] }, { asOf: '2026-03-21', dataFrom: '2026-03-09' });
    expect(only(ex, 'MISSING_TIMESHEET')).toEqual([]);
  });
});

describe('UNRESOLVED_RECORD', () => {
  it('a timesheet line from an unknown client takes part in no other check', () => {
    const stranger = aTimesheetLine().placement(undefined).clientRef('Northwind Traders').worker('W77', 'Lee, Ann').build();
    const ex = reconcile({ timesheets: [...cleanTime(), stranger], invoices: [cleanInvoice().build()], payLines: [cleanPay().build()] });
    expect(ex.map((e) => [e.category, e.source, e.record_id, e.value_at_risk])).toEqual([['UNRESOLVED_RECORD', 'timesheets', stranger.lineId, '0.00']]);
  });
  it('an invoice line of an unknown customer is valued at its amount', () => {
    const line = anInvoiceLine().invoice('INV-X').customer('Northwind Traders').placement(undefined).worker('Ann Lee').priced(3, '40.00').build();
    const ex = reconcile({ invoices: [line] });
    expect(only(ex, 'UNRESOLVED_RECORD').map((e) => [e.category, e.record_id, e.value_at_risk])).toEqual([['UNRESOLVED_RECORD', 'INV-X:1', '120.00']]);
  });
});

describe('exception records', () => {
  it('ids are stable across reruns and rounding happens once at the end', () => {
    const lines = [1, 2, 3].map((n) => anInvoiceLine().invoice('INV-R').line(n).week(week).priced('1', '16.675').amount('16.68').build());
    const a = reconcile({ timesheets: [aTimesheetLine().units(3).build()], invoices: lines });
    const b = reconcile({ timesheets: [aTimesheetLine().units(3).build()], invoices: lines });
    expect(a.map((e) => e.exception_id)).toEqual(b.map((e) => e.exception_id));
    const variance = only(a, 'BILL_RATE_VARIANCE');
    // |50 - 16.675| = 33.325 per line, each rounded once: 33.33
    expect(variance.map((e) => e.value_at_risk)).toEqual(['33.33', '33.33', '33.33']);
  });
});
