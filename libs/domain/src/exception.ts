import { createHash } from 'node:crypto';
import type { Category, Severity } from './categories';
import { CATEGORY_REFS } from './categories';

/**
 * The exception record of contract section 2, field for field. Values are strings as
 * written to the outputs (money already rounded to the cent); `undefined` = empty column.
 */
export interface ExceptionRecord {
  exception_id: string;
  category: Category;
  severity: Severity;
  client_id?: string;
  client_name?: string;
  placement_id?: string;
  timesheet_id?: string;
  invoice_number?: string;
  line_no?: string;
  credit_number?: string;
  pay_run_id?: string;
  line_id?: string;
  worker_name?: string;
  week_ending?: string;
  rate_type?: string;
  expected?: string;
  actual?: string;
  units?: string;
  value_at_risk: string;
  currency?: string;
  retroactive: boolean;
  recurring: boolean;
  owner_team: string;
  suggested_action: string;
  source: string;
  record_id?: string;
  detail?: string;
}

export const EXCEPTION_FIELDS: readonly (keyof ExceptionRecord)[] = [
  'exception_id',
  'category',
  'severity',
  'client_id',
  'client_name',
  'placement_id',
  'timesheet_id',
  'invoice_number',
  'line_no',
  'credit_number',
  'pay_run_id',
  'line_id',
  'worker_name',
  'week_ending',
  'rate_type',
  'expected',
  'actual',
  'units',
  'value_at_risk',
  'currency',
  'retroactive',
  'recurring',
  'owner_team',
  'suggested_action',
  'source',
  'record_id',
  'detail',
];

/** "category|ref1=v1|ref2=v2": what makes two exceptions the same one (contract section 3). */
export function exceptionKey(record: Pick<ExceptionRecord, 'category'> & Partial<ExceptionRecord>): string {
  return exceptionKeyOf(record.category, record);
}

/** The same key from a category and the fields a check found (no merged record built: the engine's hot path). */
export function exceptionKeyOf(category: Category, fields: Partial<ExceptionRecord>): string {
  let key: string = category;
  for (const ref of CATEGORY_REFS[category]) key += `|${ref}=${String(fields[ref as keyof ExceptionRecord] ?? '')}`;
  return key;
}

/** Stable across reruns of the same data: a hash of the category and its refs only. */
export function exceptionId(record: Pick<ExceptionRecord, 'category'> & Partial<ExceptionRecord>): string {
  return exceptionIdOfKey(exceptionKey(record));
}

/** The id of an exception key (exceptionKey / exceptionKeyOf), when the key is at hand. */
export function exceptionIdOfKey(key: string): string {
  return 'EX-' + createHash('sha256').update(key).digest('hex').slice(0, 16).toUpperCase();
}

/**
 * One state change of one exception, as published on the public exception topic
 * (`closegap.exceptions.v1`, keyed by exception_id). JSON Schema: docs/schemas/exception-event.v1.json.
 */
export interface ExceptionEvent {
  schema: 'closegap.exception-event';
  version: 1;
  /** unique per event: exception_id + ':' + sequence */
  event_id: string;
  type: 'opened' | 'updated' | 'closed';
  /** monotonically increasing per exception */
  sequence: number;
  occurred_at: string;
  exception: ExceptionRecord;
  previous?: Pick<ExceptionRecord, 'value_at_risk' | 'severity' | 'expected' | 'actual'>;
}
