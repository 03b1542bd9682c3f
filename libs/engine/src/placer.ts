import { PERM_FEE, dayNumber, weekEnding, weekStart } from '@closegap/domain';
import type { Client, CreditNote, InvoiceLine, IsoDate, PayLine, Placement, TimesheetLine } from '@closegap/domain';
import type { IdentityResolver, ResolutionDecision } from '@closegap/identity';

/** A system's client code rather than a name: one token of capitals, digits and dashes. */
const isCode = (external: string): boolean => /^[A-Z0-9][A-Z0-9&._-]{1,11}$/.test(external.trim());
import { weekOfInvoiceLine } from './invoice-week';
import { Journal, JournaledMap } from './journal';

export type Placed =
  | { kind: 'placed'; client: Client; placement: Placement; week: IsoDate; evidence: string }
  /** a resolved customer whose line fits none of its placements (INVOICE_WITHOUT_PLACEMENT) */
  | { kind: 'no_placement'; client: Client; reason: string }
  /** a resolved client, no placement needed (credit notes) */
  | { kind: 'client'; client: Client }
  | { kind: 'unresolved'; reason: string; decision?: ResolutionDecision; client?: Client }
  /** a value that makes the record unusable (quarantine only) */
  | { kind: 'invalid'; reason: string }
  /** void invoices: ignored by every check */
  | { kind: 'ignored'; reason: string };

export interface Directory {
  clients: ReadonlyMap<string, Client>;
  placements: ReadonlyMap<string, Placement>;
  /** candidate_id -> their placements */
  placementsByCandidate: ReadonlyMap<string, Placement[]>;
}

/** Places records on the CRM's clients and placements, using the identity resolver. */
export class Placer {
  /** Codes settled by the worker, one per code and client: reported with the identity decisions. */
  readonly settled: Map<string, ResolutionDecision & { records: number }>;

  constructor(
    private readonly dir: Directory,
    private readonly resolver: IdentityResolver,
    journal?: Journal,
  ) {
    this.settled = journal ? new JournaledMap(journal) : new Map();
  }

  timesheetLine(line: TimesheetLine): Placed {
    const byRef = this.byPlacementRef(line.placementRef, line.workDate);
    if (byRef) return byRef;
    let client = this.resolveClient('timesheets', line.clientRef);
    if ('reason' in client) {
      const settled = this.settleByWorker(client, 'timesheets', line.clientRef, (clientId) => this.resolver.resolveWorker('timesheets', line.workerId, line.workerName, clientId), line.workDate);
      if (!settled) return client;
      client = settled;
    }
    const worker = this.resolver.resolveWorker('timesheets', line.workerId, line.workerName, client.clientId);
    if (!worker.resolvedTo) {
      return { kind: 'unresolved', client, decision: worker, reason: `worker "${line.workerName}" (${line.workerId}) not resolved to a CRM candidate at ${client.name}` };
    }
    const placement = this.placementOf(worker.resolvedTo, client.clientId, line.workDate, line.workDate, 'contract');
    if (!placement) return { kind: 'unresolved', client, reason: `${worker.resolvedName ?? worker.resolvedTo} has no placement at ${client.name}` };
    return { kind: 'placed', client, placement, week: weekEnding(line.workDate), evidence: `${worker.method} (${worker.confidence.toFixed(2)})` };
  }

  payLine(line: PayLine): Placed {
    const week = weekEnding(line.periodEnd);
    const byRef = this.byPlacementRef(line.placementRef, line.periodEnd);
    if (byRef) return { ...byRef, week } as Placed;
    const worker = this.resolver.resolveWorker('pay_lines', line.workerId, line.workerName);
    if (!worker.resolvedTo) {
      return { kind: 'unresolved', decision: worker, reason: `payroll worker "${line.workerName}" (${line.workerId}) not resolved to a CRM candidate` };
    }
    const placement = this.placementOf(worker.resolvedTo, undefined, line.periodStart, line.periodEnd, 'contract');
    if (!placement) return { kind: 'unresolved', reason: `${worker.resolvedName ?? worker.resolvedTo} has no contract placement` };
    const client = this.dir.clients.get(placement.clientId);
    if (!client) return { kind: 'unresolved', reason: `placement ${placement.placementId} names unknown client ${placement.clientId}` };
    return { kind: 'placed', client, placement, week, evidence: `${worker.method} (${worker.confidence.toFixed(2)})` };
  }

  invoiceLine(line: InvoiceLine): Placed {
    if (line.status === 'void') return { kind: 'ignored', reason: 'void invoice' };
    const weekOf = weekOfInvoiceLine(line);
    if ('problem' in weekOf) return { kind: 'invalid', reason: weekOf.problem };
    const isFee = line.rateType === PERM_FEE;
    const refDay = weekOf.week ?? line.invoiceDate;
    const byRef = this.byPlacementRef(line.placementRef, refDay);
    if (byRef && byRef.kind === 'placed') return isFee ? byRef : this.withWeek(byRef, weekOf.week, line);

    let client = this.resolveClient('invoices', line.customerName);
    if ('reason' in client) {
      const workerAt = (clientId: string): ResolutionDecision =>
        line.workerName ? this.resolver.resolveWorker('invoices', undefined, line.workerName, clientId) : this.resolver.findWorkerInText(line.description ?? '', clientId);
      const settled = this.settleByWorker(client, 'invoices', line.customerName, workerAt, weekOf.week ?? line.invoiceDate);
      if (!settled) return client;
      client = settled;
    }
    const worker = line.workerName
      ? this.resolver.resolveWorker('invoices', undefined, line.workerName, client.clientId)
      : line.description
        ? this.resolver.findWorkerInText(line.description, client.clientId)
        : undefined;
    const why = line.placementRef ? `placement_ref ${line.placementRef} is not in the CRM` : undefined;
    if (!worker?.resolvedTo) {
      const named = line.workerName ? `worker "${line.workerName}"` : 'no worker named';
      return { kind: 'no_placement', client, reason: [why, `${named}: no placement of ${client.name} matches`].filter(Boolean).join('; ') };
    }
    const from = weekOf.week ? weekStart(weekOf.week) : line.invoiceDate;
    const to = weekOf.week ?? line.invoiceDate;
    const placement = this.placementOf(worker.resolvedTo, client.clientId, from, to, isFee ? 'perm' : 'contract');
    if (!placement) {
      return { kind: 'no_placement', client, reason: `${worker.resolvedName ?? worker.resolvedTo} has no ${isFee ? 'permanent' : 'contract'} placement at ${client.name}` };
    }
    const placed: Placed = { kind: 'placed', client, placement, week: weekOf.week ?? '', evidence: `${worker.method} (${worker.confidence.toFixed(2)})` };
    return isFee ? placed : this.withWeek(placed, weekOf.week, line);
  }

  creditNote(credit: CreditNote, invoiceClient: (invoiceNumber: string) => Client | undefined): Placed {
    const decision = this.resolver.resolveClient('credit_notes', credit.customerName);
    const client = decision.resolvedTo ? this.dir.clients.get(decision.resolvedTo) : undefined;
    if (client) return { kind: 'client', client };
    const viaInvoice = credit.invoiceNumber ? invoiceClient(credit.invoiceNumber) : undefined;
    if (viaInvoice) return { kind: 'client', client: viaInvoice };
    return { kind: 'unresolved', decision, reason: `customer "${credit.customerName}" not resolved to a CRM client` };
  }

  /**
   * A client code that fits several CRM clients (an acronym shared by three of them) is
   * settled by the worker on the line when exactly one of those clients has that worker
   * placed around that date. Near full names stay unresolved: two clients called "Summit
   * Freight ..." are not told apart by a guess (contract section 3).
   */
  private settleByWorker(
    unresolved: Placed & { kind: 'unresolved' },
    system: 'timesheets' | 'invoices',
    external: string,
    workerAt: (clientId: string) => ResolutionDecision,
    day: IsoDate,
  ): Client | undefined {
    if (!isCode(external)) return undefined;
    const candidates = unresolved.decision?.candidates ?? [];
    if (candidates.length < 2) return undefined;
    const best = candidates[0].score;
    const fits = candidates
      .filter((c) => c.score >= best - 0.05)
      .filter((c) => {
        const worker = workerAt(c.id);
        return !!worker.resolvedTo && !!this.placementOf(worker.resolvedTo, c.id, day, day, 'contract');
      });
    if (fits.length !== 1) return undefined;
    const client = this.dir.clients.get(fits[0].id);
    if (client) {
      const key = `${system}|${external}|${client.clientId}`;
      const seen = this.settled.get(key);
      if (seen) this.settled.set(key, { ...seen, records: seen.records + 1 });
      else
        this.settled.set(key, {
          ...unresolved.decision,
          kind: 'client',
          system,
          external,
          resolvedTo: client.clientId,
          resolvedName: client.name,
          method: 'acronym',
          confidence: Math.min(best, 0.9),
          candidates,
          evidence: `code fits ${candidates.length} clients equally; only ${client.name} has the line's worker placed (settled by worker)`,
          records: 1,
        });
    }
    return client;
  }

  private withWeek(placed: Placed & { kind: 'placed' }, week: IsoDate | undefined, line: InvoiceLine): Placed {
    if (!week) return { kind: 'invalid', reason: `line ${line.lineNo} of invoice ${line.invoiceNumber} names no service period or week` };
    return { ...placed, week };
  }

  private resolveClient(system: 'timesheets' | 'invoices', name: string): Client | (Placed & { kind: 'unresolved' }) {
    const decision = this.resolver.resolveClient(system, name);
    const client = decision.resolvedTo ? this.dir.clients.get(decision.resolvedTo) : undefined;
    if (!client) return { kind: 'unresolved', decision, reason: `${system === 'timesheets' ? 'client_ref' : 'customer'} "${name}" not resolved to a CRM client` };
    return client;
  }

  private byPlacementRef(ref: string | undefined, day: IsoDate): (Placed & { kind: 'placed' }) | undefined {
    if (!ref) return undefined;
    const placement = this.dir.placements.get(ref);
    if (!placement) return undefined;
    const client = this.dir.clients.get(placement.clientId);
    if (!client) return undefined;
    return { kind: 'placed', client, placement, week: weekEnding(day), evidence: 'placement_ref' };
  }

  /** The candidate's placement at the client whose dates hold the period, else the nearest in time. */
  private placementOf(candidateId: string, clientId: string | undefined, from: IsoDate, to: IsoDate, type: 'contract' | 'perm'): Placement | undefined {
    const all = (this.dir.placementsByCandidate.get(candidateId) ?? []).filter((p) => (!clientId || p.clientId === clientId) && p.type === type);
    if (all.length <= 1) return all[0];
    const distance = (p: Placement): number => {
      const start = dayNumber(p.startDate);
      const end = p.endDate ? dayNumber(p.endDate) : Number.MAX_SAFE_INTEGER;
      const a = dayNumber(from);
      const b = dayNumber(to);
      if (b >= start && a <= end) return p.status === 'cancelled' ? 0.5 : 0;
      return a > end ? a - end : start - b;
    };
    return [...all].sort((x, y) => distance(x) - distance(y) || (x.placementId < y.placementId ? -1 : 1))[0];
  }
}
