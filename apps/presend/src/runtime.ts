import { randomUUID } from 'node:crypto';
import { verifyQboSignature } from '@closegap/connectors';
import { EnvelopeError, decode, encode } from '@closegap/messaging';
import type { EventBus, HeaderValue, MessageBatch, OutgoingMessage, Subscription } from '@closegap/messaging';
import { ensureAllTopics } from '@closegap/services-common';
import type { PresendConfig, TenantConfig } from './config';
import { PresendService } from './presend.service';
import type { CheckOutcome } from './presend.service';
import { fetchQboDrafts, invoiceEvents } from './quickbooks';
import { TenantReplica } from './replica';
import type { FactsSource, ReplicaLogger } from './replica';
import { CORRELATION_HEADER, PRESEND_TOPICS, PresendTopic, draftEnvelopeSchema, presendTopic } from './topics';

export interface FactsStore extends FactsSource {
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeDeps {
  config: PresendConfig;
  bus: EventBus;
  logger: ReplicaLogger;
  /** tenant id -> the matching service's persisted facts (absent: replay the topics only) */
  stores: ReadonlyMap<string, FactsStore>;
}

export interface WebhookResult {
  realm_id: string;
  invoice_id: string;
  invoice_number?: string;
  already_sent?: boolean;
  verdict?: string;
  alerted?: boolean;
  error?: string;
}

export type WebhookOutcome = { status: 200; results: WebhookResult[] } | { status: 401; message: string };

/** Verdict message on the verdicts topic (key = draft_id, header correlation-id). */
export function verdictMessage(draftId: string, correlationId: string, outcome: CheckOutcome | { kind: 'invalid'; status: 400; errors: { path: string; message: string }[] }): Record<string, unknown> {
  const base = { schema: 'closegap.invoice-verdict', version: 1, draft_id: draftId, correlation_id: correlationId, produced_at: new Date().toISOString() };
  if (outcome.kind === 'checked') return { ...base, status: 'checked', result: outcome.response };
  if (outcome.kind === 'invalid') return { ...base, status: 'invalid', errors: outcome.errors };
  return { ...base, status: 'unavailable', message: outcome.message };
}

const header = (value: HeaderValue): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? undefined : String(one);
};

/**
 * Everything the service runs besides HTTP: one replica per tenant, the check, the Kafka
 * draft -> verdict consumers (subscribed once the tenant's replica is ready) and the
 * QuickBooks webhook processing.
 */
export class PresendRuntime {
  readonly service: PresendService;
  private readonly replicas = new Map<string, TenantReplica>();
  private readonly tenants = new Map<string, TenantConfig>();
  private readonly realmOwner = new Map<string, TenantConfig>();
  private readonly subscriptions: Subscription[] = [];
  private stopped = false;

  constructor(private readonly deps: RuntimeDeps) {
    const { config } = deps;
    for (const t of config.tenants) {
      this.tenants.set(t.id, t);
      for (const realm of t.quickbooks?.realm_ids ?? []) this.realmOwner.set(realm, t);
      this.replicas.set(t.id, new TenantReplica({ tenantId: t.id, topicPrefix: t.topic_prefix, bus: deps.bus, factsSource: deps.stores.get(t.id), logger: deps.logger }));
    }
    this.service = new PresendService(this.replicas, {
      policy: { blockingCategories: config.blockingCategories, minSeverity: config.blockMinSeverity, minValue: config.PRESEND_BLOCK_MIN_VALUE },
      maxLines: config.PRESEND_MAX_LINES,
      cacheSize: config.PRESEND_CACHE_SIZE,
    });
  }

  /** Creates the topics, starts every replica; each tenant's draft consumer follows once its state is ready. */
  async start(): Promise<void> {
    for (const t of this.tenants.values()) {
      await ensureAllTopics(this.deps.bus, t.topic_prefix);
      await this.deps.bus.ensureTopics(PRESEND_TOPICS.map((s) => ({ ...s, name: presendTopic(t.topic_prefix, s.name) })));
    }
    await Promise.all(
      [...this.replicas.values()].map(async (replica) => {
        await replica.start();
        if (this.deps.config.PRESEND_KAFKA_DRAFTS) {
          void replica
            .whenReady()
            .then(() => this.followDrafts(this.tenants.get(replica.tenantId) as TenantConfig))
            .catch((err: unknown) => this.deps.logger.error(`${replica.tenantId}: draft consumer not started: ${(err as Error).message}`));
        }
      }),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.subscriptions.splice(0).map((s) => s.stop()));
    await Promise.allSettled([...this.replicas.values()].map((r) => r.stop()));
    await Promise.allSettled([...this.deps.stores.values()].map((s) => s.close()));
  }

  /** Settles when every tenant's replica has loaded its state. */
  async whenReady(): Promise<void> {
    await Promise.all([...this.replicas.values()].map((r) => r.whenReady()));
  }

  ready(): boolean {
    return [...this.replicas.values()].every((r) => r.isReady());
  }

  status(): Record<string, unknown>[] {
    return [...this.replicas.values()].map((r) => r.state());
  }

  async pingStores(): Promise<void> {
    await Promise.all([...this.deps.stores.values()].map((s) => s.ping()));
  }

  // --- Kafka: drafts in, verdicts out ------------------------------------------------------

  private async followDrafts(tenant: TenantConfig): Promise<void> {
    if (this.stopped) return;
    const sub = await this.deps.bus.subscribe({
      topics: [presendTopic(tenant.topic_prefix, PresendTopic.InvoiceDrafts)],
      groupId: `${this.deps.config.PRESEND_DRAFTS_GROUP_ID}.${tenant.id}`,
      fromBeginning: false,
      name: `presend-drafts-${tenant.id}`,
      handler: (batches) => this.onDrafts(tenant, batches),
    });
    this.subscriptions.push(sub);
    this.deps.logger.log(`${tenant.id}: answering drafts on ${presendTopic(tenant.topic_prefix, PresendTopic.InvoiceDrafts)}`);
  }

  /** Thin: each draft is validated and checked like an HTTP request; the verdict goes out keyed by draft id. */
  async onDrafts(tenant: TenantConfig, batches: readonly MessageBatch[]): Promise<void> {
    const out: OutgoingMessage[] = [];
    for (const batch of batches) {
      for (const m of batch.messages) {
        let draftId = m.key ?? `${batch.partition}@${m.offset}`;
        let message: Record<string, unknown>;
        const correlation = header(m.headers[CORRELATION_HEADER]);
        try {
          const env = decode(draftEnvelopeSchema, m.value);
          draftId = env.draft_id;
          message = verdictMessage(draftId, correlation ?? draftId, this.service.check(tenant.id, env.invoice));
        } catch (err) {
          if (!(err instanceof EnvelopeError)) throw err;
          message = verdictMessage(draftId, correlation ?? draftId, { kind: 'invalid', status: 400, errors: [{ path: '(message)', message: err.message }] });
        }
        out.push({ key: draftId, value: encode(message), headers: { [CORRELATION_HEADER]: correlation ?? draftId, 'content-type': 'application/json' } });
      }
    }
    await this.deps.bus.publish(presendTopic(tenant.topic_prefix, PresendTopic.InvoiceVerdicts), out);
  }

  // --- QuickBooks webhook ---------------------------------------------------------------------

  /**
   * Intuit signs the raw body with the app's verifier token. The realms named in the body pick
   * the tenants; the signature must verify with each of their tokens. Every invoice created or
   * updated is fetched, mapped and checked; one already sent to the client that does not pass
   * raises an alert, one still a draft gets its verdict on the verdicts topic.
   */
  async quickBooksWebhook(rawBody: Buffer, signature: string | undefined, body: unknown): Promise<WebhookOutcome> {
    const events = invoiceEvents(body);
    const realms = (body && typeof body === 'object' && Array.isArray((body as { eventNotifications?: unknown }).eventNotifications)
      ? ((body as { eventNotifications: { realmId?: unknown }[] }).eventNotifications.map((n) => n?.realmId).filter((r) => typeof r === 'string') as string[])
      : []);
    const owners = [...new Set(realms.map((r) => this.realmOwner.get(r)).filter((t): t is TenantConfig => !!t))];
    if (owners.length === 0) return { status: 401, message: 'no configured QuickBooks company in the notification' };
    for (const t of owners) {
      if (!verifyQboSignature(rawBody, signature, t.quickbooks?.verifier_token ?? '')) return { status: 401, message: 'intuit-signature does not verify' };
    }
    const results: WebhookResult[] = [];
    for (const { realmId, ids } of events) {
      const tenant = this.realmOwner.get(realmId);
      if (!tenant?.quickbooks) continue;
      const replica = this.replicas.get(tenant.id) as TenantReplica;
      try {
        const { drafts, rejected, missing } = await fetchQboDrafts(
          { baseUrl: tenant.quickbooks.base_url ?? this.deps.config.QBO_BASE_URL, realmId, accessToken: tenant.quickbooks.access_token, timeoutMs: this.deps.config.QBO_TIMEOUT_MS },
          ids,
          { rules: replica.currentRules, homeCurrency: tenant.quickbooks.home_currency, placementRefPattern: tenant.quickbooks.placement_ref_pattern },
        );
        for (const r of rejected) results.push({ realm_id: realmId, invoice_id: r.id, error: `not mapped: ${r.reason}` });
        for (const id of missing) results.push({ realm_id: realmId, invoice_id: id, error: 'not found in QuickBooks (deleted?)' });
        for (const d of drafts) results.push(await this.checkQboInvoice(tenant, realmId, d.invoiceId, d.alreadySent, d.body));
      } catch (err) {
        for (const id of ids) results.push({ realm_id: realmId, invoice_id: id, error: (err as Error).message });
      }
    }
    return { status: 200, results };
  }

  private async checkQboInvoice(tenant: TenantConfig, realmId: string, invoiceId: string, sent: boolean, body: Record<string, unknown>): Promise<WebhookResult> {
    const outcome = this.service.check(tenant.id, body);
    const ref = `quickbooks:${realmId}:${invoiceId}`;
    const base: WebhookResult = { realm_id: realmId, invoice_id: invoiceId, invoice_number: String(body.invoice_number), already_sent: sent };
    if (outcome.kind !== 'checked') return { ...base, error: outcome.kind === 'invalid' ? `invalid: ${outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` : outcome.message };
    const { response } = outcome;
    if (!sent) {
      await this.deps.bus.publish(presendTopic(tenant.topic_prefix, PresendTopic.InvoiceVerdicts), [
        { key: ref, value: encode(verdictMessage(ref, ref, outcome)), headers: { [CORRELATION_HEADER]: ref, 'content-type': 'application/json' } },
      ]);
      return { ...base, verdict: response.verdict, alerted: false };
    }
    if (response.verdict === 'pass') return { ...base, verdict: 'pass', alerted: false };
    const alert = {
      schema: 'closegap.invoice-alert',
      version: 1,
      alert_id: randomUUID(),
      source: 'quickbooks',
      invoice_ref: ref,
      realm_id: realmId,
      invoice_id: invoiceId,
      invoice_number: response.invoice_number,
      verdict: response.verdict,
      reasons: response.reasons,
      findings: response.findings,
      missing_time: response.missing_time,
      check_id: response.check_id,
      occurred_at: new Date().toISOString(),
    };
    await this.deps.bus.publish(presendTopic(tenant.topic_prefix, PresendTopic.InvoiceAlerts), [{ key: ref, value: encode(alert), headers: { [CORRELATION_HEADER]: response.check_id, 'content-type': 'application/json' } }]);
    this.deps.logger.warn(`${tenant.id}: QuickBooks invoice ${response.invoice_number} (${ref}) is already sent and its check says ${response.verdict}: alert ${alert.alert_id}`);
    return { ...base, verdict: response.verdict, alerted: true };
  }
}
