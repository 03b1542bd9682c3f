import type { SourceName } from '@closegap/domain';
import { DumpEntityMissing } from '../core/page-source';
import { OutcomeBuilder } from '../core/types';
import type { Connector, Cursor, SyncOutcome, SyncRequest } from '../core/types';
import { laterTimestamp, text, xeroTimestamp } from '../core/values';
import { XERO_ACCOUNTING } from './client';
import type { XeroAccountingEntity, XeroFetcher } from './client';
import { mapXero } from './mapper';
import type { XeroData, XeroMapOptions, XeroObject } from './mapper';

/**
 * Xero -> invoices.csv, credit_notes.csv and pay_lines.csv. Accounting entities page through
 * `page=` with If-Modified-Since set to the cursor (the latest UpdatedDateUTC seen). Payroll has
 * no modified-since filter for pay runs: the pay-run list is read every time and payslips are
 * fetched for posted runs updated since the cursor.
 */
export class XeroConnector implements Connector {
  readonly name = 'xero' as const;
  readonly produces: readonly SourceName[];

  constructor(
    private readonly fetcher: XeroFetcher,
    private readonly mapOptions: XeroMapOptions,
  ) {
    this.produces = fetcher.hasPayroll() ? ['invoices', 'credit_notes', 'pay_lines'] : ['invoices', 'credit_notes'];
  }

  async sync(request: SyncRequest): Promise<SyncOutcome> {
    const incremental = this.fetcher.live && !request.full && (request.cursor !== undefined || request.since !== undefined);
    const out = new OutcomeBuilder(this.name, incremental || request.changed ? 'incremental' : 'full');
    const data: XeroData = { contacts: [], invoices: [], creditNotes: [], payRuns: [], payslips: [] };
    const bucket: Record<XeroAccountingEntity, XeroObject[]> = { Contacts: data.contacts, Invoices: data.invoices, CreditNotes: data.creditNotes };
    const cursor: Cursor = {};
    const take = (entity: XeroAccountingEntity, records: XeroObject[]): void => {
      out.count(entity, records.length);
      bucket[entity].push(...records);
      for (const r of records) cursor[entity] = laterTimestamp(cursor[entity], xeroTimestamp(r.UpdatedDateUTC)) ?? cursor[entity];
    };

    if (request.changed) {
      for (const entity of XERO_ACCOUNTING) {
        const ids = request.changed[entity];
        if (ids && ids.length > 0) take(entity, await this.fetcher.accountingByIds(entity, [...new Set(ids)]));
      }
      mapXero(data, this.mapOptions, out, { accounting: true, payroll: false });
      return out.build(cursor);
    }

    const missing = new Set<XeroAccountingEntity>();
    for (const entity of XERO_ACCOUNTING) {
      const since = incremental ? (request.since ?? request.cursor?.[entity]) : undefined;
      try {
        for await (const records of this.fetcher.accounting(entity, since)) take(entity, records);
      } catch (err) {
        if (!(err instanceof DumpEntityMissing)) throw err;
        missing.add(entity);
      }
    }

    const payroll = this.fetcher.hasPayroll();
    if (payroll) {
      const since = incremental ? (request.since ?? request.cursor?.payRuns) : undefined;
      for await (const runs of this.fetcher.payRuns()) {
        out.count('payRuns', runs.length);
        data.payRuns.push(...runs);
      }
      for (const run of data.payRuns) {
        const updated = xeroTimestamp(run.updatedDateUTC);
        cursor.payRuns = laterTimestamp(cursor.payRuns, updated) ?? cursor.payRuns;
        if (run.payRunStatus !== 'Posted') continue;
        if (since && updated && Date.parse(updated) <= Date.parse(since)) continue;
        for await (const slips of this.fetcher.payslips(text(run.payRunID) ?? '')) {
          out.count('payslips', slips.length);
          data.payslips.push(...slips);
        }
      }
      // only the runs whose payslips were fetched are rewritten
      const fetchedRuns = new Set(data.payslips.map((s) => text(s.payRunID)));
      data.payRuns = data.payRuns.filter((r) => fetchedRuns.has(text(r.payRunID)));
    }
    mapXero(data, this.mapOptions, out, { accounting: true, payroll });
    for (const [entity, file] of [['Invoices', 'invoices'], ['CreditNotes', 'credit_notes']] as const) {
      if (!missing.has(entity)) continue;
      delete out.batch.rows[file];
      out.warn(`no Xero ${entity} pages in the dump: ${file}.csv not written`);
    }
    for (const [k, v] of Object.entries(cursor)) if (!v) delete cursor[k];
    return out.build(cursor);
  }
}
