import type { Client, InvoiceLine } from '@closegap/domain';
import type { Finding } from '../model';
import { money } from '../cell-facts';

/** INVOICE_WITHOUT_PLACEMENT: a line of a resolved customer that fits none of its placements. */
export function invoiceWithoutPlacement(line: InvoiceLine, client: Client, why: string): Finding {
  return {
    category: 'INVOICE_WITHOUT_PLACEMENT',
    fields: {
      client_id: client.clientId,
      client_name: client.name,
      invoice_number: line.invoiceNumber,
      line_no: String(line.lineNo),
      worker_name: line.workerName,
      rate_type: line.rateType,
      actual: line.amount.toFixed(2),
      units: line.quantity.toFixed(),
      source: 'invoices',
      record_id: `${line.invoiceNumber}:${line.lineNo}`,
    },
    value: line.amount.abs(),
    currency: line.currency,
    weeks: [],
    detail: why,
    action: (v) =>
      `Find the placement behind invoice ${line.invoiceNumber} line ${line.lineNo} (${money(v, line.currency)}${line.workerName ? `, ${line.workerName}` : ''}) and record it in the CRM, or credit the line`,
  };
}
