import { CATEGORIES } from '@closegap/domain';
import type { ChainedEntry } from '@closegap/audit';
import type { ExceptionFilter, ExceptionListItem, SessionUser, WorkflowQueries } from '@closegap/workflow';
import { ADJUSTMENT_KINDS, DISMISSAL_REASONS, RECOVERY_OUTCOMES, can } from '@closegap/workflow';
import { barChart, doughnut, trendChart } from './charts';
import { days, label, money, when } from './format';
import { Safe, html } from './html';

type Overview = Awaited<ReturnType<WorkflowQueries['overview']>>;
type Detail = NonNullable<Awaited<ReturnType<WorkflowQueries['exceptionDetail']>>>;
type Approvals = Awaited<ReturnType<WorkflowQueries['approvals']>>;
type Reviews = Awaited<ReturnType<WorkflowQueries['identityReviews']>>;
type Aliases = Awaited<ReturnType<WorkflowQueries['aliasList']>>;
type Runs = Awaited<ReturnType<WorkflowQueries['runs']>>;

const OWNERS = ['billing', 'payroll', 'account_management', 'operations'];

export function loginView(next: string, error?: string): Safe {
  return html`<div class="login card">
  <h2>Sign in</h2>
  ${error ? html`<p class="error" data-testid="login-error">${error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="next" value="${next}">
    <label>Username <input name="username" autocomplete="username" required autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form></div>`;
}

function kpi(k: string, v: string, testid: string, bad = false): Safe {
  return html`<div class="card kpi ${bad ? 'bad' : ''}" data-testid="${testid}"><div class="k">${k}</div><div class="v">${v}</div></div>`;
}

export function overviewView(o: Overview): Safe {
  const run = o.latest_run;
  const exceptionCells = run ? run.cells - run.cells_matched : 0;
  const num = (s: string) => Number(s);
  return html`
  <section class="grid kpis">
    ${kpi('Value at risk', money(o.value_at_risk), 'kpi-var')}
    ${kpi('Leakage rate', o.leakage_rate_pct !== undefined ? `${o.leakage_rate_pct}%` : 'n/a', 'kpi-leakage')}
    ${kpi('Active exceptions', String(o.active), 'kpi-active')}
    ${kpi('SLA breached', String(o.breached), 'kpi-breached', o.breached > 0)}
    ${kpi('Value found', money(o.recovery.totals.value_found), 'kpi-found')}
    ${kpi('Value recovered', money(o.recovery.totals.value_recovered), 'kpi-recovered')}
    ${kpi('Written off', money(o.recovery.totals.value_written_off), 'kpi-written-off')}
    ${kpi('Median days to fix', o.recovery.totals.median_days_to_fix !== undefined ? String(o.recovery.totals.median_days_to_fix) : 'n/a', 'kpi-median')}
  </section>
  <section class="grid two">
    <div class="card"><h2>Value at risk by category</h2>${barChart('Value at risk by category', o.by_category.map((c) => label(c.key)), o.by_category.map((c) => num(c.value_at_risk)), { horizontal: true })}</div>
    <div class="card"><h2>Value at risk by owner team</h2>${doughnut('Value at risk by owner', o.by_owner.map((c) => label(c.key)), o.by_owner.map((c) => num(c.value_at_risk)))}</div>
    <div class="card"><h2>Trend by run</h2>${trendChart(o.trend.map((t) => `${t.as_of} (${t.run_id.slice(4, 10)})`), o.trend.map((t) => t.exceptions), o.trend.map((t) => num(t.value_at_risk)))}</div>
    <div class="card"><h2>Matched vs exceptions (latest run)</h2>${
      run
        ? doughnut('Matched vs exceptions', ['Matched cells', 'Cells with exceptions'], [run.cells_matched, exceptionCells], ['#3a9d7a', '#c44e52'])
        : html`<p class="muted">No run yet.</p>`
    }</div>
    <div class="card"><h2>Aging of active exceptions</h2>${barChart('Aging buckets', o.aging.map((a) => a.label), o.aging.map((a) => a.count), { color: '#e07b39' })}
      <table><thead><tr><th>Age</th><th class="num">Count</th><th class="num">Value</th><th class="num">SLA breached</th></tr></thead><tbody>
      ${o.aging.map((a) => html`<tr><td>${a.label}</td><td class="num">${a.count}</td><td class="num">${money(a.value_at_risk)}</td><td class="num">${a.breached}</td></tr>`)}
      </tbody></table></div>
  </section>
  <section class="grid two">
    <div class="card"><h2>Recovery by month</h2>${recoveryTable(o.recovery.by_month, 'Month')}</div>
    <div class="card"><h2>Recovery by client</h2>${recoveryTable(o.recovery.by_client, 'Client')}</div>
  </section>
  ${run && run.not_checked.length ? html`<section class="card"><h2>Not checked in the latest run</h2><ul>${run.not_checked.map((n) => html`<li>${label(n.category)}: ${n.reason}</li>`)}</ul></section>` : ''}`;
}

function recoveryTable(rows: Overview['recovery']['by_month'], first: string): Safe {
  if (rows.length === 0) return html`<p class="muted">Nothing yet.</p>`;
  return html`<div class="scroll"><table><thead><tr><th>${first}</th><th class="num">Found</th><th class="num">Recovered</th><th class="num">Corrected</th><th class="num">Written off</th><th class="num">Disputed</th><th class="num">Median days to fix</th></tr></thead><tbody>
  ${rows.map((r) => html`<tr><td>${r.label}</td><td class="num">${money(r.value_found)}</td><td class="num">${money(r.value_recovered)}</td><td class="num">${money(r.value_corrected)}</td><td class="num">${money(r.value_written_off)}</td><td class="num">${money(r.value_disputed)}</td><td class="num">${r.median_days_to_fix ?? ''}</td></tr>`)}
  </tbody></table></div>`;
}

function statusPill(status: string): Safe {
  return html`<span class="pill ${status}">${status}</span>`;
}

export function listView(result: { total: number; total_value: string; items: ExceptionListItem[] }, f: ExceptionFilter, clients: { client_id: string; name: string }[]): Safe {
  const params = (patch: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    const all: Record<string, string | number | undefined> = { ...(f as Record<string, string | number | undefined>), ...patch };
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') p.set(k, String(v));
    return '/exceptions?' + p.toString();
  };
  const sortLink = (key: NonNullable<ExceptionFilter['sort']>, text: string, cls = '') => {
    const current = (f.sort ?? 'value') === key;
    const dir = current && f.dir !== 'asc' ? 'asc' : 'desc';
    const arrow = current ? (f.dir === 'asc' ? ' \u2191' : ' \u2193') : '';
    return html`<th class="${cls}"><a href="${params({ sort: key, dir, offset: undefined })}" data-testid="sort-${key}">${text}${arrow}</a></th>`;
  };
  const opt = (value: string, text: string, current?: string) => html`<option value="${value}" ${current === value ? new Safe('selected') : ''}>${text}</option>`;
  const limit = f.limit ?? 100;
  const offset = f.offset ?? 0;
  return html`
  <form class="filters" method="get" action="/exceptions" data-testid="filters">
    <label>Category <select name="category"><option value="">All</option>${CATEGORIES.map((c) => opt(c, label(c), f.category))}</select></label>
    <label>Owner <select name="owner"><option value="">All</option>${OWNERS.map((o) => opt(o, label(o), f.owner))}</select></label>
    <label>Client <input name="client" list="clients" value="${f.client ?? ''}" placeholder="name or id"></label>
    <datalist id="clients">${clients.map((c) => html`<option value="${c.name}"></option>`)}</datalist>
    <label>Status <select name="status">${opt('active', 'Open + acknowledged', f.status)}${['open', 'acknowledged', 'resolved', 'dismissed', 'all'].map((s) => opt(s, label(s), f.status))}</select></label>
    <label>Min value <input name="min_value" type="number" step="0.01" min="0" value="${f.min_value ?? ''}" style="width:110px"></label>
    <label>Max value <input name="max_value" type="number" step="0.01" min="0" value="${f.max_value ?? ''}" style="width:110px"></label>
    <label>Min age (days) <input name="min_age_days" type="number" min="0" value="${f.min_age_days ?? ''}" style="width:90px"></label>
    <label>Max age (days) <input name="max_age_days" type="number" min="0" value="${f.max_age_days ?? ''}" style="width:90px"></label>
    <input type="hidden" name="sort" value="${f.sort ?? ''}"><input type="hidden" name="dir" value="${f.dir ?? ''}">
    <button type="submit">Filter</button> <a href="/exceptions">Clear</a>
  </form>
  <p data-testid="list-total"><strong>${result.total}</strong> exceptions, ${money(result.total_value)} at risk</p>
  <div class="scroll"><table data-testid="exception-table"><thead><tr>
    <th>Exception</th>${sortLink('category', 'Category')}${sortLink('severity', 'Severity')}${sortLink('client', 'Client')}${sortLink('owner', 'Owner')}${sortLink('value', 'Value at risk', 'num')}${sortLink('age', 'Age', 'num')}${sortLink('status', 'Status')}<th>SLA</th><th>Suggested action</th>
  </tr></thead><tbody>
  ${result.items.map(
    (i) => html`<tr data-exception="${i.exception_id}">
      <td class="id"><a href="/exceptions/${encodeURIComponent(i.exception_id)}">${i.exception_id}</a></td>
      <td>${label(i.category)}</td><td><span class="pill ${i.severity}">${i.severity}</span></td>
      <td>${i.client_name ?? html`<span class="muted">unresolved</span>`}</td><td>${label(i.owner_team)}</td>
      <td class="num" data-value="${i.value_at_risk}">${money(i.value_at_risk, i.currency)}</td><td class="num">${days(i.age_days)}</td><td>${statusPill(i.status)}</td>
      <td>${i.sla?.breached ? html`<span class="pill breached">breached</span>` : i.sla ? html`<span class="muted">due ${when(i.sla.due_at)}</span>` : ''}</td>
      <td>${i.suggested_action}</td></tr>`,
  )}
  </tbody></table></div>
  <div class="pager">${offset > 0 ? html`<a href="${params({ offset: Math.max(0, offset - limit) })}">\u2190 previous</a>` : ''}
    <span class="muted">${result.total ? `${offset + 1}\u2013${Math.min(offset + limit, result.total)} of ${result.total}` : ''}</span>
    ${offset + limit < result.total ? html`<a href="${params({ offset: offset + limit })}">next \u2192</a>` : ''}</div>`;
}

/** Column orders (jsonb does not keep key order). */
const EVIDENCE_COLUMNS: Record<string, string[]> = {
  'evidence-rates': ['rate_type', 'level', 'bill_rate', 'pay_rate', 'effective_from', 'effective_to', 'agreed_on', 'in_force'],
  'evidence-timesheets': ['work_date', 'rate_type', 'units', 'status', 'timesheet_id', 'line_id'],
  'evidence-invoices': ['invoice_number', 'line_no', 'invoice_date', 'period', 'rate_type', 'quantity', 'unit_price', 'amount', 'currency', 'status'],
  'evidence-pay': ['pay_run_id', 'line_id', 'pay_date', 'period_end', 'rate_type', 'units', 'pay_rate', 'amount'],
  'evidence-credits': ['credit_number', 'credit_date', 'invoice_number', 'amount', 'currency', 'memo'],
};
const PLACEMENT_FIELDS = ['placement_id', 'candidate', 'job_title', 'type', 'dates', 'status', 'consultant', 'currency', 'fee'];
const CLIENT_FIELDS = ['client_id', 'name', 'account_manager', 'currency'];

function ordered(obj: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
}

function rowsTable(rows: Record<string, string>[], testid: string): Safe {
  if (rows.length === 0) return html`<p class="muted" data-testid="${testid}">none</p>`;
  const cols = (EVIDENCE_COLUMNS[testid] ?? Object.keys(rows[0])).filter((c) => rows.some((r) => r[c]));
  return html`<div class="scroll"><table data-testid="${testid}"><thead><tr>${cols.map((c) => html`<th>${label(c)}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${cols.map((c) => html`<td>${r[c]}</td>`)}</tr>`)}</tbody></table></div>`;
}

function fields(obj: Record<string, string | undefined | null>): Safe {
  return html`<dl class="fields">${Object.entries(obj)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => html`<dt>${label(k)}</dt><dd>${v}</dd>`)}</dl>`;
}

export function detailView(d: Detail, user: SessionUser): Safe {
  const r = d.record;
  const id = encodeURIComponent(d.exception_id);
  const ev = d.evidence;
  const canPropose = can(user.role, 'adjustments.propose') && d.adjustment_kinds.length > 0;
  return html`
  <section class="grid kpis">
    ${kpi('Status', d.status, 'detail-status')}
    ${kpi('Value at risk', money(d.value_at_risk, d.currency), 'detail-value')}
    ${kpi('Age', days(d.age_days), 'detail-age')}
    ${kpi('SLA', d.sla ? (d.sla.breached ? `breached (${d.sla.tier})` : `due ${when(d.sla.due_at)}`) : 'n/a', 'detail-sla', d.sla?.breached)}
  </section>
  <section class="grid two">
    <div class="card"><h2>${label(r.category)} <span class="pill ${r.severity}">${r.severity}</span> ${statusPill(d.status)}</h2>
      ${fields({
        client: r.client_name ? `${r.client_name} (${r.client_id ?? ''})` : undefined,
        owner_team: label(r.owner_team),
        assignee: d.assignee,
        placement: r.placement_id,
        worker: r.worker_name,
        week_ending: r.week_ending,
        rate_type: r.rate_type,
        timesheet: r.timesheet_id,
        invoice: r.invoice_number ? `${r.invoice_number}${r.line_no ? ` line ${r.line_no}` : ''}` : undefined,
        credit_note: r.credit_number,
        pay_line: r.pay_run_id ? `${r.pay_run_id} / ${r.line_id ?? ''}` : undefined,
        expected: r.expected,
        actual: r.actual,
        units: r.units,
        retroactive: r.retroactive ? 'yes' : undefined,
        recurring: r.recurring ? 'yes' : undefined,
        source: r.record_id ? `${r.source} ${r.record_id}` : r.source,
        detail: r.detail,
        first_seen: when(d.first_seen_at),
        last_seen: `${when(d.last_seen_at)}${d.last_run_id ? ` (${d.last_run_id})` : ''}`,
        dismissal_reason: d.dismissal_reason ? DISMISSAL_REASONS[d.dismissal_reason as keyof typeof DISMISSAL_REASONS] ?? d.dismissal_reason : undefined,
        status_note: d.status_note ? `${d.status_note} \u2014 ${d.status_by ?? ''}` : undefined,
        recovery: d.ledger ? `${RECOVERY_OUTCOMES[d.ledger.outcome]}: ${money(d.ledger.amount, d.ledger.currency)}` : undefined,
      })}
      <p><strong>Suggested action:</strong> <span data-testid="suggested-action">${r.suggested_action}</span></p>
    </div>
    <div class="card actions" data-testid="actions"><h2>Actions</h2>
      ${d.actions.length === 0 && !canPropose ? html`<p class="muted" data-testid="no-actions">No actions for you on this exception.</p>` : ''}
      ${d.actions.includes('acknowledge') ? html`<form data-api="/api/exceptions/${id}/actions" data-extra='{"action":"acknowledge"}' data-done="Acknowledged." data-testid="form-acknowledge"><button type="submit">Acknowledge</button></form>` : ''}
      ${d.actions.includes('resolve') ? html`<form data-api="/api/exceptions/${id}/actions" data-extra='{"action":"resolve"}' data-done="Resolved." data-testid="form-resolve"><label>What was done <textarea name="note" required></textarea></label><button type="submit">Resolve</button></form>` : ''}
      ${
        d.actions.includes('dismiss')
          ? html`<form data-api="/api/exceptions/${id}/actions" data-extra='{"action":"dismiss"}' data-done="Dismissed." data-testid="form-dismiss">
        <label>Dismissal reason <select name="reason" required><option value="">Choose\u2026</option>${Object.entries(DISMISSAL_REASONS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select></label>
        <label>Explanation <textarea name="note" required></textarea></label><button type="submit" class="danger">Dismiss</button></form>`
          : ''
      }
      ${
        d.actions.length > 0
          ? html`<form data-api="/api/exceptions/${id}/assign" data-done="Assigned." data-testid="form-assign" style="flex-direction:row;align-items:flex-end">
        <label style="flex:1">Assignee (username) <input name="assignee" value="${d.assignee ?? ''}" placeholder="${user.username}"></label><button type="submit" class="secondary">Assign</button></form>`
          : ''
      }
      ${d.actions.includes('reopen') ? html`<form data-api="/api/exceptions/${id}/actions" data-extra='{"action":"reopen"}' data-done="Reopened." data-testid="form-reopen"><label>Why <textarea name="note" required></textarea></label><button type="submit" class="secondary">Reopen</button></form>` : ''}
      ${
        canPropose
          ? html`<form data-api="/api/exceptions/${id}/adjustments" data-done="Adjustment proposed: it now waits for a finance lead's approval." data-testid="form-propose">
        <h2>Propose an adjustment</h2>
        <label>Kind <select name="kind">${d.adjustment_kinds.map((k) => html`<option value="${k}">${ADJUSTMENT_KINDS[k]}</option>`)}</select></label>
        <label>Amount (at most ${money(d.value_at_risk, d.currency)}) <input name="amount" type="number" step="0.01" min="0.01" max="${d.value_at_risk}" value="${d.value_at_risk}" required></label>
        ${d.adjustment_kinds.includes('rate_correction') ? html`<label>New rate (rate corrections) <input name="new_rate" type="number" step="0.0001" min="0"></label>` : ''}
        <label>Note <textarea name="note" required></textarea></label><button type="submit">Propose</button></form>`
          : ''
      }
    </div>
  </section>
  <section class="card evidence" data-testid="evidence"><h2>Evidence from each system</h2>
    ${
      ev
        ? html`<div class="grid evidence-grid">
      <div><h3>CRM: placement and rate in force</h3>${ev.crm ? html`<div class="grid evidence-grid">${fields(ordered(ev.crm.placement, PLACEMENT_FIELDS))}${fields(ordered(ev.crm.client, CLIENT_FIELDS))}</div><br>${rowsTable(ev.crm.rates, 'evidence-rates')}` : html`<p class="muted">no placement</p>`}</div>
      <div><h3>Timesheet lines</h3>${rowsTable(ev.timesheet_lines, 'evidence-timesheets')}</div>
      <div><h3>Invoice lines</h3>${rowsTable(ev.invoice_lines, 'evidence-invoices')}${ev.credit_notes.length ? html`<h3>Credit notes</h3>${rowsTable(ev.credit_notes, 'evidence-credits')}` : ''}</div>
      <div><h3>Pay lines</h3>${rowsTable(ev.pay_lines, 'evidence-pay')}</div>
    </div>${ev.truncated ? html`<p class="muted">Lists cut at 40 lines.</p>` : ''}`
        : html`<p class="muted">This exception came from an event or an imported run: the evidence is the record above.</p>`
    }
  </section>
  <section class="grid two" style="margin-top:16px">
    <div class="card"><h2>Adjustments</h2>${
      d.adjustments.length
        ? html`<table data-testid="adjustments"><thead><tr><th>#</th><th>Kind</th><th class="num">Amount</th><th>Status</th><th>Proposed by</th><th>Decided by</th></tr></thead><tbody>${d.adjustments.map(
            (a) => html`<tr><td>${a.id}</td><td>${label(a.kind)}</td><td class="num">${money(a.amount, a.currency)}</td><td>${a.status}</td><td>${a.proposed_by}</td><td>${a.decided_by ?? ''}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted">None.</p>`
    }</div>
    <div class="card"><h2>History</h2><table data-testid="history"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Why</th></tr></thead><tbody>
      ${d.history.map((h) => html`<tr><td>${when(h.at)}</td><td>${h.actor}</td><td>${h.action.replace('exception.', '')}</td><td>${h.reason ?? ''}</td></tr>`)}
    </tbody></table></div>
  </section>`;
}

export function approvalsView(pending: Approvals, approved: Approvals, user: SessionUser): Safe {
  const mayApprove = can(user.role, 'adjustments.approve');
  const mayMarkPaid = can(user.role, 'adjustments.mark_paid');
  return html`
  <section class="card" style="margin-bottom:16px"><h2>Waiting for approval (${pending.length})</h2>
  ${
    pending.length
      ? html`<div class="scroll"><table data-testid="approvals"><thead><tr><th>#</th><th>Exception</th><th>Client</th><th>Kind</th><th class="num">Amount</th><th class="num">Value at risk</th><th>Note</th><th>Proposed by</th><th></th></tr></thead><tbody>
    ${pending.map(
      (a) => html`<tr data-adjustment="${a.id}"><td>${a.id}</td><td><a href="/exceptions/${encodeURIComponent(a.exception_id)}">${a.exception_id}</a><br><span class="muted">${label(a.category)}</span></td>
      <td>${a.client_name ?? ''}</td><td>${label(a.kind)}</td><td class="num">${money(a.amount, a.currency)}</td><td class="num">${money(a.value_at_risk)}</td><td>${a.note}</td><td>${a.proposed_by}<br><span class="muted">${when(a.proposed_at)}</span></td>
      <td>${
        mayApprove && a.can_decide
          ? html`<form data-api="/api/adjustments/${a.id}/approve" data-done="Approved." data-testid="approve-${a.id}"><button type="submit">Approve</button></form>
             <form data-api="/api/adjustments/${a.id}/reject" data-done="Rejected."><input name="note" placeholder="why not" required><button type="submit" class="secondary">Reject</button></form>`
          : mayApprove
            ? html`<span class="muted">you proposed it: another person approves</span>`
            : html`<span class="muted">a finance lead approves</span>`
      }</td></tr>`,
    )}</tbody></table></div>`
      : html`<p class="muted" data-testid="no-approvals">Nothing waiting.</p>`
  }</section>
  <section class="card"><h2>Approved, awaiting payment (${approved.length})</h2>
  ${
    approved.length
      ? html`<table data-testid="approved"><thead><tr><th>#</th><th>Exception</th><th>Kind</th><th class="num">Amount</th><th>Proposed by</th><th>Approved by</th><th></th></tr></thead><tbody>
    ${approved.map(
      (a) => html`<tr><td>${a.id}</td><td><a href="/exceptions/${encodeURIComponent(a.exception_id)}">${a.exception_id}</a></td><td>${label(a.kind)}</td><td class="num">${money(a.amount, a.currency)}</td><td>${a.proposed_by}</td><td>${a.decided_by ?? ''}</td>
      <td>${mayMarkPaid && a.kind !== 'credit_note' ? html`<form data-api="/api/adjustments/${a.id}/paid" data-done="Marked paid: recovered."><button type="submit" class="secondary">Mark paid</button></form>` : ''}</td></tr>`,
    )}</tbody></table>`
      : html`<p class="muted">None.</p>`
  }</section>`;
}

export function identityView(reviews: Reviews, aliases: Aliases, user: SessionUser, clients: { client_id: string; name: string }[]): Safe {
  const mayConfirm = can(user.role, 'identity.confirm');
  return html`
  <section class="card" style="margin-bottom:16px"><h2>Unresolved names (${reviews.length})</h2>
  <p class="muted">Confirming a candidate makes the name an alias: the next run resolves it without asking again.</p>
  ${
    reviews.length
      ? html`<div class="scroll"><table data-testid="identity-reviews"><thead><tr><th>Kind</th><th>System</th><th>External name</th><th>Candidates (confidence)</th></tr></thead><tbody>
    ${reviews.map(
      (r) => html`<tr data-external="${r.external}"><td>${r.kind}</td><td>${r.system}</td><td><strong>${r.external}</strong><br><span class="muted">${r.evidence}</span></td><td>
      ${r.candidates.length === 0 ? html`<span class="muted">no candidate</span>` : ''}
      ${r.candidates.map(
        (c) => html`<div style="display:flex;align-items:center;gap:8px;margin:3px 0"><span class="conf" style="width:${Math.round(c.score * 80)}px"></span><span>${c.name} <span class="muted">${c.id} \u00b7 ${Math.round(c.score * 100)}%</span></span>
        ${
          mayConfirm
            ? html`<form data-api="/api/identity/confirm" data-extra="${JSON.stringify({ kind: r.kind, system: r.system, external: r.external, target_id: c.id, target_name: c.name })}" data-done="Alias confirmed: the next run will use it." data-testid="confirm-${r.external}-${c.id}" style="margin:0"><button type="submit" class="secondary">Confirm</button></form>`
            : ''
        }</div>`,
      )}
      ${
        mayConfirm && r.kind === 'client'
          ? html`<form data-api="/api/identity/confirm" data-extra="${JSON.stringify({ kind: r.kind, system: r.system, external: r.external })}" data-done="Alias confirmed: the next run will use it." style="display:flex;gap:6px;margin-top:6px">
            <select name="target_id" required><option value="">Another CRM client…</option>${clients.map((c) => html`<option value="${c.client_id}">${c.name} (${c.client_id})</option>`)}</select><button type="submit" class="secondary">Confirm</button></form>`
          : ''
      }</td></tr>`,
    )}</tbody></table></div>`
      : html`<p class="muted" data-testid="no-reviews">No unresolved names.</p>`
  }</section>
  <section class="card"><h2>Confirmed aliases (${aliases.length})</h2>
  ${
    aliases.length
      ? html`<table data-testid="aliases"><thead><tr><th>System</th><th>External name</th><th>CRM record</th><th>Confirmed by</th><th>When</th></tr></thead><tbody>
    ${aliases.map((a) => html`<tr><td>${a.system}</td><td>${a.external}</td><td>${a.target_name ?? ''} (${a.target_id})</td><td>${a.confirmed_by}</td><td>${when(a.confirmed_at)}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">None yet.</p>`
  }</section>`;
}

export function runsView(runs: Runs): Safe {
  const ordered = [...runs].reverse();
  return html`
  <section class="card" style="margin-bottom:16px"><h2>Exceptions by run</h2>${trendChart(ordered.map((r) => `${r.as_of} #${r.id}`), ordered.map((r) => r.exceptions), ordered.map((r) => Number(r.value_at_risk)))}</section>
  <section class="card"><div class="scroll"><table data-testid="runs"><thead><tr><th>#</th><th>Run</th><th>Kind</th><th>Finished</th><th class="num">Duration</th><th>As of</th><th>Rules</th><th>Inputs (sha256)</th><th class="num">Exceptions</th><th class="num">Value at risk</th><th class="num">Matched</th><th>Effect on the workflow</th><th>Not checked</th></tr></thead><tbody>
  ${runs.map(
    (r) => html`<tr><td>${r.id}</td><td class="id">${r.run_id}</td><td>${r.kind}</td><td>${when(r.finished_at)}</td><td class="num">${r.duration_ms} ms</td><td>${r.as_of}</td><td title="${r.rules_hash}">${r.rules_hash.slice(0, 12)}</td>
    <td class="inputs">${Object.entries(r.inputs).map(([k, v]) => html`<div title="${v.sha256 ?? ''}">${k}: ${v.present ? `${(v.sha256 ?? '').slice(0, 10)} (${v.rows})` : 'absent'}</div>`)}</td>
    <td class="num">${r.exceptions}</td><td class="num">${money(r.value_at_risk)}</td><td class="num">${r.cells_matched}/${r.cells}</td>
    <td>${Object.entries(r.effects).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k.replace('_', ' ')}`).join(', ')}</td>
    <td>${r.not_checked.map((n) => label(n.category)).join(', ')}</td></tr>`,
  )}</tbody></table></div></section>`;
}

export function auditView(entries: ChainedEntry[], verify?: { ok: boolean; checked: number; first_broken?: { seq: number; detail: string } }): Safe {
  return html`
  <section class="card" style="margin-bottom:16px"><h2>Chain</h2>
    ${verify ? html`<p data-testid="verify-result" class="${verify.ok ? '' : 'error'}">${verify.ok ? `Intact: ${verify.checked} entries verified.` : `BROKEN at entry #${verify.first_broken?.seq}: ${verify.first_broken?.detail}`}</p>` : ''}
    <form method="get" action="/audit"><input type="hidden" name="verify" value="1"><button type="submit">Verify the chain</button></form>
    <form method="get" action="/audit" class="filters" style="margin-top:12px">
      <label>From <input type="date" name="from"></label><label>To (exclusive) <input type="date" name="to"></label>
      <label>Entity id <input name="entity_id" placeholder="EX-..., run-..., 12"></label><button type="submit" class="secondary">Show</button></form>
    <p class="muted">Export for auditors: <code>recon audit export --from YYYY-MM-DD --to YYYY-MM-DD --out DIR</code></p></section>
  <section class="card"><div class="scroll"><table data-testid="audit-log"><thead><tr><th>#</th><th>When</th><th>Who</th><th>Action</th><th>Entity</th><th>Why</th><th>Hash</th></tr></thead><tbody>
  ${entries.map((e) => html`<tr><td>${e.seq}</td><td class="when">${when(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.entity_type} ${e.entity_id}</td><td>${e.reason ?? ''}</td><td title="${e.hash}"><code>${e.hash.slice(0, 12)}</code></td></tr>`)}
  </tbody></table></div></section>`;
}
