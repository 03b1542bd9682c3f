import type { SourceName } from '@closegap/domain';
import { DumpEntityMissing } from '../core/page-source';
import { OutcomeBuilder } from '../core/types';
import type { Connector, SyncOutcome, SyncRequest } from '../core/types';
import { asArray, isRecord, laterTimestamp, text } from '../core/values';
import { QBO_ENTITIES } from './client';
import type { QboEntity, QboFetcher } from './client';
import { mapQuickBooks, qboRecord } from './mapper';
import type { QboData, QboMapOptions, QboObject } from './mapper';

const CDC_WINDOW_MS = 30 * 86_400_000;

/**
 * QuickBooks Online -> invoices.csv and credit_notes.csv. First run and nightly: every entity by
 * query pages. Afterwards: change data capture since the stored cursor (the server `time` of the
 * previous answer), falling back to a paged `LastUpdatedTime >=` query for an entity whose CDC
 * answer hit the 1,000-object cap, and to a full pull when the cursor is older than CDC's 30 days.
 */
export class QuickBooksConnector implements Connector {
  readonly name = 'quickbooks' as const;
  readonly produces: readonly SourceName[] = ['invoices', 'credit_notes'];

  constructor(
    private readonly fetcher: QboFetcher,
    private readonly mapOptions: QboMapOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sync(request: SyncRequest): Promise<SyncOutcome> {
    const since = request.since ?? request.cursor?.changed_since;
    const tooOld = since !== undefined && this.now().getTime() - Date.parse(since) > CDC_WINDOW_MS;
    const incremental = this.fetcher.live && !request.full && since !== undefined;
    const out = new OutcomeBuilder(this.name, incremental || request.changed ? 'incremental' : 'full');
    if (incremental && tooOld && !request.changed) {
      out.warn(`QuickBooks cursor ${since} is older than CDC's 30-day window: pulled everything`);
    }
    const data: QboData = { customers: [], items: [], invoices: [], creditMemos: [], payments: [] };
    const bucket: Record<QboEntity, QboObject[]> = { Customer: data.customers, Item: data.items, Invoice: data.invoices, CreditMemo: data.creditMemos, Payment: data.payments };
    const missing = new Set<QboEntity>();
    let serverTime: string | undefined;
    let maxUpdated: string | undefined;
    const take = (entity: QboEntity, records: QboObject[]): void => {
      out.count(entity, records.length);
      for (const r of records) {
        if (r.status === 'Deleted') {
          const id = text(r.Id) ?? '';
          if (entity === 'Invoice') out.remove('invoices', qboRecord('Invoice', id));
          if (entity === 'CreditMemo') out.remove('credit_notes', qboRecord('CreditMemo', id));
          continue;
        }
        bucket[entity].push(r);
        maxUpdated = laterTimestamp(maxUpdated, isRecord(r.MetaData) ? text(r.MetaData.LastUpdatedTime) : undefined);
      }
    };

    if (request.changed) {
      for (const entity of QBO_ENTITIES) {
        const ids = request.changed[entity];
        if (!ids || ids.length === 0) continue;
        const wanted = [...new Set(ids)];
        const found = await this.fetcher.byIds(entity, wanted);
        take(entity, found);
        // a query never returns deleted records: an id that a webhook named and that is gone was deleted
        const present = new Set(found.map((r) => text(r.Id)));
        for (const id of wanted.filter((i) => !present.has(i))) {
          if (entity === 'Invoice') out.remove('invoices', qboRecord('Invoice', id));
          if (entity === 'CreditMemo') out.remove('credit_notes', qboRecord('CreditMemo', id));
        }
      }
    } else if (incremental && !tooOld) {
      const cdc = await this.fetcher.cdc(QBO_ENTITIES, since);
      serverTime = cdc.time;
      for (const page of cdc.pages) if (!cdc.truncated.includes(page.entity)) take(page.entity, page.records);
      for (const entity of cdc.truncated) for await (const page of this.fetcher.query(entity, since)) take(entity, page.records);
    } else {
      for (const entity of QBO_ENTITIES) {
        try {
          for await (const page of this.fetcher.query(entity)) {
            serverTime ??= page.time;
            take(entity, page.records);
          }
        } catch (err) {
          if (!(err instanceof DumpEntityMissing)) throw err;
          missing.add(entity);
        }
      }
      if (missing.has('Invoice') && missing.has('CreditMemo')) throw new Error('the QuickBooks dump has neither Invoice nor CreditMemo pages');
    }

    if (out.batch.mode === 'incremental') await this.fetchLinks(data);
    mapQuickBooks(data, this.mapOptions, out);
    for (const [entity, file] of [['Invoice', 'invoices'], ['CreditMemo', 'credit_notes']] as const) {
      if (!missing.has(entity)) continue;
      delete out.batch.rows[file];
      out.warn(`no QuickBooks ${entity} pages in the dump: ${file}.csv not written`);
    }
    const next = serverTime ?? maxUpdated ?? since;
    return out.build(next ? { changed_since: next } : {});
  }

  /** An incremental pull sees only what changed: fetch the payments and invoices a changed credit links to. */
  private async fetchLinks(data: QboData): Promise<void> {
    const known = new Set(data.payments.map((p) => text(p.Id)));
    const paymentIds = data.creditMemos.flatMap((m) => asArray(m.LinkedTxn).filter(isRecord).filter((l) => l.TxnType === 'Payment').map((l) => text(l.TxnId) ?? ''));
    const missing = [...new Set(paymentIds.filter((id) => id && !known.has(id)))];
    if (missing.length > 0) data.payments.push(...(await this.fetcher.byIds('Payment', missing)));
    const invoiceIds = new Set(data.invoices.map((i) => text(i.Id)));
    const linked = data.payments.flatMap((p) => asArray(p.Line).filter(isRecord).flatMap((l) => asArray(l.LinkedTxn).filter(isRecord)))
      .filter((l) => l.TxnType === 'Invoice')
      .map((l) => text(l.TxnId) ?? '');
    const want = [...new Set(linked.filter((id) => id && !invoiceIds.has(id)))];
    if (want.length > 0) data.linkedInvoices = await this.fetcher.byIds('Invoice', want);
  }
}
