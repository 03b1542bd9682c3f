import type { Placement } from '@closegap/domain';
import { companyForms } from './company-name';
import { parsePersonName, personKey } from './person-name';
import { memoise } from './text';
import type { IdentityRecords } from './types';
import { VoteTally, share } from './votes';

/** How external names are keyed when learning them: legal forms kept, spelling folded. */
export function companyKeyOf(name: string): string {
  const forms = companyForms(name);
  return forms.canonical || forms.plain;
}

export function workerNameKeyOf(name: string): string {
  return personKey(parsePersonName(name));
}

export type NamedSystem = 'timesheets' | 'invoices';
export type WorkerIdSystem = 'timesheets' | 'pay_lines';
export type WorkerNameSystem = 'timesheets' | 'invoices' | 'pay_lines';

/** What lines carrying a valid placement_ref teach about each system's names and ids. */
export interface LearnedEvidence {
  clientNames: Record<NamedSystem, VoteTally>;
  /** credit customer key -> clients of the invoices its credit notes correct */
  creditLinks: VoteTally;
  /** credit customer key -> customer names of the invoices its credit notes correct */
  creditInvoiceNames: Map<string, Set<string>>;
  workerIds: Record<WorkerIdSystem, VoteTally>;
  workerNames: Record<WorkerNameSystem, VoteTally>;
}

export function learnFromRecords(records: IdentityRecords): LearnedEvidence {
  const companyKey = memoise(companyKeyOf);
  const workerNameKey = memoise(workerNameKeyOf);
  const placements = new Map<string, Placement>();
  for (const p of records.placements) placements.set(p.placementId, p);
  const placementOf = (ref: string | undefined): Placement | undefined => (ref ? placements.get(ref.trim()) : undefined);

  const learned: LearnedEvidence = {
    clientNames: { timesheets: new VoteTally(), invoices: new VoteTally() },
    creditLinks: new VoteTally(),
    creditInvoiceNames: new Map(),
    workerIds: { timesheets: new VoteTally(), pay_lines: new VoteTally() },
    workerNames: { timesheets: new VoteTally(), invoices: new VoteTally(), pay_lines: new VoteTally() },
  };

  for (const line of records.timesheets ?? []) {
    const p = placementOf(line.placementRef);
    if (!p) continue;
    learned.clientNames.timesheets.add(companyKey(line.clientRef), p.clientId, p.placementId);
    learned.workerIds.timesheets.add(line.workerId, p.candidateId, p.placementId);
    learned.workerNames.timesheets.add(workerNameKey(line.workerName), p.candidateId, p.placementId);
  }
  for (const line of records.payLines ?? []) {
    const p = placementOf(line.placementRef);
    if (!p) continue;
    learned.workerIds.pay_lines.add(line.workerId, p.candidateId, p.placementId);
    learned.workerNames.pay_lines.add(workerNameKey(line.workerName), p.candidateId, p.placementId);
  }

  const invoiceClients = new VoteTally();
  const invoiceCustomer = new Map<string, string>();
  for (const line of records.invoices ?? []) {
    invoiceCustomer.set(line.invoiceNumber, line.customerName);
    const p = placementOf(line.placementRef);
    if (!p) continue;
    learned.clientNames.invoices.add(companyKey(line.customerName), p.clientId, p.placementId);
    invoiceClients.add(line.invoiceNumber, p.clientId, p.placementId);
    if (line.workerName) learned.workerNames.invoices.add(workerNameKey(line.workerName), p.candidateId, p.placementId);
  }

  for (const credit of records.creditNotes ?? []) {
    const number = credit.invoiceNumber?.trim();
    const customer = number ? invoiceCustomer.get(number) : undefined;
    if (!number || customer === undefined) continue;
    const key = companyKey(credit.customerName);
    const names = learned.creditInvoiceNames.get(key) ?? new Set<string>();
    names.add(customer);
    learned.creditInvoiceNames.set(key, names);
    // The invoice's own placement_refs, else what its customer name was learned to be.
    const votes = invoiceClients.get(number) ?? learned.clientNames.invoices.get(companyKey(customer));
    if (votes && share(votes) > 0.5) {
      learned.creditLinks.add(key, votes.ranked[0].target, `${credit.creditNumber} -> ${number}`);
    }
  }
  return learned;
}
