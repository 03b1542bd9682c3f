import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { MessageBatch } from '@closegap/messaging';
import { MatchingService } from './matching.service';

export const Subscriptions = {
  /** CRM, rules and run events: every instance reads all partitions */
  Broadcast: 'matching.broadcast',
  /** fact topics, shared by the matching consumer group (co-partitioned) */
  Facts: 'matching.facts',
} as const;

/** Thin handlers: a batch in, one service call. Validation and logic live in MatchingService and the libs. */
@Controller()
export class MatchingController {
  constructor(@Inject(MatchingService) private readonly matching: MatchingService) {}

  @EventPattern(Subscriptions.Broadcast)
  onBroadcast(@Payload() batches: MessageBatch[]): Promise<void> {
    return this.matching.onBroadcast(batches);
  }

  @EventPattern(Subscriptions.Facts)
  onFacts(@Payload() batches: MessageBatch[]): Promise<void> {
    return this.matching.onFacts(batches);
  }
}
