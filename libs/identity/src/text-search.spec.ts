import { IdentityResolver } from './resolver';
import { TestBundle } from './test/builders';
import { textTokens } from './text-search';

function resolver(): IdentityResolver {
  const b = new TestBundle()
    .client('C1', 'Allied Logistics Partners LLC')
    .client('C2', 'Brightwave Healthcare Ltd')
    .placement('C1', 'K1', 'John Smith')
    .placement('C1', 'K2', 'Maria Garcia-Lopez')
    .placement('C1', 'K3', 'Eve Stone')
    .placement('C2', 'K5', 'John Smith')
    .placement('C2', 'K6', 'Jane Smith');
  return IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85 });
}

describe('findWorkerInText', () => {
  it.each([
    ['OT wk 12 J. Smith', 'K1', 'fuzzy'],
    ['rate correction wk 12 J Smith', 'K1', 'fuzzy'],
    ['Consulting services - Maria Garcia-Lopez w/e 2026-03-15', 'K2', 'exact'],
    ['Hours for Garcia-Lopez, Maria (week 11)', 'K2', 'normalised'],
    ['Maria Garcia w/e 15/03/2026', 'K2', 'fuzzy'],
    ['Standard hours John A. Smith', 'K1', 'normalised'],
    ['Standard hours Jon Smith', 'K1', 'fuzzy'],
  ])('%s -> %s', (text, id, method) => {
    const d = resolver().findWorkerInText(text, 'C1');
    expect(d).toMatchObject({ kind: 'worker', resolvedTo: id, method, external: text, scope: 'C1' });
  });

  it('needs more than a surname', () => {
    const d = resolver().findWorkerInText('rate correction wk 12 Smith', 'C1');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates[0].id).toBe('K1');
  });

  it('does not read "w/e" as initials', () => {
    expect(textTokens('Hours w/e Stone')).toEqual(['hours', 'stone']);
    expect(resolver().findWorkerInText('Hours w/e Stone', 'C1').resolvedTo).toBeUndefined();
  });

  it('leaves an initial shared by two candidates unresolved', () => {
    const d = resolver().findWorkerInText('OT wk 12 J. Smith', 'C2');
    expect(d.resolvedTo).toBeUndefined();
    expect(d.candidates.map((c) => c.id).sort()).toEqual(['K5', 'K6']);
  });

  it('leaves text naming two candidates unresolved', () => {
    expect(resolver().findWorkerInText('John Smith covering for Eve Stone', 'C1').resolvedTo).toBeUndefined();
  });

  it('only looks at the client\'s candidates', () => {
    expect(resolver().findWorkerInText('Jane Smith w/e 2026-03-15', 'C1').resolvedTo).toBeUndefined();
    expect(resolver().findWorkerInText('Jane Smith w/e 2026-03-15', 'C2').resolvedTo).toBe('K6');
  });

  it('records the system it was asked for', () => {
    expect(resolver().findWorkerInText('credit J. Smith', 'C1', 'credit_notes').system).toBe('credit_notes');
  });
});
