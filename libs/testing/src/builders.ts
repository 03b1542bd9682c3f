import { Dec } from '@closegap/domain';
import type { Client, CreditNote, InvoiceLine, PayLine, Placement, RateRow, RateType, TimeRateType, TimesheetLine } from '@closegap/domain';

/**
 * Test data builders: `aTimesheetLine().placement('P1').on('2026-03-09').units(8).build()`
 * reads like the test's intent, and every record gets a plausible default.
 */
let seq = 0;
const next = (): number => ++seq;
const pos = (file: string) => ({ file, line: next() });

abstract class Builder<T> {
  protected constructor(protected value: T) {}
  with(patch: Partial<T>): this {
    this.value = { ...this.value, ...patch };
    return this;
  }
  build(): T {
    return { ...this.value };
  }
}

export class ClientBuilder extends Builder<Client> {
  constructor() {
    super({ clientId: 'C1', name: 'Allied Logistics Partners LLC', currency: 'USD', pos: pos('clients.csv') });
  }
  id(clientId: string): this {
    return this.with({ clientId });
  }
  named(name: string): this {
    return this.with({ name });
  }
  currency(currency: string | undefined): this {
    return this.with({ currency });
  }
  marginFloor(pct: string): this {
    return this.with({ marginFloorPct: new Dec(pct) });
  }
}

export class PlacementBuilder extends Builder<Placement> {
  constructor() {
    super({
      placementId: 'P1',
      clientId: 'C1',
      candidateId: 'CAND1',
      candidateName: 'John Smith',
      jobTitle: 'Forklift Operator',
      type: 'contract',
      startDate: '2026-03-02',
      status: 'active',
      pos: pos('placements.csv'),
    });
  }
  id(placementId: string): this {
    return this.with({ placementId });
  }
  client(clientId: string): this {
    return this.with({ clientId });
  }
  candidate(candidateId: string, candidateName: string): this {
    return this.with({ candidateId, candidateName });
  }
  from(startDate: string): this {
    return this.with({ startDate });
  }
  to(endDate: string | undefined): this {
    return this.with({ endDate });
  }
  status(status: Placement['status']): this {
    return this.with({ status });
  }
  jobTitle(jobTitle: string): this {
    return this.with({ jobTitle });
  }
  currency(currency: string): this {
    return this.with({ currency });
  }
  perm(fee: { salary?: string; feePct?: string; feeAmount?: string }): this {
    return this.with({
      type: 'perm',
      salary: fee.salary ? new Dec(fee.salary) : undefined,
      feePct: fee.feePct ? new Dec(fee.feePct) : undefined,
      feeAmount: fee.feeAmount ? new Dec(fee.feeAmount) : undefined,
    });
  }
}

export class RateBuilder extends Builder<RateRow> {
  constructor() {
    const p = pos('rates.csv');
    super({ rateId: `rates:${p.line}`, placementId: 'P1', rateType: 'standard', unit: 'hour', billRate: new Dec('50.00'), payRate: new Dec('35.00'), effectiveFrom: '2026-01-01', pos: p });
  }
  placement(placementId: string): this {
    return this.with({ placementId, clientId: undefined, jobTitle: undefined });
  }
  card(clientId: string, jobTitle: string): this {
    return this.with({ placementId: undefined, clientId, jobTitle });
  }
  type(rateType: TimeRateType): this {
    return this.with({ rateType });
  }
  bill(rate: string): this {
    return this.with({ billRate: new Dec(rate) });
  }
  pay(rate: string | undefined): this {
    return this.with({ payRate: rate === undefined ? undefined : new Dec(rate) });
  }
  from(effectiveFrom: string): this {
    return this.with({ effectiveFrom });
  }
  to(effectiveTo: string): this {
    return this.with({ effectiveTo });
  }
  agreed(agreedOn: string): this {
    return this.with({ agreedOn });
  }
}

export class TimesheetLineBuilder extends Builder<TimesheetLine> {
  constructor() {
    const n = next();
    super({
      lineId: `TL${n}`,
      timesheetId: 'TS1',
      workerId: 'W1',
      workerName: 'Smith, John',
      clientRef: 'ALP',
      placementRef: 'P1',
      workDate: '2026-03-09',
      rateType: 'standard',
      units: new Dec(8),
      status: 'approved',
      pos: pos('timesheets.csv'),
    });
  }
  id(lineId: string): this {
    return this.with({ lineId });
  }
  timesheet(timesheetId: string): this {
    return this.with({ timesheetId });
  }
  placement(placementRef: string | undefined): this {
    return this.with({ placementRef });
  }
  worker(workerId: string, workerName: string): this {
    return this.with({ workerId, workerName });
  }
  clientRef(clientRef: string): this {
    return this.with({ clientRef });
  }
  on(workDate: string): this {
    return this.with({ workDate });
  }
  type(rateType: TimeRateType): this {
    return this.with({ rateType });
  }
  units(units: string | number): this {
    return this.with({ units: new Dec(units) });
  }
  status(status: TimesheetLine['status']): this {
    return this.with({ status });
  }
}

export class InvoiceLineBuilder extends Builder<InvoiceLine> {
  constructor() {
    super({
      invoiceNumber: 'INV-1',
      invoiceDate: '2026-03-16',
      customerName: 'Allied Logistics Partners',
      currency: 'USD',
      status: 'sent',
      lineNo: 1,
      rateType: 'standard',
      placementRef: 'P1',
      periodStart: '2026-03-09',
      periodEnd: '2026-03-15',
      quantity: new Dec(40),
      unitPrice: new Dec('50.00'),
      amount: new Dec('2000.00'),
      pos: pos('invoices.csv'),
    });
  }
  invoice(invoiceNumber: string, invoiceDate?: string): this {
    return this.with({ invoiceNumber, ...(invoiceDate ? { invoiceDate } : {}) });
  }
  line(lineNo: number): this {
    return this.with({ lineNo });
  }
  customer(customerName: string): this {
    return this.with({ customerName });
  }
  placement(placementRef: string | undefined): this {
    return this.with({ placementRef });
  }
  worker(workerName: string | undefined): this {
    return this.with({ workerName });
  }
  week(weekEnding: string): this {
    const end = new Date(weekEnding + 'T00:00:00Z');
    const start = new Date(end.getTime() - 6 * 86_400_000).toISOString().slice(0, 10);
    return this.with({ periodStart: start, periodEnd: weekEnding });
  }
  type(rateType: RateType): this {
    return this.with({ rateType });
  }
  /** quantity and unit price; the amount follows unless set with `amount()` afterwards */
  priced(quantity: string | number, unitPrice: string): this {
    const q = new Dec(quantity);
    const p = new Dec(unitPrice);
    return this.with({ quantity: q, unitPrice: p, amount: q.times(p).toDecimalPlaces(2) });
  }
  amount(amount: string): this {
    return this.with({ amount: new Dec(amount) });
  }
  total(invoiceTotal: string): this {
    return this.with({ invoiceTotal: new Dec(invoiceTotal) });
  }
  currency(currency: string): this {
    return this.with({ currency });
  }
  status(status: InvoiceLine['status']): this {
    return this.with({ status });
  }
  description(description: string): this {
    return this.with({ description });
  }
}

export class PayLineBuilder extends Builder<PayLine> {
  constructor() {
    const n = next();
    super({
      payRunId: 'PR1',
      lineId: `PL${n}`,
      payDate: '2026-03-20',
      workerId: 'W1',
      workerName: 'John Smith',
      placementRef: 'P1',
      periodStart: '2026-03-09',
      periodEnd: '2026-03-15',
      rateType: 'standard',
      units: new Dec(40),
      payRate: new Dec('35.00'),
      amount: new Dec('1400.00'),
      pos: pos('pay_lines.csv'),
    });
  }
  id(lineId: string): this {
    return this.with({ lineId });
  }
  run(payRunId: string, payDate?: string): this {
    return this.with({ payRunId, ...(payDate ? { payDate } : {}) });
  }
  placement(placementRef: string | undefined): this {
    return this.with({ placementRef });
  }
  worker(workerId: string, workerName: string): this {
    return this.with({ workerId, workerName });
  }
  week(weekEnding: string): this {
    const end = new Date(weekEnding + 'T00:00:00Z');
    return this.with({ periodStart: new Date(end.getTime() - 6 * 86_400_000).toISOString().slice(0, 10), periodEnd: weekEnding });
  }
  type(rateType: TimeRateType): this {
    return this.with({ rateType });
  }
  paid(units: string | number, payRate: string): this {
    const u = new Dec(units);
    const r = new Dec(payRate);
    return this.with({ units: u, payRate: r, amount: u.times(r).toDecimalPlaces(2) });
  }
}

export class CreditNoteBuilder extends Builder<CreditNote> {
  constructor() {
    const n = next();
    super({ creditNumber: `CN-${n}`, creditDate: '2026-03-20', customerName: 'Allied Logistics Partners', currency: 'USD', amount: new Dec('100.00'), pos: pos('credit_notes.csv') });
  }
  id(creditNumber: string, creditDate?: string): this {
    return this.with({ creditNumber, ...(creditDate ? { creditDate } : {}) });
  }
  amount(amount: string): this {
    return this.with({ amount: new Dec(amount) });
  }
  against(invoiceNumber: string | undefined): this {
    return this.with({ invoiceNumber });
  }
  customer(customerName: string): this {
    return this.with({ customerName });
  }
}

export const aClient = (): ClientBuilder => new ClientBuilder();
export const aPlacement = (): PlacementBuilder => new PlacementBuilder();
export const aRate = (): RateBuilder => new RateBuilder();
export const aTimesheetLine = (): TimesheetLineBuilder => new TimesheetLineBuilder();
export const anInvoiceLine = (): InvoiceLineBuilder => new InvoiceLineBuilder();
export const aPayLine = (): PayLineBuilder => new PayLineBuilder();
export const aCreditNote = (): CreditNoteBuilder => new CreditNoteBuilder();
