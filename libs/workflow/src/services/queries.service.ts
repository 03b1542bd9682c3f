import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { AuditLog, ChainedEntry } from '@closegap/audit';
import { Dec } from '@closegap/domain';
import type { Actor } from '../domain/access';
import { canActOn, clientScope } from '../domain/access';
import { adjustmentKindsFor } from '../domain/adjustment';
import type { DigestInput, DigestItem } from '../domain/digest';
import type { FoundItem, LedgerEntry, RecoveryRow, RecoveryTotals } from '../domain/recovery';
import { recoveryStats, recoveryTotals } from '../domain/recovery';
import type { AgingRow, SlaPolicy, SlaState } from '../domain/sla';
import { DEFAULT_SLA_POLICY, ageDays, agingBuckets, slaFor } from '../domain/sla';
import type { ExceptionStatus } from '../domain/status';
import { allowedActions, isActive } from '../domain/status';
import { AdjustmentEntity, AliasEntity, ClientEntity, ExceptionEntity, IdentityReviewEntity, LedgerEntity, RunEntity } from '../persistence/entities';

export interface ExceptionFilter {
  category?: string;
  owner?: string;
  client?: string;
  /** 'active' = open or acknowledged */
  status?: ExceptionStatus | 'active' | 'all';
  min_value?: string;
  max_value?: string;
  min_age_days?: number;
  max_age_days?: number;
  sort?: 'value' | 'age' | 'category' | 'client' | 'status' | 'severity' | 'owner';
  dir?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface ExceptionListItem {
  exception_id: string;
  category: string;
  severity: string;
  client_id: string | null;
  client_name: string | null;
  owner_team: string;
  assignee: string | null;
  value_at_risk: string;
  currency: string | null;
  status: ExceptionStatus;
  age_days: number;
  sla?: SlaState;
  suggested_action: string;
  week_ending: string | null;
}

const SORT_COLUMN: Record<NonNullable<ExceptionFilter['sort']>, string> = {
  value: 'e.value_at_risk',
  age: 'e.opened_at',
  category: 'e.category',
  client: 'e.client_name',
  status: 'e.status',
  severity: "CASE e.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END",
  owner: 'e.owner_team',
};

const DAY = 86_400_000;

export interface ApprovalRow {
  id: number;
  exception_id: string;
  kind: string;
  amount: string;
  currency: string | null;
  new_rate: string | null;
  note: string;
  status: string;
  proposed_by: string;
  proposed_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  category: string;
  client_name: string | null;
  value_at_risk: string;
  owner_team: string;
  /** proposed, and not by the one asking: they may approve or reject (role permitting) */
  can_decide: boolean;
}

/** Read side of the console: lists, detail, overview, queues, digest input. Scoped per actor. */
export class WorkflowQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
    private readonly sla: SlaPolicy = DEFAULT_SLA_POLICY,
  ) {}

  private scoped(actor: Actor): SelectQueryBuilder<ExceptionEntity> {
    const qb = this.ds.getRepository(ExceptionEntity).createQueryBuilder('e');
    const scope = clientScope(actor);
    if (scope.own_clients_of !== undefined) {
      qb.andWhere('e.client_id IN (SELECT c.client_id FROM workflow.clients c WHERE c.account_manager = :am)', { am: scope.own_clients_of });
    }
    return qb;
  }

  async listExceptions(actor: Actor, f: ExceptionFilter = {}): Promise<{ total: number; total_value: string; items: ExceptionListItem[] }> {
    const now = this.clock();
    const qb = this.scoped(actor);
    if (f.category) qb.andWhere('e.category = :category', { category: f.category });
    if (f.owner) qb.andWhere('e.owner_team = :owner', { owner: f.owner });
    const client = f.client;
    if (client) qb.andWhere(new Brackets((b) => b.where('e.client_id = :cid', { cid: client }).orWhere('e.client_name ILIKE :cname', { cname: `%${client.replace(/[%_\\]/g, '\\$&')}%` })));
    const status = f.status ?? 'active';
    if (status === 'active') qb.andWhere("e.status IN ('open', 'acknowledged')");
    else if (status !== 'all') qb.andWhere('e.status = :status', { status });
    if (f.min_value) qb.andWhere('e.value_at_risk >= :minv', { minv: f.min_value });
    if (f.max_value) qb.andWhere('e.value_at_risk <= :maxv', { maxv: f.max_value });
    if (f.min_age_days !== undefined) qb.andWhere('e.opened_at <= :minAge', { minAge: new Date(now.getTime() - f.min_age_days * DAY) });
    if (f.max_age_days !== undefined) qb.andWhere('e.opened_at >= :maxAge', { maxAge: new Date(now.getTime() - f.max_age_days * DAY) });
    const totals = (await qb.clone().select('COUNT(*)', 'n').addSelect('COALESCE(SUM(e.value_at_risk), 0)', 'v').getRawOne()) as { n: string; v: string };
    const dir = f.dir === 'asc' ? 'ASC' : 'DESC';
    const sort = SORT_COLUMN[f.sort ?? 'value'] ?? SORT_COLUMN.value;
    // "age" ascending means youngest first: opened_at descending
    const effectiveDir = f.sort === 'age' ? (dir === 'ASC' ? 'DESC' : 'ASC') : dir;
    qb.orderBy(sort, effectiveDir).addOrderBy('e.exception_id', 'ASC');
    qb.limit(Math.min(Math.max(f.limit ?? 100, 1), 500)).offset(Math.max(f.offset ?? 0, 0));
    const rows = await qb.getMany();
    return { total: Number(totals.n), total_value: new Dec(totals.v).toFixed(2), items: rows.map((r) => this.listItem(r, now)) };
  }

  private listItem(r: ExceptionEntity, now: Date): ExceptionListItem {
    return {
      exception_id: r.exception_id,
      category: r.category,
      severity: r.severity,
      client_id: r.client_id,
      client_name: r.client_name,
      owner_team: r.owner_team,
      assignee: r.assignee,
      value_at_risk: r.value_at_risk,
      currency: r.currency,
      status: r.status,
      age_days: Math.round(ageDays(r.opened_at, now) * 10) / 10,
      sla: slaFor({ value_at_risk: r.value_at_risk, opened_at: r.opened_at, status: r.status }, now, this.sla),
      suggested_action: r.record.suggested_action,
      week_ending: r.week_ending,
    };
  }

  async exceptionDetail(actor: Actor, id: string) {
    const row = await this.scoped(actor).andWhere('e.exception_id = :id', { id }).getOne();
    if (!row) return undefined;
    const now = this.clock();
    const adjustments = await this.ds.getRepository(AdjustmentEntity).find({ where: { exception_id: id }, order: { id: 'ASC' } });
    const ledger = await this.ds.getRepository(LedgerEntity).findOne({ where: { exception_id: id } });
    const history = await this.audit.entries({ entity_type: 'exception', entity_id: id });
    const mayAct = canActOn(actor, row);
    return {
      ...this.listItem(row, now),
      record: row.record,
      dismissal_reason: row.dismissal_reason,
      status_note: row.status_note,
      status_by: row.status_by,
      first_seen_at: row.first_seen_at,
      opened_at: row.opened_at,
      closed_at: row.closed_at,
      last_seen_at: row.last_seen_at,
      last_run_id: row.last_run_id,
      evidence: row.evidence,
      adjustments,
      ledger,
      history: history.map(historyItem),
      actions: mayAct ? allowedActions(row.status) : [],
      adjustment_kinds: mayAct && isActive(row.status) ? adjustmentKindsFor(row.record) : [],
    };
  }

  async approvals(actor: Actor, status: 'proposed' | 'approved' | 'all' = 'proposed'): Promise<ApprovalRow[]> {
    const qb = this.ds
      .getRepository(AdjustmentEntity)
      .createQueryBuilder('a')
      .innerJoin(ExceptionEntity, 'e', 'e.exception_id = a.exception_id')
      .select(['a.id AS id', 'a.exception_id AS exception_id', 'a.kind AS kind', 'a.amount AS amount', 'a.currency AS currency', 'a.new_rate AS new_rate', 'a.note AS note', 'a.status AS status'])
      .addSelect(['a.proposed_by AS proposed_by', 'a.proposed_at AS proposed_at', 'a.decided_by AS decided_by', 'a.decided_at AS decided_at', 'a.decision_note AS decision_note'])
      .addSelect(['e.category AS category', 'e.client_name AS client_name', 'e.value_at_risk AS value_at_risk', 'e.owner_team AS owner_team']);
    if (status !== 'all') qb.where('a.status = :status', { status });
    const scope = clientScope(actor);
    if (scope.own_clients_of !== undefined) qb.andWhere('e.client_id IN (SELECT c.client_id FROM workflow.clients c WHERE c.account_manager = :am)', { am: scope.own_clients_of });
    qb.orderBy('a.proposed_at', 'ASC');
    const rows = (await qb.getRawMany()) as Omit<ApprovalRow, 'can_decide'>[];
    return rows.map((r): ApprovalRow => ({ ...r, id: Number(r.id), can_decide: r.status === 'proposed' && r.proposed_by !== actor.username }));
  }

  async identityReviews(status: 'open' | 'all' = 'open') {
    const rows = await this.ds.getRepository(IdentityReviewEntity).find({ where: status === 'open' ? { status: 'open' } : {}, order: { system: 'ASC', external: 'ASC' } });
    return rows;
  }

  async aliasList() {
    return this.ds.getRepository(AliasEntity).find({ order: { confirmed_at: 'DESC' } });
  }

  async runs(limit = 100) {
    return this.ds.getRepository(RunEntity).find({ order: { id: 'DESC' }, take: limit });
  }

  async clients(actor: Actor) {
    const scope = clientScope(actor);
    return this.ds.getRepository(ClientEntity).find({ where: scope.own_clients_of !== undefined ? { account_manager: scope.own_clients_of } : {}, order: { name: 'ASC' } });
  }

  async overview(actor: Actor) {
    const now = this.clock();
    const active = await this.scoped(actor)
      .select(['e.exception_id', 'e.category', 'e.owner_team', 'e.value_at_risk', 'e.opened_at', 'e.status'])
      .andWhere("e.status IN ('open', 'acknowledged')")
      .getMany();
    const group = (key: (r: ExceptionEntity) => string) => {
      const map = new Map<string, { key: string; count: number; value: Dec }>();
      for (const r of active) {
        const k = key(r);
        const g = map.get(k) ?? { key: k, count: 0, value: new Dec(0) };
        g.count++;
        g.value = g.value.plus(r.value_at_risk);
        map.set(k, g);
      }
      return [...map.values()].sort((a, b) => b.value.cmp(a.value)).map((g) => ({ key: g.key, count: g.count, value_at_risk: g.value.toFixed(2) }));
    };
    const valueAtRisk = active.reduce((s, r) => s.plus(r.value_at_risk), new Dec(0));
    const aging: AgingRow[] = agingBuckets(
      active.map((r) => ({ value_at_risk: r.value_at_risk, opened_at: r.opened_at, status: r.status })),
      now,
      this.sla,
    );
    const runs = (await this.ds.getRepository(RunEntity).find({ order: { id: 'DESC' }, take: 30 })).reverse();
    const latest = runs[runs.length - 1];
    const invoiced = latest ? new Dec(latest.invoiced_revenue) : new Dec(0);
    const recovery = await this.recovery(actor);
    const statusCounts = (await this.scoped(actor).select('e.status', 'status').addSelect('COUNT(*)', 'n').groupBy('e.status').getRawMany()) as { status: string; n: string }[];
    return {
      generated_at: now,
      active: active.length,
      value_at_risk: valueAtRisk.toFixed(2),
      breached: active.filter((r) => slaFor({ value_at_risk: r.value_at_risk, opened_at: r.opened_at, status: r.status }, now, this.sla)?.breached).length,
      by_category: group((r) => r.category),
      by_owner: group((r) => r.owner_team),
      by_status: Object.fromEntries(statusCounts.map((s) => [s.status, Number(s.n)])),
      invoiced_revenue: invoiced.toFixed(2),
      leakage_rate_pct: invoiced.gt(0) ? valueAtRisk.div(invoiced).times(100).toFixed(2) : undefined,
      latest_run: latest
        ? { run_id: latest.run_id, as_of: latest.as_of, finished_at: latest.finished_at, cells: latest.cells, cells_matched: latest.cells_matched, exceptions: latest.exceptions, not_checked: latest.not_checked }
        : undefined,
      trend: runs.map((r) => ({ run_id: r.run_id, at: r.finished_at, as_of: r.as_of, exceptions: r.exceptions, value_at_risk: r.value_at_risk })),
      aging,
      recovery,
    };
  }

  async recovery(actor: Actor): Promise<{ totals: RecoveryTotals; by_month: RecoveryRow[]; by_client: RecoveryRow[] }> {
    const found = (await this.scoped(actor).select(['e.exception_id', 'e.client_id', 'e.client_name', 'e.value_at_risk', 'e.first_seen_at', 'e.status', 'e.dismissal_reason']).getMany())
      // a false positive found nothing
      .filter((r) => !(r.status === 'dismissed' && r.dismissal_reason === 'false_positive'))
      .map((r): FoundItem => ({ exception_id: r.exception_id, client_id: r.client_id ?? undefined, client_name: r.client_name ?? undefined, value_at_risk: r.value_at_risk, first_seen_at: r.first_seen_at }));
    const ids = new Set(found.map((f) => f.exception_id));
    const ledger = (await this.ds.getRepository(LedgerEntity).find())
      .filter((l) => ids.has(l.exception_id))
      .map((l): LedgerEntry => ({ exception_id: l.exception_id, client_id: l.client_id ?? undefined, client_name: l.client_name ?? undefined, outcome: l.outcome, value_found: l.value_found, amount: l.amount, discrepancy_at: l.discrepancy_at, fixed_at: l.fixed_at ?? undefined }));
    return { totals: recoveryTotals(found, ledger), by_month: recoveryStats(found, ledger, 'month'), by_client: recoveryStats(found, ledger, 'client') };
  }

  /** What the daily digest says (everything, not scoped: it goes to the teams' channel). */
  async digestInput(consoleUrl: string | undefined, topN = 10): Promise<DigestInput> {
    const now = this.clock();
    const active = await this.ds.getRepository(ExceptionEntity).find({ where: { status: In(['open', 'acknowledged']) } });
    const items: DigestItem[] = active.map((r) => {
      const sla = slaFor({ value_at_risk: r.value_at_risk, opened_at: r.opened_at, status: r.status }, now, this.sla);
      return {
        exception_id: r.exception_id,
        category: r.category,
        client_name: r.client_name ?? undefined,
        owner_team: r.owner_team,
        value_at_risk: r.value_at_risk,
        currency: r.currency ?? undefined,
        suggested_action: r.record.suggested_action,
        age_days: ageDays(r.opened_at, now),
        sla_breached: sla?.breached ?? false,
        overdue_hours: sla?.breached ? sla.overdue_hours : undefined,
      };
    });
    const byValue = [...items].sort((a, b) => new Dec(b.value_at_risk).cmp(a.value_at_risk) || a.exception_id.localeCompare(b.exception_id));
    const owners = new Map<string, { owner_team: string; count: number; value: Dec; breached: number }>();
    for (const i of items) {
      const o = owners.get(i.owner_team) ?? { owner_team: i.owner_team, count: 0, value: new Dec(0), breached: 0 };
      o.count++;
      o.value = o.value.plus(i.value_at_risk);
      if (i.sla_breached) o.breached++;
      owners.set(i.owner_team, o);
    }
    const latest = (await this.ds.getRepository(RunEntity).find({ order: { id: 'DESC' }, take: 1 }))[0];
    return {
      generated_at: now,
      console_url: consoleUrl,
      open_count: active.filter((r) => r.status === 'open').length,
      acknowledged_count: active.filter((r) => r.status === 'acknowledged').length,
      value_at_risk: items.reduce((s, i) => s.plus(i.value_at_risk), new Dec(0)).toFixed(2),
      by_owner: [...owners.values()].sort((a, b) => b.value.cmp(a.value)).map((o) => ({ owner_team: o.owner_team, count: o.count, value_at_risk: o.value.toFixed(2), breached: o.breached })),
      top: byValue.slice(0, topN),
      breached: byValue.filter((i) => i.sla_breached).sort((a, b) => (b.overdue_hours ?? 0) - (a.overdue_hours ?? 0)),
      not_checked: latest?.not_checked ?? [],
      latest_run: latest ? { run_id: latest.run_id, as_of: latest.as_of, finished_at: latest.finished_at.toISOString() } : undefined,
    };
  }

  async auditEntries(query: { from?: Date; to?: Date; entity_id?: string; limit?: number }): Promise<ChainedEntry[]> {
    return this.audit.entries({ ...query, descending: true, limit: query.limit ?? 200 });
  }
}

function historyItem(e: ChainedEntry) {
  return { seq: e.seq, at: e.at, actor: e.actor, action: e.action, reason: e.reason, data: e.data };
}
