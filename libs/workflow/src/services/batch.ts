import { parseRules } from '@closegap/contract';
import type { Bundle, ExceptionRecord, RulesConfig, RunSummary } from '@closegap/domain';
import type { Cell, CheckContext } from '@closegap/rules';
import type { ConfirmedAlias } from '../domain/aliases';
import { mergeAliasesIntoRules } from '../domain/aliases';
import { EvidenceIndex } from '../domain/evidence';
import type { RunImport } from './run-import';
import { unresolvedFromResolution } from './run-import';

/** The parts of the engine's BatchResult the workflow reads (structural, so this lib needs no engine). */
export interface BatchLike {
  summary: RunSummary;
  exceptions: ExceptionRecord[];
  resolution: Record<string, string>[];
  engine: { cellViewsList(): Cell[]; context(): CheckContext };
}

/**
 * The rules a run uses: the bundle's rules file with the confirmed aliases merged in. The
 * rules hash is then over the merged text, so the run log shows that the aliases changed.
 */
export function rulesWithAliases(rules: RulesConfig, aliases: readonly ConfirmedAlias[]): RulesConfig {
  if (aliases.length === 0) return rules;
  return parseRules(mergeAliasesIntoRules(rules.source, aliases), 'recon.yaml + confirmed aliases');
}

/** A batch run done in this process, with its bundle at hand: evidence and clients included. */
export function runImportFromBatch(result: BatchLike, bundle: Bundle, kind: RunImport['kind'] = 'batch'): RunImport {
  const index = new EvidenceIndex(result.engine.cellViewsList(), bundle, result.engine.context().rates);
  return {
    kind,
    summary: result.summary,
    exceptions: result.exceptions,
    finished_at: new Date(),
    unresolved: unresolvedFromResolution(result.resolution),
    clients: bundle.clients.map((c) => ({ client_id: c.clientId, name: c.name, account_manager: c.accountManager })),
    evidence: (record) => index.evidenceFor(record),
  };
}
