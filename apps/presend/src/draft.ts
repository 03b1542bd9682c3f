import { z } from 'zod';
import { CellError, RowReader, buildInvoiceLine, fileSpec } from '@closegap/contract';
import type { ColumnSpec } from '@closegap/contract';
import type { InvoiceLine, RulesConfig } from '@closegap/domain';

/**
 * The draft invoice a billing team or finance system asks about: the contract's invoice header
 * (invoice_number, invoice_date, customer_name, currency, status, invoice_total) and its lines
 * (invoices.csv columns). Values are strings as in the bundle; numbers are accepted for
 * quantities and money and read as their decimal text. The shape is checked here (zod); the
 * values are then read by libs/contract's RowReader exactly as a bundle row would be.
 */
const text = (max = 500) => z.string().max(max);
const decimal = z.union([z.string().max(40), z.number().finite()]).transform((v) => (typeof v === 'number' ? String(v) : v));

export const draftLineSchema = z
  .object({
    line_no: z.number().int().min(1).max(100_000).optional().describe('1-based; defaults to the position in `lines`'),
    item: text(200).optional().describe('finance item name, mapped to a rate type by the rules file'),
    rate_type: text(40).optional(),
    description: text(2_000).optional(),
    placement_ref: text(200).optional().describe('CRM placement id'),
    worker_name: text(200).optional(),
    period_start: text(40).optional().describe('YYYY-MM-DD'),
    period_end: text(40).optional().describe('YYYY-MM-DD'),
    quantity: decimal.describe('units, decimal string'),
    unit_price: decimal.describe('decimal string'),
    amount: decimal.describe('line amount as the finance system stores it'),
  })
  .strict();

export const draftSchema = z
  .object({
    invoice_number: text(200).min(1),
    invoice_date: text(40).describe('YYYY-MM-DD'),
    customer_name: text(300).min(1),
    currency: text(10).describe('ISO 4217'),
    status: z.enum(['draft', 'sent', 'paid']).optional().describe('default draft'),
    invoice_total: decimal.optional(),
    lines: z.array(draftLineSchema).min(1, 'an invoice needs at least one line'),
  })
  .strict()
  .meta({ title: 'InvoiceDraft', description: 'A draft invoice: the data contract invoice header plus its lines (invoices.csv columns).' });

export type InvoiceDraft = z.output<typeof draftSchema>;

export interface FieldError {
  /** JSON path in the request (`lines[2].unit_price`) */
  path: string;
  /** the invoice line it concerns */
  line_no?: number;
  field?: string;
  message: string;
}

export type DraftReading = { ok: true; draft: InvoiceDraft; lines: InvoiceLine[] } | { ok: false; status: 400 | 413; errors: FieldError[] };

const INVOICE_SPECS: ReadonlyMap<string, ColumnSpec> = new Map(fileSpec('invoices').columns.map((c) => [c.name, c]));

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(body)';
}

/**
 * Reads a request body into the engine's invoice lines under the tenant's rules (item map,
 * rate types), or lists every problem: shape problems first (zod), then the values, named by
 * line and field.
 */
export function readDraft(body: unknown, rules: Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>, maxLines: number): DraftReading {
  if (body && typeof body === 'object' && Array.isArray((body as { lines?: unknown }).lines) && (body as { lines: unknown[] }).lines.length > maxLines) {
    return { ok: false, status: 413, errors: [{ path: 'lines', message: `an invoice of ${(body as { lines: unknown[] }).lines.length} lines is over the limit of ${maxLines}` }] };
  }
  const parsed = draftSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      errors: parsed.error.issues.map((i) => {
        const lineIndex = i.path[0] === 'lines' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
        const field = typeof i.path[i.path.length - 1] === 'string' ? String(i.path[i.path.length - 1]) : undefined;
        const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
        return { path: pathOf(i.path), ...(lineIndex !== undefined ? { line_no: lineIndex + 1 } : {}), ...(field ? { field } : {}), message: i.message + keys };
      }),
    };
  }
  const draft = parsed.data;
  const errors: FieldError[] = [];
  const lines: InvoiceLine[] = [];
  const seen = new Map<number, number>();
  draft.lines.forEach((l, index) => {
    const lineNo = l.line_no ?? index + 1;
    const row: Record<string, string> = {
      invoice_number: draft.invoice_number.trim(),
      invoice_date: draft.invoice_date.trim(),
      customer_name: draft.customer_name.trim(),
      currency: draft.currency.trim(),
      status: draft.status ?? 'draft',
      invoice_total: draft.invoice_total?.trim() ?? '',
      line_no: String(lineNo),
      item: l.item?.trim() ?? '',
      rate_type: l.rate_type?.trim() ?? '',
      description: l.description?.trim() ?? '',
      placement_ref: l.placement_ref?.trim() ?? '',
      worker_name: l.worker_name?.trim() ?? '',
      period_start: l.period_start?.trim() ?? '',
      period_end: l.period_end?.trim() ?? '',
      quantity: l.quantity.trim(),
      unit_price: l.unit_price.trim(),
      amount: l.amount.trim(),
    };
    const earlier = seen.get(lineNo);
    if (earlier !== undefined) {
      errors.push({ path: `lines[${index}].line_no`, line_no: lineNo, field: 'line_no', message: `line_no ${lineNo} is also used by lines[${earlier}]` });
      return;
    }
    seen.set(lineNo, index);
    try {
      lines.push(buildInvoiceLine(new RowReader(row, INVOICE_SPECS), { file: 'draft', line: index + 1 }, rules));
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      const header = ['invoice_number', 'invoice_date', 'customer_name', 'currency', 'status', 'invoice_total'].includes(err.column);
      errors.push({ path: header ? err.column : `lines[${index}].${err.column}`, line_no: lineNo, field: err.column, message: err.reason });
    }
  });
  if (errors.length) return { ok: false, status: 400, errors: dedupeHeaderErrors(errors) };
  return { ok: true, draft, lines };
}

/** A bad header value fails every line the same way: report it once. */
function dedupeHeaderErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    if (!e.path.startsWith('lines[')) {
      const key = `${e.path}|${e.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path: e.path, field: e.field, message: e.message });
    } else out.push(e);
  }
  return out;
}
