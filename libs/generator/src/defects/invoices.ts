import type { Category, Dec } from '@closegap/domain';
import { dec, roundCents } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import { nextSeq } from '../context';
import type { Cell, Invoice } from '../model';
import type { Rng } from '../prng';
import { addTruth, claimInvoice, invLine, invoiceFree, lineRefs, runCellDefects, sumAmounts } from './common';

const OTHER: Record<string, string> = { USD: 'EUR', GBP: 'USD', EUR: 'USD', CAD: 'USD' };

function pickInvoices(ctx: Ctx, rng: Rng, cat: Category, n: number, apply: (inv: Invoice, i: number) => boolean): void {
  let made = 0;
  const pool = rng.shuffle(ctx.invoices.filter((i) => i.status === 'sent' || i.status === 'paid'));
  for (const inv of pool) {
    if (made >= n) return;
    if (!invoiceFree(ctx, inv, cat)) continue;
    if (apply(inv, made)) {
      claimInvoice(ctx, inv, cat);
      made++;
    }
  }
}

export function injectDuplicateInvoices(ctx: Ctx, rng: Rng, n: number): void {
  pickInvoices(ctx, rng, 'DUPLICATE_INVOICE', n, (orig, i) => {
    const variant = i % 3;
    const lines = variant === 2 && orig.lines.length >= 2 ? orig.lines.slice(0, Math.ceil(orig.lines.length / 2)) : orig.lines;
    const date = addDays(orig.date, variant === 0 ? 7 : rng.int(1, 3));
    const copy: Invoice = {
      ...orig,
      seq: nextSeq(ctx, 'invoice'),
      date,
      status: date > ctx.cal.asOf ? 'draft' : 'sent',
      customerName: variant === 1 && orig.client ? orig.client.name : orig.customerName,
      lines: [],
      touched: true,
      duplicateOf: orig,
    };
    for (const l of lines) copy.lines.push({ ...l, inv: copy });
    ctx.invoices.push(copy);
    addTruth(ctx, {
      category: 'DUPLICATE_INVOICE',
      refs: () => ({ invoice_number: copy.number ?? '' }),
      value: sumAmounts(copy.lines),
      currency: copy.currency,
      note: `${lines.length === orig.lines.length ? 'repeats' : 'repeats part of'} an earlier invoice (${variant === 0 ? 'sent again with the next run' : 'issued twice'})`,
      clientId: orig.client?.id,
    });
    return true;
  });
}

export function injectCurrencyMismatch(ctx: Ctx, rng: Rng, n: number): void {
  pickInvoices(ctx, rng, 'CURRENCY_MISMATCH', n, (inv) => {
    const contract = inv.currency;
    inv.currency = OTHER[contract] ?? 'EUR';
    addTruth(ctx, {
      category: 'CURRENCY_MISMATCH',
      refs: () => ({ invoice_number: inv.number ?? '' }),
      value: sumAmounts(inv.lines),
      currency: inv.currency,
      note: `invoiced in ${inv.currency} for a ${contract} contract`,
      clientId: inv.client?.id,
    });
    return true;
  });
}

export function injectMathErrors(ctx: Ctx, rng: Rng, n: number): void {
  const totals = Math.max(1, Math.round(n / 3));
  pickInvoices(ctx, rng, 'INVOICE_MATH_ERROR', totals, (inv, i) => {
    const delta: Dec =
      i % 2 === 0 && inv.lines.length >= 2 ? inv.lines[inv.lines.length - 1].amount.neg() : dec(rng.int(100, 9999)).div(100).times(rng.chance(0.5) ? 1 : -1);
    inv.totalDelta = delta;
    addTruth(ctx, {
      category: 'INVOICE_MATH_ERROR',
      refs: () => ({ invoice_number: inv.number ?? '', line_no: '' }),
      value: delta.abs(),
      currency: inv.currency,
      note: i % 2 === 0 && inv.lines.length >= 2 ? 'invoice_total leaves out the last line' : 'invoice_total does not match its lines',
      clientId: inv.client?.id,
    });
    return true;
  });
  const wrongAmount = (cell: Cell, amount: (exact: Dec, qty: number, price: Dec) => Dec | undefined, note: string): boolean => {
    const line = invLine(cell, 'standard');
    if (!line) return false;
    const exact = line.price.times(line.qty);
    const stored = amount(exact, line.qty, line.price);
    if (!stored || stored.minus(exact).abs().lte('0.01')) return false;
    line.amount = roundCents(stored);
    addTruth(ctx, {
      category: 'INVOICE_MATH_ERROR',
      refs: lineRefs(line),
      value: exact.minus(line.amount).abs(),
      currency: line.inv.currency,
      note,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
    return true;
  };
  runCellDefects(ctx, rng, 'INVOICE_MATH_ERROR', Math.max(1, n - totals), [
    (cell) => wrongAmount(cell, (_e, qty, price) => (qty > 1 ? price.times(qty - 1) : undefined), 'amount computed on one unit less'),
    (cell) => wrongAmount(cell, (e) => roundCents(e).plus(100), 'amount keyed 100.00 too high'),
    (cell) => wrongAmount(cell, (e) => swapDigits(roundCents(e)), 'amount keyed with transposed digits'),
  ]);
}

function swapDigits(value: Dec): Dec | undefined {
  const s = value.toFixed(2);
  const i = s.indexOf('.');
  if (i < 2) return undefined;
  const t = s.slice(0, i - 2) + s[i - 1] + s[i - 2] + s.slice(i);
  return t === s ? undefined : dec(t);
}
