import { DataSource, EntityManager, In } from 'typeorm';
import { AuditInput, AuditLog } from '@closegap/audit';
import { Dec } from '@closegap/domain';
import type { ExceptionEvent, ExceptionRecord } from '@closegap/domain';
import type { Actor } from '../domain/access';
import { canActOn, clientScope } from '../domain/access';
import type { AdjustmentProposal } from '../domain/adjustment';
import { checkApproval, validateProposal } from '../domain/adjustment';
import type { AliasSystem, ConfirmedAlias } from '../domain/aliases';
import { aliasSystemFor } from '../domain/aliases';
import { WorkflowError } from '../domain/errors';
import type { IngestInput, IngestPlan, RunInfo, TrackedException } from '../domain/ingest';
import { planIngest } from '../domain/ingest';
import type { RecoveryOutcome } from '../domain/recovery';
import type { TransitionRequest } from '../domain/status';
import { isActive, transition } from '../domain/status';
import { AdjustmentEntity, AliasEntity, ClientEntity, ExceptionEntity, IdentityReviewEntity, LedgerEntity, RunEntity } from '../persistence/entities';
import type { RunImport } from './run-import';
import { notCheckedCategories } from './run-import';

export type Clock = () => Date;

export interface IngestEffects {
  opened: number;
  updated: number;
  reopened: number;
  auto_closed: number;
  unchanged: number;
  ignored: number;
}

/** The system's own name in the audit log and on automatic changes. */
export const SYSTEM_ACTOR = 'system';

/**
 * The workflow's state changes. Every change writes its audit entry in the same transaction.
 * Access checks that depend on the exception (own team, own client) are made here too, so a
 * caller cannot forget them; the role checks per route are the console's guard.
 */
export class WorkflowService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock = () => new Date(),
  ) {}

  // ---------------------------------------------------------------- ingest

  /** A batch run's outputs: opens, updates, reopens and closes, logs the run. */
  async ingestRun(input: RunImport, actor = SYSTEM_ACTOR): Promise<IngestEffects & { run_db_id: number }> {
    const now = this.clock();
    const summary = input.summary;
    const hashes: Record<string, string> = {};
    for (const [source, info] of Object.entries(summary.inputs)) if (info.sha256) hashes[source] = info.sha256;
    const finished = input.finished_at ?? now;
    const run: RunInfo = {
      run_id: summary.run_id,
      started_at: summary.started_at,
      finished_at: finished.toISOString(),
      duration_ms: summary.timings_ms.total ?? Math.max(0, finished.getTime() - new Date(summary.started_at).getTime()),
      as_of: summary.as_of,
      rules_hash: summary.rules_hash,
      input_hashes: hashes,
    };
    return this.ds.transaction(async (m) => {
      if (input.clients) await this.upsertClients(m, input.clients);
      const previous = await m.find(RunEntity, { order: { id: 'DESC' }, take: 1 });
      if (previous[0] && previous[0].rules_hash !== run.rules_hash) {
        await this.audit.append(m, {
          actor,
          action: 'rules.changed',
          entity_type: 'rules',
          entity_id: 'recon.yaml',
          reason: `run ${run.run_id} uses other rules than run ${previous[0].run_id}`,
          data: { before_hash: previous[0].rules_hash, after_hash: run.rules_hash, run_id: run.run_id },
          at: now,
        });
      }
      const plan = planIngest(await this.tracked(m), { kind: 'run', run, exceptions: input.exceptions, not_checked: notCheckedCategories(summary) });
      const effects = await this.apply(m, plan, { kind: 'run', runId: run.run_id, evidence: input.evidence, actor, now });
      const seenIds = input.exceptions.map((e) => e.exception_id);
      for (let i = 0; i < seenIds.length; i += 1000) {
        await m.query('UPDATE workflow.exceptions SET last_seen_at = $1, last_run_id = $2 WHERE exception_id = ANY($3)', [now, run.run_id, seenIds.slice(i, i + 1000)]);
      }
      if (input.unresolved) await this.refreshIdentityReviews(m, input.unresolved, run.run_id, now);
      const saved = await m.save(
        m.create(RunEntity, {
          run_id: run.run_id,
          kind: input.kind,
          started_at: new Date(run.started_at),
          finished_at: finished,
          duration_ms: run.duration_ms,
          as_of: run.as_of,
          rules_hash: run.rules_hash,
          inputs: Object.fromEntries(Object.entries(summary.inputs).map(([k, v]) => [k, { present: v.present, rows: v.rows, sha256: v.sha256 }])),
          exceptions: summary.totals.exceptions,
          value_at_risk: summary.totals.value_at_risk,
          invoiced_revenue: summary.totals.invoiced_revenue,
          cells: summary.totals.cells,
          cells_matched: summary.totals.cells_matched,
          by_category: summary.by_category,
          not_checked: summary.not_checked,
          effects: { ...effects },
          started_by: actor,
        }),
      );
      await this.audit.append(m, {
        actor,
        action: 'run.logged',
        entity_type: 'run',
        entity_id: run.run_id,
        reason: `${input.kind} run as of ${run.as_of}`,
        data: { ...run, exceptions: summary.totals.exceptions, value_at_risk: summary.totals.value_at_risk, not_checked: summary.not_checked, effects },
        at: now,
      });
      return { ...effects, run_db_id: saved.id };
    });
  }

  /** One event of `closegap.exceptions.v1`. */
  async ingestEvent(event: ExceptionEvent): Promise<IngestEffects> {
    const now = this.clock();
    return this.ds.transaction(async (m) => {
      const id = event.exception.exception_id;
      const row = await m.findOne(ExceptionEntity, { where: { exception_id: id }, lock: { mode: 'pessimistic_write' } });
      const tracked = new Map<string, TrackedException>();
      if (row) tracked.set(id, toTracked(row));
      const plan = planIngest(tracked, { kind: 'event', event } satisfies IngestInput);
      const effects = await this.apply(m, plan, { kind: 'event', runId: null, actor: SYSTEM_ACTOR, now });
      if (plan.sequence) await m.update(ExceptionEntity, { exception_id: id }, { event_sequence: plan.sequence.sequence });
      return effects;
    });
  }

  private async tracked(m: EntityManager): Promise<Map<string, TrackedException>> {
    const rows = await m.find(ExceptionEntity, { select: { exception_id: true, category: true, status: true, record: true, event_sequence: true } });
    return new Map(rows.map((r) => [r.exception_id, toTracked(r)]));
  }

  private async apply(
    m: EntityManager,
    plan: IngestPlan,
    ctx: { kind: 'run' | 'event'; runId: string | null; actor: string; now: Date; evidence?: (r: ExceptionRecord) => unknown },
  ): Promise<IngestEffects> {
    const effects: IngestEffects = { opened: 0, updated: 0, reopened: 0, auto_closed: 0, unchanged: plan.unchanged, ignored: plan.ignored ? 1 : 0 };
    const entries: AuditInput[] = [];
    const { now } = ctx;
    const evidenceOf = (r: ExceptionRecord) => (ctx.evidence ? ((ctx.evidence(r) ?? null) as ExceptionEntity['evidence']) : undefined);
    const via = ctx.runId ? `run ${ctx.runId}` : 'exception event';

    const fresh = plan.open.map(({ record }) =>
      m.create(ExceptionEntity, {
        ...columnsOf(record),
        record,
        status: 'open',
        assignee: null,
        dismissal_reason: null,
        status_note: null,
        status_by: null,
        first_seen_at: now,
        opened_at: now,
        status_changed_at: now,
        closed_at: null,
        last_seen_at: now,
        last_run_id: ctx.runId,
        source_kind: ctx.kind,
        event_sequence: null,
        evidence: evidenceOf(record) ?? null,
      }),
    );
    for (let i = 0; i < fresh.length; i += 500) await m.insert(ExceptionEntity, fresh.slice(i, i + 500));
    for (const { record } of plan.open) {
      entries.push({ actor: ctx.actor, action: 'exception.opened', entity_type: 'exception', entity_id: record.exception_id, reason: `found by ${via}`, data: { to: 'open', category: record.category, value_at_risk: record.value_at_risk, owner_team: record.owner_team, client_id: record.client_id }, at: now });
    }
    effects.opened = plan.open.length;

    for (const { record, changed } of plan.update) {
      const ev = evidenceOf(record);
      await m.update(ExceptionEntity, { exception_id: record.exception_id }, { ...columnsOf(record), record, last_seen_at: now, last_run_id: ctx.runId ?? undefined, ...(ev !== undefined ? { evidence: ev } : {}) });
      entries.push({ actor: ctx.actor, action: 'exception.updated', entity_type: 'exception', entity_id: record.exception_id, reason: `changed in ${via}: ${changed.join(', ')}`, data: { changed, value_at_risk: record.value_at_risk, severity: record.severity }, at: now });
    }
    effects.updated = plan.update.length;

    for (const { record, from, evidence } of plan.reopen) {
      const ev = evidenceOf(record);
      await m.update(
        ExceptionEntity,
        { exception_id: record.exception_id },
        { ...columnsOf(record), record, status: 'open', status_note: evidence, status_by: ctx.actor, opened_at: now, status_changed_at: now, closed_at: null, last_seen_at: now, last_run_id: ctx.runId ?? undefined, ...(ev !== undefined ? { evidence: ev } : {}) },
      );
      // money settled as "corrected" turned out not to be
      await m.delete(LedgerEntity, { exception_id: record.exception_id, outcome: 'corrected' });
      entries.push({ actor: ctx.actor, action: 'exception.reopened', entity_type: 'exception', entity_id: record.exception_id, reason: evidence, data: { from, to: 'open', value_at_risk: record.value_at_risk }, at: now });
    }
    effects.reopened = plan.reopen.length;

    if (plan.autoClose.length > 0) {
      const ids = plan.autoClose.map((c) => c.exception_id);
      const rows = await m.find(ExceptionEntity, { where: { exception_id: In(ids) } });
      const byId = new Map(rows.map((r) => [r.exception_id, r]));
      const settled = new Set((await m.find(LedgerEntity, { where: { exception_id: In(ids) }, select: { exception_id: true } })).map((l) => l.exception_id));
      for (const { exception_id, evidence } of plan.autoClose) {
        const row = byId.get(exception_id);
        if (!row) continue;
        await m.update(ExceptionEntity, { exception_id }, { status: 'resolved', status_note: evidence, status_by: ctx.actor, status_changed_at: now, closed_at: now });
        if (!settled.has(exception_id)) await this.settle(m, row, 'corrected', row.value_at_risk, ctx.actor, now, now, null);
        entries.push({ actor: ctx.actor, action: 'exception.auto_closed', entity_type: 'exception', entity_id: exception_id, reason: evidence, data: { from: row.status, to: 'resolved', value_at_risk: row.value_at_risk }, at: now });
      }
    }
    effects.auto_closed = plan.autoClose.length;
    if (entries.length) await this.appendAll(m, entries);
    return effects;
  }

  private async appendAll(m: EntityManager, entries: readonly AuditInput[]): Promise<void> {
    for (const e of entries) await this.audit.append(m, e);
  }

  private async upsertClients(m: EntityManager, clients: RunImport['clients'] & object): Promise<void> {
    const rows = clients.map((c) => ({ client_id: c.client_id, name: c.name, account_manager: c.account_manager ?? null }));
    for (let i = 0; i < rows.length; i += 500) {
      await m.createQueryBuilder().insert().into(ClientEntity).values(rows.slice(i, i + 500)).orUpdate(['name', 'account_manager'], ['client_id']).execute();
    }
  }

  private async refreshIdentityReviews(m: EntityManager, unresolved: RunImport['unresolved'] & object, runId: string, now: Date): Promise<void> {
    const aliases = await m.find(AliasEntity);
    const confirmed = new Set(aliases.map((a) => `${a.system}|${a.external}`));
    await m.update(IdentityReviewEntity, { status: 'open' }, { status: 'gone', updated_at: now });
    const counts = new Map<string, number>();
    for (const u of unresolved) counts.set(`${u.kind}|${u.system}|${u.external}`, (counts.get(`${u.kind}|${u.system}|${u.external}`) ?? 0) + 1);
    const rows = unresolved.map((u) => ({
      kind: u.kind,
      system: u.system,
      external: u.external,
      candidates: u.candidates,
      scope: u.scope ?? null,
      evidence: u.evidence,
      records: counts.get(`${u.kind}|${u.system}|${u.external}`) ?? 1,
      status: confirmed.has(`${aliasSystemFor(u.kind, u.system)}|${u.external}`) ? ('confirmed' as const) : ('open' as const),
      last_run_id: runId,
      updated_at: now,
    }));
    const unique = [...new Map(rows.map((r) => [`${r.kind}|${r.system}|${r.external}`, r])).values()];
    for (let i = 0; i < unique.length; i += 500) {
      await m
        .createQueryBuilder()
        .insert()
        .into(IdentityReviewEntity)
        .values(unique.slice(i, i + 500))
        .orUpdate(['candidates', 'scope', 'evidence', 'records', 'status', 'last_run_id', 'updated_at'], ['kind', 'system', 'external'])
        .execute();
    }
  }

  // ---------------------------------------------------------------- people's actions

  private async loadForActor(m: EntityManager, actor: Actor, exceptionId: string): Promise<ExceptionEntity> {
    const row = await m.findOne(ExceptionEntity, { where: { exception_id: exceptionId }, lock: { mode: 'pessimistic_write' } });
    if (!row || !(await this.visible(m, actor, row))) throw new WorkflowError(`exception ${exceptionId} not found`, 'not_found');
    return row;
  }

  /** Account managers see only the exceptions of their own clients. */
  async visible(m: EntityManager, actor: Actor, row: Pick<ExceptionEntity, 'client_id'>): Promise<boolean> {
    const scope = clientScope(actor);
    if (scope.own_clients_of === undefined) return true;
    if (!row.client_id) return false;
    const client = await m.findOne(ClientEntity, { where: { client_id: row.client_id } });
    return client?.account_manager === scope.own_clients_of;
  }

  async act(actor: Actor, exceptionId: string, request: TransitionRequest): Promise<ExceptionEntity> {
    return this.ds.transaction(async (m) => {
      const row = await this.loadForActor(m, actor, exceptionId);
      if (!canActOn(actor, row)) throw new WorkflowError(`a ${actor.role} cannot act on ${row.owner_team} exceptions`, 'forbidden');
      const result = transition(row.status, request);
      const now = this.clock();
      const closing = result.to === 'resolved' || result.to === 'dismissed';
      await m.update(
        ExceptionEntity,
        { exception_id: exceptionId },
        {
          status: result.to,
          dismissal_reason: result.to === 'dismissed' ? (result.dismissalReason ?? null) : null,
          status_note: result.note ?? null,
          status_by: actor.username,
          status_changed_at: now,
          closed_at: closing ? now : null,
          ...(result.to === 'open' ? { opened_at: now } : {}),
        },
      );
      if (result.dismissalReason === 'write_off') await this.settle(m, row, 'written_off', row.value_at_risk, actor.username, now, now, null);
      if (result.dismissalReason === 'client_dispute') await this.settle(m, row, 'disputed', row.value_at_risk, actor.username, now, null, null);
      if (request.action === 'reopen') await m.delete(LedgerEntity, { exception_id: exceptionId, outcome: In(['written_off', 'disputed', 'corrected']) });
      await this.audit.append(m, {
        actor: actor.username,
        action: `exception.${result.to === 'open' ? 'reopened' : result.to}`,
        entity_type: 'exception',
        entity_id: exceptionId,
        reason: [result.dismissalReason, result.note].filter(Boolean).join(': ') || null,
        data: { from: result.from, to: result.to, dismissal_reason: result.dismissalReason, note: result.note, role: actor.role },
        at: now,
      });
      return (await m.findOneOrFail(ExceptionEntity, { where: { exception_id: exceptionId } })) as ExceptionEntity;
    });
  }

  async assign(actor: Actor, exceptionId: string, assignee: string | null): Promise<void> {
    await this.ds.transaction(async (m) => {
      const row = await this.loadForActor(m, actor, exceptionId);
      if (!canActOn(actor, row)) throw new WorkflowError(`a ${actor.role} cannot act on ${row.owner_team} exceptions`, 'forbidden');
      await m.update(ExceptionEntity, { exception_id: exceptionId }, { assignee: assignee?.trim() || null });
      await this.audit.append(m, { actor: actor.username, action: 'exception.assigned', entity_type: 'exception', entity_id: exceptionId, reason: null, data: { from: row.assignee, to: assignee?.trim() || null }, at: this.clock() });
    });
  }

  // ---------------------------------------------------------------- adjustments (maker-checker)

  async propose(actor: Actor, exceptionId: string, proposal: AdjustmentProposal): Promise<AdjustmentEntity> {
    return this.ds.transaction(async (m) => {
      const row = await this.loadForActor(m, actor, exceptionId);
      if (!canActOn(actor, row)) throw new WorkflowError(`a ${actor.role} cannot act on ${row.owner_team} exceptions`, 'forbidden');
      if (!isActive(row.status)) throw new WorkflowError(`the exception is ${row.status}: nothing to adjust`, 'invalid_transition');
      const valid = validateProposal(row.record, proposal);
      const already = await m.find(AdjustmentEntity, { where: { exception_id: exceptionId, status: In(['proposed', 'approved', 'paid']) } });
      const committed = already.reduce((s, a) => s.plus(a.amount), new Dec(0));
      if (committed.plus(valid.amount).gt(new Dec(row.value_at_risk).plus('0.01'))) {
        throw new WorkflowError(`adjustments of ${committed.plus(valid.amount).toFixed(2)} in total would exceed the value at risk ${row.value_at_risk}`);
      }
      const now = this.clock();
      const saved = await m.save(
        m.create(AdjustmentEntity, {
          exception_id: exceptionId,
          kind: valid.kind,
          amount: valid.amount.toFixed(2),
          currency: row.currency,
          new_rate: valid.new_rate ? valid.new_rate.toString() : null,
          note: valid.note,
          status: 'proposed',
          proposed_by: actor.username,
          proposed_at: now,
          decided_by: null,
          decided_at: null,
          decision_note: null,
          paid_at: null,
        }),
      );
      await this.audit.append(m, {
        actor: actor.username,
        action: 'adjustment.proposed',
        entity_type: 'adjustment',
        entity_id: String(saved.id),
        reason: valid.note,
        data: { exception_id: exceptionId, kind: valid.kind, amount: saved.amount, new_rate: saved.new_rate, value_at_risk: row.value_at_risk, role: actor.role },
        at: now,
      });
      return saved;
    });
  }

  async decide(actor: Actor, adjustmentId: number, decision: 'approve' | 'reject', note?: string): Promise<AdjustmentEntity> {
    return this.ds.transaction(async (m) => {
      const adj = await m.findOne(AdjustmentEntity, { where: { id: adjustmentId }, lock: { mode: 'pessimistic_write' } });
      if (!adj) throw new WorkflowError(`adjustment ${adjustmentId} not found`, 'not_found');
      const row = await this.loadForActor(m, actor, adj.exception_id);
      checkApproval(adj, actor.username);
      if (decision === 'reject' && !note?.trim()) throw new WorkflowError('say why: a rejection needs a note');
      const now = this.clock();
      adj.status = decision === 'approve' ? 'approved' : 'rejected';
      adj.decided_by = actor.username;
      adj.decided_at = now;
      adj.decision_note = note?.trim() || null;
      await m.save(adj);
      if (decision === 'approve') {
        if (adj.kind === 'credit_note') {
          await this.settle(m, row, 'credited', adj.amount, actor.username, now, now, adj.id);
          await this.closeBy(m, row, actor.username, `credit note of ${adj.amount} approved (adjustment #${adj.id})`, now);
        } else {
          await this.settle(m, row, 'invoice_raised', adj.amount, actor.username, now, null, adj.id);
          if (row.status === 'open') await m.update(ExceptionEntity, { exception_id: row.exception_id }, { status: 'acknowledged', status_by: actor.username, status_note: `adjustment #${adj.id} approved`, status_changed_at: now });
        }
      }
      await this.audit.append(m, {
        actor: actor.username,
        action: decision === 'approve' ? 'adjustment.approved' : 'adjustment.rejected',
        entity_type: 'adjustment',
        entity_id: String(adj.id),
        reason: adj.decision_note,
        data: { exception_id: adj.exception_id, kind: adj.kind, amount: adj.amount, proposed_by: adj.proposed_by, role: actor.role },
        at: now,
      });
      return adj;
    });
  }

  /** The supplemental invoice was paid: the money is recovered and the exception resolved. */
  async markPaid(actor: Actor, adjustmentId: number): Promise<AdjustmentEntity> {
    return this.ds.transaction(async (m) => {
      const adj = await m.findOne(AdjustmentEntity, { where: { id: adjustmentId }, lock: { mode: 'pessimistic_write' } });
      if (!adj) throw new WorkflowError(`adjustment ${adjustmentId} not found`, 'not_found');
      const row = await this.loadForActor(m, actor, adj.exception_id);
      if (adj.status !== 'approved' || adj.kind === 'credit_note') throw new WorkflowError('only an approved invoice or rate correction can be marked paid', 'invalid_transition');
      const now = this.clock();
      adj.status = 'paid';
      adj.paid_at = now;
      await m.save(adj);
      await this.settle(m, row, 'recovered', adj.amount, actor.username, now, now, adj.id);
      await this.closeBy(m, row, actor.username, `recovered: adjustment #${adj.id} of ${adj.amount} paid`, now);
      await this.audit.append(m, { actor: actor.username, action: 'adjustment.paid', entity_type: 'adjustment', entity_id: String(adj.id), reason: null, data: { exception_id: adj.exception_id, amount: adj.amount }, at: now });
      return adj;
    });
  }

  private async closeBy(m: EntityManager, row: ExceptionEntity, by: string, note: string, now: Date): Promise<void> {
    if (!isActive(row.status)) return;
    await m.update(ExceptionEntity, { exception_id: row.exception_id }, { status: 'resolved', status_by: by, status_note: note, status_changed_at: now, closed_at: now });
    await this.audit.append(m, { actor: by, action: 'exception.resolved', entity_type: 'exception', entity_id: row.exception_id, reason: note, data: { from: row.status, to: 'resolved' }, at: now });
  }

  private async settle(m: EntityManager, row: ExceptionEntity, outcome: RecoveryOutcome, amount: string, by: string, now: Date, fixedAt: Date | null, adjustmentId: number | null): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(LedgerEntity)
      .values({
        exception_id: row.exception_id,
        client_id: row.client_id,
        client_name: row.client_name,
        outcome,
        value_found: row.value_at_risk,
        amount,
        currency: row.currency,
        discrepancy_at: row.first_seen_at,
        fixed_at: fixedAt,
        adjustment_id: adjustmentId,
        recorded_by: by,
        recorded_at: now,
      })
      .orUpdate(['outcome', 'amount', 'fixed_at', 'adjustment_id', 'recorded_by', 'recorded_at'], ['exception_id'])
      .execute();
  }

  // ---------------------------------------------------------------- identity

  /** A person confirms that an external name is a CRM record: the next run uses it as an alias. */
  async confirmAlias(actor: Actor, input: { kind: 'client' | 'worker'; system: string; external: string; target_id: string; target_name?: string }): Promise<AliasEntity> {
    const system: AliasSystem = aliasSystemFor(input.kind, input.system);
    const external = input.external.trim();
    const target = input.target_id.trim();
    if (!external || !target) throw new WorkflowError('both the external name and the CRM record are needed');
    return this.ds.transaction(async (m) => {
      if (input.kind === 'client') {
        const client = await m.findOne(ClientEntity, { where: { client_id: target } });
        if ((await m.count(ClientEntity)) > 0 && !client) throw new WorkflowError(`client ${target} is not in the CRM`, 'not_found');
      }
      const now = this.clock();
      const existing = await m.findOne(AliasEntity, { where: { system, external } });
      const alias = existing ?? m.create(AliasEntity, { system, external });
      const previous = existing?.target_id ?? null;
      alias.target_id = target;
      alias.target_name = input.target_name?.trim() || null;
      alias.confirmed_by = actor.username;
      alias.confirmed_at = now;
      const saved = await m.save(alias);
      await m.update(IdentityReviewEntity, { kind: input.kind, system: input.system, external }, { status: 'confirmed', updated_at: now });
      await this.audit.append(m, {
        actor: actor.username,
        action: 'alias.confirmed',
        entity_type: 'alias',
        entity_id: `${system}:${external}`,
        reason: `"${external}" in ${input.system} is ${target}${input.target_name ? ` (${input.target_name})` : ''}`,
        data: { system, external, target_id: target, previous_target_id: previous, role: actor.role },
        at: now,
      });
      return saved;
    });
  }

  async aliases(): Promise<ConfirmedAlias[]> {
    const rows = await this.ds.getRepository(AliasEntity).find({ order: { system: 'ASC', external: 'ASC' } });
    return rows.map((r) => ({ system: r.system, external: r.external, target_id: r.target_id }));
  }

  /** A rules file changed (aliases merged into it, or a new version): logged with both hashes. */
  async recordRulesChange(actor: string, change: { file: string; before_hash: string; after_hash: string; reason: string; aliases?: number }): Promise<void> {
    await this.audit.record({ actor, action: 'rules.changed', entity_type: 'rules', entity_id: change.file, reason: change.reason, data: change, at: this.clock() });
  }
}

function toTracked(r: Pick<ExceptionEntity, 'exception_id' | 'category' | 'status' | 'record' | 'event_sequence'>): TrackedException {
  return { exception_id: r.exception_id, category: r.record.category, status: r.status, record: r.record, sequence: r.event_sequence ?? undefined };
}

function columnsOf(r: ExceptionRecord) {
  return {
    exception_id: r.exception_id,
    category: r.category,
    severity: r.severity,
    client_id: r.client_id ?? null,
    client_name: r.client_name ?? null,
    placement_id: r.placement_id ?? null,
    week_ending: r.week_ending ?? null,
    owner_team: r.owner_team,
    value_at_risk: r.value_at_risk || '0',
    currency: r.currency ?? null,
  };
}
