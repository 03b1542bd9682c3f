import type { Bundle, ExceptionRecord, IsoDate, Placement, TimeRateType } from '@closegap/domain';
import type { Cell, RateTruthTable } from '@closegap/rules';

/** Evidence from each system, side by side, for the exception detail page. Values are display strings. */
export interface Evidence {
  crm?: {
    client: Record<string, string>;
    placement: Record<string, string>;
    /** rate rows of the placement (and its client card), the one in force on the exception's week marked */
    rates: Record<string, string>[];
  };
  timesheet_lines: Record<string, string>[];
  invoice_lines: Record<string, string>[];
  pay_lines: Record<string, string>[];
  credit_notes: Record<string, string>[];
  truncated: boolean;
}

const LIMIT = 40;
const s = (v: { toString(): string } | string | number | undefined | null): string => (v === undefined || v === null ? '' : String(v));

/**
 * Builds the evidence of every exception of a run from the engine's cells (lines placed on
 * placement, week and rate type) and the raw bundle (for lines the engine leaves out of the
 * cells, such as a duplicate invoice's).
 */
export class EvidenceIndex {
  private readonly cellsByPlacementWeek = new Map<string, Cell[]>();
  private readonly cellsByTimesheet = new Map<string, Cell[]>();
  private readonly cellsByInvoice = new Map<string, Cell[]>();
  private readonly cellsByPayLine = new Map<string, Cell[]>();
  private readonly placements = new Map<string, Placement>();

  constructor(
    cells: readonly Cell[],
    private readonly bundle: Bundle,
    private readonly rates: RateTruthTable,
  ) {
    const push = (map: Map<string, Cell[]>, key: string, cell: Cell): void => {
      const list = map.get(key);
      if (!list) map.set(key, [cell]);
      else if (!list.includes(cell)) list.push(cell);
    };
    for (const cell of cells) {
      push(this.cellsByPlacementWeek, `${cell.placement.placementId}|${cell.week}`, cell);
      for (const t of cell.timesheetLines) push(this.cellsByTimesheet, t.line.timesheetId, cell);
      for (const i of cell.invoiceLines) push(this.cellsByInvoice, i.line.invoiceNumber, cell);
      for (const p of cell.payLines) push(this.cellsByPayLine, `${p.line.payRunId}|${p.line.lineId}`, cell);
    }
    for (const p of bundle.placements) this.placements.set(p.placementId, p);
  }

  evidenceFor(e: ExceptionRecord): Evidence {
    const cells = new Set<Cell>();
    const add = (list: Cell[] | undefined): void => list?.forEach((c) => cells.add(c));
    if (e.placement_id && e.week_ending) add(this.cellsByPlacementWeek.get(`${e.placement_id}|${e.week_ending}`));
    if (e.timesheet_id) add(this.cellsByTimesheet.get(e.timesheet_id));
    if (e.invoice_number) add(this.cellsByInvoice.get(e.invoice_number));
    if (e.pay_run_id && e.line_id) add(this.cellsByPayLine.get(`${e.pay_run_id}|${e.line_id}`));
    // widen to the whole week of the placements involved (all rate types side by side)
    for (const c of [...cells]) add(this.cellsByPlacementWeek.get(`${c.placement.placementId}|${c.week}`));

    const placementId = e.placement_id ?? [...cells][0]?.placement.placementId;
    const placement = placementId ? this.placements.get(placementId) : undefined;
    const week = e.week_ending ?? [...cells][0]?.week;

    const timesheets = new Map<string, Record<string, string>>();
    const invoices = new Map<string, Record<string, string>>();
    const pays = new Map<string, Record<string, string>>();
    for (const c of cells) {
      for (const t of c.timesheetLines) timesheets.set(t.line.lineId, timesheetRow(t.line, t.notBillable));
      for (const i of c.invoiceLines) invoices.set(`${i.line.invoiceNumber}:${i.line.lineNo}`, invoiceRow(i.line));
      for (const p of c.payLines) pays.set(p.line.lineId, payRow(p.line));
    }
    // lines named by the exception itself, even when the engine kept them out of the cells
    if (e.invoice_number) for (const l of this.bundle.invoices ?? []) if (l.invoiceNumber === e.invoice_number) invoices.set(`${l.invoiceNumber}:${l.lineNo}`, invoiceRow(l));
    if (e.timesheet_id) for (const l of this.bundle.timesheets ?? []) if (l.timesheetId === e.timesheet_id) timesheets.set(l.lineId, timesheetRow(l));
    if (e.source === 'timesheets' && e.record_id) for (const l of this.bundle.timesheets ?? []) if (l.lineId === e.record_id) timesheets.set(l.lineId, timesheetRow(l));
    if (e.source === 'pay_lines' && e.record_id) for (const l of this.bundle.payLines ?? []) if (l.lineId === e.record_id) pays.set(l.lineId, payRow(l));
    if (e.pay_run_id && e.line_id) for (const l of this.bundle.payLines ?? []) if (l.payRunId === e.pay_run_id && l.lineId === e.line_id) pays.set(l.lineId, payRow(l));
    const credits: Record<string, string>[] = [];
    for (const c of this.bundle.creditNotes ?? []) {
      if ((e.credit_number && c.creditNumber === e.credit_number) || (e.invoice_number && c.invoiceNumber === e.invoice_number)) {
        credits.push({ credit_number: c.creditNumber, credit_date: c.creditDate, customer_name: c.customerName, currency: c.currency, amount: c.amount.toFixed(2), invoice_number: s(c.invoiceNumber), memo: s(c.memo) });
      }
    }

    const cap = <T>(rows: T[]): T[] => rows.slice(0, LIMIT);
    const tl = [...timesheets.values()].sort((a, b) => a.work_date.localeCompare(b.work_date) || a.line_id.localeCompare(b.line_id));
    const il = [...invoices.values()].sort((a, b) => a.invoice_number.localeCompare(b.invoice_number) || Number(a.line_no) - Number(b.line_no));
    const pl = [...pays.values()].sort((a, b) => a.period_end.localeCompare(b.period_end) || a.line_id.localeCompare(b.line_id));
    const truncated = tl.length > LIMIT || il.length > LIMIT || pl.length > LIMIT || credits.length > LIMIT;
    return {
      crm: placement ? this.crm(placement, week, e.rate_type, cells) : undefined,
      timesheet_lines: cap(tl),
      invoice_lines: cap(il),
      pay_lines: cap(pl),
      credit_notes: cap(credits),
      truncated,
    };
  }

  private crm(placement: Placement, week: IsoDate | undefined, rateType: string | undefined, cells: Set<Cell>): Evidence['crm'] {
    const client = this.bundle.clients.find((c) => c.clientId === placement.clientId);
    const types = new Set<string>([...cells].map((c) => c.rateType));
    if (rateType) types.add(rateType);
    if (types.size === 0) types.add('standard');
    const rates: Record<string, string>[] = [];
    for (const type of types) {
      let inForce;
      try {
        inForce = week ? this.rates.inForce(placement, type as TimeRateType, week) : undefined;
      } catch {
        inForce = undefined;
      }
      for (const r of this.rates.candidates(placement, type as TimeRateType)) {
        rates.push({
          rate_type: r.rateType,
          level: r.placementId ? 'placement' : 'client card',
          unit: r.unit,
          bill_rate: r.billRate.toFixed(2),
          pay_rate: r.payRate ? r.payRate.toFixed(2) : '',
          effective_from: r.effectiveFrom,
          effective_to: s(r.effectiveTo),
          agreed_on: s(r.agreedOn),
          in_force: inForce && inForce.rateId === r.rateId ? `in force w/e ${week}` : '',
        });
      }
    }
    return {
      client: { client_id: s(client?.clientId ?? placement.clientId), name: s(client?.name), currency: s(client?.currency), account_manager: s(client?.accountManager) },
      placement: {
        placement_id: placement.placementId,
        candidate: `${placement.candidateName} (${placement.candidateId})`,
        job_title: s(placement.jobTitle),
        type: placement.type,
        dates: `${placement.startDate} \u2013 ${placement.endDate ?? 'open'}`,
        status: s(placement.status),
        consultant: s(placement.consultant),
        currency: s(placement.currency),
        fee: placement.type === 'perm' ? s(placement.feeAmount?.toFixed(2) ?? (placement.salary && placement.feePct ? `${placement.feePct.toString()}% of ${placement.salary.toFixed(2)}` : '')) : '',
      },
      rates: rates.slice(0, LIMIT),
    };
  }
}

function timesheetRow(l: NonNullable<Bundle['timesheets']>[number], notBillable?: string): Record<string, string> {
  return {
    line_id: l.lineId,
    timesheet_id: l.timesheetId,
    worker: l.workerName,
    client_ref: l.clientRef,
    work_date: l.workDate,
    rate_type: l.rateType,
    units: l.units.toString(),
    status: l.status + (notBillable ? ` (${notBillable})` : ''),
  };
}

function invoiceRow(l: NonNullable<Bundle['invoices']>[number]): Record<string, string> {
  return {
    invoice_number: l.invoiceNumber,
    line_no: String(l.lineNo),
    invoice_date: l.invoiceDate,
    customer: l.customerName,
    status: s(l.status),
    rate_type: l.rateType,
    period: l.periodEnd ? `${s(l.periodStart)} \u2013 ${l.periodEnd}` : s(l.periodStart),
    quantity: l.quantity.toString(),
    unit_price: l.unitPrice.toFixed(2),
    amount: l.amount.toFixed(2),
    currency: l.currency,
  };
}

function payRow(l: NonNullable<Bundle['payLines']>[number]): Record<string, string> {
  return {
    line_id: l.lineId,
    pay_run_id: l.payRunId,
    pay_date: l.payDate,
    worker: l.workerName,
    period_end: l.periodEnd,
    rate_type: l.rateType,
    units: l.units.toString(),
    pay_rate: l.payRate.toFixed(2),
    amount: l.amount.toFixed(2),
  };
}
