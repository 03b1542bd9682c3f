import { z } from 'zod';
import { SOURCE_NAMES } from '@closegap/domain';
import type { SourceName } from '@closegap/domain';

/**
 * Versioned message schemas shared by every producer and consumer. Values are UTF-8 JSON;
 * `schema` + `version` name the shape so a consumer can refuse what it does not understand.
 */

const sourceName = z.enum(SOURCE_NAMES as unknown as [SourceName, ...SourceName[]]);

/**
 * One canonical record (a bundle row) on a CRM or fact topic: the contract's row, column ->
 * string, as read from the file, plus where it came from, so the matching service parses it
 * with the same record builders as `recon run` and breaks ties the same way.
 */
export const recordEnvelopeSchema = z.object({
  schema: z.literal('closegap.record'),
  version: z.literal(1),
  source: sourceName,
  /** the record's own id (contract `record_id`: line_id, invoice_number:line_no, client_id, rates:<line> ...) */
  record_id: z.string().min(1),
  row: z.record(z.string(), z.string()),
  pos: z.object({ file: z.string(), line: z.number().int().min(1) }),
  /** the CRM client_id resolved at ingestion (the partition key of fact topics), or "unresolved" */
  client_key: z.string().min(1),
  upload_id: z.string().min(1),
  produced_at: z.string(),
});
export type RecordEnvelope = z.infer<typeof recordEnvelopeSchema>;

/** The rules file (`recon.yaml`) in force; `text: null` = the built-in defaults. */
export const rulesEnvelopeSchema = z.object({
  schema: z.literal('closegap.rules'),
  version: z.literal(1),
  hash: z.string(),
  text: z.string().nullable(),
  file: z.string(),
  upload_id: z.string().min(1),
  produced_at: z.string(),
});
export type RulesEnvelope = z.infer<typeof rulesEnvelopeSchema>;

/** A record that could not be used, with the reason (the streaming side of quarantine.csv). */
export const quarantineEventSchema = z.object({
  schema: z.literal('closegap.quarantine'),
  version: z.literal(1),
  service: z.string(),
  source: z.string(),
  record_id: z.string(),
  file: z.string(),
  line: z.number().int(),
  column: z.string().optional(),
  reason: z.string(),
  /** the row as received, JSON */
  raw: z.string(),
  upload_id: z.string(),
  occurred_at: z.string(),
});
export type QuarantineEvent = z.infer<typeof quarantineEventSchema>;

/** Run / status events: an upload started and completed, with what it published per file. */
export const runEventSchema = z.object({
  schema: z.literal('closegap.run'),
  version: z.literal(1),
  type: z.enum(['upload.started', 'upload.completed', 'upload.failed']),
  upload_id: z.string(),
  service: z.string(),
  /** per source: file name, rows read, records published, rows quarantined */
  files: z.record(z.string(), z.object({ file: z.string(), rows: z.number().int(), published: z.number().int(), quarantined: z.number().int() })),
  error: z.string().optional(),
  occurred_at: z.string(),
});
export type RunEvent = z.infer<typeof runEventSchema>;

export class EnvelopeError extends Error {}

/** Parses a message value against a schema; throws EnvelopeError naming the problem. */
export function decode<T extends z.ZodType>(schema: T, value: Buffer | string | null | undefined): z.output<T> {
  if (value === null || value === undefined) throw new EnvelopeError('empty message value');
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (err) {
    throw new EnvelopeError(`not JSON: ${(err as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EnvelopeError(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

export function encode(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
