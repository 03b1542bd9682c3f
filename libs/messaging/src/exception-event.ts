import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '@closegap/domain';
import type { ExceptionEvent, ExceptionRecord } from '@closegap/domain';

const opt = z.string().optional();

/** The exception record of contract section 2 (libs/domain ExceptionRecord), as JSON. */
export const exceptionRecordSchema = z
  .object({
    exception_id: z.string().regex(/^EX-[0-9A-F]{16}$/),
    category: z.enum(CATEGORIES),
    severity: z.enum(SEVERITIES),
    client_id: opt,
    client_name: opt,
    placement_id: opt,
    timesheet_id: opt,
    invoice_number: opt,
    line_no: opt,
    credit_number: opt,
    pay_run_id: opt,
    line_id: opt,
    worker_name: opt,
    week_ending: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    rate_type: opt,
    expected: opt,
    actual: opt,
    units: opt,
    value_at_risk: z.string().regex(/^\d+(\.\d{1,2})?$/),
    currency: opt,
    retroactive: z.boolean(),
    recurring: z.boolean(),
    owner_team: z.string(),
    suggested_action: z.string(),
    source: z.string(),
    record_id: opt,
    detail: opt,
  })
  .strict()
  .meta({ title: 'ExceptionRecord', description: 'One exception, field for field as in exceptions.json (data contract section 2). Absent field = empty column.' });

/**
 * One state change of one exception on `closegap.exceptions.v1` (keyed by exception_id).
 * Public interface: additive changes only within v1.
 */
export const exceptionEventSchema = z
  .object({
    schema: z.literal('closegap.exception-event'),
    version: z.literal(1),
    event_id: z.string().meta({ description: 'exception_id + ":" + sequence; unique per event, consumers dedupe on it' }),
    type: z.enum(['opened', 'updated', 'closed']),
    sequence: z.number().int().min(1).meta({ description: 'monotonically increasing per exception' }),
    occurred_at: z.iso.datetime(),
    exception: exceptionRecordSchema,
    previous: z
      .object({ value_at_risk: z.string(), severity: z.enum(SEVERITIES), expected: opt, actual: opt })
      .strict()
      .optional()
      .meta({ description: 'on "updated": the values before the change' }),
  })
  .strict()
  .meta({
    title: 'Closegap exception event v1',
    description: 'One state change (opened, updated, closed) of one reconciliation exception, published on closegap.exceptions.v1 keyed by exception_id.',
  });

// the zod schema and the domain type describe the same thing (compile-time checks)
export const _schemaMatchesDomain = (parsed: z.infer<typeof exceptionRecordSchema>, record: ExceptionRecord, event: z.infer<typeof exceptionEventSchema>): [ExceptionRecord, z.infer<typeof exceptionRecordSchema>, ExceptionEvent] => [parsed, record, event];

export const EXCEPTION_EVENT_SCHEMA_ID = 'https://closegap.dev/schemas/exception-event.v1.json';

/** The published JSON Schema (docs/schemas/exception-event.v1.json), draft-07. */
export function exceptionEventJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(exceptionEventSchema, { target: 'draft-7' }) as Record<string, unknown>;
  return { $schema: schema.$schema, $id: EXCEPTION_EVENT_SCHEMA_ID, ...schema };
}

export function exceptionEvent(
  type: ExceptionEvent['type'],
  sequence: number,
  exception: ExceptionRecord,
  occurredAt: string,
  previous?: ExceptionRecord,
): ExceptionEvent {
  const event: ExceptionEvent = {
    schema: 'closegap.exception-event',
    version: 1,
    event_id: `${exception.exception_id}:${sequence}`,
    type,
    sequence,
    occurred_at: occurredAt,
    exception,
  };
  if (previous) {
    event.previous = { value_at_risk: previous.value_at_risk, severity: previous.severity };
    if (previous.expected !== undefined) event.previous.expected = previous.expected;
    if (previous.actual !== undefined) event.previous.actual = previous.actual;
  }
  return event;
}
