import { DumpDir } from '../core/page-source';
import { HttpError, MalformedResponseError } from '../http/errors';
import { HttpClient, realSleep } from '../http/http-client';
import { isRecord, text } from '../core/values';
import type { HubSpotObject } from './mapper';

export type HubSpotType = 'companies' | 'deals';

export interface HubSpotQuery {
  properties: string[];
  propertiesWithHistory?: string[];
  associations?: string[];
}

export interface HubSpotFetcher {
  readonly live: boolean;
  list(type: HubSpotType, q: HubSpotQuery): AsyncGenerator<HubSpotObject[]>;
  /** ids modified at or after `since` (ISO), oldest first */
  modifiedSince(type: HubSpotType, since: string): Promise<string[]>;
  /** one object; undefined when HubSpot no longer has it (deleted or merged away) */
  get(type: HubSpotType, id: string, q: HubSpotQuery): Promise<HubSpotObject | undefined>;
}

export function parseListPage(type: string, body: unknown): { results: HubSpotObject[]; after?: string } {
  if (!isRecord(body) || !Array.isArray(body.results)) throw new MalformedResponseError(`HubSpot ${type} page has no results array`);
  const next = isRecord(body.paging) && isRecord(body.paging.next) ? text(body.paging.next.after) : undefined;
  return { results: body.results.filter(isRecord), after: next };
}

const SEARCH_WINDOW = 10_000;

/**
 * HubSpot CRM v3 over REST. Not @hubspot/api-client: its retry ignores Retry-After (fixed 10 s
 * waits) and logs to the console, and it turns the wire JSON into model classes (Dates), so a
 * replayed JSON page and a live answer would need two mappers. Here both are the same JSON.
 */
export class HubSpotHttpFetcher implements HubSpotFetcher {
  readonly live = true;
  private lastSearch = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly options: { searchIntervalMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async *list(type: HubSpotType, q: HubSpotQuery): AsyncGenerator<HubSpotObject[]> {
    let after: string | undefined;
    do {
      const body = await this.http.json({
        url: `crm/v3/objects/${type}`,
        // propertiesWithHistory caps a page at 50
        query: { limit: q.propertiesWithHistory?.length ? 50 : 100, after, archived: 'false', ...queryOf(q) },
      });
      const page = parseListPage(type, body);
      yield page.results;
      after = page.after;
    } while (after);
  }

  async modifiedSince(type: HubSpotType, since: string): Promise<string[]> {
    const ids: string[] = [];
    let from = Date.parse(since);
    let after: string | undefined;
    for (;;) {
      await this.throttleSearch();
      const body = await this.http.json({
        method: 'POST',
        url: `crm/v3/objects/${type}/search`,
        json: {
          filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(from) }] }],
          sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
          properties: ['hs_lastmodifieddate'],
          limit: 200,
          after,
        },
      });
      const page = parseListPage(`${type} search`, body);
      ids.push(...page.results.map((r) => text(r.id) ?? '').filter(Boolean));
      if (!page.after) break;
      if (Number(page.after) + 200 >= SEARCH_WINDOW) {
        // one search answers at most 10,000 results: walk the window forward from the last one seen
        const last = page.results[page.results.length - 1];
        const lastMod = isRecord(last?.properties) ? Date.parse(text(last.properties.hs_lastmodifieddate) ?? '') : NaN;
        if (Number.isNaN(lastMod) || lastMod <= from) break;
        from = lastMod;
        after = undefined;
      } else after = page.after;
    }
    return [...new Set(ids)];
  }

  async get(type: HubSpotType, id: string, q: HubSpotQuery): Promise<HubSpotObject | undefined> {
    try {
      const body = await this.http.json({ url: `crm/v3/objects/${type}/${encodeURIComponent(id)}`, query: queryOf(q) });
      if (!isRecord(body) || text(body.id) === undefined) throw new MalformedResponseError(`HubSpot ${type}/${id} answer is not an object`);
      return body;
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** search has its own limit, 4 requests per second per token */
  private async throttleSearch(): Promise<void> {
    const interval = this.options.searchIntervalMs ?? 250;
    const wait = this.lastSearch + interval - Date.now();
    if (wait > 0) await (this.options.sleep ?? realSleep)(wait);
    this.lastSearch = Date.now();
  }
}

function queryOf(q: HubSpotQuery): Record<string, string | undefined> {
  return {
    properties: q.properties.join(','),
    propertiesWithHistory: q.propertiesWithHistory?.length ? q.propertiesWithHistory.join(',') : undefined,
    associations: q.associations?.length ? q.associations.join(',') : undefined,
  };
}

/** Saved list pages: `<dir>/companies/*.json`, `<dir>/deals/*.json`. */
export class HubSpotDumpFetcher implements HubSpotFetcher {
  readonly live = false;
  constructor(private readonly dump: DumpDir) {}

  async *list(type: HubSpotType): AsyncGenerator<HubSpotObject[]> {
    for (const body of this.dump.pages(type)) yield parseListPage(type, body).results;
  }

  async modifiedSince(): Promise<string[]> {
    return [];
  }

  async get(): Promise<HubSpotObject | undefined> {
    return undefined;
  }
}

