import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { WorkflowService } from '@closegap/workflow';
import type { ExceptionEvent } from '@closegap/domain';
import type { ExceptionEventSource } from './kafka-exception-source';

export const EXCEPTION_EVENT_SOURCE = Symbol('EXCEPTION_EVENT_SOURCE');

/**
 * Consumes the exception topic once the app is ready, and stops on shutdown. The handler is
 * thin: validate (in the source), then one workflow call (idempotent: stale sequences are ignored).
 */
@Injectable()
export class ExceptionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('exception-events');
  handled = 0;

  constructor(
    private readonly workflow: WorkflowService,
    @Inject(EXCEPTION_EVENT_SOURCE) private readonly source: ExceptionEventSource | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.source) return;
    await this.source.start(
      (event) => this.handle(event),
      (reason, key) => this.log.warn(`skipped an invalid exception event (key ${key ?? 'none'}): ${reason}`),
    );
    this.log.log('consuming exception events');
  }

  async handle(event: ExceptionEvent): Promise<void> {
    await this.workflow.ingestEvent(event);
    this.handled++;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source?.stop();
  }
}
