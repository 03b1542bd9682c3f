import { AliasTable } from './aliases';
import { CandidateIndex, nameVariant } from './candidate-index';
import { ClientIndex } from './client-index';
import { resolveClientName, type ClientContext } from './client-resolution';
import { companyForms } from './company-name';
import { learnFromRecords } from './learned';
import { compareText, memoise } from './text';
import { findNameInText } from './text-search';
import {
  DEFAULT_MATCH_MARGIN,
  DEFAULT_MATCH_THRESHOLD,
  type ExternalSystem,
  type IdentityRecords,
  type IdentityRules,
  type ResolutionDecision,
} from './types';
import { resolveWorkerName, type WorkerContext } from './worker-resolution';

const KIND_ORDER = { client: 0, worker: 1 } as const;

function compareDecisions(a: ResolutionDecision, b: ResolutionDecision): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    compareText(a.system, b.system) ||
    compareText(a.external, b.external) ||
    compareText(a.scope ?? '', b.scope ?? '')
  );
}

/**
 * Resolves each system's client names and worker ids/names to CRM records, from the
 * strongest evidence (confirmed aliases, placement_refs) to the weakest (name
 * similarity), and never guesses: a match below the threshold, or one that does not
 * clearly beat the runner-up, stays unresolved with its candidates listed.
 */
/** Makes a map for remembered results. */
export type MemoFactory = <V>() => Map<string, V>;

export class IdentityResolver {
  private readonly clientMemo: Map<string, ResolutionDecision>;
  private readonly workerMemo: Map<string, ResolutionDecision>;
  private readonly textMemo: Map<string, ResolutionDecision>;

  private constructor(
    private readonly clientCtx: ClientContext,
    private readonly workerCtx: WorkerContext,
    newMemo: MemoFactory,
  ) {
    this.clientMemo = newMemo();
    this.workerMemo = newMemo();
    this.textMemo = newMemo();
  }

  /**
   * `newMemo` makes the maps that remember decisions (they are also the decision log): the
   * engine passes maps whose writes it can take back, so a what-if leaves no decision behind.
   */
  static fromRecords(records: IdentityRecords, rules: IdentityRules = {}, newMemo: MemoFactory = () => new Map()): IdentityResolver {
    const threshold = rules.matchThreshold ?? DEFAULT_MATCH_THRESHOLD;
    const margin = rules.matchMargin ?? DEFAULT_MATCH_MARGIN;
    const learned = learnFromRecords(records);
    const forms = memoise(companyForms, newMemo());
    const company = [(s: string) => forms(s).canonical, (s: string) => forms(s).core];
    const tables = new Map<ExternalSystem, AliasTable>();
    const table = (system: ExternalSystem): AliasTable => {
      let t = tables.get(system);
      if (!t) tables.set(system, (t = new AliasTable(rules.aliases?.[system], company)));
      return t;
    };
    const clientCtx: ClientContext = {
      index: new ClientIndex(records.clients),
      learned,
      // Credit notes come from the finance system that also issues the invoices.
      aliases: (system) =>
        (system === 'credit_notes' ? (['credit_notes', 'invoices'] as const) : [system]).map((s) => ({ system: s, table: table(s) })),
      threshold,
      margin,
      // Only called while resolving, after `resolver` below exists.
      resolveInvoiceName: (name) => resolver.resolveClient('invoices', name),
      forms,
    };
    const workerCtx: WorkerContext = {
      candidates: new CandidateIndex(records.placements),
      learned,
      aliases: new AliasTable(rules.aliases?.workers, [(s) => nameVariant(s).key]),
      threshold,
      margin,
    };
    const resolver = new IdentityResolver(clientCtx, workerCtx, newMemo);
    return resolver;
  }

  resolveClient(system: ExternalSystem, externalName: string): ResolutionDecision {
    const key = `${system}\u0000${externalName}`;
    let decision = this.clientMemo.get(key);
    if (!decision) {
      decision = resolveClientName(this.clientCtx, system, externalName);
      this.clientMemo.set(key, decision);
    }
    return decision;
  }

  /** -> candidate_id. With `clientId`, only candidates placed at that client are matched by name. */
  resolveWorker(system: ExternalSystem, workerId: string | undefined, workerName: string, clientId?: string): ResolutionDecision {
    const key = `${system}\u0000${workerId ?? ''}\u0000${workerName}\u0000${clientId ?? ''}`;
    let decision = this.workerMemo.get(key);
    if (!decision) {
      decision = resolveWorkerName(this.workerCtx, system, workerId, workerName, clientId);
      this.workerMemo.set(key, decision);
    }
    return decision;
  }

  /** A candidate of that client named in free text (invoice description, credit memo). */
  findWorkerInText(text: string, clientId: string, system: ExternalSystem = 'invoices'): ResolutionDecision {
    const key = `${system}\u0000${clientId}\u0000${text}`;
    let decision = this.textMemo.get(key);
    if (!decision) {
      decision = findNameInText(this.workerCtx, system, text, clientId);
      this.textMemo.set(key, decision);
    }
    return decision;
  }

  /** Every distinct decision made so far, sorted by kind, system, external (then client scope). */
  decisions(): ResolutionDecision[] {
    return [...this.clientMemo.values(), ...this.workerMemo.values(), ...this.textMemo.values()].sort(compareDecisions);
  }
}
