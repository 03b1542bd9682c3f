import { z } from 'zod';
import { physicalTopic } from '@closegap/messaging';
import type { TopicConfig, TopicName } from '@closegap/messaging';
import { exceptionRecordSchema } from '@closegap/messaging';

/**
 * The pre-send check's topics, named in the style of libs/messaging's registry (domain,
 * entity, schema major version). They live here until the registry in libs/messaging (owned
 * by the streaming work) takes them over; see docs/presend.md.
 */
export const PresendTopic = {
  /** a draft invoice to check; key = draft_id */
  InvoiceDrafts: 'closegap.finance.invoice-drafts.v1',
  /** the verdict on a draft; key = draft_id, header correlation-id */
  InvoiceVerdicts: 'closegap.finance.invoice-verdicts.v1',
  /** an invoice already sent to the client that does not pass the check; key = invoice ref */
  InvoiceAlerts: 'closegap.finance.invoice-alerts.v1',
} as const;

export type PresendTopicName = (typeof PresendTopic)[keyof typeof PresendTopic];

const DAY = 24 * 60 * 60 * 1000;

export const PRESEND_TOPICS: readonly (Omit<TopicConfig, 'name'> & { name: PresendTopicName })[] = [
  { name: PresendTopic.InvoiceDrafts, partitions: 3, compacted: false, retentionMs: 7 * DAY },
  { name: PresendTopic.InvoiceVerdicts, partitions: 3, compacted: false, retentionMs: 7 * DAY },
  { name: PresendTopic.InvoiceAlerts, partitions: 3, compacted: false, retentionMs: 90 * DAY },
];

export function presendTopic(prefix: string, name: PresendTopicName): string {
  return physicalTopic(prefix, name as unknown as TopicName);
}

export const CORRELATION_HEADER = 'correlation-id';

/** A draft on the drafts topic: the same invoice the HTTP endpoint takes. */
export const draftEnvelopeSchema = z.object({
  schema: z.literal('closegap.invoice-draft'),
  version: z.literal(1),
  draft_id: z.string().min(1).max(200),
  /** validated by the same schema as POST /v1/invoices/check */
  invoice: z.unknown(),
});
export type DraftEnvelope = z.infer<typeof draftEnvelopeSchema>;

export const fieldErrorSchema = z.object({
  path: z.string(),
  line_no: z.number().int().optional(),
  field: z.string().optional(),
  message: z.string(),
});

export { exceptionRecordSchema };
