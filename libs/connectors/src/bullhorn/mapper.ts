import { addDays, isTimeRateType } from '@closegap/domain';
import type { RulesConfig } from '@closegap/domain';
import { mapTimeRateType } from '@closegap/contract';
import { OutcomeBuilder, SOURCE_RECORD } from '../core/types';
import type { CanonicalRow } from '../core/types';
import { MappingError, decimalString, epochMsToDate, flexibleDate, fullName, isRecord, text } from '../core/values';
import { Dec } from '@closegap/domain';

export type BhObject = Record<string, unknown>;

export interface BullhornMapOptions {
  rules: Pick<RulesConfig, 'rateTypeMap'>;
  /** Placement.employmentType patterns (case-insensitive regex source) */
  contractTypes?: string;
  permTypes?: string;
  /** PlacementChangeRequest.requestStatus values that mean approved */
  approvedStatuses?: readonly string[];
  /** EarnCode.code -> rate type, before the rules file's rate_type_map */
  earnCodes?: Record<string, string>;
}

export interface BullhornData {
  clientCorporations: BhObject[];
  placements: BhObject[];
  changeRequests: BhObject[];
  rateCardLines: BhObject[];
  timesheets: BhObject[];
  timesheetEntries: BhObject[];
}

export const bhRecord = (entity: string, id: string): string => `bullhorn:${entity}:${id}`;

const obj = (value: unknown): BhObject => (isRecord(value) ? value : {});
const label = (value: unknown): string | undefined => (isRecord(value) ? (text(value.label) ?? text(value.name)) : text(value));

export function mapClientCorporations(corps: readonly BhObject[], out: OutcomeBuilder): void {
  out.ensure('clients');
  for (const c of corps) {
    const id = text(c.id) ?? '?';
    const name = text(c.name);
    if (!name) {
      out.reject('ClientCorporation', id, 'no name');
      continue;
    }
    out.add('clients', [{ client_id: id, name, domain: '', currency: '', account_manager: '', margin_floor_pct: '', [SOURCE_RECORD]: bhRecord('ClientCorporation', id) }]);
  }
}

const STATUS: Record<string, string> = { approved: 'active', active: 'active', placed: 'active', completed: 'ended', terminated: 'ended', ended: 'ended', quit: 'ended', cancelled: 'cancelled', canceled: 'cancelled' };

export function placementType(employmentType: string, options: BullhornMapOptions): 'contract' | 'perm' | undefined {
  if (new RegExp(options.permTypes ?? 'perm|direct hire|permanent', 'i').test(employmentType)) return 'perm';
  if (new RegExp(options.contractTypes ?? 'contract|temp|c2h|interim|fixed term|hourly', 'i').test(employmentType)) return 'contract';
  return undefined;
}

export function mapPlacements(data: BullhornData, options: BullhornMapOptions, out: OutcomeBuilder): void {
  out.ensure('placements');
  out.ensure('rates');
  const cards = groupBy(data.rateCardLines, (l) => text(obj(obj(obj(obj(l.placementRateCardLineGroup).placementRateCardVersion).placementRateCard).placement).id) ?? '');
  const requests = groupBy(data.changeRequests, (r) => text(obj(r.placement).id) ?? '');
  for (const p of data.placements) {
    const id = text(p.id) ?? '?';
    const record = bhRecord('Placement', id);
    try {
      const candidate = obj(p.candidate);
      const job = obj(p.jobOrder);
      const clientId = text(obj(job.clientCorporation).id);
      if (!clientId) throw new MappingError('no jobOrder.clientCorporation (request fields=jobOrder(id,title,clientCorporation(id,name)))');
      const candidateId = text(candidate.id);
      const candidateName = fullName(candidate.firstName, candidate.lastName);
      if (!candidateId || !candidateName) throw new MappingError('no candidate id or name');
      const type = placementType(text(p.employmentType) ?? '', options);
      if (!type) throw new MappingError(`employmentType "${String(p.employmentType ?? '')}" is neither contract nor perm`);
      const start = epochMsToDate(p.dateBegin);
      if (!start) throw new MappingError(`dateBegin "${String(p.dateBegin)}" is not a timestamp`);
      const perYear = !/hour/i.test(text(p.salaryUnit) ?? 'per year');
      const fee = decimalString(p.fee);
      out.add('placements', [
        {
          placement_id: id,
          client_id: clientId,
          candidate_id: candidateId,
          candidate_name: candidateName,
          job_title: text(job.title) ?? '',
          type,
          start_date: start,
          end_date: epochMsToDate(p.dateEnd) ?? '',
          status: STATUS[(label(p.status) ?? '').toLowerCase()] ?? '',
          consultant: fullName(obj(p.owner).firstName, obj(p.owner).lastName) ?? '',
          currency: '',
          salary: type === 'perm' && perYear ? (decimalString(p.salary) ?? '') : '',
          // Bullhorn keeps the fee as a fraction (0.20 = 20 %)
          fee_pct: type === 'perm' && fee !== undefined ? new Dec(fee).times(100).toFixed() : '',
          fee_amount: '',
          guarantee_days: type === 'perm' ? (text(p.daysGuaranteed) ?? '') : '',
          [SOURCE_RECORD]: record,
        },
      ]);
      if (type === 'contract') {
        const rows = cards.has(id) ? rateCardRows(id, cards.get(id)!, options) : changeRequestRows(p, requests.get(id) ?? [], options, out);
        out.add('rates', rows.map((r) => ({ ...r, [SOURCE_RECORD]: record })));
      }
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('Placement', id, err.message);
    }
  }
}

function earnCodeType(code: string, options: BullhornMapOptions): string | undefined {
  const configured = options.earnCodes?.[code] ?? options.earnCodes?.[code.toUpperCase()];
  if (configured && isTimeRateType(configured)) return configured;
  return mapTimeRateType(code, options.rules);
}

/** Pay & Bill: each PlacementRateCardVersion is a dated rate set; its lines are rate types (earn codes). */
function rateCardRows(placementId: string, lines: readonly BhObject[], options: BullhornMapOptions): CanonicalRow[] {
  const rows: CanonicalRow[] = [];
  for (const line of lines) {
    const version = obj(obj(line.placementRateCardLineGroup).placementRateCardVersion);
    const code = text(obj(line.earnCode).code) ?? '';
    const rateType = earnCodeType(code, options);
    const from = flexibleDate(version.effectiveDate);
    const bill = decimalString(line.billRate);
    if (!rateType || !from || bill === undefined) continue;
    rows.push({
      placement_id: placementId,
      client_id: '',
      job_title: '',
      rate_type: rateType,
      unit: 'hour',
      bill_rate: bill,
      pay_rate: decimalString(line.payRate) ?? '',
      effective_from: from,
      effective_to: flexibleDate(version.effectiveEndDate) ?? '',
      agreed_on: epochMsToDate(version.dateAdded) ?? '',
      source_ref: `bullhorn rate card version ${text(version.id) ?? ''}`,
    });
  }
  return rows;
}

type RateSet = { from: string; agreed: string; ref: string; values: BhObject };

/**
 * ATS placements: the placement's rates, and every approved PlacementChangeRequest (a full copy
 * of the placement's fields as changed) as a later version effective from its dateClientEffective
 * and agreed on its dateApproved. Bullhorn keeps no copy of the rates a first change replaced, so
 * when change requests exist the original rate before the first one is unknown and is reported.
 */
function changeRequestRows(p: BhObject, requests: readonly BhObject[], options: BullhornMapOptions, out: OutcomeBuilder): CanonicalRow[] {
  const id = text(p.id) ?? '';
  const start = epochMsToDate(p.dateBegin) ?? '';
  const approved = new Set((options.approvedStatuses ?? ['Approved']).map((s) => s.toLowerCase()));
  const sets: RateSet[] = requests
    .filter((r) => approved.has((label(r.requestStatus) ?? '').toLowerCase()))
    .map((r) => ({
      from: epochMsToDate(r.dateClientEffective) ?? epochMsToDate(r.dateEffective) ?? epochMsToDate(r.dateApproved) ?? start,
      agreed: epochMsToDate(r.dateApproved) ?? epochMsToDate(r.dateAdded) ?? '',
      ref: `bullhorn change request ${text(r.id) ?? ''}`,
      values: r,
    }));
  if (sets.length === 0) {
    sets.push({ from: epochMsToDate(p.dateClientEffective) ?? start, agreed: epochMsToDate(p.dateAdded) ?? '', ref: `bullhorn placement ${id}`, values: p });
    if (sets[0].from > start) sets[0].from = start;
  } else {
    sets.sort((a, b) => a.from.localeCompare(b.from) || a.agreed.localeCompare(b.agreed));
    if (sets[0].from > start) out.warn(`Bullhorn placement ${id}: rates before ${sets[0].from} are not in its change requests (the first change replaced them); that period has no contract rate`);
  }
  const rows: CanonicalRow[] = [];
  const pairs: [string, string, string][] = [
    ['standard', 'clientBillRate', 'payRate'],
    ['overtime', 'clientOvertimeRate', 'overtimeRate'],
  ];
  for (const [rateType, billField, payField] of pairs) {
    const versions = sets.filter((s) => {
      const bill = decimalString(s.values[billField]);
      return bill !== undefined && !(rateType !== 'standard' && new Dec(bill).isZero());
    });
    versions.forEach((s, i) => {
      const next = versions.slice(i + 1).find((n) => n.from > s.from);
      rows.push({
        placement_id: id,
        client_id: '',
        job_title: '',
        rate_type: rateType,
        unit: 'hour',
        bill_rate: decimalString(s.values[billField]) ?? '',
        pay_rate: decimalString(s.values[payField]) ?? '',
        effective_from: s.from,
        effective_to: next ? addDays(next.from, -1) : '',
        agreed_on: s.agreed,
        source_ref: s.ref,
      });
    });
  }
  return rows;
}

const APPROVAL: Record<string, string> = { approved: 'approved', completed: 'approved', submitted: 'submitted', draft: 'submitted', rejected: 'rejected' };

/**
 * Bullhorn Time & Expense: TimesheetEntry -> timesheets.csv, one row per day and earn code.
 * Entries voided by a correction (voidingTimesheetEntry set) are left out; drafts count as
 * submitted (work exists but is not approved).
 */
export function mapTimesheets(data: BullhornData, options: BullhornMapOptions, out: OutcomeBuilder): void {
  out.ensure('timesheets');
  const sheets = new Map(data.timesheets.map((t) => [text(t.id) ?? '', t]));
  for (const entry of data.timesheetEntries) {
    const id = text(entry.id) ?? '?';
    const sheetId = text(obj(entry.timesheet).id) ?? '';
    const sheet = sheets.get(sheetId);
    if (!sheet) {
      out.reject('TimesheetEntry', id, `timesheet ${sheetId || '(none)'} was not fetched`);
      continue;
    }
    if (text(obj(entry.voidingTimesheetEntry).id)) continue;
    const candidate = obj(sheet.candidate);
    const code = text(obj(entry.earnCode).code) ?? '';
    const rateType = earnCodeType(code, options);
    const workDate = flexibleDate(entry.timesheetDay);
    const units = decimalString(entry.quantity);
    const status = APPROVAL[(label(entry.timesheetEntryApprovalStatusLookup) ?? label(sheet.timesheetEntryApprovalStatusLookup) ?? '').toLowerCase()];
    const worker = fullName(candidate.firstName, candidate.lastName);
    const problem = !rateType
      ? `earn code "${code}" maps to no rate type (add it to bullhorn.earn_codes or rate_type_map)`
      : !workDate
        ? `timesheetDay "${String(entry.timesheetDay)}" is not a date`
        : units === undefined || new Dec(units).isNegative()
          ? `quantity "${String(entry.quantity)}" is not a non-negative number`
          : !status
            ? `approval status "${String(label(entry.timesheetEntryApprovalStatusLookup) ?? '')}" is unknown`
            : !worker || !text(candidate.id)
              ? 'timesheet has no candidate'
              : undefined;
    if (problem) {
      out.reject('TimesheetEntry', id, problem);
      continue;
    }
    const approvedMs = sheet.approvedDate;
    out.add('timesheets', [
      {
        line_id: `BH-${id}`,
        timesheet_id: sheetId,
        worker_id: text(candidate.id) ?? '',
        worker_name: worker ?? '',
        client_ref: text(obj(sheet.clientCorporation).name) ?? text(obj(sheet.clientCorporation).id) ?? '',
        placement_ref: text(obj(sheet.placement).id) ?? '',
        work_date: workDate ?? '',
        rate_type: rateType ?? '',
        units: units ?? '',
        status: status ?? '',
        approved_at: typeof approvedMs === 'number' && status === 'approved' ? new Date(approvedMs).toISOString() : '',
        [SOURCE_RECORD]: bhRecord('Timesheet', sheetId),
      },
    ]);
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k) (out.get(k) ?? out.set(k, []).get(k)!).push(item);
  }
  return out;
}

export function maxModified(records: readonly BhObject[]): string | undefined {
  let max: number | undefined;
  for (const r of records) if (typeof r.dateLastModified === 'number' && (max === undefined || r.dateLastModified > max)) max = r.dateLastModified;
  return max === undefined ? undefined : new Date(max).toISOString();
}

