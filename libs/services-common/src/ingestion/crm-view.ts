import { defaultRules, parseRules } from '@closegap/contract';
import type { Client, CreditNote, InvoiceLine, PayLine, Placement, RulesConfig, TimesheetLine } from '@closegap/domain';
import { buildRecord, decode, recordEnvelopeSchema, rulesEnvelopeSchema, Topic } from '@closegap/messaging';
import type { MessageBatch, RecordEnvelope, RulesEnvelope, TopicName } from '@closegap/messaging';

/** Records seen so far that teach identity (placement_refs, names): what the resolver learns from. */
export interface Evidence {
  timesheets: Map<string, TimesheetLine>;
  invoices: Map<string, InvoiceLine>;
  creditNotes: Map<string, CreditNote>;
  payLines: Map<string, PayLine>;
}

export const emptyEvidence = (): Evidence => ({ timesheets: new Map(), invoices: new Map(), creditNotes: new Map(), payLines: new Map() });

/**
 * The CRM as an ingestion service sees it: clients, placements and rate ids from the compacted
 * CRM topics, and the rules in force. Identity is resolved against it.
 */
export class CrmView {
  readonly clients = new Map<string, Client>();
  readonly placements = new Map<string, Placement>();
  readonly rateIds = new Set<string>();
  private clientRows = new Map<string, RecordEnvelope>();
  private placementRows = new Map<string, RecordEnvelope>();
  rules: RulesConfig = defaultRules();
  rulesEnvelope?: RulesEnvelope;

  /** Applies broadcast batches of the CRM and rules topics (physical name -> logical via `logical`). */
  apply(batches: readonly MessageBatch[], logical: (physical: string) => TopicName | undefined): void {
    for (const batch of batches) {
      const topic = logical(batch.topic);
      for (const m of batch.messages) {
        if (topic === Topic.Rules) {
          if (!m.value) continue;
          this.setRules(decode(rulesEnvelopeSchema, m.value));
          continue;
        }
        const key = m.key ?? '';
        if (topic === Topic.Rates) {
          if (m.value) this.rateIds.add(key);
          else this.rateIds.delete(key);
          continue;
        }
        const rows = topic === Topic.Clients ? this.clientRows : topic === Topic.Placements ? this.placementRows : undefined;
        if (!rows) continue;
        if (!m.value) rows.delete(key);
        else rows.set(key, decode(recordEnvelopeSchema, m.value));
      }
    }
    this.rebuild();
  }

  setRules(envelope: RulesEnvelope): void {
    this.rulesEnvelope = envelope;
    this.rules = envelope.text === null ? defaultRules() : parseRules(envelope.text, envelope.file);
    this.rebuild();
  }

  private rebuild(): void {
    this.clients.clear();
    this.placements.clear();
    for (const env of this.clientRows.values()) {
      const built = buildRecord(env, this.rules);
      if (built.ok) this.clients.set((built.record as Client).clientId, built.record as Client);
    }
    for (const env of this.placementRows.values()) {
      const built = buildRecord(env, this.rules);
      if (built.ok) this.placements.set((built.record as Placement).placementId, built.record as Placement);
    }
  }
}
