import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditLog, PackFile, PackSummary, signPack } from '@closegap/audit';
import { toCsv, writeFilesAtomically } from '@closegap/contract';
import type { CsvValue } from '@closegap/contract';
import { AdjustmentEntity, ExceptionEntity, RunEntity } from '../persistence/entities';

export interface AuditExportOptions {
  /** inclusive, UTC */
  from: Date;
  /** exclusive, UTC */
  to: Date;
  outDir: string;
  signingKey?: string;
  actor: string;
}

const iso = (d: Date | null | undefined): string => (d ? d.toISOString() : '');

function file(name: string, columns: readonly string[], rows: Record<string, CsvValue>[]): PackFile {
  return { name, content: toCsv(columns, rows), rows: rows.length };
}

/**
 * The evidence an auditor asks for, over a period: runs, exceptions (seen or changed in the
 * period), decisions (every person's and the system's state change), approvals (the
 * maker-checker trail) and the audit log itself, as CSV, with a signed summary.
 */
export async function exportAuditEvidence(ds: DataSource, audit: AuditLog, opts: AuditExportOptions): Promise<{ summary: PackSummary; dir: string }> {
  const chain = await audit.verify();
  const entries = await audit.entries({ from: opts.from, to: opts.to });
  const runs = await ds.getRepository(RunEntity).createQueryBuilder('r').where('r.finished_at >= :from AND r.finished_at < :to', opts).orderBy('r.id', 'ASC').getMany();
  const touched = new Set(entries.filter((e) => e.entity_type === 'exception').map((e) => e.entity_id));
  const exceptions = await ds
    .getRepository(ExceptionEntity)
    .createQueryBuilder('e')
    .where('(e.first_seen_at < :to AND (e.closed_at IS NULL OR e.closed_at >= :from))', opts)
    .orWhere('e.exception_id = ANY(:ids)', { ids: [...touched] })
    .orderBy('e.exception_id', 'ASC')
    .getMany();
  const adjustments = await ds
    .getRepository(AdjustmentEntity)
    .createQueryBuilder('a')
    .where('(a.proposed_at >= :from AND a.proposed_at < :to) OR (a.decided_at >= :from AND a.decided_at < :to)', opts)
    .orderBy('a.id', 'ASC')
    .getMany();

  const files: PackFile[] = [
    file(
      'runs.csv',
      ['run_id', 'kind', 'started_at', 'finished_at', 'duration_ms', 'as_of', 'rules_hash', 'input_hashes', 'exceptions', 'value_at_risk', 'invoiced_revenue', 'cells', 'cells_matched', 'not_checked', 'effects', 'started_by'],
      runs.map((r) => ({
        ...r,
        started_at: iso(r.started_at),
        finished_at: iso(r.finished_at),
        input_hashes: Object.entries(r.inputs)
          .map(([k, v]) => `${k}=${v.sha256 ?? (v.present ? '' : 'absent')}`)
          .join(' '),
        not_checked: r.not_checked.map((n) => `${n.category}: ${n.reason}`).join('; '),
        effects: JSON.stringify(r.effects),
        inputs: undefined,
        by_category: undefined,
      })),
    ),
    file(
      'exceptions.csv',
      ['exception_id', 'category', 'severity', 'client_id', 'client_name', 'owner_team', 'value_at_risk', 'currency', 'status', 'dismissal_reason', 'status_note', 'status_by', 'assignee', 'first_seen_at', 'opened_at', 'closed_at', 'last_run_id', 'suggested_action'],
      exceptions.map((e) => ({
        exception_id: e.exception_id,
        category: e.category,
        severity: e.severity,
        client_id: e.client_id,
        client_name: e.client_name,
        owner_team: e.owner_team,
        value_at_risk: e.value_at_risk,
        currency: e.currency,
        status: e.status,
        dismissal_reason: e.dismissal_reason,
        status_note: e.status_note,
        status_by: e.status_by,
        assignee: e.assignee,
        first_seen_at: iso(e.first_seen_at),
        opened_at: iso(e.opened_at),
        closed_at: iso(e.closed_at),
        last_run_id: e.last_run_id,
        suggested_action: e.record.suggested_action,
      })),
    ),
    file(
      'decisions.csv',
      ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'from', 'to', 'reason'],
      entries
        .filter((e) => e.entity_type === 'exception' || e.entity_type === 'alias' || e.entity_type === 'rules')
        .map((e) => {
          const d = (e.data ?? {}) as Record<string, unknown>;
          return { seq: e.seq, at: e.at, actor: e.actor, action: e.action, entity_type: e.entity_type, entity_id: e.entity_id, from: str(d.from ?? d.previous_target_id ?? d.before_hash), to: str(d.to ?? d.target_id ?? d.after_hash), reason: e.reason };
        }),
    ),
    file(
      'approvals.csv',
      ['adjustment_id', 'exception_id', 'kind', 'amount', 'currency', 'new_rate', 'note', 'status', 'proposed_by', 'proposed_at', 'decided_by', 'decided_at', 'decision_note', 'paid_at', 'maker_is_not_checker'],
      adjustments.map((a) => ({
        adjustment_id: a.id,
        exception_id: a.exception_id,
        kind: a.kind,
        amount: a.amount,
        currency: a.currency,
        new_rate: a.new_rate,
        note: a.note,
        status: a.status,
        proposed_by: a.proposed_by,
        proposed_at: iso(a.proposed_at),
        decided_by: a.decided_by,
        decided_at: iso(a.decided_at),
        decision_note: a.decision_note,
        paid_at: iso(a.paid_at),
        maker_is_not_checker: a.decided_by ? a.decided_by !== a.proposed_by : '',
      })),
    ),
    file(
      'audit-log.csv',
      ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'reason', 'data', 'prev_hash', 'hash'],
      entries.map((e) => ({ ...e, data: JSON.stringify(e.data) })),
    ),
  ];
  const summary = signPack(
    files,
    {
      kind: 'closegap.audit-export',
      version: 1,
      generated_at: new Date().toISOString(),
      generated_by: opts.actor,
      period: { from: opts.from.toISOString(), to: opts.to.toISOString() },
      chain: {
        ok: chain.ok,
        checked: chain.checked,
        head_seq: chain.head?.seq,
        head_hash: chain.head?.hash,
        first_broken: chain.first_broken ? `#${chain.first_broken.seq}: ${chain.first_broken.detail}` : undefined,
      },
    },
    opts.signingKey,
  );
  writeFilesAtomically(opts.outDir, { ...Object.fromEntries(files.map((f) => [f.name, f.content])), 'summary.json': JSON.stringify(summary, null, 2) + '\n' });
  return { summary, dir: join(opts.outDir) };
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}
