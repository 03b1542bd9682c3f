import { CATEGORIES, SOURCE_NAMES } from '@closegap/domain';
import type { Dec, ExceptionRecord, MoneyByKey, RunSummary } from '@closegap/domain';
import { barChart } from './charts';
import type { Bar } from './charts';
import {
  CHECK_COUNT,
  NO_EXCEPTIONS_TEXT,
  categoryLabel,
  formatCount,
  formatMs,
  formatPct,
  humanize,
  leakageRate,
  matchRate,
  money,
  primaryCurrency,
  shortHash,
  sortExceptions,
  sortMoneyByKey,
  sortSeverities,
  sumValues,
  toDec,
} from './format';
import { html, raw, SafeHtml } from './html';
import type { HtmlValue } from './html';
import { PACK_CSS } from './styles';

export interface PackInput {
  summary: RunSummary;
  exceptions: ExceptionRecord[];
  generatedAt: string;
  /** default 'Reconciliation pack' */
  title?: string;
  agencyName?: string;
}

export const DEFAULT_TITLE = 'Reconciliation pack';
export const TOP_EXCEPTIONS = 25;
export const TOP_CLIENTS = 15;

const SEVERITY_COLORS: Record<string, string> = { critical: '#c4321f', high: '#d9822b', medium: '#4a7fc1', low: '#98a2b3' };

/** Everything a section needs, computed once. */
interface Ctx {
  summary: RunSummary;
  exceptions: ExceptionRecord[];
  currency: string | undefined;
  totalVar: Dec;
}

/**
 * The reconciliation pack: one self-contained HTML document (inline CSS and SVG, no
 * script, no external resource of any kind, CSP forbids loading one) meant to be read on
 * screen or printed on A4 by a finance director. All data is escaped.
 */
export function renderPack(input: PackInput): string {
  const { summary } = input;
  const title = input.title?.trim() || DEFAULT_TITLE;
  const ctx: Ctx = {
    summary,
    exceptions: input.exceptions,
    currency: primaryCurrency(summary, input.exceptions),
    totalVar: toDec(summary.totals.value_at_risk),
  };
  const docTitle = [title, input.agencyName?.trim(), `as of ${summary.as_of}`].filter(Boolean).join(' \u2013 ');

  const doc = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Closegap ${summary.version}">
<title>${docTitle}</title>
<style>${raw(PACK_CSS)}</style>
</head>
<body>
<main>
${header(ctx, title, input.agencyName, input.generatedAt)}
${headline(ctx)}
${notChecked(ctx)}
${byCategory(ctx)}
${breakdowns(ctx)}
${topExceptions(ctx)}
${runDetails(ctx)}
<footer>Closegap ${summary.version} \u00b7 run ${summary.run_id} \u00b7 generated ${input.generatedAt}. ${summary.currency_note}
This pack is a single self-contained file: it loads nothing from the network. Full detail: exceptions.csv, matches.csv, quarantine.csv, resolution.csv, summary.json.</footer>
</main>
</body>
</html>
`;
  return doc.value;
}

function header(ctx: Ctx, title: string, agencyName: string | undefined, generatedAt: string): SafeHtml {
  const s = ctx.summary;
  return html`<header class="pack">
<div>${agencyName?.trim() ? html`<div class="agency">${agencyName.trim()}</div>` : ''}<h1>${title}</h1>
<div class="muted">Work up to and including <strong>${s.as_of}</strong>${s.data_from ? html` \u00b7 data from ${s.data_from}` : ''}</div></div>
<dl>
<dt>As of</dt><dd>${s.as_of}</dd>
<dt>Run</dt><dd class="mono">${s.run_id}</dd>
<dt>Rules hash</dt><dd class="mono" title="${s.rules_hash}">${shortHash(s.rules_hash)}</dd>
<dt>Generated</dt><dd>${generatedAt}</dd>
<dt>Version</dt><dd>${s.version}</dd>
</dl>
</header>`;
}

function tile(k: string, v: HtmlValue, sub: HtmlValue, cls = '', subCls = ''): SafeHtml {
  return html`<div class="tile ${cls}"><div class="k">${k}</div><div class="v">${v}</div><div class="s ${subCls}">${sub}</div></div>`;
}

function headline(ctx: Ctx): SafeHtml {
  const { summary: s, currency } = ctx;
  const t = s.totals;
  const leak = leakageRate(s);
  const match = matchRate(s);
  const nc = s.not_checked.length;
  const sev = sortSeverities(s.by_severity)
    .filter((r) => r.count > 0)
    .map((r) => `${formatCount(r.count)} ${r.key}`)
    .join(' \u00b7 ');
  return html`<section class="headline" aria-label="Headline figures"><div class="tiles">
${tile(
  'Value at risk',
  money(t.value_at_risk, currency),
  nc > 0 ? `Only the checks that ran: ${nc} of ${CHECK_COUNT} did not` : `All ${CHECK_COUNT} checks ran`,
  'primary',
  nc > 0 ? 'warn' : '',
)}
${tile('Invoiced revenue', money(t.invoiced_revenue, currency), 'Non-void invoice lines in the bundle')}
${tile('Leakage rate', formatPct(leak), 'Value at risk / invoiced revenue')}
${tile('Exceptions', formatCount(t.exceptions), sev || 'None in the checks that ran')}
${tile(
  'Match rate',
  formatPct(match, 1),
  `${formatCount(t.cells_matched)} of ${formatCount(t.cells)} placement \u00b7 week \u00b7 rate cells matched`,
)}
${tile(
  'Quarantined / unresolved',
  `${formatCount(t.quarantined)} / ${formatCount(t.unresolved_records)}`,
  'Records set aside / clients not resolved',
  '',
  t.quarantined > 0 || t.unresolved_records > 0 ? 'warn' : '',
)}
</div>${s.by_currency.length > 1 ? html`<p class="muted">Totals span ${s.by_currency.length} currencies and are shown without a symbol; see value at risk by currency. ${s.currency_note}</p>` : ''}</section>`;
}

function notChecked(ctx: Ctx): SafeHtml {
  const nc = ctx.summary.not_checked;
  if (nc.length === 0) {
    return html`<div class="all-checked" id="all-checked"><strong>All ${CHECK_COUNT} checks ran.</strong> Every input each check needs was present.</div>`;
  }
  const missing = SOURCE_NAMES.filter((n) => ctx.summary.inputs[n] && !ctx.summary.inputs[n].present);
  return html`<section class="not-checked" id="not-checked" role="alert">
<h2>NOT CHECKED \u2013 ${nc.length} of ${CHECK_COUNT} checks did not run</h2>
<p><strong>These checks produced no result, not a clean result.</strong> Value at risk and exception counts in this pack cover only the checks that ran.${
    missing.length ? html` Missing inputs: <strong>${missing.join(', ')}</strong>.` : ''
  }</p>
<table><thead><tr><th>Check</th><th>Category</th><th>Why it did not run</th></tr></thead><tbody>
${nc.map((n) => html`<tr><td>${categoryLabel(n.category)}</td><td class="mono">${n.category}</td><td>${n.reason}</td></tr>`)}
</tbody></table>
</section>`;
}

function share(value: Dec, total: Dec): string {
  return total.gt(0) ? formatPct(value.div(total).times(100), 1) : '-';
}

function moneyBars(rows: readonly MoneyByKey[], label: (r: MoneyByKey) => string, ctx: Ctx, color?: (r: MoneyByKey) => string): Bar[] {
  return rows.map((r) => ({
    label: label(r),
    value: toDec(r.value_at_risk),
    valueLabel: `${money(r.value_at_risk, ctx.currency)} (${formatCount(r.count)})`,
    color: color?.(r),
  }));
}

function noExceptions(ctx: Ctx): SafeHtml {
  const nc = ctx.summary.not_checked.length;
  return html`<p class="empty"><strong>${NO_EXCEPTIONS_TEXT}.</strong>${
    nc > 0 ? html` <span class="missing">${nc} check${nc === 1 ? '' : 's'} did not run: see NOT CHECKED above.</span>` : ''
  }</p>`;
}

function byCategory(ctx: Ctx): SafeHtml {
  const s = ctx.summary;
  const rows = sortMoneyByKey(s.by_category).filter((r) => r.count > 0 || toDec(r.value_at_risk).gt(0));
  const notRun = new Set<string>(s.not_checked.map((n) => n.category));
  const withFindings = new Set(rows.map((r) => r.key));
  // A check that did not run is always in not_checked (contract section 1), so any other
  // category without findings ran and found nothing.
  const ranClean = CATEGORIES.filter((c) => !withFindings.has(c) && !notRun.has(c));
  return html`<section id="by-category">
<h2>Value at risk by category</h2>
${rows.length === 0
    ? noExceptions(ctx)
    : html`${barChart(moneyBars(rows, (r) => categoryLabel(r.key), ctx), { title: 'Value at risk by category' })}
<table><thead><tr><th>Category</th><th class="num">Exceptions</th><th class="num">Value at risk</th><th class="num">Share</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td>${categoryLabel(r.key)} <span class="muted mono">${r.key}</span></td><td class="num">${formatCount(r.count)}</td><td class="num">${money(r.value_at_risk, ctx.currency)}</td><td class="num">${share(toDec(r.value_at_risk), ctx.totalVar)}</td></tr>`,
)}
${s.not_checked.map(
  (n) => html`<tr><td>${categoryLabel(n.category)} <span class="muted mono">${n.category}</span></td><td class="num missing" colspan="3">NOT CHECKED</td></tr>`,
)}
</tbody><tfoot><tr><td>Total</td><td class="num">${formatCount(s.totals.exceptions)}</td><td class="num">${money(s.totals.value_at_risk, ctx.currency)}</td><td></td></tr></tfoot></table>`}
${ranClean.length ? html`<p class="muted">Checks that ran and found nothing: ${ranClean.map(categoryLabel).join(', ')}.</p>` : ''}
</section>`;
}

function moneyTable(rows: readonly MoneyByKey[], ctx: Ctx, head: string, label: (r: MoneyByKey) => HtmlValue, extra: HtmlValue = ''): SafeHtml {
  return html`<table><thead><tr><th>${head}</th><th class="num">Exceptions</th><th class="num">Value at risk</th><th class="num">Share</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><td>${label(r)}</td><td class="num">${formatCount(r.count)}</td><td class="num">${money(r.value_at_risk, ctx.currency)}</td><td class="num">${share(toDec(r.value_at_risk), ctx.totalVar)}</td></tr>`,
)}${extra}</tbody></table>`;
}

function breakdowns(ctx: Ctx): SafeHtml {
  const s = ctx.summary;
  const owners = sortMoneyByKey(s.by_owner);
  const severities = sortSeverities(s.by_severity);
  const clients = sortMoneyByKey(s.by_client);
  const topClients = clients.slice(0, TOP_CLIENTS);
  const rest = clients.slice(TOP_CLIENTS);
  const clientLabel = (r: MoneyByKey & { client_name?: string }): string => r.client_name?.trim() || r.key || '(no client)';
  const restRow = rest.length
    ? html`<tr class="muted"><td>Other ${formatCount(rest.length)} client${rest.length === 1 ? '' : 's'}</td><td class="num">${formatCount(rest.reduce((n, r) => n + r.count, 0))}</td><td class="num">${money(sumValues(rest), ctx.currency)}</td><td class="num">${share(sumValues(rest), ctx.totalVar)}</td></tr>`
    : '';
  const currencies = sortMoneyByKey(s.by_currency);
  const empty = owners.length + severities.length + clients.length === 0;

  return html`<section class="page" id="breakdowns">
<h2>Who owns it, who it concerns, how serious</h2>
${empty
    ? noExceptions(ctx)
    : html`<div class="grid2">
<div id="by-owner"><h3>By owner team</h3>
${owners.length ? html`${barChart(moneyBars(owners, (r) => humanize(r.key), ctx), { title: 'Value at risk by owner team', width: 440, labelWidth: 150, valueWidth: 130 })}
${moneyTable(owners, ctx, 'Team', (r) => humanize(r.key))}` : html`<p class="muted">None.</p>`}
</div>
<div id="by-severity"><h3>By severity</h3>
${severities.length ? html`${barChart(moneyBars(severities, (r) => humanize(r.key), ctx, (r) => SEVERITY_COLORS[r.key] ?? '#98a2b3'), { title: 'Value at risk by severity', width: 440, labelWidth: 150, valueWidth: 130 })}
${moneyTable(severities, ctx, 'Severity', (r) => html`<span class="badge sev-${r.key}">${r.key}</span>`)}` : html`<p class="muted">None.</p>`}
</div>
</div>
<div id="by-client"><h3>By client \u2013 top ${formatCount(Math.min(TOP_CLIENTS, clients.length))} of ${formatCount(clients.length)}</h3>
${topClients.length ? html`${barChart(moneyBars(topClients, clientLabel, ctx), { title: 'Value at risk by client', labelWidth: 300 })}
${moneyTable(topClients, ctx, 'Client', (r) => html`${clientLabel(r)}${r.key && clientLabel(r) !== r.key ? html` <span class="muted mono">${r.key}</span>` : ''}`, restRow)}` : html`<p class="muted">None.</p>`}
</div>
${currencies.length > 1 ? html`<div id="by-currency"><h3>By currency</h3>${moneyTable(currencies, { ...ctx, currency: undefined }, 'Currency', (r) => r.key)}
<p class="muted">Each row is in its own currency; totals across currencies are not converted.</p></div>` : ''}`}
</section>`;
}

function refs(e: ExceptionRecord): string[] {
  const out: string[] = [];
  if (e.invoice_number) out.push(`invoice ${e.invoice_number}${e.line_no ? ` line ${e.line_no}` : ''}`);
  if (e.credit_number) out.push(`credit note ${e.credit_number}`);
  if (e.timesheet_id) out.push(`timesheet ${e.timesheet_id}`);
  if (e.pay_run_id) out.push(`pay run ${e.pay_run_id}${e.line_id ? ` line ${e.line_id}` : ''}`);
  else if (e.line_id && !e.timesheet_id) out.push(`line ${e.line_id}`);
  if (e.placement_id) out.push(`placement ${e.placement_id}`);
  if (e.rate_type) out.push(`rate type ${e.rate_type}`);
  if (e.units) out.push(`${e.units} units`);
  out.push(`source ${e.source}${e.record_id ? ` ${e.record_id}` : ''}`);
  return out;
}

function exceptionRow(e: ExceptionRecord, rank: number, fallbackCurrency: string | undefined): SafeHtml {
  const cur = e.currency || fallbackCurrency;
  const who = [e.worker_name, e.week_ending ? `w/e ${e.week_ending}` : undefined].filter(Boolean).join(' \u00b7 ');
  const hasExpAct = Boolean(e.expected || e.actual);
  return html`<tbody data-exception-id="${e.exception_id}">
<tr><td class="rank num">${rank}</td>
<td><strong>${categoryLabel(e.category)}</strong> <span class="badge sev-${e.severity}">${e.severity}</span>${e.retroactive ? html`<span class="tag">retroactive</span>` : ''}${e.recurring ? html`<span class="tag">recurring</span>` : ''}<br><span class="muted mono">${e.exception_id}</span></td>
<td>${e.client_name || e.client_id || html`<span class="muted">unresolved</span>`}${e.client_name && e.client_id ? html` <span class="muted mono">${e.client_id}</span>` : ''}${who ? html`<br><span class="muted">${who}</span>` : ''}</td>
<td class="exp-act">${hasExpAct ? html`${e.expected || '-'}<span class="arrow">\u2192</span>${e.actual || '-'}` : html`<span class="muted">-</span>`}</td>
<td class="num"><strong>${money(e.value_at_risk, cur)}</strong></td>
<td>${humanize(e.owner_team)}</td></tr>
<tr class="evidence"><td></td><td colspan="5">${e.suggested_action ? html`<span class="lbl">Action:</span> ${e.suggested_action}<br>` : ''}${e.detail ? html`<span class="lbl">Detail:</span> ${e.detail}<br>` : ''}<span class="lbl">Evidence:</span> <span class="muted">${refs(e).join(' \u00b7 ')}</span></td></tr>
</tbody>`;
}

function topExceptions(ctx: Ctx): SafeHtml {
  const sorted = sortExceptions(ctx.exceptions);
  const top = sorted.slice(0, TOP_EXCEPTIONS);
  return html`<section class="page" id="top-exceptions">
<h2>Top ${formatCount(top.length || TOP_EXCEPTIONS)} exceptions by value at risk${sorted.length > top.length ? html` <span class="muted">(of ${formatCount(sorted.length)})</span>` : ''}</h2>
${top.length === 0
    ? noExceptions(ctx)
    : html`<table class="exceptions"><thead><tr><th>#</th><th>Exception</th><th>Client \u00b7 worker \u00b7 week</th><th>Expected \u2192 actual</th><th class="num">Value at risk</th><th>Owner</th></tr></thead>
${top.map((e, i) => exceptionRow(e, i + 1, ctx.currency))}
</table>`}
</section>`;
}

function runDetails(ctx: Ctx): SafeHtml {
  const s = ctx.summary;
  const names = [...SOURCE_NAMES, ...Object.keys(s.inputs).filter((k) => !(SOURCE_NAMES as readonly string[]).includes(k))];
  const inputs = s.inputs as Record<string, RunSummary['inputs'][keyof RunSummary['inputs']] | undefined>;
  let rowsTotal = 0;
  let quarantinedTotal = 0;
  const inputRows = names.map((name) => {
    const i = inputs[name];
    if (!i || !i.present) {
      return html`<tr><td>${name}</td><td class="missing">NOT PROVIDED</td><td class="num">-</td><td class="num">-</td><td class="mono">-</td></tr>`;
    }
    rowsTotal += i.rows;
    quarantinedTotal += i.quarantined;
    return html`<tr><td>${name}</td><td class="mono">${i.file ?? '-'}</td><td class="num">${formatCount(i.rows)}</td><td class="num">${formatCount(i.quarantined)}</td><td class="mono" title="${i.sha256 ?? ''}">${shortHash(i.sha256)}</td></tr>`;
  });
  const id = s.identity;
  const methods = Object.entries(id.by_method).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const timings = Object.entries(s.timings_ms);
  return html`<section class="page" id="run-details">
<h2>Inputs and run details</h2>
<h3>Inputs</h3>
<table id="inputs"><thead><tr><th>Source</th><th>File</th><th class="num">Rows</th><th class="num">Quarantined</th><th>SHA-256</th></tr></thead><tbody>
${inputRows}
</tbody><tfoot><tr><td colspan="2">Total</td><td class="num">${formatCount(rowsTotal)}</td><td class="num">${formatCount(quarantinedTotal)}</td><td></td></tr></tfoot></table>
<p class="muted">Rules hash <span class="mono">${s.rules_hash}</span>. Run started ${s.started_at}.</p>
<div class="grid2">
<div id="identity"><h3>Identity resolution</h3>
<table><tbody>
<tr><td>Decisions</td><td class="num">${formatCount(id.decisions)}</td></tr>
<tr><td>Resolved</td><td class="num">${formatCount(id.resolved)}${id.decisions > 0 ? html` <span class="muted">(${formatPct(toDec(String(id.resolved)).div(id.decisions).times(100), 1)})</span>` : ''}</td></tr>
<tr><td>Unresolved</td><td class="num${id.unresolved > 0 ? ' missing' : ''}">${formatCount(id.unresolved)}</td></tr>
</tbody></table>
${methods.length ? html`<table><thead><tr><th>Method</th><th class="num">Decisions</th></tr></thead><tbody>${methods.map(([m, n]) => html`<tr><td>${humanize(m)}</td><td class="num">${formatCount(n)}</td></tr>`)}</tbody></table>` : ''}
</div>
<div id="timings"><h3>Timings</h3>
${timings.length ? html`<table><thead><tr><th>Stage</th><th class="num">Time</th></tr></thead><tbody>${timings.map(([k, v]) => html`<tr><td>${humanize(k)}</td><td class="num">${formatMs(v)}</td></tr>`)}</tbody></table>` : html`<p class="muted">Not recorded.</p>`}
</div>
</div>
</section>`;
}
