import type { InvoiceLine } from '@closegap/domain';

/** The busiest customer's latest time lines of a bundle as one draft invoice, numbered BENCH-0. */
export function benchDraft(lines: readonly InvoiceLine[], n: number): Record<string, unknown> {
  const live = lines.filter((l) => l.status !== 'void' && l.rateType !== 'perm_fee' && l.placementRef);
  const byCustomer = new Map<string, InvoiceLine[]>();
  for (const l of live) (byCustomer.get(l.customerName) ?? byCustomer.set(l.customerName, []).get(l.customerName)!).push(l);
  const [customer, list] = [...byCustomer].sort((a, b) => b[1].length - a[1].length)[0];
  const chosen = [...list].sort((a, b) => (b.periodEnd ?? '').localeCompare(a.periodEnd ?? '') || a.lineNo - b.lineNo).slice(0, n);
  const currency = chosen[0].currency;
  const out = chosen.map((l, i) => ({
    line_no: i + 1,
    rate_type: l.rateType,
    description: l.description ?? '',
    placement_ref: l.placementRef,
    ...(l.workerName ? { worker_name: l.workerName } : {}),
    ...(l.periodStart ? { period_start: l.periodStart } : {}),
    ...(l.periodEnd ? { period_end: l.periodEnd } : {}),
    quantity: l.quantity.toFixed(),
    unit_price: l.unitPrice.toFixed(2),
    amount: l.quantity.times(l.unitPrice).toFixed(2),
  }));
  const total = chosen.reduce((s, l) => s.plus(l.quantity.times(l.unitPrice)), chosen[0].quantity.minus(chosen[0].quantity)).toFixed(2);
  return { invoice_number: 'BENCH-0', invoice_date: '2026-03-30', customer_name: customer, currency, invoice_total: total, lines: out };
}
