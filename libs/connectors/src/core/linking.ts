import { Dec } from '@closegap/domain';

/** An invoice as the credit-linking fallback sees it. */
export interface LinkableInvoice {
  number: string;
  customer: string;
  date: string;
  /** net total and line amounts, decimal strings */
  total?: string;
  lineAmounts: readonly string[];
}

export interface CreditToLink {
  customer: string;
  date: string;
  amount: string;
  memoTexts: readonly (string | undefined)[];
}

export type LinkMethod = 'allocation' | 'payment' | 'memo' | 'amount_date';

/**
 * The fallback when a system records no link between a credit and the invoice it corrects: an
 * invoice number of the same customer named in the memo, else the one invoice of that customer
 * dated on or before the credit whose total or one of whose lines equals the credit amount.
 * Ambiguous evidence links nothing.
 */
export function linkByEvidence(credit: CreditToLink, invoices: readonly LinkableInvoice[]): { invoice: string; method: LinkMethod } | undefined {
  const mine = invoices.filter((i) => i.customer.toLowerCase() === credit.customer.toLowerCase());
  const text = credit.memoTexts.filter(Boolean).join(' ');
  if (text) {
    const named = mine.filter((i) => new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(i.number)}([^A-Za-z0-9]|$)`, 'i').test(text));
    const unique = [...new Set(named.map((i) => i.number))];
    if (unique.length === 1) return { invoice: unique[0], method: 'memo' };
  }
  const amount = new Dec(credit.amount);
  const byAmount = mine.filter(
    (i) => i.date <= credit.date && ((i.total !== undefined && new Dec(i.total).eq(amount)) || i.lineAmounts.some((a) => new Dec(a).eq(amount))),
  );
  const unique = [...new Set(byAmount.map((i) => i.number))];
  if (unique.length === 1) return { invoice: unique[0], method: 'amount_date' };
  return undefined;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A placement reference found in free text by a configured pattern (its first group). */
export function findPlacementRef(pattern: RegExp | undefined, ...texts: (string | undefined)[]): string | undefined {
  if (!pattern) return undefined;
  for (const t of texts) {
    if (!t) continue;
    const m = pattern.exec(t);
    if (m) return m[1] ?? m[0];
  }
  return undefined;
}
