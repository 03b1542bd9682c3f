import type { RulesConfig } from '@closegap/domain';
import { IdentityResolver } from './resolver';
import { TestBundle, aliases } from './test/builders';
import { DEFAULT_MATCH_THRESHOLD } from './types';

function crm(): TestBundle {
  return new TestBundle()
    .client('C1', 'Summit Freight Inc')
    .client('C2', 'Summit Freight Services LLC')
    .client('C3', 'Allied Logistics Partners LLC')
    .client('C4', 'Brightwave Healthcare Ltd')
    .client('C5', 'The Johnson & Sons Company')
    .client('C6', 'Bank of America')
    .client('C7', 'Brightwave Logistics Inc');
}

function resolver(bundle = crm(), threshold = DEFAULT_MATCH_THRESHOLD): IdentityResolver {
  return IdentityResolver.fromRecords(bundle.records(), { aliases: aliases({}), matchThreshold: threshold });
}

describe('near-collisions are never merged', () => {
  const r = resolver();

  it.each([
    ['Summit Freight Inc', 'C1', 'exact'],
    ['SUMMIT FREIGHT, INC.', 'C1', 'normalised'],
    ['Summit Freight Incorporated', 'C1', 'normalised'],
    ['Summit Freight Services LLC', 'C2', 'exact'],
    ['Summit Freight Services', 'C2', 'normalised'],
    ['summit freight services l.l.c.', 'C2', 'normalised'],
    ['Summit Frieght Services', 'C2', 'fuzzy'],
  ])('%s -> %s by %s', (name, id, method) => {
    const d = r.resolveClient('invoices', name);
    expect(d.resolvedTo).toBe(id);
    expect(d.method).toBe(method);
  });

  it.each(['Summit Freight', 'Summit Freight LLC', 'Sumit Freight', 'SUMMIT'])('"%s" fits both Summit clients: unresolved', (name) => {
    const d = r.resolveClient('invoices', name);
    expect(d.resolvedTo).toBeUndefined();
    expect(d.method).toBe('none');
    expect(d.confidence).toBe(0);
    expect(d.candidates.map((c) => c.id).sort()).toEqual(['C1', 'C2']);
  });

  it('explains an ambiguity by naming both clients', () => {
    expect(r.resolveClient('timesheets', 'Summit Freight').evidence).toMatch(/Summit Freight Inc.*Summit Freight Services LLC.*ambiguous/);
  });
});

describe('acronyms and codes', () => {
  it.each(['ALP', 'A.L.P.', 'alp', 'ALP-01'])('%s is the acronym of Allied Logistics Partners LLC', (code) => {
    const d = resolver().resolveClient('timesheets', code);
    expect(d).toMatchObject({ resolvedTo: 'C3', method: 'acronym' });
    expect(d.evidence).toBe("acronym of 'Allied Logistics Partners LLC'");
  });

  it.each(['ALLIEDLOG', 'ALLIED-LOG', 'ALLIED_LOGIS', 'AlliedLogPart', 'Allied Log'])('%s abbreviates the words of Allied Logistics Partners', (code) => {
    expect(resolver().resolveClient('timesheets', code)).toMatchObject({ resolvedTo: 'C3', method: 'acronym' });
  });

  it('skips "of" and "and" in acronyms', () => {
    expect(resolver().resolveClient('timesheets', 'BOA').resolvedTo).toBe('C6');
  });

  it('reads a CRM acronym the other way round', () => {
    const bundle = new TestBundle().client('C9', 'ALP Inc').client('C1', 'Summit Freight Inc');
    expect(resolver(bundle).resolveClient('invoices', 'Allied Logistics Partners')).toMatchObject({ resolvedTo: 'C9', method: 'acronym' });
  });

  it('leaves an acronym that fits two clients unresolved', () => {
    const bundle = crm().client('C8', 'Atlas Labour Providers Ltd');
    const d = resolver(bundle).resolveClient('timesheets', 'ALP');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates.map((c) => c.id).sort()).toEqual(['C3', 'C8']);
  });

  it('does not take two letters alone as proof', () => {
    const d = resolver().resolveClient('timesheets', 'BH');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates[0].id).toBe('C4');
  });

  it('does not call a code an acronym when a company has that name', () => {
    const bundle = crm().client('C8', 'Alp Industries');
    expect(resolver(bundle).resolveClient('timesheets', 'ALP').resolvedTo).toBeUndefined();
  });
});

describe('legal forms, "&" and "The"', () => {
  it.each(['Johnson and Sons', 'Johnson & Sons Co.', 'JOHNSON AND SONS LTD', 'The Johnson and Sons Company'])('%s -> The Johnson & Sons Company', (name) => {
    const d = resolver().resolveClient('invoices', name);
    expect(d.resolvedTo).toBe('C5');
    expect(d.method).toBe('normalised');
    expect(d.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it('accepts a wrong legal form when the name is otherwise unique', () => {
    expect(resolver().resolveClient('invoices', 'Allied Logistics Partners Ltd').resolvedTo).toBe('C3');
  });

  it('compares names without spaces', () => {
    expect(resolver().resolveClient('invoices', 'Bright Wave Healthcare')).toMatchObject({ resolvedTo: 'C4', method: 'normalised' });
  });

  it('takes the CRM domain as evidence', () => {
    const bundle = crm().client('C9', 'Northgate Staffing Group', { domain: 'https://www.ngstaff.co.uk' });
    const r = resolver(bundle);
    expect(r.resolveClient('invoices', 'ngstaff.co.uk')).toMatchObject({ resolvedTo: 'C9', method: 'normalised' });
    expect(r.resolveClient('invoices', 'NGSTAFF').evidence).toContain('domain');
  });

  it('accepts the CRM client_id as a code', () => {
    expect(resolver().resolveClient('timesheets', 'c3')).toMatchObject({ resolvedTo: 'C3', method: 'exact' });
  });
});

describe('typos and shortened names', () => {
  it('resolves a misspelt name and lists the runner-up', () => {
    const d = resolver().resolveClient('invoices', 'Brightwave Helthcare');
    expect(d).toMatchObject({ resolvedTo: 'C4', method: 'fuzzy' });
    expect(d.confidence).toBeGreaterThan(0.85);
    expect(d.confidence).toBeLessThan(0.96);
    expect(d.candidates.map((c) => c.id)).toEqual(['C4', 'C7']);
  });

  it('resolves a name missing its last word', () => {
    expect(resolver().resolveClient('invoices', 'Allied Logistics')).toMatchObject({ resolvedTo: 'C3', method: 'fuzzy' });
  });

  it('does not resolve one word of three', () => {
    const d = resolver().resolveClient('invoices', 'Allied');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates[0]).toMatchObject({ id: 'C3' });
    expect(d.evidence).toMatch(/< threshold 0.85/);
  });

  it('does not accept a typo that changes a word into a different one', () => {
    const bundle = new TestBundle().client('C1', 'North Star Logistics').client('C2', 'Acme Ltd');
    expect(resolver(bundle).resolveClient('invoices', 'South Star Logistics').resolvedTo).toBeUndefined();
  });

  it('respects a stricter threshold from the rules', () => {
    expect(resolver(crm(), 0.97).resolveClient('invoices', 'Brightwave Helthcare').resolvedTo).toBeUndefined();
    expect(resolver(crm(), 0.97).resolveClient('invoices', 'Summit Freight Inc').resolvedTo).toBe('C1');
  });
});

describe('unresolved names', () => {
  it.each(['Northwind Traders', '', '   ', 'Contoso Ltd'])('"%s" resolves to nothing, with no guess', (name) => {
    const d = resolver().resolveClient('invoices', name);
    expect(d).toMatchObject({ resolvedTo: undefined, resolvedName: undefined, method: 'none', confidence: 0 });
  });

  it('lists no candidates when nothing is similar', () => {
    expect(resolver().resolveClient('invoices', 'Northwind Traders').candidates).toEqual([]);
  });
});

describe('confirmed aliases', () => {
  const rules = {
    matchThreshold: 0.85,
    aliases: aliases({ timesheets: { ALP: 'C4', 'Summit Freight': 'C2', GHOST: 'C404' }, invoices: { 'Summit Freight': 'C1' } }),
  };

  it('win over every other evidence, per system', () => {
    const r = IdentityResolver.fromRecords(crm().records(), rules);
    expect(r.resolveClient('timesheets', 'ALP')).toMatchObject({ resolvedTo: 'C4', method: 'alias', confidence: 1 });
    expect(r.resolveClient('timesheets', 'Summit Freight').resolvedTo).toBe('C2');
    expect(r.resolveClient('invoices', 'Summit Freight').resolvedTo).toBe('C1');
    expect(r.resolveClient('invoices', 'ALP').method).toBe('acronym');
  });

  it('match after normalisation', () => {
    const r = IdentityResolver.fromRecords(crm().records(), rules);
    const d = r.resolveClient('timesheets', 'SUMMIT FREIGHT LLC');
    expect(d).toMatchObject({ resolvedTo: 'C2', method: 'alias' });
    expect(d.evidence).toContain('after normalising');
  });

  it('for credit notes include the finance system\'s invoice aliases', () => {
    const r = IdentityResolver.fromRecords(crm().records(), rules);
    expect(r.resolveClient('credit_notes', 'Summit Freight')).toMatchObject({ resolvedTo: 'C1', method: 'alias' });
  });

  it('are ignored when they name no CRM client', () => {
    const r = IdentityResolver.fromRecords(crm().records(), rules);
    expect(r.resolveClient('timesheets', 'GHOST').resolvedTo).toBeUndefined();
  });

  it('accept the rules file type as it is', () => {
    const fromRules: Pick<RulesConfig, 'aliases' | 'matchThreshold'> = rules;
    expect(IdentityResolver.fromRecords(crm().records(), fromRules).resolveClient('timesheets', 'ALP').resolvedTo).toBe('C4');
  });
});

describe('memo and decisions()', () => {
  it('returns the same decision for the same name and lists each once, sorted', () => {
    const r = resolver();
    const first = r.resolveClient('timesheets', 'ALP');
    expect(r.resolveClient('timesheets', 'ALP')).toBe(first);
    r.resolveClient('invoices', 'Summit Freight');
    r.resolveClient('invoices', 'Allied Logistics');
    r.resolveWorker('timesheets', 'W1', 'Nobody', 'C3');
    expect(r.decisions().map((d) => `${d.kind}/${d.system}/${d.external}`)).toEqual([
      'client/invoices/Allied Logistics',
      'client/invoices/Summit Freight',
      'client/timesheets/ALP',
      'worker/timesheets/W1|Nobody',
    ]);
  });

  it('keeps candidate lists to three, best first, with scores in 0..1', () => {
    const bundle = crm().client('C8', 'Summit Freight Group').client('C9', 'Summit Freight Solutions');
    const d = resolver(bundle).resolveClient('invoices', 'Summit Freight');
    expect(d.candidates).toHaveLength(3);
    const scores = d.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of scores) expect(s).toBeGreaterThan(0);
    for (const s of scores) expect(s).toBeLessThanOrEqual(1);
  });
});

describe('names with sites, codes and account numbers', () => {
  it.each([
    ['Allied Logistics - Memphis DC', 'C3'],
    ['Allied Logistics Partners (ALP)', 'C3'],
    ['Summit Freight (SFS)', 'C2'],
    ['ALP01', 'C3'],
    ['Brightwave Healthcare #4411', 'C4'],
    ['Allied Logistics Partners 00042', 'C3'],
  ])('%s -> %s', (name, id) => {
    expect(resolver().resolveClient('invoices', name).resolvedTo).toBe(id);
  });

  it('refuses parts that point at different clients', () => {
    expect(resolver().resolveClient('invoices', 'Summit Freight Inc / Allied Logistics').resolvedTo).toBeUndefined();
    expect(resolver().resolveClient('invoices', 'Summit Freight - ALP').resolvedTo).toBeUndefined();
  });

  it('keeps numbers that tell clients apart', () => {
    const bundle = new TestBundle().client('C1', 'Route 66 Diner').client('C2', 'Route 67 Diner');
    expect(resolver(bundle).resolveClient('invoices', 'Route 66 Diner LLC').resolvedTo).toBe('C1');
    expect(resolver(bundle).resolveClient('invoices', 'Route Diner').resolvedTo).toBeUndefined();
  });
});

describe('a typo that is another client\'s word', () => {
  it('still finds the client it was meant for', () => {
    // Enough look-alikes that the review list fills up before the intended client is reached.
    const bundle = new TestBundle()
      .client('C3', 'Harbor Lights Partners')
      .client('C4', 'Harbor View Partners')
      .client('C5', 'Harbor Bay Partners')
      .client('C1', 'Harbor Freight Partners')
      .client('C2', 'Fright Night Events');
    expect(resolver(bundle).resolveClient('invoices', 'Harbor Fright Partners')).toMatchObject({ resolvedTo: 'C1', method: 'fuzzy' });
  });
});
