import { Dec, weekEnding, weekStart, isIsoDate } from '@closegap/domain';
import type { RulesConfig } from '@closegap/domain';
import { mapInvoiceRateType, mapKey, mapTimeRateType } from '@closegap/contract';
import { findPlacementRef, linkByEvidence } from '../core/linking';
import type { LinkMethod, LinkableInvoice } from '../core/linking';
import { OutcomeBuilder, SOURCE_RECORD } from '../core/types';
import type { CanonicalRow } from '../core/types';
import { MappingError, asArray, decimalString, fullName, isRecord, isoDatePrefix, requireDecimal, text, xeroDate } from '../core/values';

export type XeroObject = Record<string, unknown>;

export interface XeroMapOptions {
  rules: Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>;
  placementRefPattern?: RegExp;
  /** finds the week a line is for in its description; group 1 is a date */
  weekPattern?: RegExp;
  /** payroll earnings-rate display name -> rate type (before the rules file's rate_type_map) */
  earningsMap?: Record<string, string>;
}

export const DEFAULT_WEEK_PATTERN = /\b(?:w\/?e|wk|week(?:\s+ending)?)\s*:?\s*(\d{4}-\d{2}-\d{2})/i;

export interface XeroData {
  contacts: XeroObject[];
  invoices: XeroObject[];
  creditNotes: XeroObject[];
  payRuns: XeroObject[];
  payslips: XeroObject[];
}

/** Xero's stock earnings-rate names; `xero.earnings_map` adds to and overrides them. */
const DEFAULT_EARNINGS: Record<string, string> = {
  'Regular Hours': 'standard',
  'Ordinary Hours': 'standard',
  'Ordinary Time Earnings': 'standard',
  'Overtime Hours': 'overtime',
  'Overtime Earnings': 'overtime',
  'Double Time': 'double_time',
};

export const xeroRecord = (entity: string, id: string): string => `xero:${entity}:${id}`;

const STATUS: Record<string, string> = { DRAFT: 'draft', SUBMITTED: 'draft', AUTHORISED: 'sent', PAID: 'paid', VOIDED: 'void' };

function contactName(record: XeroObject, contacts: ReadonlyMap<string, string>): string | undefined {
  const c = isRecord(record.Contact) ? record.Contact : {};
  return text(c.Name) ?? contacts.get(text(c.ContactID) ?? '');
}

function netTotal(record: XeroObject): string | undefined {
  return decimalString(record.LineAmountTypes === 'Inclusive' ? record.Total : record.SubTotal);
}

/** Invoices of type ACCREC -> invoices.csv; bills (ACCPAY) are not the agency's revenue and are skipped. */
export function mapXeroInvoices(data: XeroData, options: XeroMapOptions, out: OutcomeBuilder): LinkableInvoice[] {
  const contacts = new Map(data.contacts.map((c) => [text(c.ContactID) ?? '', text(c.Name) ?? '']));
  const linkable: LinkableInvoice[] = [];
  out.ensure('invoices');
  for (const inv of data.invoices) {
    const id = text(inv.InvoiceID) ?? '?';
    if (inv.Type !== 'ACCREC') continue;
    if (inv.Status === 'DELETED') {
      out.remove('invoices', xeroRecord('Invoice', id));
      continue;
    }
    try {
      const number = text(inv.InvoiceNumber) ?? id;
      const date = xeroDate(inv.DateString) ?? xeroDate(inv.Date);
      if (!date) throw new MappingError(`Date "${String(inv.Date)}" is not a date`);
      const customer = contactName(inv, contacts);
      if (!customer) throw new MappingError('no contact name');
      const currency = text(inv.CurrencyCode);
      if (!currency) throw new MappingError('no CurrencyCode');
      const status = STATUS[text(inv.Status) ?? ''];
      if (!status) throw new MappingError(`unknown Status "${String(inv.Status)}"`);
      const total = netTotal(inv);
      const rows: CanonicalRow[] = [];
      for (const line of asArray(inv.LineItems).filter(isRecord)) {
        const description = text(line.Description) ?? '';
        // a description-only line carries no quantity and no amount: text on the invoice, not a charge
        if (line.Quantity === undefined && (line.LineAmount === undefined || Number(line.LineAmount) === 0)) continue;
        const amount = requireDecimal(line.LineAmount, `line ${rows.length + 1} LineAmount`);
        const quantity = requireDecimal(line.Quantity, `line ${rows.length + 1} Quantity`);
        if (new Dec(quantity).isNegative()) throw new MappingError(`line ${rows.length + 1} has a negative Quantity`);
        const unitPrice = requireDecimal(line.UnitAmount, `line ${rows.length + 1} UnitAmount`);
        const item = (isRecord(line.Item) ? text(line.Item.Name) : undefined) ?? text(line.ItemCode) ?? '';
        const rateType = mapInvoiceRateType('', item || description, options.rules) ?? '';
        const weekDate = (options.weekPattern ?? DEFAULT_WEEK_PATTERN).exec(description)?.[1];
        const week = weekDate && isIsoDate(weekDate) && rateType !== 'perm_fee' ? weekEnding(weekDate) : undefined;
        rows.push({
          invoice_number: number,
          invoice_date: date,
          customer_name: customer,
          currency,
          status,
          line_no: String(rows.length + 1),
          item,
          rate_type: rateType,
          description,
          placement_ref: findPlacementRef(options.placementRefPattern, description, text(inv.Reference)) ?? '',
          worker_name: '',
          period_start: week ? weekStart(week) : '',
          period_end: week ?? '',
          quantity,
          unit_price: unitPrice,
          amount,
          invoice_total: total ?? '',
          [SOURCE_RECORD]: xeroRecord('Invoice', id),
        });
      }
      out.add('invoices', rows);
      linkable.push({ number, customer, date, total, lineAmounts: rows.map((r) => r.amount) });
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('Invoice', id, err.message);
    }
  }
  return linkable;
}

/**
 * Credit notes of type ACCRECCREDIT -> credit_notes.csv. The invoice a credit corrects is its
 * allocation's invoice (Xero's only link); an unallocated credit falls back to its reference and
 * line texts, then amount and date.
 */
export function mapXeroCreditNotes(data: XeroData, _options: XeroMapOptions, linkable: readonly LinkableInvoice[], out: OutcomeBuilder): void {
  const contacts = new Map(data.contacts.map((c) => [text(c.ContactID) ?? '', text(c.Name) ?? '']));
  out.ensure('credit_notes');
  for (const note of data.creditNotes) {
    const id = text(note.CreditNoteID) ?? '?';
    if (note.Type !== 'ACCRECCREDIT') continue;
    if (note.Status === 'DELETED' || note.Status === 'VOIDED') {
      out.remove('credit_notes', xeroRecord('CreditNote', id));
      continue;
    }
    try {
      const date = xeroDate(note.DateString) ?? xeroDate(note.Date);
      if (!date) throw new MappingError(`Date "${String(note.Date)}" is not a date`);
      const customer = contactName(note, contacts);
      if (!customer) throw new MappingError('no contact name');
      const currency = text(note.CurrencyCode);
      if (!currency) throw new MappingError('no CurrencyCode');
      const amount = netTotal(note);
      if (amount === undefined) throw new MappingError(`SubTotal/Total "${String(note.SubTotal)}" is not a number`);
      const allocations = asArray(note.Allocations)
        .filter(isRecord)
        .filter((a) => a.IsDeleted !== true && isRecord(a.Invoice))
        .map((a) => ({ invoice: text((a.Invoice as XeroObject).InvoiceNumber) ?? text((a.Invoice as XeroObject).InvoiceID) ?? '', amount: decimalString(a.Amount) ?? '0' }))
        .filter((a) => a.invoice !== '');
      let invoice: string | undefined;
      let method: LinkMethod | undefined;
      const distinct = [...new Set(allocations.map((a) => a.invoice))];
      if (distinct.length >= 1) {
        invoice = distinct.length === 1 ? distinct[0] : [...allocations].sort((a, b) => new Dec(b.amount).cmp(a.amount))[0].invoice;
        method = 'allocation';
        if (distinct.length > 1) out.warn(`Xero credit note ${text(note.CreditNoteNumber) ?? id} is allocated to ${distinct.length} invoices: linked to the largest allocation (${invoice})`);
      } else {
        const lineTexts = asArray(note.LineItems).filter(isRecord).map((l) => text(l.Description));
        const found = linkByEvidence({ customer, date, amount, memoTexts: [text(note.Reference), ...lineTexts] }, linkable);
        invoice = found?.invoice;
        method = found?.method;
      }
      out.add('credit_notes', [
        {
          credit_number: text(note.CreditNoteNumber) ?? id,
          credit_date: date,
          customer_name: customer,
          currency,
          amount,
          invoice_number: invoice ?? '',
          memo: text(note.Reference) ?? '',
          invoice_link: method ?? '',
          [SOURCE_RECORD]: xeroRecord('CreditNote', id),
        },
      ]);
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('CreditNote', id, err.message);
    }
  }
}

/**
 * Xero Payroll (UK/NZ, camelCase): posted pay runs' payslips -> pay_lines.csv, one row per
 * earnings line with units. Fixed-amount lines (bonuses, salary) have no units or rate: skipped
 * and counted in a warning. Draft pay runs are not payroll yet and are skipped.
 */
export function mapXeroPayslips(data: XeroData, options: XeroMapOptions, out: OutcomeBuilder): void {
  const runs = new Map(data.payRuns.map((r) => [text(r.payRunID) ?? '', r]));
  const earnings = new Map(Object.entries({ ...DEFAULT_EARNINGS, ...options.earningsMap }).map(([k, v]) => [mapKey(k), v]));
  let fixed = 0;
  out.ensure('pay_lines');
  const byRun = new Map<string, CanonicalRow[]>();
  for (const slip of data.payslips) {
    const slipId = text(slip.paySlipID) ?? '?';
    const runId = text(slip.payRunID) ?? '';
    const run = runs.get(runId);
    if (!run) {
      out.reject('Payslip', slipId, `pay run ${runId || '(none)'} was not fetched`);
      continue;
    }
    if (text(run.payRunStatus) !== 'Posted') continue;
    try {
      const payDate = isoDatePrefix(run.paymentDate);
      const periodStart = isoDatePrefix(run.periodStartDate);
      const periodEnd = isoDatePrefix(run.periodEndDate);
      if (!payDate || !periodStart || !periodEnd) throw new MappingError('pay run without paymentDate / periodStartDate / periodEndDate');
      if (text(run.calendarType) && run.calendarType !== 'Weekly') out.warn(`Xero pay run ${runId} is ${String(run.calendarType)}: pay_lines expect one ISO week per line`);
      const worker = fullName(slip.firstName, slip.lastName);
      const workerId = text(slip.employeeID);
      if (!worker || !workerId) throw new MappingError('payslip without employeeID or name');
      const lines = [...asArray(slip.earningsLines), ...asArray(slip.timesheetEarningsLines)].filter(isRecord);
      const rows: CanonicalRow[] = [];
      lines.forEach((line, index) => {
        const units = decimalString(line.numberOfUnits);
        const rate = decimalString(line.ratePerUnit);
        if (units === undefined || rate === undefined) {
          fixed++;
          return;
        }
        const name = text(line.displayName) ?? '';
        const configured = earnings.get(mapKey(name));
        const rateType = configured ?? mapTimeRateType(name, options.rules);
        if (!rateType) throw new MappingError(`earnings line "${name}" maps to no rate type (add it to xero.earnings_map or rate_type_map)`);
        const amount = decimalString(line.amount) ?? new Dec(units).times(rate).toFixed();
        rows.push({
          pay_run_id: runId,
          line_id: `${slipId}:${index + 1}`,
          pay_date: payDate,
          worker_id: workerId,
          worker_name: worker,
          placement_ref: '',
          period_start: periodStart,
          period_end: periodEnd,
          rate_type: rateType,
          units,
          pay_rate: rate,
          amount,
          [SOURCE_RECORD]: xeroRecord('PayRun', runId),
        });
      });
      (byRun.get(runId) ?? byRun.set(runId, []).get(runId)!).push(...rows);
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('Payslip', slipId, err.message);
    }
  }
  for (const rows of byRun.values()) out.add('pay_lines', rows);
  if (fixed > 0) out.warn(`Xero payroll: ${fixed} fixed-amount earnings line(s) without units skipped`);
}

export function mapXero(data: XeroData, options: XeroMapOptions, out: OutcomeBuilder, include: { accounting: boolean; payroll: boolean }): void {
  if (include.accounting) {
    const linkable = mapXeroInvoices(data, options, out);
    mapXeroCreditNotes(data, options, linkable, out);
  }
  if (include.payroll) mapXeroPayslips(data, options, out);
}
