import { aPlacement, aRate } from '@closegap/testing';
import { RateTruthTable } from './rate-truth-table';

const placement = aPlacement().id('P1').client('C1').jobTitle('Forklift Operator').build();

describe('RateTruthTable.inForce', () => {
  it('holds a row from effective_from through effective_to, both inclusive', () => {
    const table = new RateTruthTable([aRate().bill('50').from('2026-03-01').to('2026-03-15').build()]);
    expect(table.inForce(placement, 'standard', '2026-02-28')).toBeUndefined();
    expect(table.inForce(placement, 'standard', '2026-03-01')?.billRate.toFixed()).toBe('50');
    expect(table.inForce(placement, 'standard', '2026-03-15')?.billRate.toFixed()).toBe('50');
    expect(table.inForce(placement, 'standard', '2026-03-16')).toBeUndefined();
  });

  it('prefers the latest effective_from, then the latest agreed_on', () => {
    const table = new RateTruthTable([
      aRate().bill('50').from('2026-01-01').build(),
      aRate().bill('55').from('2026-03-01').agreed('2026-02-20').build(),
      aRate().bill('56').from('2026-03-01').agreed('2026-02-25').build(),
    ]);
    expect(table.inForce(placement, 'standard', '2026-02-28')?.billRate.toFixed()).toBe('50');
    expect(table.inForce(placement, 'standard', '2026-03-02')?.billRate.toFixed()).toBe('56');
  });

  it('placement rows win over the client card for their rate type only, and the card fills the rest', () => {
    const table = new RateTruthTable([
      aRate().card('C1', 'Forklift Operator').bill('45').build(),
      aRate().card('C1', 'FORKLIFT OPERATOR').type('overtime').bill('67.50').build(),
      aRate().placement('P1').bill('50').from('2026-02-01').build(),
    ]);
    expect(table.inForce(placement, 'standard', '2026-03-02')?.billRate.toFixed()).toBe('50');
    expect(table.inForce(placement, 'standard', '2026-01-15')?.billRate.toFixed()).toBe('45');
    expect(table.inForce(placement, 'overtime', '2026-03-02')?.billRate.toFixed(2)).toBe('67.50');
    expect(table.inForce(aPlacement().jobTitle('Driver').build(), 'overtime', '2026-03-02')).toBeUndefined();
  });

  it('a card row without job_title is the client card for every role, after the role card', () => {
    const table = new RateTruthTable([aRate().card('C1', '').bill('40').build(), aRate().card('C1', 'Forklift Operator').type('overtime').bill('60').build()]);
    expect(table.inForce(placement, 'standard', '2026-03-02')?.billRate.toFixed()).toBe('40');
    expect(table.inForce(placement, 'overtime', '2026-03-02')?.billRate.toFixed()).toBe('60');
    expect(table.inForce(aPlacement().client('C2').build(), 'standard', '2026-03-02')).toBeUndefined();
  });

  it('lists the rows a newer rate superseded, and forgets removed rows', () => {
    const old = aRate().bill('50').from('2026-01-01').build();
    const current = aRate().bill('55').from('2026-03-01').agreed('2026-03-20').build();
    const table = new RateTruthTable([old, current]);
    expect(table.superseded(placement, 'standard', current).map((r) => r.rateId)).toEqual([old.rateId]);
    table.remove(current.rateId);
    expect(table.inForce(placement, 'standard', '2026-03-02')?.rateId).toBe(old.rateId);
  });
});
