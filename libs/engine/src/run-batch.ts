import { createHash } from 'node:crypto';
import { exceptionsToCsv, exceptionsToJson, toCsv } from '@closegap/contract';
import type { LoadedBundle, QuarantineEntry } from '@closegap/contract';
import { CATEGORIES, SOURCE_NAMES } from '@closegap/domain';
import type { Category, ExceptionRecord, IsoDate, RunSummary, SourceName } from '@closegap/domain';
import { notCheckedFor } from '@closegap/rules';
import { MATCH_COLUMNS, MatchRow, buildMatches } from './matches';
import { ReconEngine } from './recon-engine';
import { buildSummary } from './summary';

export interface BatchOptions {
  asOf?: IsoDate;
  /** sources that could not be read (a connector down): their checks are reported as not checked */
  unavailable?: ReadonlyMap<SourceName, string>;
  onPhase?: (phase: string, ms: number) => void;
  now?: () => Date;
}

export interface BatchResult {
  exceptions: ExceptionRecord[];
  matches: MatchRow[];
  quarantine: QuarantineEntry[];
  resolution: Record<string, string>[];
  summary: RunSummary;
  engine: ReconEngine;
}

export const QUARANTINE_COLUMNS = ['source', 'record_id', 'file', 'line', 'column', 'reason', 'raw'] as const;
export const RESOLUTION_COLUMNS = ['kind', 'system', 'external', 'resolved_to', 'resolved_name', 'method', 'evidence', 'confidence', 'candidates'] as const;

/** The batch run: the same engine the services use, fed the whole bundle at once. */
export function runBatch(loaded: LoadedBundle, options: BatchOptions = {}): BatchResult {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const timings: Record<string, number> = {};
  const phase = <T>(name: string, fn: () => T): T => {
    const t0 = performance.now();
    const out = fn();
    timings[name] = Math.round(performance.now() - t0);
    options.onPhase?.(name, timings[name]);
    return out;
  };

  const unavailable = new Map<SourceName, string>(options.unavailable ?? []);
  for (const source of SOURCE_NAMES) if (!loaded.inputs[source].present && !unavailable.has(source)) unavailable.set(source, 'file missing from the bundle');
  const notChecked = notCheckedFor(unavailable);
  const skip = new Set<Category>(notChecked.map((n) => n.category));

  const engine = new ReconEngine({ rules: loaded.rules, asOf: options.asOf, skip });
  phase('load', () => engine.load(loaded.bundle));
  phase('reconcile', () => engine.evaluate());
  const exceptions = engine.exceptions();
  const matches = phase('matches', () => buildMatches(engine.cellViewsList(), exceptions, engine.context()));

  const quarantine: QuarantineEntry[] = [
    ...loaded.quarantine,
    ...engine.quarantine().map((q) => ({ ...q, raw: '' })),
  ];
  const resolution = engine.identityDecisions().map((d) => ({
    kind: d.kind,
    system: d.system,
    external: d.external,
    resolved_to: d.resolvedTo ?? '',
    resolved_name: d.resolvedName ?? '',
    method: d.method,
    evidence: d.evidence,
    confidence: d.confidence.toFixed(3),
    candidates: d.candidates.map((c) => `${c.id} ${c.name} (${c.score.toFixed(2)})`).join('; '),
  }));

  const inputs = {} as RunSummary['inputs'];
  for (const source of SOURCE_NAMES) inputs[source] = { ...loaded.inputs[source] };
  const runId = 'run-' + createHash('sha256').update(JSON.stringify([loaded.rules.hash, engine.asOf, SOURCE_NAMES.map((s) => inputs[s].sha256 ?? '')])).digest('hex').slice(0, 12);
  const summary = buildSummary({
    runId,
    startedAt,
    asOf: engine.asOf,
    dataFrom: engine.dataFrom,
    inputs,
    rulesHash: loaded.rules.hash,
    exceptions,
    invoicedRevenue: engine.invoicedRevenue(),
    cells: matches.length,
    cellsMatched: matches.filter((m) => m.status === 'matched').length,
    quarantined: quarantine.length,
    notChecked,
    decisions: engine.identityDecisions(),
    timingsMs: timings,
  });
  return { exceptions, matches, quarantine, resolution, summary, engine };
}

/** The files of contract section 2 except the pack, as text. */
export function batchOutputFiles(result: BatchResult): Record<string, string> {
  return {
    'exceptions.csv': exceptionsToCsv(result.exceptions),
    'exceptions.json': exceptionsToJson(result.exceptions),
    'matches.csv': toCsv(MATCH_COLUMNS, result.matches),
    'quarantine.csv': toCsv(QUARANTINE_COLUMNS, result.quarantine as unknown as Record<string, string>[]),
    'resolution.csv': toCsv(RESOLUTION_COLUMNS, result.resolution),
    'summary.json': JSON.stringify(result.summary, null, 2) + '\n',
  };
}

export { CATEGORIES };
