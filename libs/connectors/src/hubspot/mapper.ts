import { addDays, isTimeRateType } from '@closegap/domain';
import { OutcomeBuilder, SOURCE_RECORD } from '../core/types';
import type { CanonicalRow } from '../core/types';
import { MappingError, asArray, decimalString, flexibleDate, isRecord, text } from '../core/values';

export type HubSpotObject = Record<string, unknown>;

export interface HubSpotRateProperty {
  rate_type: string;
  bill: string;
  pay?: string;
}

/** Which HubSpot properties carry the placement data. Internal (snake_case) names, tenant-configurable. */
export interface HubSpotProperties {
  company: { currency: string; account_manager: string; margin_floor_pct: string };
  deal: {
    placement_id: string;
    candidate_id: string;
    candidate_name: string;
    job_title: string;
    placement_type: string;
    start_date: string;
    end_date: string;
    status: string;
    consultant: string;
    salary: string;
    fee_pct: string;
    fee_amount: string;
    guarantee_days: string;
    rate_effective_from: string;
    rate_unit: string;
  };
  rates: HubSpotRateProperty[];
  /** deal stages that are placements; other deals are pipeline, not placements */
  won_stages: string[];
}

export const DEFAULT_HUBSPOT_PROPERTIES: HubSpotProperties = {
  company: { currency: 'billing_currency', account_manager: 'account_manager', margin_floor_pct: 'margin_floor_pct' },
  deal: {
    placement_id: 'placement_id',
    candidate_id: 'candidate_id',
    candidate_name: 'candidate_name',
    job_title: 'job_title',
    placement_type: 'placement_type',
    start_date: 'start_date',
    end_date: 'end_date',
    status: 'placement_status',
    consultant: 'consultant',
    salary: 'salary',
    fee_pct: 'fee_pct',
    fee_amount: 'fee_amount',
    guarantee_days: 'guarantee_days',
    rate_effective_from: 'rate_effective_from',
    rate_unit: 'rate_unit',
  },
  rates: [
    { rate_type: 'standard', bill: 'bill_rate', pay: 'pay_rate' },
    { rate_type: 'overtime', bill: 'overtime_bill_rate', pay: 'overtime_pay_rate' },
  ],
  won_stages: ['closedwon'],
};

export function companyProperties(p: HubSpotProperties): string[] {
  return ['name', 'domain', 'hs_lastmodifieddate', ...Object.values(p.company)];
}

export function dealProperties(p: HubSpotProperties): string[] {
  return ['dealname', 'dealstage', 'amount', 'deal_currency_code', 'hs_lastmodifieddate', ...Object.values(p.deal), ...p.rates.flatMap((r) => [r.bill, r.pay ?? ''])].filter(Boolean);
}

export function dealHistoryProperties(p: HubSpotProperties): string[] {
  return [...p.rates.flatMap((r) => [r.bill, r.pay ?? '']), p.deal.rate_effective_from].filter(Boolean);
}

export const hubspotRecord = (type: 'company' | 'deal', id: string): string => `hubspot:${type}:${id}`;

const props = (o: HubSpotObject): Record<string, unknown> => (isRecord(o.properties) ? o.properties : {});

export function mapCompanies(companies: readonly HubSpotObject[], p: HubSpotProperties, out: OutcomeBuilder): void {
  out.ensure('clients');
  for (const company of companies) {
    const id = text(company.id) ?? '?';
    if (company.archived === true) {
      out.remove('clients', hubspotRecord('company', id));
      continue;
    }
    const pr = props(company);
    const name = text(pr.name);
    if (!name) {
      out.reject('company', id, 'company has no name');
      continue;
    }
    out.add('clients', [
      {
        client_id: id,
        name,
        domain: text(pr.domain) ?? '',
        currency: text(pr[p.company.currency]) ?? '',
        account_manager: text(pr[p.company.account_manager]) ?? '',
        margin_floor_pct: decimalString(pr[p.company.margin_floor_pct]) ?? '',
        [SOURCE_RECORD]: hubspotRecord('company', id),
      },
    ]);
  }
}

const TYPES: Record<string, 'contract' | 'perm'> = {
  contract: 'contract',
  contractor: 'contract',
  temp: 'contract',
  temporary: 'contract',
  interim: 'contract',
  perm: 'perm',
  permanent: 'perm',
  'direct hire': 'perm',
};
const STATUSES: Record<string, string> = { active: 'active', live: 'active', ended: 'ended', finished: 'ended', completed: 'ended', cancelled: 'cancelled', canceled: 'cancelled' };

/** The deal's company: the primary association (`deal_to_company`) first, else the only one. */
function companyOf(deal: HubSpotObject): string | undefined {
  const assoc = isRecord(deal.associations) && isRecord(deal.associations.companies) ? asArray(deal.associations.companies.results).filter(isRecord) : [];
  const primary = assoc.find((a) => a.type === 'deal_to_company');
  if (primary) return text(primary.id);
  const ids = [...new Set(assoc.map((a) => text(a.id)).filter(Boolean))];
  return ids.length === 1 ? ids[0] : undefined;
}

/** Closed-won deals -> placements.csv, and their rate properties with history -> rates.csv. */
export function mapDeals(deals: readonly HubSpotObject[], p: HubSpotProperties, out: OutcomeBuilder): void {
  out.ensure('placements');
  out.ensure('rates');
  const won = new Set(p.won_stages);
  for (const deal of deals) {
    const id = text(deal.id) ?? '?';
    const record = hubspotRecord('deal', id);
    const pr = props(deal);
    if (deal.archived === true || !won.has(text(pr.dealstage) ?? '')) {
      // not (or no longer) a placement: whatever an earlier sync wrote for it goes
      out.remove('placements', record);
      out.remove('rates', record);
      continue;
    }
    try {
      const d = p.deal;
      const clientId = companyOf(deal);
      if (!clientId) throw new MappingError('deal has no (primary) company association');
      const placementId = text(pr[d.placement_id]) ?? id;
      const candidateId = text(pr[d.candidate_id]);
      const candidateName = text(pr[d.candidate_name]);
      if (!candidateId || !candidateName) throw new MappingError(`deal lacks ${d.candidate_id} / ${d.candidate_name}`);
      const rawType = (text(pr[d.placement_type]) ?? '').toLowerCase();
      const type = TYPES[rawType];
      if (!type) throw new MappingError(`${d.placement_type} "${rawType}" is neither contract nor perm`);
      const start = flexibleDate(pr[d.start_date]);
      if (!start) throw new MappingError(`${d.start_date} "${String(pr[d.start_date] ?? '')}" is not a date`);
      const feeAmount = decimalString(pr[d.fee_amount]) ?? (type === 'perm' && !decimalString(pr[d.fee_pct]) ? decimalString(pr.amount) : undefined);
      out.add('placements', [
        {
          placement_id: placementId,
          client_id: clientId,
          candidate_id: candidateId,
          candidate_name: candidateName,
          job_title: text(pr[d.job_title]) ?? '',
          type,
          start_date: start,
          end_date: flexibleDate(pr[d.end_date]) ?? '',
          status: STATUSES[(text(pr[d.status]) ?? '').toLowerCase()] ?? '',
          consultant: text(pr[d.consultant]) ?? '',
          currency: text(pr.deal_currency_code) ?? '',
          salary: decimalString(pr[d.salary]) ?? '',
          fee_pct: decimalString(pr[d.fee_pct]) ?? '',
          fee_amount: feeAmount ?? '',
          guarantee_days: text(pr[d.guarantee_days]) ?? '',
          [SOURCE_RECORD]: record,
        },
      ]);
      if (type === 'contract') out.add('rates', dealRates(deal, placementId, start, p).map((r) => ({ ...r, [SOURCE_RECORD]: record })));
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      out.reject('deal', id, err.message);
    }
  }
}

interface HistoryEntry {
  value: string | undefined;
  timestamp: string;
}

function history(deal: HubSpotObject, property: string): HistoryEntry[] {
  const h = isRecord(deal.propertiesWithHistory) ? asArray(deal.propertiesWithHistory[property]) : [];
  return h
    .filter(isRecord)
    .map((e) => ({ value: text(e.value), timestamp: text(e.timestamp) ?? '' }))
    .filter((e) => !Number.isNaN(Date.parse(e.timestamp)))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

function valueAt(entries: readonly HistoryEntry[], at: number): string | undefined {
  let value: string | undefined;
  for (const e of entries) if (Date.parse(e.timestamp) <= at) value = e.value;
  return value;
}

/**
 * One rates.csv row per version of the deal's rate properties. Each change in the property
 * history (bill, pay and rate_effective_from changes at the same instant are one change) is a
 * version agreed on that day and effective from `rate_effective_from` as it stood then, else from
 * the day it was recorded (the first version from the start date). A later change that takes
 * effect earlier than it was agreed is therefore a retroactive rate. Versions end the day before
 * the next one starts. Without history (a property HubSpot has no history for, or a CSV export),
 * the current value makes one version from the start date with no agreed_on.
 */
export function dealRates(deal: HubSpotObject, placementId: string, startDate: string, p: HubSpotProperties): CanonicalRow[] {
  const pr = props(deal);
  const rows: CanonicalRow[] = [];
  const unit = text(pr[p.deal.rate_unit]) ?? '';
  for (const def of p.rates) {
    if (!isTimeRateType(def.rate_type)) continue;
    const bill = history(deal, def.bill);
    const pay = def.pay ? history(deal, def.pay) : [];
    const eff = history(deal, p.deal.rate_effective_from);
    type Version = { bill: string; pay: string; from: string; agreed: string };
    const versions: Version[] = [];
    if (bill.length === 0) {
      const current = decimalString(pr[def.bill]);
      if (current === undefined) continue;
      versions.push({ bill: current, pay: decimalString(def.pay ? pr[def.pay] : undefined) ?? '', from: startDate, agreed: '' });
    } else {
      const instants = [...new Set([...bill, ...pay, ...eff].map((e) => Date.parse(e.timestamp)))].sort((a, b) => a - b);
      let previous: Version | undefined;
      for (const at of instants) {
        const billValue = decimalString(valueAt(bill, at));
        if (billValue === undefined) continue;
        const payValue = decimalString(valueAt(pay, at)) ?? '';
        const agreed = new Date(at).toISOString().slice(0, 10);
        const effValue = flexibleDate(valueAt(eff, at));
        const from = previous === undefined ? (effValue ?? startDate) : effValue && effValue !== previous.from ? effValue : agreed;
        if (previous && previous.bill === billValue && previous.pay === payValue && previous.from === from) continue;
        const version = { bill: billValue, pay: payValue, from, agreed };
        versions.push(version);
        previous = version;
      }
    }
    versions.sort((a, b) => a.from.localeCompare(b.from) || a.agreed.localeCompare(b.agreed));
    for (const v of versions) {
      const next = versions.find((n) => n.from > v.from);
      rows.push({
        placement_id: placementId,
        client_id: '',
        job_title: '',
        rate_type: def.rate_type,
        unit,
        bill_rate: v.bill,
        pay_rate: v.pay,
        effective_from: v.from,
        effective_to: next ? addDays(next.from, -1) : '',
        agreed_on: v.agreed,
        source_ref: `hubspot deal ${text(deal.id) ?? ''}`,
      });
    }
  }
  return rows;
}

/** The latest hs_lastmodifieddate of a page (the next cursor). */
export function lastModified(objects: readonly HubSpotObject[]): string | undefined {
  let latest: string | undefined;
  for (const o of objects) {
    const t = text(props(o).hs_lastmodifieddate) ?? text(o.updatedAt);
    if (t && !Number.isNaN(Date.parse(t)) && (!latest || Date.parse(t) > Date.parse(latest))) latest = new Date(Date.parse(t)).toISOString();
  }
  return latest;
}

