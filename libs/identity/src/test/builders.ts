import { dec, type Client, type CreditNote, type InvoiceLine, type PayLine, type Placement, type TimesheetLine } from '@closegap/domain';
import type { IdentityRecords } from '../types';

/** Small builder for identity tests: clients, placements and lines with just the fields that matter. */
export class TestBundle {
  readonly clients: Client[] = [];
  readonly placements: Placement[] = [];
  readonly timesheets: TimesheetLine[] = [];
  readonly invoices: InvoiceLine[] = [];
  readonly creditNotes: CreditNote[] = [];
  readonly payLines: PayLine[] = [];

  client(clientId: string, name: string, extra: Partial<Client> = {}): this {
    this.clients.push({ clientId, name, pos: { file: 'clients.csv', line: this.clients.length + 2 }, ...extra });
    return this;
  }

  /** A contract placement; the placement id defaults to P-<candidateId>-<clientId>. */
  placement(clientId: string, candidateId: string, candidateName: string, placementId = `P-${candidateId}-${clientId}`): this {
    this.placements.push({
      placementId,
      clientId,
      candidateId,
      candidateName,
      type: 'contract',
      startDate: '2026-01-05',
      pos: { file: 'placements.csv', line: this.placements.length + 2 },
    });
    return this;
  }

  timesheet(clientRef: string, workerId: string, workerName: string, placementRef?: string, times = 1): this {
    for (let i = 0; i < times; i++) {
      const n = this.timesheets.length + 1;
      this.timesheets.push({
        lineId: `T${n}`,
        timesheetId: `TS${n}`,
        workerId,
        workerName,
        clientRef,
        placementRef,
        workDate: '2026-03-10',
        rateType: 'standard',
        units: dec(8),
        status: 'approved',
        pos: { file: 'timesheets.csv', line: n + 1 },
      });
    }
    return this;
  }

  invoice(invoiceNumber: string, customerName: string, placementRef?: string, workerName?: string): this {
    const n = this.invoices.length + 1;
    this.invoices.push({
      invoiceNumber,
      invoiceDate: '2026-03-16',
      customerName,
      currency: 'USD',
      lineNo: 1,
      rateType: 'standard',
      placementRef,
      workerName,
      quantity: dec(40),
      unitPrice: dec(50),
      amount: dec(2000),
      pos: { file: 'invoices.csv', line: n + 1 },
    });
    return this;
  }

  credit(creditNumber: string, customerName: string, invoiceNumber?: string): this {
    const n = this.creditNotes.length + 1;
    this.creditNotes.push({
      creditNumber,
      creditDate: '2026-03-20',
      customerName,
      currency: 'USD',
      amount: dec(100),
      invoiceNumber,
      pos: { file: 'credit_notes.csv', line: n + 1 },
    });
    return this;
  }

  pay(workerId: string, workerName: string, placementRef?: string): this {
    const n = this.payLines.length + 1;
    this.payLines.push({
      payRunId: 'PR1',
      lineId: `L${n}`,
      payDate: '2026-03-20',
      workerId,
      workerName,
      placementRef,
      periodStart: '2026-03-09',
      periodEnd: '2026-03-15',
      rateType: 'standard',
      units: dec(40),
      payRate: dec(30),
      amount: dec(1200),
      pos: { file: 'pay_lines.csv', line: n + 1 },
    });
    return this;
  }

  records(): IdentityRecords {
    return {
      clients: this.clients,
      placements: this.placements,
      timesheets: this.timesheets,
      invoices: this.invoices,
      creditNotes: this.creditNotes,
      payLines: this.payLines,
    };
  }
}

export function aliases(entries: Partial<Record<'timesheets' | 'invoices' | 'credit_notes' | 'pay_lines' | 'workers', Record<string, string>>>) {
  const map = (r?: Record<string, string>): Map<string, string> => new Map(Object.entries(r ?? {}));
  return {
    timesheets: map(entries.timesheets),
    invoices: map(entries.invoices),
    credit_notes: map(entries.credit_notes),
    pay_lines: map(entries.pay_lines),
    workers: map(entries.workers),
  };
}
