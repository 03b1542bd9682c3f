import fc from 'fast-check';
import { defaultRules } from '@closegap/contract';
import { exceptionKey } from '@closegap/domain';
import type { Bundle, ExceptionRecord } from '@closegap/domain';
import { aClient, aPayLine, aPlacement, aRate, aWorkWeek, anInvoiceLine } from '@closegap/testing';
import { ReconEngine } from './recon-engine';

type Fact = { kind: keyof Bundle; record: unknown };

const rules = { ...defaultRules(), asOf: '2026-03-22', dataFrom: '2026-03-09' };

function facts(bundle: Bundle): Fact[] {
  const out: Fact[] = [];
  for (const kind of ['clients', 'placements', 'rates', 'timesheets', 'invoices', 'creditNotes', 'payLines'] as const) {
    for (const record of bundle[kind] ?? []) out.push({ kind, record });
  }
  return out;
}

const SOURCE_OF = { clients: 'clients', placements: 'placements', rates: 'rates', timesheets: 'timesheets', invoices: 'invoices', creditNotes: 'credit_notes', payLines: 'pay_lines' } as const;

function feed(engine: ReconEngine, fact: Fact): void {
  engine.upsertRecord(SOURCE_OF[fact.kind], fact.record);
}

const view = (exceptions: ExceptionRecord[]): string[] => exceptions.map((e) => `${exceptionKey(e)} ${e.value_at_risk} ${e.recurring} ${e.retroactive}`).sort();

function batch(bundle: Bundle): string[] {
  const engine = new ReconEngine({ rules });
  engine.load(bundle);
  engine.evaluate();
  return view(engine.exceptions());
}

// Two weeks of one placement with a retroactive increase, a short invoice, an overpayment,
// and a second placement: enough interplay for order to matter if the engine got it wrong.
function scenario(): Bundle {
  const p2 = aPlacement().id('P2').candidate('CAND2', 'Maria Garcia').build();
  return {
    clients: [aClient().build()],
    placements: [aPlacement().build(), p2],
    rates: [aRate().bill('50.00').build(), aRate().bill('55.00').from('2026-03-09').agreed('2026-03-25').build(), aRate().placement('P2').bill('40.00').pay('30.00').build()],
    timesheets: [
      ...aWorkWeek({ placement: 'P1', weekEnding: '2026-03-15' }),
      ...aWorkWeek({ placement: 'P1', weekEnding: '2026-03-22' }),
      ...aWorkWeek({ placement: 'P2', weekEnding: '2026-03-15', hours: 7.5 }),
    ],
    invoices: [
      anInvoiceLine().invoice('INV-1', '2026-03-16').week('2026-03-15').priced(40, '50.00').build(),
      anInvoiceLine().invoice('INV-2', '2026-03-23').week('2026-03-22').priced(36, '50.00').build(),
      anInvoiceLine().invoice('INV-3', '2026-03-16').placement('P2').week('2026-03-15').priced('37.5', '40.00').build(),
      anInvoiceLine().invoice('INV-4', '2026-03-30').placement('P2').week('2026-03-15').priced('37.5', '40.00').build(),
    ],
    payLines: [aPayLine().week('2026-03-15').paid(44, '35.00').build(), aPayLine().week('2026-03-22').paid(40, '35.00').build()],
    creditNotes: [],
  };
}

describe('the engine fed record by record', () => {
  it('reaches exactly the batch answer in any arrival order, evaluating after every record', () => {
    const bundle = scenario();
    const expected = batch(bundle);
    expect(expected.length).toBeGreaterThan(3);
    fc.assert(
      fc.property(fc.shuffledSubarray(facts(bundle), { minLength: facts(bundle).length }), fc.integer({ min: 1, max: 7 }), (ordered, every) => {
        const engine = new ReconEngine({ rules });
        ordered.forEach((fact, i) => {
          feed(engine, fact);
          if (i % every === 0) engine.evaluate();
        });
        engine.evaluate();
        expect(view(engine.exceptions())).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('a retroactive rate change re-opens invoices already sent, and its removal closes them', () => {
    const bundle = scenario();
    const engine = new ReconEngine({ rules });
    engine.load({ ...bundle, rates: [bundle.rates![0], bundle.rates![2]] });
    engine.evaluate();
    expect(engine.exceptions().filter((e) => e.category === 'CONTRACT_DRIFT')).toEqual([]);
    engine.upsertRate(bundle.rates![1]);
    const opened = engine.evaluate().filter((c) => c.type === 'opened' && c.exception.category === 'CONTRACT_DRIFT');
    expect(opened.map((c) => c.exception.invoice_number).sort()).toEqual(['INV-1', 'INV-2']);
    expect(opened.every((c) => c.exception.retroactive)).toBe(true);
    engine.removeRate(bundle.rates![1].rateId);
    const closed = engine.evaluate().filter((c) => c.type === 'closed' && c.exception.category === 'CONTRACT_DRIFT');
    expect(closed).toHaveLength(2);
  });

  it('delivering every record twice changes nothing', () => {
    const bundle = scenario();
    const engine = new ReconEngine({ rules });
    engine.load(bundle);
    engine.evaluate();
    const before = view(engine.exceptions());
    for (const fact of facts(bundle)) feed(engine, fact);
    expect(engine.evaluate()).toEqual([]);
    expect(view(engine.exceptions())).toEqual(before);
  });
});

describe('whatIf (the pre-send check)', () => {
  it('answers what a draft would open and close, and leaves the state exactly as it was', () => {
    const bundle = scenario();
    const engine = new ReconEngine({ rules });
    engine.load(bundle);
    engine.evaluate();
    const before = view(engine.exceptions());
    // the missing 4 h of week 2, at the new rate: closes UNBILLED_TIME; at the old rate it would drift
    const draft = anInvoiceLine().invoice('DRAFT-1', '2026-03-24').week('2026-03-22').priced(4, '50.00').status('draft').build();
    const changes = engine.whatIf([draft], (c, after) => {
      expect(after.onInvoice('DRAFT-1').map((e) => e.category)).toContain('CONTRACT_DRIFT');
      return c;
    });
    expect(changes.filter((c) => c.type === 'closed').map((c) => c.exception.category)).toContain('UNBILLED_TIME');
    expect(changes.filter((c) => c.type === 'opened').map((c) => `${c.exception.category} ${c.exception.invoice_number}`)).toContain('CONTRACT_DRIFT DRAFT-1');
    expect(view(engine.exceptions())).toEqual(before);
    expect(engine.evaluate()).toEqual([]);
  });
});
