import { moneyString } from '@closegap/domain';
import type { Client, CreditNote } from '@closegap/domain';
import type { Finding } from '../model';
import { money } from '../cell-facts';

/**
 * DUPLICATE_CREDIT: a later credit note (credit_date, then credit_number) with the same
 * client, currency, amount and invoice_number (blank = blank) as an earlier one.
 */
export function findDuplicateCredits(client: Client, credits: readonly CreditNote[]): Finding[] {
  const groups = new Map<string, CreditNote[]>();
  for (const c of credits) {
    const key = `${c.currency}|${moneyString(c.amount)}|${c.invoiceNumber ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  const findings: Finding[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => (a.creditDate !== b.creditDate ? (a.creditDate < b.creditDate ? -1 : 1) : a.creditNumber < b.creditNumber ? -1 : 1));
    const original = list[0];
    for (const dup of list.slice(1)) {
      findings.push({
        category: 'DUPLICATE_CREDIT',
        fields: {
          client_id: client.clientId,
          client_name: client.name,
          credit_number: dup.creditNumber,
          invoice_number: dup.invoiceNumber,
          expected: original.creditNumber,
          actual: dup.creditNumber,
          source: 'credit_notes',
          record_id: dup.creditNumber,
        },
        value: dup.amount.abs(),
        currency: dup.currency,
        weeks: [],
        detail: `credit ${dup.creditNumber} (${dup.creditDate}) repeats ${original.creditNumber} (${original.creditDate}): ${moneyString(dup.amount)} ${dup.currency}${dup.invoiceNumber ? ` against invoice ${dup.invoiceNumber}` : ''}${dup.memo ? `; memo "${dup.memo}"` : ''}`,
        action: (v) => `Reverse duplicate credit ${dup.creditNumber} (${money(v, dup.currency)}) given to ${client.name}; it repeats ${original.creditNumber}`,
      });
    }
  }
  return findings;
}
