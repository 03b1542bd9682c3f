import type { Dec } from '@closegap/domain';
import { dec } from '@closegap/domain';
import type { Bundle } from './load';
import type { Placed } from './place';
import type { OracleOut } from './out';

const TOL = dec('0.01');

export interface InvoiceFacts {
  duplicates: Set<string>;
  mismatched: Set<string>;
}

/** DUPLICATE_INVOICE, CURRENCY_MISMATCH, INVOICE_MATH_ERROR and DUPLICATE_CREDIT. */
export function documentChecks(b: Bundle, placed: Placed, out: OracleOut): InvoiceFacts {
  const byInvoice = new Map<string, Placed['inv']>();
  for (const l of placed.inv) byInvoice.set(l.row.invoice_number, [...(byInvoice.get(l.row.invoice_number) ?? []), l]);
  const order = [...byInvoice.entries()].sort(([a, la], [bb, lb]) => (la[0].row.invoice_date < lb[0].row.invoice_date ? -1 : la[0].row.invoice_date > lb[0].row.invoice_date ? 1 : a < bb ? -1 : 1));
  const sig = (l: Placed['inv'][number]): string => [l.clientId, l.p?.placement_id, l.week, l.rt, l.amount.toFixed(2)].join('|');
  const duplicates = new Set<string>();
  const holders = new Map<string, Set<string>>();
  for (const [num, lines] of order) {
    const sigs = lines.map(sig);
    const candidates = lines.every((l) => l.p) ? [...(holders.get(sigs[0]) ?? [])] : [];
    const earlier = candidates.find((c) => sigs.every((s) => holders.get(s)?.has(c)));
    for (const s of sigs) holders.set(s, (holders.get(s) ?? new Set<string>()).add(num));
    if (earlier) {
      duplicates.add(num);
      const total = lines[0].row.invoice_total ? dec(lines[0].row.invoice_total) : sum(lines.map((l) => l.amount));
      out.add('DUPLICATE_INVOICE', { invoice_number: num }, total);
    }
  }
  const currencyOf = new Map(b.clients.map((c) => [c.client_id, c.currency]));
  const mismatched = new Set<string>();
  for (const [num, lines] of byInvoice) {
    const cur = lines[0].row.currency;
    if (lines.some((l) => l.p && (l.p.currency || currencyOf.get(l.p.client_id)) !== cur)) {
      mismatched.add(num);
      out.add('CURRENCY_MISMATCH', { invoice_number: num }, sum(lines.map((l) => l.amount)));
    }
    for (const l of lines) {
      const diff = l.qty.times(l.price).minus(l.amount).abs();
      if (diff.gt(TOL)) out.add('INVOICE_MATH_ERROR', { invoice_number: num, line_no: l.row.line_no }, diff);
    }
    const total = lines[0].row.invoice_total;
    if (total) {
      const diff = sum(lines.map((l) => l.amount)).minus(total).abs();
      if (diff.gt(TOL)) out.add('INVOICE_MATH_ERROR', { invoice_number: num, line_no: '' }, diff);
    }
  }
  const credits = placed.credits.slice().sort((x, y) => (x.row.credit_date < y.row.credit_date ? -1 : x.row.credit_date > y.row.credit_date ? 1 : x.row.credit_number < y.row.credit_number ? -1 : 1));
  const keys = new Set<string>();
  for (const c of credits) {
    const key = [c.clientId, c.row.currency, dec(c.row.amount).toFixed(2), c.row.invoice_number ?? ''].join('|');
    if (keys.has(key)) out.add('DUPLICATE_CREDIT', { credit_number: c.row.credit_number }, dec(c.row.amount));
    keys.add(key);
  }
  return { duplicates, mismatched };
}

export function sum(values: Dec[]): Dec {
  return values.reduce((s, v) => s.plus(v), dec(0));
}
