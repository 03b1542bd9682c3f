import { aClient, aPayLine, aPlacement, aRate, aTimesheetLine, anInvoiceLine } from '@closegap/testing';
import { addDays } from '@closegap/domain';
import { categories, reconcile } from './test/reconcile';

// The same clean week as each system spells it: nothing carries placement_ref, names differ.
const clients = [
  aClient().id('C0042').named('Allied Logistics Partners LLC').build(),
  aClient().id('C0043').named('Summit Freight Inc').build(),
  aClient().id('C0044').named('Summit Freight Services LLC').build(),
];
const placements = [
  aPlacement().id('P1').client('C0042').candidate('CAND-5521', 'John Smith').build(),
  aPlacement().id('P2').client('C0043').candidate('CAND-7001', 'María José García-López').build(),
];
const rates = [aRate().placement('P1').bill('50.00').build(), aRate().placement('P2').bill('40.00').pay('30.00').build()];
const week = (workerId: string, workerName: string, clientRef: string) =>
  [0, 1, 2, 3, 4].map((d) =>
    aTimesheetLine().placement(undefined).timesheet(`${workerId}-W11`).worker(workerId, workerName).clientRef(clientRef).on(addDays('2026-03-09', d)).units(8).build(),
  );

describe('names as each system spells them', () => {
  it('resolves acronyms, legal-suffix variants, "Last, First" and accents, and finds nothing wrong', () => {
    const timesheets = [...week('TS-10234', 'SMITH, JOHN', 'ALP'), ...week('TS-20001', 'Garcia Lopez, Maria Jose', 'Summit Freight Inc.')];
    const invoices = [
      anInvoiceLine().invoice('1001').customer('ALLIED LOGISTICS PARTNERS, L.L.C.').placement(undefined).worker(undefined).description('Temporary staffing - J. Smith - w/e 15/03/2026').with({ periodStart: undefined, periodEnd: undefined }).priced(40, '50.00').build(),
      anInvoiceLine().invoice('1002').customer('Summit Freight, Inc.').placement(undefined).worker('Maria Garcia-Lopez').week('2026-03-15').priced(40, '40.00').build(),
    ];
    const payLines = [
      aPayLine().placement(undefined).worker('TS-10234', 'John Smith').week('2026-03-15').paid(40, '35.00').build(),
      aPayLine().placement(undefined).worker('TS-20001', 'MARIA JOSE GARCIA LOPEZ').week('2026-03-15').paid(40, '30.00').build(),
    ];
    const ex = reconcile({ clients, placements, rates, timesheets, invoices, payLines }, { dataFrom: '2026-03-09', asOf: '2026-03-15' });
    expect(ex.map((e) => `${e.category} ${e.record_id} ${e.detail}`)).toEqual([]);
  });

  it('leaves "Summit Freight" unresolved rather than guess between two clients', () => {
    const timesheets = week('TS-20001', 'Garcia Lopez, Maria Jose', 'Summit Freight');
    const ex = reconcile({ clients, placements, rates, timesheets }, { dataFrom: '2026-03-09', asOf: '2026-03-15' });
    expect(categories(ex)).toContain('UNRESOLVED_RECORD');
    expect(ex.filter((e) => e.category === 'UNRESOLVED_RECORD')).toHaveLength(5);
  });
});
