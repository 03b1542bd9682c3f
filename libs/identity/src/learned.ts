import type { Placement } from '@closegap/domain';
import { companyForms } from './company-name';
import { parsePersonName, personKey } from './person-name';
import { memoise } from './text';
import type { ExternalSystem, IdentityRecords } from './types';
import { LINE_WORDS, VoteTally, share, type VoteSummary } from './votes';

/** How external names are keyed when learning them: legal forms kept, spelling folded (as resolution looks them up). */
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

export interface LabelledVotes {
  votes: VoteSummary;
  /** what the votes count, for the evidence text */
  what: string;
}

/** Placement_ref evidence for a client name from the system it was seen in (or its finance sibling). */
export function sameSystemVotes(learned: LearnedEvidence, system: ExternalSystem, key: string): LabelledVotes[] {
  const out: LabelledVotes[] = [];
  const add = (votes: VoteSummary | undefined, what: string): void => {
    if (votes) out.push({ votes, what });
  };
  if (system === 'timesheets') add(learned.clientNames.timesheets.get(key), LINE_WORDS.timesheets);
  if (system === 'invoices') add(learned.clientNames.invoices.get(key), LINE_WORDS.invoices);
  if (system === 'credit_notes') {
    // Same finance system: the customer name as invoices taught it, then the invoices the credits correct.
    add(learned.clientNames.invoices.get(key), 'invoice lines of the same customer name');
    add(learned.creditLinks.get(key), 'credit notes (via their invoice_number)');
  }
  return out;
}

/** The same name seen with placement_refs in the other system: weaker, as systems name things their own way. */
export function otherSystemVotes(learned: LearnedEvidence, system: ExternalSystem, key: string): LabelledVotes[] {
  const out: LabelledVotes[] = [];
  const timesheets = system !== 'timesheets' ? learned.clientNames.timesheets.get(key) : undefined;
  if (timesheets) out.push({ votes: timesheets, what: LINE_WORDS.timesheets });
  const invoices = system === 'timesheets' || system === 'pay_lines' ? learned.clientNames.invoices.get(key) : undefined;
  if (invoices) out.push({ votes: invoices, what: LINE_WORDS.invoices });
  return out;
}
