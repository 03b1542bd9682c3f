import type { PlacedInvoiceLine, PlacedPayLine } from './model';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Invoice lines in the order they were raised: invoice_date, invoice_number, line_no. */
export function byInvoiceOrder(a: PlacedInvoiceLine, b: PlacedInvoiceLine): number {
  return cmp(a.line.invoiceDate, b.line.invoiceDate) || cmp(a.line.invoiceNumber, b.line.invoiceNumber) || a.line.lineNo - b.line.lineNo;
}

/** Pay lines in the order they were paid: pay_date, pay_run_id, line_id. */
export function byPayOrder(a: PlacedPayLine, b: PlacedPayLine): number {
  return cmp(a.line.payDate, b.line.payDate) || cmp(a.line.payRunId, b.line.payRunId) || cmp(a.line.lineId, b.line.lineId);
}
