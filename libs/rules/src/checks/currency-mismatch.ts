import { ZERO } from '@closegap/domain';
import type { Client } from '@closegap/domain';
import type { Finding } from '../model';
import { money } from '../cell-facts';
import type { InvoiceGroup } from './duplicate-invoice';

/** CURRENCY_MISMATCH: a line placed on a placement whose contract currency differs from the invoice's. */
export function checkCurrencyMismatch(client: Client, invoice: InvoiceGroup): Finding | undefined {
  const currency = invoice.lines[0].line.currency;
  const clash = invoice.lines.find((l) => {
    if (!l.placement) return false;
    const contract = l.placement.currency ?? client.currency;
    return !!contract && contract !== l.line.currency;
  });
  if (!clash?.placement) return undefined;
  const contract = clash.placement.currency ?? client.currency;
  let total = ZERO;
  for (const l of invoice.lines) total = total.plus(l.line.amount);
  return {
    category: 'CURRENCY_MISMATCH',
    fields: {
      client_id: client.clientId,
      client_name: client.name,
      invoice_number: invoice.invoiceNumber,
      placement_id: clash.placement.placementId,
      worker_name: clash.placement.candidateName,
      expected: contract,
      actual: currency,
      source: 'invoices',
      record_id: invoice.invoiceNumber,
    },
    value: total.abs(),
    currency,
    weeks: [],
    detail: `invoice ${invoice.invoiceNumber} is in ${currency}; placement ${clash.placement.placementId} is contracted in ${contract}`,
    action: (v) => `Reissue invoice ${invoice.invoiceNumber} (${money(v, currency)}) in ${contract}, the contract currency, and void the ${currency} one`,
  };
}
