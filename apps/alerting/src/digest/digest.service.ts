import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { resolve } from 'node:path';
import { AuditLog } from '@closegap/audit';
import { WorkflowQueries, buildDigest, deliverDigest } from '@closegap/workflow';
import type { SlackMessage } from '@closegap/workflow';
import { ALERTING_CONFIG, AlertingConfig } from '../config';
import { CLOCK } from '../infra/tokens';

/** Milliseconds from `now` to the next HH:MM UTC. */
export function msUntil(at: string, now: Date): number {
  const [h, m] = at.split(':').map(Number);
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

/** The daily digest: built from the workflow, posted to Slack (or written to a file), on a schedule and on demand. */
@Injectable()
export class DigestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('digest');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queries: WorkflowQueries,
    private readonly audit: AuditLog,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  async build(): Promise<SlackMessage> {
    return buildDigest(await this.queries.digestInput(this.config.CONSOLE_URL));
  }

  async send(actor: string): Promise<{ to: 'slack' | 'file'; where: string; text: string }> {
    const message = await this.build();
    const now = this.clock();
    const sent = await deliverDigest(message, { webhookUrl: this.config.SLACK_WEBHOOK_URL, outDir: resolve(this.config.DIGEST_DIR) }, now);
    await this.audit.record({ actor, action: 'digest.sent', entity_type: 'digest', entity_id: now.toISOString().slice(0, 10), reason: null, data: { to: sent.to, where: sent.where, text: message.text }, at: now });
    return { ...sent, text: message.text };
  }

  onApplicationBootstrap(): void {
    if (this.config.DIGEST_AT !== 'off') this.schedule();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    const wait = msUntil(this.config.DIGEST_AT, new Date());
    this.timer = setTimeout(() => {
      this.send('system')
        .then((s) => this.log.log(`daily digest ${s.to === 'slack' ? 'posted' : 'written'}: ${s.text}`))
        .catch((err: unknown) => this.log.error(`daily digest failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => this.schedule());
    }, wait);
    this.timer.unref();
  }
}
