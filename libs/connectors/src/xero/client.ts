import { DumpDir } from '../core/page-source';
import { MalformedResponseError } from '../http/errors';
import { HttpClient } from '../http/http-client';
import { asArray, isRecord } from '../core/values';
import type { XeroObject } from './mapper';

export const XERO_ACCOUNTING = ['Contacts', 'Invoices', 'CreditNotes'] as const;
export type XeroAccountingEntity = (typeof XERO_ACCOUNTING)[number];

export interface XeroFetcher {
  readonly live: boolean;
  /** accounting pages; `modifiedSince` goes in If-Modified-Since */
  accounting(entity: XeroAccountingEntity, modifiedSince?: string): AsyncGenerator<XeroObject[]>;
  accountingByIds(entity: XeroAccountingEntity, ids: readonly string[]): Promise<XeroObject[]>;
  payRuns(): AsyncGenerator<XeroObject[]>;
  payslips(payRunId: string): AsyncGenerator<XeroObject[]>;
  hasPayroll(): boolean;
}

const ID_PARAM: Record<XeroAccountingEntity, string> = { Contacts: 'IDs', Invoices: 'IDs', CreditNotes: 'IDs' };

/** `{Status: "OK", pagination?, Invoices: [...]}` -> the records; anything else is garbage. */
export function parseAccountingPage(entity: string, body: unknown): { records: XeroObject[]; pageCount?: number } {
  if (!isRecord(body)) throw new MalformedResponseError(`Xero ${entity} page is not a JSON object`);
  const list = body[entity];
  if (!Array.isArray(list)) throw new MalformedResponseError(`Xero ${entity} page has no ${entity} array`);
  const pagination = isRecord(body.pagination) ? body.pagination : undefined;
  return { records: list.filter(isRecord), pageCount: typeof pagination?.pageCount === 'number' ? pagination.pageCount : undefined };
}

/**
 * Xero Accounting and Payroll (UK/NZ) over REST. Not xero-node: its XeroClient discovers the
 * token endpoint from identity.xero.com at start-up and hides response headers, so neither a
 * local test server nor Retry-After handling fits; the shared HttpClient covers both.
 */
export class XeroHttpFetcher implements XeroFetcher {
  readonly live = true;

  constructor(
    private readonly accountingHttp: HttpClient,
    private readonly payrollHttp: HttpClient | undefined,
    private readonly tenantId: string,
    private readonly pageSize = 100,
  ) {}

  hasPayroll(): boolean {
    return this.payrollHttp !== undefined;
  }

  async *accounting(entity: XeroAccountingEntity, modifiedSince?: string): AsyncGenerator<XeroObject[]> {
    const headers: Record<string, string> = { 'xero-tenant-id': this.tenantId };
    if (modifiedSince) headers['if-modified-since'] = new Date(modifiedSince).toISOString().replace(/\.\d{3}Z$/, '');
    for (let page = 1; ; page++) {
      const query: Record<string, string | number> = { page, pageSize: this.pageSize };
      if (entity === 'Invoices') query.where = 'Type=="ACCREC"';
      const body = await this.accountingHttp.json({ url: entity, query, headers });
      const parsed = parseAccountingPage(entity, body);
      yield parsed.records;
      if (parsed.pageCount !== undefined ? page >= parsed.pageCount : parsed.records.length < this.pageSize) return;
    }
  }

  async accountingByIds(entity: XeroAccountingEntity, ids: readonly string[]): Promise<XeroObject[]> {
    const out: XeroObject[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      // `page` makes Xero include line items in a list answer
      const body = await this.accountingHttp.json({ url: entity, query: { [ID_PARAM[entity]]: ids.slice(i, i + 50).join(','), page: 1 }, headers: { 'xero-tenant-id': this.tenantId } });
      out.push(...parseAccountingPage(entity, body).records);
    }
    return out;
  }

  async *payRuns(): AsyncGenerator<XeroObject[]> {
    if (!this.payrollHttp) return;
    for (let page = 1; ; page++) {
      const body = await this.payrollHttp.json({ url: 'payRuns', query: { page }, headers: { 'xero-tenant-id': this.tenantId } });
      const parsed = parsePayrollPage('payRuns', body);
      yield parsed.records;
      if (parsed.pageCount === undefined || page >= parsed.pageCount) return;
    }
  }

  async *payslips(payRunId: string): AsyncGenerator<XeroObject[]> {
    if (!this.payrollHttp) return;
    for (let page = 1; ; page++) {
      const body = await this.payrollHttp.json({ url: 'payslips', query: { payRunID: payRunId, page }, headers: { 'xero-tenant-id': this.tenantId } });
      const parsed = parsePayrollPage('paySlips', body);
      yield parsed.records;
      if (parsed.pageCount === undefined || page >= parsed.pageCount) return;
    }
  }
}

export function parsePayrollPage(key: string, body: unknown): { records: XeroObject[]; pageCount?: number } {
  if (!isRecord(body) || !Array.isArray(body[key])) throw new MalformedResponseError(`Xero Payroll answer has no ${key} array`);
  const pagination = isRecord(body.pagination) ? body.pagination : undefined;
  return { records: asArray(body[key]).filter(isRecord), pageCount: typeof pagination?.pageCount === 'number' ? pagination.pageCount : undefined };
}

/** Saved responses: `<dir>/Invoices/*.json`, `<dir>/CreditNotes/`, `<dir>/Contacts/`, `<dir>/payRuns/`, `<dir>/payslips/`. */
export class XeroDumpFetcher implements XeroFetcher {
  readonly live = false;
  constructor(private readonly dump: DumpDir) {}

  hasPayroll(): boolean {
    return this.dump.has('payRuns');
  }

  async *accounting(entity: XeroAccountingEntity): AsyncGenerator<XeroObject[]> {
    for (const body of this.dump.pages(entity)) yield parseAccountingPage(entity, body).records;
  }

  async accountingByIds(): Promise<XeroObject[]> {
    return [];
  }

  async *payRuns(): AsyncGenerator<XeroObject[]> {
    for (const body of this.dump.pages('payRuns')) yield parsePayrollPage('payRuns', body).records;
  }

  async *payslips(payRunId: string): AsyncGenerator<XeroObject[]> {
    for (const body of this.dump.pages('payslips')) yield parsePayrollPage('paySlips', body).records.filter((s) => s.payRunID === payRunId);
  }
}
