import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@closegap/contract';
import { Dec, exceptionKey } from '@closegap/domain';
import type { Bundle, ExceptionRecord, InvoiceLine, RulesConfig } from '@closegap/domain';
import { generateSample, writeSample } from '@closegap/generator';
import { ReconEngine } from './recon-engine';
import type { ExceptionChange } from './assemble';

const cellsOf = (engine: ReconEngine): string[] =>
  engine
    .cellViewsList()
    .map((c) => `${c.key} ${c.timesheetLines.length} ${c.invoiceLines.map((l) => l.line.invoiceNumber).join(',')} ${c.payLines.length}`)
    .sort();
const traces = (engine: ReconEngine) => ({ cells: cellsOf(engine), quarantine: engine.quarantine(), identity: engine.identityDecisions().length, footprint: engine.footprint(), revenue: engine.invoicedRevenue().map((r) => `${r.currency} ${r.amount.toFixed(2)}`) });

const fingerprint = (exceptions: Iterable<ExceptionRecord>): string[] => [...exceptions].map((e) => `${exceptionKey(e)} ${JSON.stringify(e)}`).sort();

function applied(before: ExceptionRecord[], changes: ExceptionChange[]): ExceptionRecord[] {
  const open = new Map(before.map((e) => [e.exception_id, e]));
  for (const c of changes) {
    if (c.type === 'closed') open.delete(c.exception.exception_id);
    else open.set(c.exception.exception_id, c.exception);
  }
  return [...open.values()];
}

function engineFor(bundle: Bundle, rules: RulesConfig): ReconEngine {
  const engine = new ReconEngine({ rules, asOf: rules.asOf });
  engine.load(bundle);
  engine.evaluate();
  return engine;
}

/** A generated agency (with its planted defects) and its invoices by number. */
function sample(seed: number): { bundle: Bundle; rules: RulesConfig; invoices: Map<string, InvoiceLine[]> } {
  const dir = mkdtempSync(join(tmpdir(), 'what-if-'));
  try {
    const { bundleDir } = writeSample(dir, generateSample({ seed, scale: 0.1 }));
    const loaded = readBundle(bundleDir);
    const invoices = new Map<string, InvoiceLine[]>();
    for (const l of loaded.bundle.invoices ?? []) (invoices.get(l.invoiceNumber) ?? invoices.set(l.invoiceNumber, []).get(l.invoiceNumber)!).push(l);
    return { bundle: loaded.bundle, rules: loaded.rules, invoices };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('whatIf (the pre-send check) on generated agencies', () => {
  const agencies = [sample(11), sample(29)];

  it('answers exactly what sending the draft would change, and leaves no trace', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...agencies),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('as sent', 'repriced', 'more units', 'renumbered', 'sent twice'),
        ({ bundle, rules, invoices }, pick, edit) => {
          const numbers = [...invoices.keys()].sort();
          const number = numbers[pick % numbers.length];
          const sent = invoices.get(number)!;
          // the draft: an invoice of the agency, as it was, or edited the way billing mistakes happen
          const draft = sent.map((l) => {
            if (edit === 'repriced') return { ...l, unitPrice: l.unitPrice.plus(new Dec('1.25')), amount: l.quantity.times(l.unitPrice.plus(new Dec('1.25'))) };
            if (edit === 'more units') return { ...l, quantity: l.quantity.plus(4), amount: l.quantity.plus(4).times(l.unitPrice) };
            if (edit === 'renumbered' || edit === 'sent twice') return { ...l, invoiceNumber: `${number}-R` };
            return l;
          });
          const without = edit === 'sent twice' ? bundle : { ...bundle, invoices: (bundle.invoices ?? []).filter((l) => l.invoiceNumber !== number) };
          const engine = engineFor(without, rules);
          const before = fingerprint(engine.exceptions());
          const beforeTraces = traces(engine);

          const answer = engine.whatIf(draft, (changes, after) => ({ changes, onInvoice: fingerprint(after.onInvoice(draft[0].invoiceNumber)) }));

          // the same as sending it for real
          const sentForReal = engineFor({ ...without, invoices: [...(without.invoices ?? []), ...draft] }, rules);
          expect(fingerprint(applied(engine.exceptions(), answer.changes))).toEqual(fingerprint(sentForReal.exceptions()));
          expect(answer.onInvoice).toEqual(fingerprint(sentForReal.exceptions().filter((e) => e.invoice_number === draft[0].invoiceNumber)));
          // and nothing of it left behind: the state, and what later records do to it
          expect(fingerprint(engine.exceptions())).toEqual(before);
          expect(traces(engine)).toEqual(beforeTraces);
          expect(engine.evaluate()).toEqual([]);
          for (const line of draft) engine.upsertInvoiceLine(line);
          engine.evaluate();
          expect(fingerprint(engine.exceptions())).toEqual(fingerprint(sentForReal.exceptions()));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a what-if inside a what-if', () => {
    const { bundle, rules, invoices } = agencies[0];
    const engine = engineFor(bundle, rules);
    const lines = [...invoices.values()][0];
    expect(() => engine.whatIf(lines, () => engine.whatIf(lines, () => 0))).toThrow(/already open/);
    expect(engine.evaluate()).toEqual([]);
  });
});
