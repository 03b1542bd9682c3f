import { IdentityResolver } from '../resolver';
import { TestBundle } from '../test-data';

it('explore', () => {
  const b = new TestBundle()
    .client('C1', 'Summit Freight Inc')
    .client('C2', 'Summit Freight Services LLC')
    .client('C3', 'Allied Logistics Partners LLC', { domain: 'alliedlogistics.com' })
    .client('C4', 'Brightwave Healthcare Ltd')
    .client('C5', 'The Johnson & Sons Company')
    .client('C6', 'Acme Widgets GmbH')
    .client('C7', 'Bank of America')
    .client('C8', 'Zurich Café Société SA')
    .placement('C3', 'K1', 'John Smith')
    .placement('C3', 'K2', 'Maria Garcia-Lopez')
    .placement('C3', 'K3', 'Jane Doe')
    .placement('C4', 'K4', 'John Smith')
    .placement('C4', 'K5', 'Jane Smith');
  const r = IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85 });
  const names = ['Summit Freight', 'Summit Freight Inc', 'SUMMIT FREIGHT INC.', 'Summit Freight Services', 'Summit Freight LLC', 'Sumit Freight', 'Summit Frieght Services',
    'ALP', 'A.L.P.', 'ALLIEDLOG', 'ALLIED-LOG', 'Allied Logistics', 'Allied Log', 'Allied', 'alliedlogistics.com', 'AlliedLogistics',
    'Brightwave Helthcare', 'Brightwave', 'Bright Wave Healthcare', 'Johnson and Sons', 'Johnson & Sons Co.', 'ACME WIDGETS', 'Acme', 'BOA', 'BA', 'Zurich Cafe Societe', 'Northwind Traders', 'SF', 'BH'];
  for (const n of names) {
    const d = r.resolveClient('timesheets', n);
    console.log(n.padEnd(25), (d.resolvedTo ?? '-').padEnd(4), d.method.padEnd(11), d.confidence, d.evidence, JSON.stringify(d.candidates));
  }
  const workers: [string, string | undefined][] = [['Smith, John', 'C3'], ['JOHN SMITH', 'C3'], ['Jon Smith', 'C3'], ['J. Smith', 'C3'], ['J. Smith', 'C4'], ['Smith John', 'C3'], ['John Michael Smith', 'C3'], ['Maria Garcia', 'C3'], ['Garcia-Lopez, María', 'C3'], ['Maria Lopez', 'C3'], ['John Smith', undefined], ['Smith', 'C3'], ['jsmith', 'C3'], ['Jane Do', 'C3'], ['Jayne Doe', 'C3']];
  for (const [n, c] of workers) {
    const d = r.resolveWorker('timesheets', undefined, n, c);
    console.log(n.padEnd(25), c, (d.resolvedTo ?? '-').padEnd(4), d.method.padEnd(11), d.confidence, d.evidence, JSON.stringify(d.candidates));
  }
  for (const t of ['OT wk 12 J. Smith', 'Consulting services - Maria Garcia-Lopez w/e 2026-03-15', 'rate correction Smith', 'Jane Doe and John Smith', 'Doe, Jane w/e 2026-03-01']) {
    const d = r.findWorkerInText(t, 'C3');
    console.log(t.padEnd(40), (d.resolvedTo ?? '-').padEnd(4), d.method.padEnd(11), d.confidence, d.evidence);
  }
});
