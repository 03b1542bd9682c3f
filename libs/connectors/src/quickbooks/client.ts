import { DumpDir } from '../core/page-source';
import { MalformedResponseError } from '../http/errors';
import { HttpClient } from '../http/http-client';
import type { QboObject } from './mapper';
import { asArray, isRecord } from '../core/values';

export const QBO_ENTITIES = ['Customer', 'Item', 'Invoice', 'CreditMemo', 'Payment'] as const;
export type QboEntity = (typeof QBO_ENTITIES)[number];

export interface QboPage {
  entity: QboEntity;
  records: QboObject[];
  /** server time of the answer (`time`), used as the next cursor */
  time?: string;
}

/** Where QuickBooks records come from: the live API or saved responses. */
export interface QboFetcher {
  readonly live: boolean;
  query(entity: QboEntity, changedSince?: string): AsyncGenerator<QboPage>;
  byIds(entity: QboEntity, ids: readonly string[]): Promise<QboObject[]>;
  /** change data capture; undefined when the window or the 1,000-object cap rules it out */
  cdc(entities: readonly QboEntity[], changedSince: string): Promise<{ pages: QboPage[]; truncated: QboEntity[]; time?: string }>;
}

/** Reads `{"QueryResponse": {"Invoice": [...]}}` and throws on anything else (a Fault, an HTML error page). */
export function parseQueryPage(entity: QboEntity, body: unknown): QboPage {
  if (!isRecord(body)) throw new MalformedResponseError(`QuickBooks ${entity} page is not a JSON object`);
  if (isRecord(body.Fault)) throw new MalformedResponseError(`QuickBooks answered a Fault: ${JSON.stringify(body.Fault).slice(0, 200)}`);
  if (!isRecord(body.QueryResponse)) throw new MalformedResponseError(`QuickBooks ${entity} page has no QueryResponse`);
  const raw = body.QueryResponse[entity];
  if (raw !== undefined && !Array.isArray(raw)) throw new MalformedResponseError(`QuickBooks ${entity} page: QueryResponse.${entity} is not an array`);
  return { entity, records: asArray(raw).filter(isRecord), time: typeof body.time === 'string' ? body.time : undefined };
}

/**
 * QuickBooks Online over its REST API. Not node-quickbooks: it is callback-based, fixes its base
 * URL to Intuit's hosts (sandbox or production), and has no Retry-After handling; the shared
 * HttpClient gives retry, refresh and a local test server for free.
 */
export class QboHttpFetcher implements QboFetcher {
  readonly live = true;

  constructor(
    private readonly http: HttpClient,
    private readonly options: { pageSize?: number; minorVersion?: number } = {},
  ) {}

  async *query(entity: QboEntity, changedSince?: string): AsyncGenerator<QboPage> {
    const pageSize = this.options.pageSize ?? 1000;
    const where = changedSince ? ` where MetaData.LastUpdatedTime >= '${changedSince}'` : '';
    for (let start = 1; ; start += pageSize) {
      const body = await this.http.json({
        url: 'query',
        query: { query: `select * from ${entity}${where} STARTPOSITION ${start} MAXRESULTS ${pageSize}`, minorversion: this.options.minorVersion ?? 75 },
      });
      const page = parseQueryPage(entity, body);
      yield page;
      if (page.records.length < pageSize) return;
    }
  }

  async byIds(entity: QboEntity, ids: readonly string[]): Promise<QboObject[]> {
    const out: QboObject[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const list = ids.slice(i, i + 100).map((id) => `'${id.replace(/'/g, '')}'`).join(',');
      const body = await this.http.json({ url: 'query', query: { query: `select * from ${entity} where Id in (${list}) MAXRESULTS 1000`, minorversion: this.options.minorVersion ?? 75 } });
      out.push(...parseQueryPage(entity, body).records);
    }
    return out;
  }

  async cdc(entities: readonly QboEntity[], changedSince: string): Promise<{ pages: QboPage[]; truncated: QboEntity[]; time?: string }> {
    const body = await this.http.json({ url: 'cdc', query: { entities: entities.join(','), changedSince, minorversion: this.options.minorVersion ?? 75 } });
    if (!isRecord(body) || !Array.isArray(body.CDCResponse)) throw new MalformedResponseError('QuickBooks CDC answer has no CDCResponse');
    const pages: QboPage[] = [];
    const truncated: QboEntity[] = [];
    for (const block of body.CDCResponse) {
      if (!isRecord(block)) continue;
      for (const qr of asArray(block.QueryResponse)) {
        if (!isRecord(qr)) continue;
        for (const entity of entities) {
          if (!Array.isArray(qr[entity])) continue;
          const records = (qr[entity] as unknown[]).filter(isRecord);
          pages.push({ entity, records });
          if (records.length >= 1000) truncated.push(entity);
        }
      }
    }
    return { pages, truncated, time: typeof body.time === 'string' ? body.time : undefined };
  }
}

/** Saved responses: `<dir>/Invoice/page-1.json` ... each a `query` answer. Always a full read. */
export class QboDumpFetcher implements QboFetcher {
  readonly live = false;
  constructor(private readonly dump: DumpDir) {}

  async *query(entity: QboEntity): AsyncGenerator<QboPage> {
    for (const body of this.dump.pages(entity)) yield parseQueryPage(entity, body);
  }

  async byIds(): Promise<QboObject[]> {
    return [];
  }

  async cdc(): Promise<{ pages: QboPage[]; truncated: QboEntity[] }> {
    return { pages: [], truncated: [] };
  }
}
