import type { Client, CreditNote, IdentityRecordsLike, InvoiceLine, PayLine, Placement, RulesConfig, SourceName, TimesheetLine } from './keyer-types';
import { IdentityResolver } from '@closegap/identity';
import { Placer } from '@closegap/engine';
import type { Placed } from '@closegap/engine';
import { UNRESOLVED_KEY } from '@closegap/messaging';

/**
 * The partition key of a fact: the CRM client its record belongs to, decided by the engine's
 * own Placer and IdentityResolver (the batch run's logic, not a second one), or "unresolved".
 */
export class ClientKeyer {
  private readonly placer: Placer;
  private readonly resolver: IdentityResolver;
  private readonly invoiceClients = new Map<string, string>();

  constructor(
    private readonly clients: ReadonlyMap<string, Client>,
    placements: ReadonlyMap<string, Placement>,
    evidence: IdentityRecordsLike,
    rules: RulesConfig,
  ) {
    const byCandidate = new Map<string, Placement[]>();
    for (const p of placements.values()) byCandidate.set(p.candidateId, [...(byCandidate.get(p.candidateId) ?? []), p]);
    this.resolver = IdentityResolver.fromRecords({ clients: [...clients.values()], placements: [...placements.values()], ...evidence }, rules);
    this.placer = new Placer({ clients, placements, placementsByCandidate: byCandidate }, this.resolver);
  }

  keyOf(source: SourceName, record: unknown): string {
    let placed: Placed | undefined;
    switch (source) {
      case 'clients':
        return (record as Client).clientId;
      case 'placements':
        return (record as Placement).clientId;
      case 'rates':
        return UNRESOLVED_KEY;
      case 'timesheets':
        placed = this.placer.timesheetLine(record as TimesheetLine);
        break;
      case 'pay_lines':
        placed = this.placer.payLine(record as PayLine);
        break;
      case 'invoices': {
        const line = record as InvoiceLine;
        placed = this.placer.invoiceLine(line);
        const key = this.clientOf(placed) ?? this.resolver.resolveClient('invoices', line.customerName).resolvedTo;
        if (key && !this.invoiceClients.has(line.invoiceNumber)) this.invoiceClients.set(line.invoiceNumber, key);
        return key ?? UNRESOLVED_KEY;
      }
      case 'credit_notes':
        placed = this.placer.creditNote(record as CreditNote, (n) => {
          const id = this.invoiceClients.get(n);
          return id ? this.clients.get(id) : undefined;
        });
        break;
    }
    return this.clientOf(placed) ?? UNRESOLVED_KEY;
  }

  private clientOf(placed: Placed | undefined): string | undefined {
    return placed && 'client' in placed && placed.client ? placed.client.clientId : undefined;
  }
}
