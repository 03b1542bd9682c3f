import { dec } from '@closegap/domain';
import { addDays } from './days';
import { stringify } from 'csv-stringify/sync';
import { Document } from 'yaml';
import type { Ctx } from './context';
import type { Aliases } from './identity';
import { itemMap, rateTypeMap } from './vocab';

type Cell = string | undefined;

export const BUNDLE_COLUMNS = {
  'clients.csv': ['client_id', 'name', 'domain', 'currency', 'account_manager', 'margin_floor_pct'],
  'placements.csv': [
    'placement_id', 'client_id', 'candidate_id', 'candidate_name', 'job_title', 'type', 'start_date', 'end_date', 'status',
    'consultant', 'currency', 'salary', 'fee_pct', 'fee_amount', 'guarantee_days',
  ],
  'rates.csv': ['placement_id', 'client_id', 'job_title', 'rate_type', 'unit', 'bill_rate', 'pay_rate', 'effective_from', 'effective_to', 'agreed_on', 'source_ref'],
  'timesheets.csv': ['line_id', 'timesheet_id', 'worker_id', 'worker_name', 'client_ref', 'placement_ref', 'work_date', 'rate_type', 'units', 'status', 'approved_at'],
  'invoices.csv': [
    'invoice_number', 'invoice_date', 'customer_name', 'currency', 'status', 'line_no', 'item', 'rate_type', 'description',
    'placement_ref', 'worker_name', 'period_start', 'period_end', 'quantity', 'unit_price', 'amount', 'invoice_total', 'po_number',
  ],
  'credit_notes.csv': ['credit_number', 'credit_date', 'customer_name', 'currency', 'amount', 'invoice_number', 'memo'],
  'pay_lines.csv': ['pay_run_id', 'line_id', 'pay_date', 'worker_id', 'worker_name', 'placement_ref', 'period_start', 'period_end', 'rate_type', 'units', 'pay_rate', 'amount'],
} as const;

export type BundleFile = keyof typeof BUNDLE_COLUMNS;

const NEEDS_QUOTES = /[",\r\n]/;

/** One field exactly as csv-stringify writes it by default: quoted only when it holds a quote, comma or line break. */
function field(value: Cell): string {
  if (value === undefined) return '';
  return NEEDS_QUOTES.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

/**
 * RFC 4180 CSV. The header goes through csv-stringify; rows take a fast path that writes the very
 * same bytes (a spec checks that against csv-stringify), because csv-stringify's sync API spends
 * seconds on the 350k rows of scale 10.
 */
export function toCsv(columns: readonly string[], rows: Iterable<Cell[]>): string {
  return csvParts(columns, rows).join('');
}

function csvParts(columns: readonly string[], rows: Iterable<Cell[]>): string[] {
  const parts = [stringify([columns], { record_delimiter: 'unix' })];
  for (const row of rows) parts.push(row.map(field).join(',') + '\n');
  return parts;
}

/** The file's text and its number of data rows. */
function csv(file: BundleFile, rows: Iterable<Cell[]>): [string, number] {
  const parts = csvParts(BUNDLE_COLUMNS[file], rows);
  return [parts.join(''), parts.length - 1];
}

export function emitCsvs(ctx: Ctx): { files: Record<string, string>; lines: number } {
  const out: Record<string, Iterable<Cell[]>> = {};
  out['clients.csv'] = ctx.clients
    .slice()
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((c) => [c.id, c.name, c.domain, c.currency, c.accountManager, c.floorPct?.toString()]);
  out['placements.csv'] = ctx.placements
    .slice()
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((p) => [
      p.id, p.client.id, p.cand.id, p.cand.name, p.jobTitle, p.type, p.start, p.end, p.status, p.consultant, p.currencyCol,
      p.salary?.toFixed(2), p.feePct?.toFixed(), p.feeAmount?.toFixed(2), p.guaranteeDays?.toString(),
    ]);
  out['rates.csv'] = ctx.book.rows.map((r) => [
    r.placementId, r.clientId, r.jobTitle, r.rateType, r.unit, r.bill.toFixed(2), r.pay?.toFixed(2), r.from, r.to, r.agreed, r.sourceRef,
  ]);
  out['timesheets.csv'] = timesheetRows(ctx);
  out['invoices.csv'] = invoiceRows(ctx);
  out['credit_notes.csv'] = ctx.credits.map((c) => [c.number, c.date, c.customerName, c.currency, c.amount.toFixed(2), c.invoice?.number, c.memo]);
  out['pay_lines.csv'] = payRows(ctx);
  const files: Record<string, string> = {};
  let lines = 0;
  for (const file of Object.keys(BUNDLE_COLUMNS) as BundleFile[]) {
    const [text, rows] = csv(file, out[file]);
    files[file] = text;
    lines += rows;
  }
  return { files, lines };
}

function* timesheetRows(ctx: Ctx): Iterable<Cell[]> {
  for (const s of ctx.sheets) {
    for (const l of s.lines) yield [l.id, s.id, s.workerId, s.workerName, s.clientRef, s.placementRef, l.date, l.code, String(l.units), l.status, l.approvedAt];
  }
}

function* invoiceRows(ctx: Ctx): Iterable<Cell[]> {
  for (const i of ctx.invoices) {
    const total = i.lines.reduce((s, l) => s.plus(l.amount), dec(0)).plus(i.totalDelta ?? 0).toFixed(2);
    for (const l of i.lines) {
      yield [
        i.number, i.date, i.customerName, i.currency, i.status, String(l.lineNo), l.item, l.showRt ? l.rt : undefined, l.desc,
        l.placementRef, l.workerName, l.periodStart, l.periodEnd, String(l.qty), l.price.toFixed(2), l.amount.toFixed(2), total, i.poNumber,
      ];
    }
  }
}

function* payRows(ctx: Ctx): Iterable<Cell[]> {
  for (const run of [...ctx.runs.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))) {
    for (const l of run.lines) {
      yield [run.id, l.id, run.date, l.workerId, l.workerName, l.placementRef, addDays(l.week, -6), l.week, l.rt, String(l.units), l.rate.toFixed(2), l.amount.toFixed(2)];
    }
  }
}

export function emitRules(ctx: Ctx, aliases: Aliases, seed: number, scale: number): string {
  const rules: Record<string, unknown> = {
    as_of: ctx.cal.asOf,
    data_from: ctx.cal.dataFrom,
    margin_floor_pct: 15,
    tolerances: { money: 0.01, units: 0.01 },
    item_map: itemMap(),
    rate_type_map: rateTypeMap(),
  };
  const used = Object.fromEntries(Object.entries(aliases).filter(([, v]) => Object.keys(v as object).length > 0));
  if (Object.keys(used).length > 0) rules.aliases = used;
  const doc = new Document(rules);
  doc.commentBefore = ` Closegap sample bundle rules (generated: seed ${seed}, scale ${scale})`;
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}
