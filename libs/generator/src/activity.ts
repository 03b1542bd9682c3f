import type { TimeRateType } from '@closegap/domain';
import { maxDate, minDate, roundCents } from '@closegap/domain';
import { addDays, isoWeekday } from './days';
import type { Ctx } from './context';
import { cellKey, nextSeq } from './context';
import type { Cell, Invoice, InvLine, InvStatus, Placement, PayLine, PayRun, RateRow, Timesheet, TsLine } from './model';
import type { Rng } from './prng';
import { daysOfWeek } from './calendar';
import { itemName, rateCode } from './vocab';

const RT_ORDER: Record<string, number> = { standard: 0, night: 1, overtime: 2, double_time: 3, weekend: 4, travel_time: 5, on_call: 6 };

export function sortLines(lines: TsLine[]): void {
  lines.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : (RT_ORDER[a.rt] ?? 9) - (RT_ORDER[b.rt] ?? 9)));
}

export function newSheet(ctx: Ctx, p: Placement | undefined, week: string, worker: { id: string; name: string }, clientRef: string, placementRef?: string): Timesheet {
  const sheet: Timesheet = { seq: nextSeq(ctx, 'sheet'), week, workerId: worker.id, workerName: worker.name, clientRef, placementRef, placement: p, lines: [] };
  ctx.sheets.push(sheet);
  return sheet;
}

export function approvedAt(rng: Rng, week: string): string {
  const h = String(rng.int(7, 18)).padStart(2, '0');
  const m = String(rng.int(0, 59)).padStart(2, '0');
  return `${addDays(week, rng.int(1, 2))}T${h}:${m}:00Z`;
}

export function addLine(sheet: Timesheet, date: string, rt: TimeRateType, units: number, code: string, status: TsLine['status'], at?: string): TsLine {
  const line: TsLine = { sheet, date, code, rt, units, status, approvedAt: status === 'approved' ? at : undefined };
  sheet.lines.push(line);
  return line;
}

/** The rate in force on the cell's latest approved day of that rate type, else on its Sunday clamped into the placement. */
export function cellRate(ctx: Ctx, p: Placement, week: string, rt: TimeRateType, sheet?: Timesheet): RateRow | undefined {
  let day: string | undefined;
  for (const l of sheet?.lines ?? []) if (l.status === 'approved' && l.rt === rt && (!day || l.date > day)) day = l.date;
  if (!day) day = p.end ? minDate(maxDate(week, p.start), p.end) : maxDate(week, p.start);
  return ctx.book.inForce(p, rt, day);
}

function invoiceStatus(ctx: Ctx, rng: Rng, date: string): InvStatus {
  if (date > ctx.cal.asOf) return rng.chance(0.5) ? 'draft' : 'sent';
  if (date < addDays(ctx.cal.asOf, -28)) return rng.chance(0.9) ? 'paid' : 'sent';
  return 'sent';
}

export function newInvoice(ctx: Ctx, rng: Rng, p: Placement, date: string): Invoice {
  const inv: Invoice = {
    seq: nextSeq(ctx, 'invoice'),
    date,
    client: p.client,
    customerName: p.client.finName,
    currency: p.currency,
    status: invoiceStatus(ctx, rng, date),
    lines: [],
    touched: false,
    poNumber: p.client.billing === 'client' && p.client.id.charCodeAt(4) % 3 === 0 ? `PO-${p.client.id.slice(1)}-${date.slice(2, 4)}` : undefined,
  };
  ctx.invoices.push(inv);
  return inv;
}

export function weekLabel(ukDates: boolean, week: string): string {
  return ukDates ? `week ending ${week.slice(8)}/${week.slice(5, 7)}/${week.slice(0, 4)}` : `w/e ${week}`;
}

export function timeLine(rng: Rng, inv: Invoice, p: Placement, week: string, rt: TimeRateType, qty: number, price: RateRow['bill']): InvLine {
  const c = p.client;
  const label = itemName(c, rt, p.job.unit);
  const line: InvLine = {
    inv,
    placement: p,
    week,
    rt,
    item: c.lineStyle === 'rt' ? undefined : label,
    showRt: c.lineStyle !== 'item',
    qty,
    price,
    amount: roundCents(price.times(qty)),
    desc: `${p.cand.short} - ${label} ${weekLabel(c.ukDates, week)}`,
    placementRef: p.invRefs ? p.id : undefined,
    workerName: !p.invRefs || rng.chance(0.6) ? p.cand.invName : undefined,
    periodStart: c.periodCols ? addDays(week, -6) : undefined,
    periodEnd: c.periodCols ? week : undefined,
  };
  inv.lines.push(line);
  return line;
}

export function runFor(ctx: Ctx, week: string, suffix = ''): PayRun {
  const id = 'PR-' + week.replace(/-/g, '') + suffix;
  let run = ctx.runs.get(id);
  if (!run) {
    run = { id, date: addDays(week, suffix ? 12 : 5), lines: [] };
    ctx.runs.set(id, run);
  }
  return run;
}

export function payLine(run: PayRun, p: Placement, week: string, rt: TimeRateType, units: number, rate: RateRow['bill']): PayLine {
  const line: PayLine = {
    run,
    workerId: p.cand.payId,
    workerName: p.cand.payName,
    placementRef: p.payRefs ? p.id : undefined,
    placement: p,
    week,
    rt,
    units,
    rate,
    amount: roundCents(rate.times(units)),
  };
  run.lines.push(line);
  return line;
}

export function buildContractTime(ctx: Ctx, rng: Rng): void {
  const clientInvoices = new Map<string, Invoice>();
  for (const p of ctx.placements) {
    if (p.type !== 'contract' || p.status === 'cancelled') continue;
    const from = maxDate(p.start, ctx.cal.dataFrom);
    const to = p.end ? minDate(p.end, ctx.cal.asOf) : ctx.cal.asOf;
    if (from > to) continue;
    ctx.cal.weeks.forEach((week, i) => {
      if (week < from || addDays(week, -6) > to) return;
      const cell = contractWeek(ctx, rng, p, week, from, to, i === ctx.cal.weeks.length - 1);
      if (!cell) return;
      ctx.cells.set(cell.key, cell);
      const list = ctx.cellsByPlacement.get(p.id);
      if (list) list.push(cell);
      else ctx.cellsByPlacement.set(p.id, [cell]);
      billAndPay(ctx, rng, cell, clientInvoices);
    });
  }
}

function workDays(ctx: Ctx, rng: Rng, p: Placement, week: string, from: string, to: string): string[] {
  const days = daysOfWeek(week)
    .slice(0, 5)
    .filter((day) => day >= from && day <= to);
  let work = days.filter((d) => !ctx.cal.holidays.has(d));
  if (p.partTime) work = work.filter((d) => isoWeekday(d) % 2 === 0);
  work = work.filter(() => !rng.chance(0.03));
  return work.length > 0 ? work : days.slice(0, 1);
}

function contractWeek(ctx: Ctx, rng: Rng, p: Placement, week: string, from: string, to: string, final: boolean): Cell | undefined {
  const days = workDays(ctx, rng, p, week, from, to);
  if (days.length === 0) return undefined;
  const c = p.client;
  const sheet = newSheet(ctx, p, week, { id: p.cand.tsId, name: p.cand.tsName }, c.tsName, p.tsRefs ? p.id : undefined);
  const pending = final && rng.chance(0.1);
  const status = pending ? 'submitted' : 'approved';
  const at = approvedAt(rng, week);
  const has = (rt: TimeRateType, day: string): boolean => ctx.book.inForce(p, rt, day) !== undefined;
  const code = (rt: TimeRateType): string => rateCode(c, rt, p.job.unit);
  for (const day of days) {
    const r = rng.next();
    const units = p.job.unit === 'day' ? (r < 0.05 ? 0.5 : 1) : p.partTime ? 4 + Math.floor(r * 3) : r < 0.85 ? c.stdHours : r < 0.95 ? c.stdHours - 1 : 4;
    const rt: TimeRateType = has('night', day) && rng.chance(0.2) ? 'night' : 'standard';
    addLine(sheet, day, rt, units, code(rt), status, at);
  }
  for (const day of days) if (has('travel_time', day) && rng.chance(0.35)) addLine(sheet, day, 'travel_time', rng.int(2, 4) / 2, code('travel_time'), status, at);
  if (has('on_call', days[0]) && rng.chance(0.3)) addLine(sheet, rng.pick(days), 'on_call', 12, code('on_call'), status, at);
  if (p.job.unit === 'hour' && rng.chance(0.65) && has('overtime', days[0])) {
    for (const day of rng.shuffle([...days]).slice(0, rng.int(1, 5))) addLine(sheet, day, 'overtime', rng.int(2, 6) / 2, code('overtime'), status, at);
  }
  const saturday = addDays(week, -1);
  if (saturday <= to && has('double_time', saturday) && rng.chance(0.2)) addLine(sheet, saturday, 'double_time', rng.int(4, 6), code('double_time'), status, at);
  else if (saturday <= to && has('weekend', saturday) && rng.chance(0.45)) {
    addLine(sheet, saturday, 'weekend', p.partTime ? 4 : c.stdHours, code('weekend'), status, at);
    if (week <= to && rng.chance(0.35)) addLine(sheet, week, 'weekend', p.partTime ? 4 : c.stdHours, code('weekend'), status, at);
  }
  if (rng.chance(0.05)) {
    const day = rng.pick(days);
    addLine(sheet, day, 'standard', p.job.unit === 'day' ? 1 : c.stdHours + 2, code('standard'), 'rejected');
  }
  if (!final && !pending && p.job.unit === 'hour' && rng.chance(0.01) && has('overtime', days[days.length - 1])) {
    addLine(sheet, days[days.length - 1], 'overtime', 2, code('overtime'), 'submitted');
  }
  sortLines(sheet.lines);
  const normal = !pending && sheet.lines.every((l) => l.status === 'approved') && !final;
  return { key: cellKey(p.id, week), placement: p, week, sheet, inv: [], pay: [], normal };
}

export function approvedUnits(cell: Cell): Map<TimeRateType, number> {
  const units = new Map<TimeRateType, number>();
  for (const l of cell.sheet?.lines ?? []) if (l.status === 'approved') units.set(l.rt, (units.get(l.rt) ?? 0) + l.units);
  return units;
}

function billAndPay(ctx: Ctx, rng: Rng, cell: Cell, clientInvoices: Map<string, Invoice>): void {
  const { placement: p, week } = cell;
  const units = approvedUnits(cell);
  if (units.size === 0) return;
  const date = addDays(week, p.client.invoiceLag);
  let inv: Invoice;
  if (p.client.billing === 'client') {
    const key = `${p.client.id}|${week}|${p.currency}`;
    inv = clientInvoices.get(key) ?? newInvoice(ctx, rng, p, date);
    clientInvoices.set(key, inv);
  } else inv = newInvoice(ctx, rng, p, date);
  const run = runFor(ctx, week);
  for (const rt of [...units.keys()].sort((a, b) => RT_ORDER[a] - RT_ORDER[b])) {
    const row = cellRate(ctx, p, week, rt, cell.sheet);
    if (!row || !row.pay) throw new Error(`generator: no rate for ${p.id} ${rt} ${week}`);
    const qty = units.get(rt) ?? 0;
    cell.inv.push(timeLine(rng, inv, p, week, rt, qty, row.bill));
    cell.pay.push(payLine(run, p, week, rt, qty, row.pay));
  }
}

/** Re-price a cell's invoice and pay lines from the rate book (after a defect changed the rates). */
export function reprice(ctx: Ctx, cell: Cell): void {
  for (const l of cell.inv) {
    const row = cellRate(ctx, cell.placement, cell.week, l.rt as TimeRateType, cell.sheet);
    if (row) {
      l.price = row.bill;
      l.amount = roundCents(row.bill.times(l.qty));
    }
  }
  for (const l of cell.pay) {
    const row = cellRate(ctx, cell.placement, cell.week, l.rt, cell.sheet);
    if (row?.pay) {
      l.rate = row.pay;
      l.amount = roundCents(row.pay.times(l.units));
    }
  }
}
