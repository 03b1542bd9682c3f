import { Dec } from '@closegap/domain';
import type { ExceptionStatus } from './status';
import { isActive } from './status';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * One tier of the SLA policy: an exception falls into the tier as soon as its value reaches
 * `min_value` or its age reaches `min_age_days`, and from that moment it is due within
 * `due_within_hours`. The earliest due time over all tiers wins.
 */
export interface SlaTier {
  name: string;
  min_value?: string;
  min_age_days?: number;
  due_within_hours: number;
}

export interface SlaPolicy {
  tiers: SlaTier[];
}

/** The example: over $10,000 or three days old, due within a day. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  tiers: [
    { name: 'urgent', min_value: '10000', min_age_days: 3, due_within_hours: 24 },
    { name: 'high', min_value: '2500', min_age_days: 7, due_within_hours: 72 },
    { name: 'standard', min_value: '0', due_within_hours: 14 * 24 },
  ],
};

export interface SlaInput {
  value_at_risk: string;
  /** when the exception was (last) opened: its age counts from here */
  opened_at: Date;
  status: ExceptionStatus;
}

export interface SlaState {
  tier: string;
  due_at: Date;
  breached: boolean;
  /** hours past due (negative: hours left) */
  overdue_hours: number;
}

export function slaFor(input: SlaInput, now: Date, policy: SlaPolicy = DEFAULT_SLA_POLICY): SlaState | undefined {
  const value = new Dec(input.value_at_risk || '0');
  let best: { tier: string; due: number } | undefined;
  for (const tier of policy.tiers) {
    const candidates: number[] = [];
    if (tier.min_value !== undefined && value.gte(tier.min_value)) candidates.push(input.opened_at.getTime());
    if (tier.min_age_days !== undefined) candidates.push(input.opened_at.getTime() + tier.min_age_days * DAY);
    if (candidates.length === 0) continue;
    const due = Math.min(...candidates) + tier.due_within_hours * HOUR;
    if (!best || due < best.due) best = { tier: tier.name, due };
  }
  if (!best) return undefined;
  const overdue = (now.getTime() - best.due) / HOUR;
  return { tier: best.tier, due_at: new Date(best.due), breached: isActive(input.status) && overdue > 0, overdue_hours: Math.round(overdue * 10) / 10 };
}

export interface AgingBucket {
  label: string;
  /** inclusive lower bound in days */
  from_days: number;
  /** exclusive upper bound; undefined = open */
  to_days?: number;
}

export const DEFAULT_AGING_BUCKETS: AgingBucket[] = [
  { label: '0-1 days', from_days: 0, to_days: 1 },
  { label: '1-3 days', from_days: 1, to_days: 3 },
  { label: '3-7 days', from_days: 3, to_days: 7 },
  { label: '7-14 days', from_days: 7, to_days: 14 },
  { label: '14-30 days', from_days: 14, to_days: 30 },
  { label: '30+ days', from_days: 30 },
];

export function ageDays(openedAt: Date, now: Date): number {
  return Math.max(0, (now.getTime() - openedAt.getTime()) / DAY);
}

export function agingBucket(days: number, buckets: readonly AgingBucket[] = DEFAULT_AGING_BUCKETS): string {
  for (const b of buckets) if (days >= b.from_days && (b.to_days === undefined || days < b.to_days)) return b.label;
  return buckets[buckets.length - 1].label;
}

export interface AgingRow {
  label: string;
  count: number;
  value_at_risk: string;
  breached: number;
}

/** Active exceptions by age bucket, with the value and the number of breached SLAs in each. */
export function agingBuckets(
  items: readonly SlaInput[],
  now: Date,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
  buckets: readonly AgingBucket[] = DEFAULT_AGING_BUCKETS,
): AgingRow[] {
  const rows = new Map(buckets.map((b) => [b.label, { label: b.label, count: 0, value: new Dec(0), breached: 0 }]));
  for (const item of items) {
    if (!isActive(item.status)) continue;
    const row = rows.get(agingBucket(ageDays(item.opened_at, now), buckets));
    if (!row) continue;
    row.count++;
    row.value = row.value.plus(item.value_at_risk || '0');
    if (slaFor(item, now, policy)?.breached) row.breached++;
  }
  return [...rows.values()].map((r) => ({ label: r.label, count: r.count, value_at_risk: r.value.toFixed(2), breached: r.breached }));
}
