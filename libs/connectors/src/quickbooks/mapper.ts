import { Dec, PERM_FEE, weekEnding, weekStart } from '@closegap/domain';
import type { RulesConfig } from '@closegap/domain';
import { mapInvoiceRateType } from '@closegap/contract';
import { findPlacementRef, linkByEvidence } from '../core/linking';
import type { LinkMethod, LinkableInvoice } from '../core/linking';
import { OutcomeBuilder, SOURCE_RECORD } from '../core/types';
import type { CanonicalRow } from '../core/types';
import { MappingError, asArray, decimalString, isRecord, isoDatePrefix, requireDecimal, text } from '../core/values';

export type QboObject = Record<string, unknown>;

export interface QboMapOptions {
  rules: Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>;
  /** currency of lines without CurrencyRef (single-currency companies) */
  homeCurrency?: string;
  placementRefPattern?: RegExp;
}

export interface QboData {
  customers: QboObject[];
  items: QboObject[];
  invoices: QboObject[];
  creditMemos: QboObject[];
  payments: QboObject[];
  /** invoices fetched only to resolve a credit's link (not re-written) */
  linkedInvoices?: QboObject[];
}

export const qboRecord = (entity: string, id: string): string => `quickbooks:${entity}:${id}`;

const ref = (value: unknown): { value?: string; name?: string } => (isRecord(value) ? { value: text(value.value), name: text(value.name) } : {});

/** Flattens GroupLineDetail bundles; keeps the lines that carry an item (SalesItemLineDetail). */
function salesLines(lines: unknown): QboObject[] {
  const out: QboObject[] = [];
  for (const line of asArray(lines)) {
    if (!isRecord(line)) continue;
    if (line.DetailType === 'GroupLineDetail' && isRecord(line.GroupLineDetail)) out.push(...salesLines(line.GroupLineDetail.Line));
    else if (line.DetailType === 'SalesItemLineDetail') out.push(line);
  }
  return out;
}

function netTotal(txn: QboObject): string | undefined {
  const total = decimalString(txn.TotalAmt);
  if (total === undefined) return undefined;
  if (txn.GlobalTaxCalculation === 'TaxInclusive') return total;
  const tax = isRecord(txn.TxnTaxDetail) ? decimalString(txn.TxnTaxDetail.TotalTax) : undefined;
  return tax === undefined ? total : new Dec(total).minus(tax).toFixed();
}

function invoiceStatus(inv: QboObject): string {
  if (/^\s*voided\b/i.test(text(inv.PrivateNote) ?? '')) return 'void';
  const balance = decimalString(inv.Balance);
  const total = decimalString(inv.TotalAmt);
  if (balance !== undefined && total !== undefined && new Dec(balance).isZero() && new Dec(total).gt(0)) return 'paid';
  return 'sent';
}

/**
 * Invoice -> invoices.csv lines. DocNumber is optional and not unique in QuickBooks: an invoice
 * without one is named `QBO-<Id>`, and a number two invoices share gets `#<Id>` appended.
 */
export function mapInvoices(data: QboData, options: QboMapOptions, out: OutcomeBuilder): LinkableInvoice[] {
  const customers = new Map(data.customers.map((c) => [text(c.Id) ?? '', text(c.DisplayName) ?? '']));
  const items = new Map(data.items.map((i) => [text(i.Id) ?? '', text(i.Name) ?? '']));
  const numbers = invoiceNumbers([...data.invoices, ...(data.linkedInvoices ?? [])]);
  const linkable: LinkableInvoice[] = [];
  out.ensure('invoices');
  for (const inv of data.invoices) {
    const id = text(inv.Id) ?? '?';
    try {
      const number = numbers.get(id) ?? `QBO-${id}`;
      const date = isoDatePrefix(inv.TxnDate);
      if (!date) throw new MappingError(`TxnDate "${String(inv.TxnDate)}" is not a date`);
      const customerRef = ref(inv.CustomerRef);
      const customer = customerRef.name ?? customers.get(customerRef.value ?? '');
      if (!customer) throw new MappingError('no customer name (CustomerRef without name, customer not fetched)');
      const currency = ref(inv.CurrencyRef).value ?? options.homeCurrency;
      if (!currency) throw new MappingError('no CurrencyRef and no home_currency configured');
      const lines = salesLines(inv.Line);
      const hasDiscount = asArray(inv.Line).some((l) => isRecord(l) && l.DetailType === 'DiscountLineDetail');
      if (hasDiscount) out.warn(`QuickBooks invoice ${number} has a discount line: its invoice_total is left blank`);
      const total = hasDiscount ? undefined : netTotal(inv);
      const useLineNum = lines.every((l) => Number.isInteger(l.LineNum) && (l.LineNum as number) > 0) && new Set(lines.map((l) => l.LineNum)).size === lines.length;
      const rows: CanonicalRow[] = lines.map((line, index) => {
        const detail = isRecord(line.SalesItemLineDetail) ? line.SalesItemLineDetail : {};
        const itemRef = ref(detail.ItemRef);
        const item = itemRef.name ?? items.get(itemRef.value ?? '') ?? '';
        const amount = requireDecimal(line.Amount, `line ${index + 1} Amount`);
        let quantity = decimalString(detail.Qty);
        let unitPrice = decimalString(detail.UnitPrice);
        if (quantity === undefined && unitPrice === undefined) {
          quantity = '1';
          unitPrice = amount;
        } else if (quantity === undefined || unitPrice === undefined) {
          throw new MappingError(`line ${index + 1} has ${quantity === undefined ? 'UnitPrice but no Qty' : 'Qty but no UnitPrice'}`);
        }
        if (new Dec(quantity).isNegative()) throw new MappingError(`line ${index + 1} has a negative Qty`);
        const rateType = mapInvoiceRateType('', item, options.rules) ?? '';
        const serviceDate = isoDatePrefix(detail.ServiceDate);
        const week = serviceDate && rateType !== PERM_FEE ? weekEnding(serviceDate) : undefined;
        const description = text(line.Description) ?? '';
        return {
          invoice_number: number,
          invoice_date: date,
          customer_name: customer,
          currency,
          status: invoiceStatus(inv),
          line_no: String(useLineNum ? (line.LineNum as number) : index + 1),
          item,
          rate_type: rateType,
          description,
          placement_ref: findPlacementRef(options.placementRefPattern, description, text(inv.PrivateNote)) ?? '',
          worker_name: '',
          period_start: week ? weekStart(week) : '',
          period_end: week ?? '',
          quantity,
          unit_price: unitPrice,
          amount,
          invoice_total: total ?? '',
          [SOURCE_RECORD]: qboRecord('Invoice', id),
        };
      });
      if (rows.length === 0) out.warn(`QuickBooks invoice ${number} has no item lines`);
      out.add('invoices', rows);
      linkable.push({ number, customer, date, total, lineAmounts: rows.map((r) => r.amount) });
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('Invoice', id, err.message);
    }
  }
  for (const inv of data.linkedInvoices ?? []) {
    const id = text(inv.Id) ?? '';
    const date = isoDatePrefix(inv.TxnDate);
    const customer = ref(inv.CustomerRef).name ?? customers.get(ref(inv.CustomerRef).value ?? '');
    if (!date || !customer) continue;
    linkable.push({ number: numbers.get(id) ?? `QBO-${id}`, customer, date, total: netTotal(inv), lineAmounts: salesLines(inv.Line).map((l) => decimalString(l.Amount) ?? '0') });
  }
  return linkable;
}

function invoiceNumbers(invoices: readonly QboObject[]): Map<string, string> {
  const byNumber = new Map<string, Set<string>>();
  for (const inv of invoices) {
    const doc = text(inv.DocNumber);
    if (doc) (byNumber.get(doc) ?? byNumber.set(doc, new Set()).get(doc)!).add(text(inv.Id) ?? '');
  }
  const out = new Map<string, string>();
  for (const inv of invoices) {
    const id = text(inv.Id) ?? '';
    const doc = text(inv.DocNumber);
    if (!doc) continue;
    out.set(id, (byNumber.get(doc)?.size ?? 0) > 1 ? `${doc}#${id}` : doc);
  }
  return out;
}

/**
 * QuickBooks links a credit memo to the invoice it corrects only through a Payment whose lines'
 * LinkedTxn name both (often a zero-amount payment). Returns credit memo Id -> invoice Id.
 */
export function creditLinksFromPayments(payments: readonly QboObject[], invoices: ReadonlyMap<string, QboObject>): Map<string, string> {
  const links = new Map<string, string>();
  for (const payment of payments) {
    const invoiceLines: { id: string; amount?: string }[] = [];
    const creditLines: { id: string; amount?: string }[] = [];
    for (const line of asArray(payment.Line)) {
      if (!isRecord(line)) continue;
      for (const linked of asArray(line.LinkedTxn)) {
        if (!isRecord(linked)) continue;
        const id = text(linked.TxnId);
        if (!id) continue;
        if (linked.TxnType === 'Invoice') invoiceLines.push({ id, amount: decimalString(line.Amount) });
        if (linked.TxnType === 'CreditMemo') creditLines.push({ id, amount: decimalString(line.Amount) });
      }
    }
    const invoiceIds = [...new Set(invoiceLines.map((l) => l.id))];
    for (const credit of creditLines) {
      if (invoiceIds.length === 1) {
        links.set(credit.id, invoiceIds[0]);
        continue;
      }
      // several invoices in one payment: the one applied the same amount as this credit, if unique
      const same = invoiceLines.filter((l) => l.amount !== undefined && credit.amount !== undefined && new Dec(l.amount).eq(credit.amount));
      if (same.length === 1 && invoices.has(same[0].id)) links.set(credit.id, same[0].id);
    }
  }
  return links;
}

export function mapCreditMemos(data: QboData, options: QboMapOptions, linkable: readonly LinkableInvoice[], out: OutcomeBuilder): void {
  const allInvoices = new Map([...data.invoices, ...(data.linkedInvoices ?? [])].map((i) => [text(i.Id) ?? '', i]));
  const numbers = invoiceNumbers([...allInvoices.values()]);
  const links = creditLinksFromPayments(data.payments, allInvoices);
  const customers = new Map(data.customers.map((c) => [text(c.Id) ?? '', text(c.DisplayName) ?? '']));
  out.ensure('credit_notes');
  for (const memo of data.creditMemos) {
    const id = text(memo.Id) ?? '?';
    try {
      const date = isoDatePrefix(memo.TxnDate);
      if (!date) throw new MappingError(`TxnDate "${String(memo.TxnDate)}" is not a date`);
      const customer = ref(memo.CustomerRef).name ?? customers.get(ref(memo.CustomerRef).value ?? '');
      if (!customer) throw new MappingError('no customer name');
      const currency = ref(memo.CurrencyRef).value ?? options.homeCurrency;
      if (!currency) throw new MappingError('no CurrencyRef and no home_currency configured');
      const amount = netTotal(memo);
      if (amount === undefined) throw new MappingError(`TotalAmt "${String(memo.TotalAmt)}" is not a number`);
      const memoText = text(memo.PrivateNote) ?? (isRecord(memo.CustomerMemo) ? text(memo.CustomerMemo.value) : undefined);
      let invoice: string | undefined;
      let method: LinkMethod | undefined;
      const linkedId = links.get(id);
      if (linkedId) {
        invoice = numbers.get(linkedId) ?? `QBO-${linkedId}`;
        method = 'payment';
      } else {
        const lineTexts = salesLines(memo.Line).map((l) => text(l.Description));
        const found = linkByEvidence({ customer, date, amount, memoTexts: [memoText, ...lineTexts] }, linkable);
        invoice = found?.invoice;
        method = found?.method;
      }
      out.add('credit_notes', [
        {
          credit_number: text(memo.DocNumber) ?? `QBO-CM-${id}`,
          credit_date: date,
          customer_name: customer,
          currency,
          amount,
          invoice_number: invoice ?? '',
          memo: memoText ?? '',
          invoice_link: method ?? '',
          [SOURCE_RECORD]: qboRecord('CreditMemo', id),
        },
      ]);
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('CreditMemo', id, err.message);
    }
  }
}

export function mapQuickBooks(data: QboData, options: QboMapOptions, out: OutcomeBuilder): void {
  const linkable = mapInvoices(data, options, out);
  mapCreditMemos(data, options, linkable, out);
}
