import type { SourceName } from '@closegap/domain';
import { OutcomeBuilder } from '../core/types';
import type { Connector, Cursor, SyncOutcome, SyncRequest } from '../core/types';
import { text } from '../core/values';
import { HttpError } from '../http/errors';
import type { BullhornFetcher } from './client';
import { mapClientCorporations, mapPlacements, mapTimesheets, maxModified } from './mapper';
import type { BhObject, BullhornData, BullhornMapOptions } from './mapper';

export const BH_FIELDS = {
  ClientCorporation: 'id,name,externalID,status,dateLastModified',
  Placement:
    'id,candidate(id,firstName,lastName),jobOrder(id,title,clientCorporation(id,name)),owner(id,firstName,lastName),status,employmentType,dateBegin,dateEnd,' +
    'payRate,clientBillRate,overtimeRate,clientOvertimeRate,dateEffective,dateClientEffective,salary,salaryUnit,fee,daysGuaranteed,dateAdded,dateLastModified',
  PlacementChangeRequest:
    'id,placement(id),requestStatus,requestType,dateAdded,dateApproved,dateEffective,dateClientEffective,payRate,clientBillRate,overtimeRate,clientOvertimeRate,dateLastModified',
  PlacementRateCardLine:
    'id,alias,payRate,billRate,earnCode(id,code),placementRateCardLineGroup(id,placementRateCardVersion(id,dateAdded,effectiveDate,effectiveEndDate,placementRateCard(id,placement(id))))',
  Timesheet: 'id,placement(id),candidate(id,firstName,lastName),clientCorporation(id,name),endDate,timesheetEntryApprovalStatusLookup,approvedDate,dateLastModified',
  TimesheetEntry: 'id,timesheet(id),timesheetDay,earnCode(id,code),quantity,timesheetEntryApprovalStatusLookup,voidingTimesheetEntry(id)',
} as const;

const inList = (field: string, ids: readonly string[]): string => `${field} IN (${ids.map((i) => i.replace(/\D/g, '')).join(',')})`;

/**
 * Bullhorn -> clients.csv, placements.csv, rates.csv and (Time & Expense tenants) timesheets.csv.
 * Incremental by `dateLastModified > cursor` per entity; a changed placement re-reads its change
 * requests and rate cards, a changed timesheet its entries. Event subscriptions can feed
 * `changed` ids the same way webhooks do for the other systems.
 */
export class BullhornConnector implements Connector {
  readonly name = 'bullhorn' as const;
  readonly produces: readonly SourceName[] = ['clients', 'placements', 'rates', 'timesheets'];

  constructor(
    private readonly fetcher: BullhornFetcher,
    private readonly mapOptions: BullhornMapOptions,
  ) {}

  async sync(request: SyncRequest): Promise<SyncOutcome> {
    const incremental = this.fetcher.live && !request.full && (request.cursor !== undefined || request.since !== undefined);
    const out = new OutcomeBuilder(this.name, incremental || request.changed ? 'incremental' : 'full');
    const data: BullhornData = { clientCorporations: [], placements: [], changeRequests: [], rateCardLines: [], timesheets: [], timesheetEntries: [] };
    const cursor: Cursor = {};
    const where = (entity: string): string => {
      const ids = request.changed?.[entity];
      if (ids) return ids.length > 0 ? inList('id', ids) : 'id < 0';
      const since = incremental ? (request.since ?? request.cursor?.[entity]) : undefined;
      return since ? `dateLastModified > ${Date.parse(since)}` : 'id > 0';
    };
    const read = async (entity: keyof typeof BH_FIELDS, w: string, into: BhObject[], optional = false): Promise<void> => {
      try {
        for await (const page of this.fetcher.query(entity, BH_FIELDS[entity], w)) {
          out.count(entity, page.length);
          into.push(...page);
        }
      } catch (err) {
        // Pay & Bill and Time & Expense entities exist only on tenants that bought them
        if (optional && err instanceof HttpError && [400, 403, 404].includes(err.status)) out.warn(`Bullhorn ${entity} is not available on this tenant (${err.status}): skipped`);
        else throw err;
      }
    };

    await read('ClientCorporation', where('ClientCorporation'), data.clientCorporations);
    await read('Placement', where('Placement'), data.placements);
    const placementIds = data.placements.map((p) => text(p.id) ?? '').filter(Boolean);
    const full = out.batch.mode === 'full';
    if (full || placementIds.length > 0) {
      for (let i = 0; i < Math.max(placementIds.length, 1); i += 200) {
        const chunk = placementIds.slice(i, i + 200);
        await read('PlacementChangeRequest', full ? 'id > 0' : inList('placement.id', chunk), data.changeRequests);
        await read('PlacementRateCardLine', full ? 'id > 0' : inList('placementRateCardLineGroup.placementRateCardVersion.placementRateCard.placement.id', chunk), data.rateCardLines, true);
        if (full) break;
      }
    }
    const timesheetsBefore = out.warnings.length;
    await read('Timesheet', where('Timesheet'), data.timesheets, true);
    const hasTimesheets = out.warnings.length === timesheetsBefore;
    const sheetIds = data.timesheets.map((t) => text(t.id) ?? '').filter(Boolean);
    for (let i = 0; i < sheetIds.length; i += 200) await read('TimesheetEntry', inList('timesheet.id', sheetIds.slice(i, i + 200)), data.timesheetEntries, true);

    mapClientCorporations(data.clientCorporations, out);
    mapPlacements(data, this.mapOptions, out);
    if (hasTimesheets) mapTimesheets(data, this.mapOptions, out);
    else delete out.batch.rows.timesheets;

    for (const [entity, records] of [['ClientCorporation', data.clientCorporations], ['Placement', data.placements], ['Timesheet', data.timesheets]] as const) {
      const latest = maxModified(records) ?? request.cursor?.[entity];
      if (latest) cursor[entity] = latest;
    }
    return out.build(cursor);
  }
}
