import type { Category, ExceptionRecord, RunSummary } from '@closegap/domain';
import { isCategory } from '@closegap/domain';
import type { Evidence } from '../domain/evidence';

/** An identity decision the engine could not make (a row of resolution.csv with no target). */
export interface UnresolvedName {
  kind: 'client' | 'worker';
  system: string;
  external: string;
  evidence: string;
  scope?: string;
  candidates: { id: string; name: string; score: number }[];
}

/** A batch run's outputs, as the workflow ingests them. */
export interface RunImport {
  kind: 'batch' | 'import';
  summary: RunSummary;
  exceptions: readonly ExceptionRecord[];
  finished_at?: Date;
  /** names left unresolved, for the identity review */
  unresolved?: readonly UnresolvedName[];
  /** clients from the CRM (account manager scoping) */
  clients?: readonly { client_id: string; name: string; account_manager?: string }[];
  /** evidence per exception, when the bundle was at hand */
  evidence?: (record: ExceptionRecord) => Evidence | undefined;
}

export function notCheckedCategories(summary: RunSummary): Category[] {
  return summary.not_checked.map((n) => n.category).filter((c): c is Category => isCategory(c));
}

/** Parses resolution.csv's `candidates` column: "C0042 Allied Logistics (0.81); C0007 Borg (0.40)". */
export function parseCandidates(text: string): { id: string; name: string; score: number }[] {
  if (!text.trim()) return [];
  return text
    .split('; ')
    .map((part) => /^(\S+) (.*) \(([0-9.]+)\)$/.exec(part.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], name: m[2], score: Number(m[3]) }));
}

/** Unresolved rows of resolution.csv (records as read from the CSV). */
export function unresolvedFromResolution(rows: readonly Record<string, string>[]): UnresolvedName[] {
  const seen = new Set<string>();
  const out: UnresolvedName[] = [];
  for (const r of rows) {
    if (r.resolved_to) continue;
    const kind = r.kind === 'worker' ? 'worker' : 'client';
    const key = `${kind}|${r.system}|${r.external}`;
    if (seen.has(key) || !r.external) continue;
    seen.add(key);
    out.push({ kind, system: r.system, external: r.external, evidence: r.evidence ?? '', candidates: parseCandidates(r.candidates ?? '') });
  }
  return out;
}
