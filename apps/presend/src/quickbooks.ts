import { QuickBooksConnector } from '@closegap/connectors';
import type { RulesConfig } from '@closegap/domain';

type QboFetcher = ConstructorParameters<typeof QuickBooksConnector>[0];
type QboObject = Record<string, unknown>;

export interface QboInvoiceTarget {
  baseUrl: string;
  realmId: string;
  accessToken?: string;
  timeoutMs: number;
}

/** The webhook body's invoices: realmId -> invoice ids created or updated (each once). */
export function invoiceEvents(body: unknown): { realmId: string; ids: string[] }[] {
  const out = new Map<string, Set<string>>();
  const notifications = body && typeof body === 'object' ? (body as { eventNotifications?: unknown }).eventNotifications : undefined;
  if (!Array.isArray(notifications)) return [];
  for (const n of notifications) {
    if (!n || typeof n !== 'object') continue;
    const realmId = (n as { realmId?: unknown }).realmId;
    const entities = (n as { dataChangeEvent?: { entities?: unknown } }).dataChangeEvent?.entities;
    if (typeof realmId !== 'string' || !Array.isArray(entities)) continue;
    for (const e of entities) {
      if (!e || typeof e !== 'object') continue;
      const { name, id, operation } = e as { name?: unknown; id?: unknown; operation?: unknown };
      if (name !== 'Invoice' || typeof id !== 'string' || (operation !== 'Create' && operation !== 'Update')) continue;
      (out.get(realmId) ?? out.set(realmId, new Set()).get(realmId)!).add(id);
    }
  }
  return [...out].map(([realmId, ids]) => ({ realmId, ids: [...ids] }));
}

/**
 * A small client for QuickBooks Online's invoice read (`GET /v3/company/{realmId}/invoice/{id}`),
 * shaped as the connector's fetcher so libs/connectors' QuickBooks mapper turns the invoice into
 * contract rows exactly as a sync would.
 */
class QboInvoiceFetcher implements QboFetcher {
  readonly live = true;
  readonly fetched = new Map<string, QboObject>();

  constructor(private readonly target: QboInvoiceTarget) {}

  async *query(): AsyncGenerator<never> {
    throw new Error('the pre-send webhook reads invoices by id only');
  }

  async byIds(entity: string, ids: readonly string[]): Promise<QboObject[]> {
    if (entity !== 'Invoice') return [];
    const out: QboObject[] = [];
    for (const id of ids) {
      const invoice = await this.invoice(id);
      if (invoice) out.push(invoice);
    }
    return out;
  }

  async cdc(): Promise<never> {
    throw new Error('the pre-send webhook reads invoices by id only');
  }

  private async invoice(id: string): Promise<QboObject | undefined> {
    const { baseUrl, realmId, accessToken, timeoutMs } = this.target;
    const url = `${baseUrl.replace(/\/$/, '')}/v3/company/${encodeURIComponent(realmId)}/invoice/${encodeURIComponent(id)}?minorversion=75`;
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`QuickBooks answered ${res.status} for invoice ${id}`);
    const body = (await res.json()) as { Invoice?: QboObject };
    if (!body.Invoice || typeof body.Invoice !== 'object') throw new Error(`QuickBooks invoice ${id}: no Invoice in the answer`);
    this.fetched.set(id, body.Invoice);
    return body.Invoice;
  }
}

export interface QboInvoiceDraft {
  invoiceId: string;
  /** sent to the customer already (emailed, printed, or paid in part) */
  alreadySent: boolean;
  /** the draft body for the check (the same shape as POST /v1/invoices/check) */
  body: Record<string, unknown>;
}

/**
 * Whether QuickBooks shows the invoice as out with the client: emailed (EmailStatus EmailSent),
 * printed (PrintStatus PrintComplete) or paid in part. A new invoice is none of these.
 */
export function alreadySent(invoice: QboObject): boolean {
  if (invoice.EmailStatus === 'EmailSent' || invoice.PrintStatus === 'PrintComplete') return true;
  const balance = Number(invoice.Balance);
  const total = Number(invoice.TotalAmt);
  return Number.isFinite(balance) && Number.isFinite(total) && total > 0 && balance < total;
}

/** Fetches the invoices and maps them with the connectors' QuickBooks mapper into draft bodies. */
export async function fetchQboDrafts(
  target: QboInvoiceTarget,
  ids: readonly string[],
  options: { rules: Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>; homeCurrency?: string; placementRefPattern?: string },
): Promise<{ drafts: QboInvoiceDraft[]; rejected: { id: string; reason: string }[]; missing: string[] }> {
  const fetcher = new QboInvoiceFetcher(target);
  const connector = new QuickBooksConnector(fetcher, {
    rules: options.rules,
    homeCurrency: options.homeCurrency,
    placementRefPattern: options.placementRefPattern ? new RegExp(options.placementRefPattern) : undefined,
  });
  const outcome = await connector.sync({ changed: { Invoice: ids } });
  const rows = outcome.batch.rows.invoices ?? [];
  const byInvoice = new Map<string, Record<string, string>[]>();
  for (const row of rows) {
    const id = /^quickbooks:Invoice:(.+)$/.exec(row.source_record ?? '')?.[1];
    if (id) (byInvoice.get(id) ?? byInvoice.set(id, []).get(id)!).push(row);
  }
  const drafts: QboInvoiceDraft[] = [];
  for (const [invoiceId, lines] of byInvoice) {
    const raw = fetcher.fetched.get(invoiceId);
    if (!raw || lines.length === 0 || lines[0].status === 'void') continue;
    const sent = alreadySent(raw);
    const first = lines[0];
    drafts.push({
      invoiceId,
      alreadySent: sent,
      body: {
        invoice_number: first.invoice_number,
        invoice_date: first.invoice_date,
        customer_name: first.customer_name,
        currency: first.currency,
        status: sent ? (first.status === 'paid' ? 'paid' : 'sent') : 'draft',
        ...(first.invoice_total ? { invoice_total: first.invoice_total } : {}),
        lines: lines.map((l) => {
          const line: Record<string, unknown> = { line_no: Number(l.line_no), quantity: l.quantity, unit_price: l.unit_price, amount: l.amount };
          for (const k of ['item', 'rate_type', 'description', 'placement_ref', 'worker_name', 'period_start', 'period_end'] as const) if (l[k]) line[k] = l[k];
          return line;
        }),
      },
    });
  }
  const missing = ids.filter((id) => !fetcher.fetched.has(id));
  return { drafts, rejected: outcome.rejected.map((r) => ({ id: r.id, reason: r.reason })), missing };
}
