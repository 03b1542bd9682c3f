import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server } from '@nestjs/microservices';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Assignment, EventBus, MessageBatch, SubscribeOptions, Subscription } from '@closegap/messaging';

/** One subscription the transport opens for an @EventPattern handler. */
export interface SubscriptionSpec {
  /** the @EventPattern(...) string */
  pattern: string;
  topics: () => string[];
  groupId?: () => string;
  coPartitioned?: boolean;
  fromBeginning?: boolean;
  /** subscribe only once this resolves (e.g. the CRM is read) */
  startAfter?: () => Promise<void>;
  onAssignment?: (assignment: Assignment) => void;
}

export class BatchContext extends BaseRpcContext<[string, MessageBatch[]]> {
  constructor(pattern: string, batches: MessageBatch[]) {
    super([pattern, batches]);
  }
}

/**
 * A Nest custom transport over the EventBus: each @EventPattern handler gets whole batches
 * (kafkajs eachBatch, several partitions at once), and the offsets are committed only after the
 * handler resolved. The stock Kafka transport hands over one message at a time.
 */
export class EventBusTransport extends Server implements CustomTransportStrategy {
  private readonly subscriptions: Subscription[] = [];
  private readonly log = new Logger('EventBusTransport');

  constructor(
    private readonly bus: EventBus,
    private readonly specs: readonly SubscriptionSpec[],
  ) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      const started = this.specs.map(async (spec) => {
        const handler = this.getHandlerByPattern(spec.pattern);
        if (!handler) throw new Error(`no @EventPattern('${spec.pattern}') handler registered`);
        if (spec.startAfter) await spec.startAfter();
        const options: SubscribeOptions = {
          topics: spec.topics(),
          groupId: spec.groupId?.(),
          coPartitioned: spec.coPartitioned,
          fromBeginning: spec.fromBeginning,
          onAssignment: spec.onAssignment,
          name: spec.pattern,
          handler: async (batches) => {
            const out = await handler(batches, new BatchContext(spec.pattern, batches));
            if (isObservable(out)) await lastValueFrom(out, { defaultValue: undefined });
          },
        };
        this.subscriptions.push(await this.bus.subscribe(options));
        this.log.log(`subscribed ${spec.pattern}: ${options.topics.length} topic(s)${options.groupId ? ` in group ${options.groupId}` : ' (broadcast)'}`);
      });
      // broadcast subscriptions must be running for a later one's startAfter to resolve
      await Promise.all(started);
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.subscriptions.splice(0).map((s) => s.stop()));
  }

  on(): void {
    throw new Error('EventBusTransport has no events');
  }

  unwrap<T>(): T {
    return this.bus as unknown as T;
  }
}
