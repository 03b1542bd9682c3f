import type { SourceName } from '@closegap/domain';

/** Every topic of the streaming system. Names carry a schema major version (`.v1`). */
export const Topic = {
  Clients: 'closegap.crm.clients.v1',
  Placements: 'closegap.crm.placements.v1',
  Rates: 'closegap.crm.rates.v1',
  Rules: 'closegap.rules.v1',
  TimesheetLines: 'closegap.timesheets.lines.v1',
  InvoiceLines: 'closegap.finance.invoice-lines.v1',
  CreditNotes: 'closegap.finance.credit-notes.v1',
  PayLines: 'closegap.payroll.pay-lines.v1',
  Exceptions: 'closegap.exceptions.v1',
  Quarantine: 'closegap.quarantine.v1',
  Runs: 'closegap.runs.v1',
} as const;

export type TopicName = (typeof Topic)[keyof typeof Topic];

/**
 * Fact topics are co-partitioned: the same partition count everywhere and the same key
 * (the CRM client_id resolved at ingestion), so partition p of every fact topic holds the
 * same clients and one matching instance owns all of a client's facts.
 */
export const FACT_PARTITIONS = 6;

const DAY = 24 * 60 * 60 * 1000;

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  /** compacted topics carry current state (latest value per key; null value = tombstone) */
  compacted: boolean;
  /** retention.ms (-1 = forever, as for compacted state) */
  retentionMs: number;
  key: string;
  schema: string;
  producers: string;
  consumers: string;
}

export const TOPICS: readonly TopicSpec[] = [
  { name: Topic.Clients, partitions: 3, compacted: true, retentionMs: -1, key: 'client_id', schema: 'closegap.record v1 (clients row)', producers: 'crm-ingestion', consumers: 'matching (broadcast), ingestion services (CRM view)' },
  { name: Topic.Placements, partitions: 3, compacted: true, retentionMs: -1, key: 'placement_id', schema: 'closegap.record v1 (placements row)', producers: 'crm-ingestion', consumers: 'matching (broadcast), ingestion services (CRM view)' },
  { name: Topic.Rates, partitions: 3, compacted: true, retentionMs: -1, key: 'rate id (rates:<line>)', schema: 'closegap.record v1 (rates row)', producers: 'crm-ingestion', consumers: 'matching (broadcast)' },
  { name: Topic.Rules, partitions: 1, compacted: true, retentionMs: -1, key: '"rules"', schema: 'closegap.rules v1', producers: 'crm-ingestion, recon replay', consumers: 'matching (broadcast), ingestion services' },
  { name: Topic.TimesheetLines, partitions: FACT_PARTITIONS, compacted: false, retentionMs: 30 * DAY, key: 'client_id resolved at ingestion, else "unresolved"', schema: 'closegap.record v1 (timesheets row)', producers: 'timesheet-ingestion', consumers: 'matching (group)' },
  { name: Topic.InvoiceLines, partitions: FACT_PARTITIONS, compacted: false, retentionMs: 30 * DAY, key: 'client_id resolved at ingestion, else "unresolved"', schema: 'closegap.record v1 (invoices row)', producers: 'finance-ingestion', consumers: 'matching (group)' },
  { name: Topic.CreditNotes, partitions: FACT_PARTITIONS, compacted: false, retentionMs: 30 * DAY, key: 'client_id resolved at ingestion, else "unresolved"', schema: 'closegap.record v1 (credit_notes row)', producers: 'finance-ingestion', consumers: 'matching (group)' },
  { name: Topic.PayLines, partitions: FACT_PARTITIONS, compacted: false, retentionMs: 30 * DAY, key: 'client_id resolved at ingestion, else "unresolved"', schema: 'closegap.record v1 (pay_lines row)', producers: 'finance-ingestion', consumers: 'matching (group)' },
  { name: Topic.Exceptions, partitions: FACT_PARTITIONS, compacted: false, retentionMs: 90 * DAY, key: 'exception_id', schema: 'closegap.exception-event v1 (docs/schemas/exception-event.v1.json)', producers: 'matching (outbox relay)', consumers: 'alerting, any subscriber (public interface)' },
  { name: Topic.Quarantine, partitions: 3, compacted: false, retentionMs: 30 * DAY, key: 'source:record_id', schema: 'closegap.quarantine v1', producers: 'ingestion services, matching', consumers: 'operations tooling' },
  { name: Topic.Runs, partitions: 1, compacted: false, retentionMs: 7 * DAY, key: 'upload_id', schema: 'closegap.run v1', producers: 'ingestion services, recon replay', consumers: 'matching (broadcast), recon replay --wait' },
];

export function topicSpec(name: TopicName): TopicSpec {
  const spec = TOPICS.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown topic ${name}`);
  return spec;
}

/** The physical topic name: an optional prefix (side-by-side stacks, tests) + the logical name. */
export function physicalTopic(prefix: string, name: TopicName): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** Which topic carries each bundle file's records. */
export const SOURCE_TOPIC: Record<SourceName, TopicName> = {
  clients: Topic.Clients,
  placements: Topic.Placements,
  rates: Topic.Rates,
  timesheets: Topic.TimesheetLines,
  invoices: Topic.InvoiceLines,
  credit_notes: Topic.CreditNotes,
  pay_lines: Topic.PayLines,
};

export const CRM_SOURCES: readonly SourceName[] = ['clients', 'placements', 'rates'];
export const FACT_SOURCES: readonly SourceName[] = ['timesheets', 'invoices', 'credit_notes', 'pay_lines'];
export const FACT_TOPICS: readonly TopicName[] = FACT_SOURCES.map((s) => SOURCE_TOPIC[s]);
export const BROADCAST_TOPICS: readonly TopicName[] = [Topic.Clients, Topic.Placements, Topic.Rates, Topic.Rules, Topic.Runs];

export function sourceOfTopic(name: TopicName): SourceName | undefined {
  return (Object.entries(SOURCE_TOPIC) as [SourceName, TopicName][]).find(([, t]) => t === name)?.[0];
}

/** Key of fact records whose client could not be resolved at ingestion. */
export const UNRESOLVED_KEY = 'unresolved';
