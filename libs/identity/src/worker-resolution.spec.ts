import fc from 'fast-check';
import { normalisePersonName } from './person-name';
import { IdentityResolver } from './resolver';
import { TestBundle, aliases } from './test/builders';

function crm(): TestBundle {
  return new TestBundle()
    .client('C1', 'Allied Logistics Partners LLC')
    .client('C2', 'Brightwave Healthcare Ltd')
    .placement('C1', 'K1', 'John Smith', 'P1')
    .placement('C1', 'K2', 'María García-López', 'P2')
    .placement('C1', 'K3', 'William Jones', 'P3')
    .placement('C1', 'K4', 'Jane Doe', 'P4')
    .placement('C2', 'K5', 'John Smith', 'P5')
    .placement('C2', 'K6', 'Jane Smith', 'P6')
    .placement('C2', 'K7', 'Chris Taylor', 'P7')
    .placement('C2', 'K8', 'Chris Taylor', 'P8');
}

const build = (b = crm(), rules = {}): IdentityResolver => IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85, ...rules });

describe('normalisePersonName', () => {
  it.each([
    ['Smith, John', 'john smith'],
    ['JOHN  SMITH', 'john smith'],
    ['Dr. John Smith Jr.', 'john smith'],
    ['García-López, María', 'maria garcia lopez'],
    ["O'Neil, Seán", 'sean oneil'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalisePersonName(raw)).toBe(expected);
  });
});

describe('worker names in every spelling', () => {
  it.each([
    ['Smith, John', 'normalised'],
    ['JOHN SMITH', 'exact'],
    ['Smith John', 'normalised'],
    ['Jon Smith', 'fuzzy'],
    ['J. Smith', 'fuzzy'],
    ['Smith J', 'fuzzy'],
    ['John Michael Smith', 'fuzzy'],
    ['Smith, John A.', 'fuzzy'],
    ['Mr John Smith', 'normalised'],
    ['John Smyth', 'fuzzy'],
    ['jsmith', 'fuzzy'],
  ])('%s -> John Smith at C1 (%s)', (name, method) => {
    const d = build().resolveWorker('timesheets', 'W9', name, 'C1');
    expect(d).toMatchObject({ resolvedTo: 'K1', resolvedName: 'John Smith', method, scope: 'C1' });
    expect(d.confidence).toBeGreaterThanOrEqual(0.85);
  });

  it.each(['Maria Garcia-Lopez', 'Garcia-Lopez, Maria', 'MARIA GARCIA LOPEZ', 'Maria Garcia', 'Maria Lopez', 'María García'])(
    '%s -> María García-López (accents, hyphenated surname)',
    (name) => {
      expect(build().resolveWorker('timesheets', undefined, name, 'C1').resolvedTo).toBe('K2');
    },
  );

  it('knows common nicknames', () => {
    expect(build().resolveWorker('timesheets', undefined, 'Bill Jones', 'C1')).toMatchObject({ resolvedTo: 'K3', method: 'fuzzy' });
  });

  it('reads the external id and name together', () => {
    expect(build().resolveWorker('timesheets', 'W9', 'Jane Doe', 'C1').external).toBe('W9|Jane Doe');
    expect(build().resolveWorker('invoices', undefined, 'Jane Doe', 'C1').external).toBe('Jane Doe');
  });
});

describe('ambiguity and scope', () => {
  it('accepts an initial only when it is unique at the client', () => {
    const d = build().resolveWorker('timesheets', undefined, 'J. Smith', 'C2');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates.map((c) => c.id).sort()).toEqual(['K5', 'K6']);
    expect(d.evidence).toContain('ambiguous');
  });

  it('leaves two candidates with the same name at one client unresolved', () => {
    const d = build().resolveWorker('timesheets', undefined, 'Chris Taylor', 'C2');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates.map((c) => c.id)).toEqual(['K7', 'K8']);
  });

  it('prefers candidates placed at the given client', () => {
    const r = build();
    expect(r.resolveWorker('timesheets', undefined, 'John Smith', 'C1').resolvedTo).toBe('K1');
    expect(r.resolveWorker('timesheets', undefined, 'John Smith', 'C2').resolvedTo).toBe('K5');
    expect(r.resolveWorker('timesheets', undefined, 'John Smith').resolvedTo).toBeUndefined();
    expect(r.resolveWorker('timesheets', undefined, 'Jane Doe').resolvedTo).toBe('K4');
  });

  it('does not match a candidate of another client', () => {
    expect(build().resolveWorker('timesheets', undefined, 'Jane Smith', 'C1').resolvedTo).toBeUndefined();
  });

  it.each(['Smith', 'Peter Parker', 'Mary Smith', ''])('"%s" stays unresolved at C1', (name) => {
    const d = build().resolveWorker('timesheets', undefined, name, 'C1');
    expect(d).toMatchObject({ resolvedTo: undefined, method: 'none', confidence: 0 });
  });

  it('keeps one decision per client for the same name', () => {
    const r = build();
    r.resolveWorker('timesheets', undefined, 'John Smith', 'C2');
    r.resolveWorker('timesheets', undefined, 'John Smith', 'C1');
    expect(r.decisions().map((d) => d.scope)).toEqual(['C1', 'C2']);
  });
});

describe('worker ids learned from placement_ref', () => {
  it('map the timesheet worker_id to the candidate whatever the name', () => {
    const r = build(crm().timesheet('ALP', 'TS-104', 'JS', 'P1', 3));
    const d = r.resolveWorker('timesheets', 'TS-104', 'JS', 'C1');
    expect(d).toMatchObject({ resolvedTo: 'K1', method: 'placement_ref', confidence: 0.99 });
    expect(d.evidence).toContain('worker_id TS-104');
  });

  it('resolve pay lines carrying the timesheet id when the name agrees', () => {
    const r = build(crm().timesheet('ALP', 'TS-104', 'Smith, John', 'P1'));
    expect(r.resolveWorker('pay_lines', 'TS-104', 'J Smith', 'C1')).toMatchObject({ resolvedTo: 'K1', method: 'worker_id' });
  });

  it('are not trusted across systems when the name disagrees', () => {
    const r = build(crm().timesheet('ALP', 'TS-104', 'Smith, John', 'P1'));
    const d = r.resolveWorker('pay_lines', 'TS-104', 'Jane Doe', 'C1');
    expect(d).toMatchObject({ resolvedTo: 'K4', method: 'exact' });
    expect(d.evidence).toContain('does not match');
  });

  it('learn invoice worker names', () => {
    const r = build(crm().invoice('INV1', 'Allied', 'P1', 'JS (contractor)'));
    expect(r.resolveWorker('invoices', undefined, 'JS (contractor)', 'C1')).toMatchObject({ resolvedTo: 'K1', method: 'placement_ref' });
  });
});

describe('worker aliases', () => {
  const rules = { aliases: aliases({ workers: { 'PR-77': 'K4', 'Smith, J.': 'K6' } }) };

  it('resolve by external id or by name (normalised)', () => {
    const r = build(crm(), rules);
    expect(r.resolveWorker('pay_lines', 'PR-77', 'whoever', 'C1')).toMatchObject({ resolvedTo: 'K4', method: 'alias', confidence: 1 });
    expect(r.resolveWorker('timesheets', undefined, 'J. Smith', 'C2')).toMatchObject({ resolvedTo: 'K6', method: 'alias' });
  });
});

describe('worker names, generated', () => {
  const word = fc.stringMatching(/^[a-z]{3,9}$/).map((w) => w[0].toUpperCase() + w.slice(1));
  const people = fc.uniqueArray(fc.record({ first: word, last: word }), {
    minLength: 1,
    maxLength: 6,
    selector: (p) => [p.first.toLowerCase(), p.last.toLowerCase()].sort().join(' '),
  });

  it('resolve reordered and upper-case spellings to the right candidate, and an initial never to another', () => {
    fc.assert(
      fc.property(people, (list) => {
        const b = new TestBundle().client('C1', 'Acme Ltd');
        list.forEach((p, i) => b.placement('C1', `K${i}`, `${p.first} ${p.last}`));
        const r = IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85 });
        const { first, last } = list[0];
        for (const spelling of [`${last}, ${first}`, `${first} ${last}`.toUpperCase(), `${last} ${first}`]) {
          expect(r.resolveWorker('timesheets', undefined, spelling, 'C1').resolvedTo).toBe('K0');
        }
        expect([undefined, 'K0']).toContain(r.resolveWorker('timesheets', undefined, `${first[0]}. ${last}`, 'C1').resolvedTo);
      }),
    );
  });
});
