import type { SourceName } from '@closegap/domain';
import { OutcomeBuilder } from '../core/types';
import type { Connector, Cursor, SyncOutcome, SyncRequest } from '../core/types';
import { laterTimestamp } from '../core/values';
import type { HubSpotFetcher, HubSpotQuery, HubSpotType } from './client';
import { companyProperties, dealHistoryProperties, dealProperties, hubspotRecord, lastModified, mapCompanies, mapDeals } from './mapper';
import type { HubSpotObject, HubSpotProperties } from './mapper';

/**
 * HubSpot CRM -> clients.csv, placements.csv, rates.csv. Full: list pages of companies and of
 * deals with their rate properties' history and company associations. Incremental: CRM search on
 * hs_lastmodifieddate >= cursor, then each changed object re-read with history and associations
 * (search returns neither). Webhook events name ids only, so they take the same re-read path.
 */
export class HubSpotConnector implements Connector {
  readonly name = 'hubspot' as const;
  readonly produces: readonly SourceName[] = ['clients', 'placements', 'rates'];

  constructor(
    private readonly fetcher: HubSpotFetcher,
    private readonly properties: HubSpotProperties,
  ) {}

  private query(type: HubSpotType): HubSpotQuery {
    return type === 'companies'
      ? { properties: companyProperties(this.properties) }
      : { properties: dealProperties(this.properties), propertiesWithHistory: dealHistoryProperties(this.properties), associations: ['companies'] };
  }

  async sync(request: SyncRequest): Promise<SyncOutcome> {
    const incremental = this.fetcher.live && !request.full && (request.cursor !== undefined || request.since !== undefined);
    const out = new OutcomeBuilder(this.name, incremental || request.changed ? 'incremental' : 'full');
    const objects: Record<HubSpotType, HubSpotObject[]> = { companies: [], deals: [] };
    const cursor: Cursor = {};
    for (const type of ['companies', 'deals'] as const) {
      const ids = request.changed ? [...new Set(request.changed[type] ?? [])] : incremental ? await this.fetcher.modifiedSince(type, request.since ?? request.cursor?.[type] ?? new Date(0).toISOString()) : undefined;
      if (ids) {
        for (const id of ids) {
          const found = await this.fetcher.get(type, id, this.query(type));
          if (found) objects[type].push(found);
          else this.gone(type, id, out);
        }
      } else {
        for await (const page of this.fetcher.list(type, this.query(type))) objects[type].push(...page);
      }
      out.count(type, objects[type].length);
      const latest = laterTimestamp(request.cursor?.[type], lastModified(objects[type]));
      if (latest) cursor[type] = latest;
    }
    mapCompanies(objects.companies, this.properties, out);
    mapDeals(objects.deals, this.properties, out);
    return out.build(cursor);
  }

  private gone(type: HubSpotType, id: string, out: OutcomeBuilder): void {
    if (type === 'companies') out.remove('clients', hubspotRecord('company', id));
    else {
      out.remove('placements', hubspotRecord('deal', id));
      out.remove('rates', hubspotRecord('deal', id));
    }
  }
}
