/*
 * The one file that talks to Kafka (kafkajs) for the alerting service. When libs/messaging's
 * EventBus settles, this adapter is replaced by a subscription through it; nothing else in
 * the app knows about kafkajs.
 */
import '@closegap/messaging'; // kafkajs' idle timer loop, patched (libs/messaging/src/kafkajs-idle-fix.ts)
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '@closegap/domain';
import type { ExceptionEvent } from '@closegap/domain';

export interface ExceptionEventSource {
  start(handler: (event: ExceptionEvent) => Promise<void>, onInvalid: (reason: string, key: string | null) => void): Promise<void>;
  stop(): Promise<void>;
  ping(): Promise<void>;
}

const str = z.string().optional();
const recordSchema = z.looseObject({
  exception_id: z.string().min(1),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  value_at_risk: z.string(),
  owner_team: z.string(),
  suggested_action: z.string(),
  source: z.string(),
  retroactive: z.boolean(),
  recurring: z.boolean(),
  client_id: str,
  client_name: str,
  currency: str,
});

const eventSchema = z.object({
  schema: z.literal('closegap.exception-event'),
  version: z.literal(1),
  event_id: z.string(),
  type: z.enum(['opened', 'updated', 'closed']),
  sequence: z.number().int().min(0),
  occurred_at: z.string(),
  exception: recordSchema,
  previous: z.looseObject({}).optional(),
});

/** Validates one message of `closegap.exceptions.v1` (JSON ExceptionEvent keyed by exception_id). */
export function parseExceptionEvent(value: Buffer | string | null): { event?: ExceptionEvent; error?: string } {
  if (value === null) return { error: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch {
    return { error: 'not JSON' };
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { event: parsed.data as unknown as ExceptionEvent };
}

export class KafkaExceptionSource implements ExceptionEventSource {
  private readonly kafka: Kafka;
  private consumer?: Consumer;

  constructor(private readonly opts: { brokers: string[]; clientId: string; groupId: string; topic: string }) {
    this.kafka = new Kafka({ clientId: opts.clientId, brokers: opts.brokers, logLevel: logLevel.WARN, retry: { retries: 5 } });
  }

  async start(handler: (event: ExceptionEvent) => Promise<void>, onInvalid: (reason: string, key: string | null) => void): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: this.opts.groupId });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.opts.topic], fromBeginning: true });
    await this.consumer.run({
      // one partition at a time, in order: events of one exception share a key, hence a partition
      eachMessage: async ({ message }) => {
        const { event, error } = parseExceptionEvent(message.value);
        if (!event) {
          onInvalid(error ?? 'invalid', message.key?.toString() ?? null);
          return;
        }
        await handler(event);
      },
    });
  }

  async ping(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
