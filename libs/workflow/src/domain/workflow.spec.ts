import { parseRules } from '@closegap/contract';
import type { ExceptionRecord } from '@closegap/domain';
import {
  DEFAULT_SLA_POLICY,
  TrackedException,
  adjustmentKindsFor,
  agingBuckets,
  allowedActions,
  buildDigest,
  can,
  canActOn,
  checkApproval,
  mergeAliasesIntoRules,
  planIngest,
  recoveryStats,
  recoveryTotals,
  slaFor,
  transition,
  validateProposal,
} from './index';

const record = (patch: Partial<ExceptionRecord> = {}): ExceptionRecord => ({
  exception_id: 'EX-1',
  category: 'UNBILLED_TIME',
  severity: 'medium',
  client_id: 'C1',
  client_name: 'Allied',
  timesheet_id: 'T1',
  rate_type: 'standard',
  value_at_risk: '1200.00',
  currency: 'USD',
  retroactive: false,
  recurring: false,
  owner_team: 'billing',
  suggested_action: 'Invoice 8 hours',
  source: 'timesheets',
  ...patch,
});
const tracked = (patch: Partial<TrackedException> & { record?: ExceptionRecord } = {}): TrackedException => {
  const r = patch.record ?? record();
  return { exception_id: r.exception_id, category: r.category, status: 'open', record: r, ...patch };
};
const run = { run_id: 'run-2', started_at: '2026-03-20T10:00:00Z', finished_at: '2026-03-20T10:00:01Z', duration_ms: 1000, as_of: '2026-03-15', rules_hash: 'abc123abc123abc', input_hashes: { invoices: 'f00dfeedbeef00' } };

describe('state machine', () => {
  it('allows the documented moves only', () => {
    expect(allowedActions('open')).toEqual(['acknowledge', 'resolve', 'dismiss']);
    expect(allowedActions('dismissed')).toEqual(['reopen']);
    expect(transition('open', { action: 'acknowledge' })).toEqual({ from: 'open', to: 'acknowledged', note: undefined });
    expect(() => transition('resolved', { action: 'acknowledge' })).toThrow('cannot acknowledge an exception that is resolved');
  });

  it('needs a listed reason and free text to dismiss', () => {
    expect(() => transition('open', { action: 'dismiss', note: 'x' })).toThrow(/reason from the list/);
    expect(() => transition('open', { action: 'dismiss', reason: 'because', note: 'x' })).toThrow(/reason from the list/);
    expect(() => transition('open', { action: 'dismiss', reason: 'false_positive', note: '  ' })).toThrow(/free text/);
    expect(transition('acknowledged', { action: 'dismiss', reason: 'false_positive', note: 'rate agreed by email' })).toMatchObject({ to: 'dismissed', dismissalReason: 'false_positive' });
  });

  it('needs a note to resolve', () => {
    expect(() => transition('open', { action: 'resolve' })).toThrow(/needs a note/);
  });
});

describe('SLA and aging', () => {
  const opened = new Date('2026-03-01T00:00:00Z');
  it('puts high values on a one-day clock', () => {
    const sla = slaFor({ value_at_risk: '12000', opened_at: opened, status: 'open' }, new Date('2026-03-02T06:00:00Z'));
    expect(sla).toMatchObject({ tier: 'urgent', breached: true, overdue_hours: 6 });
  });
  it('gives a small exception three days plus a day', () => {
    const sla = slaFor({ value_at_risk: '100', opened_at: opened, status: 'open' }, new Date('2026-03-04T12:00:00Z'));
    expect(sla?.due_at.toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(sla?.breached).toBe(false);
  });
  it('never breaches a closed exception', () => {
    expect(slaFor({ value_at_risk: '12000', opened_at: opened, status: 'resolved' }, new Date('2026-04-01'))?.breached).toBe(false);
  });
  it('buckets active exceptions by age', () => {
    const now = new Date('2026-03-10T00:00:00Z');
    const rows = agingBuckets(
      [
        { value_at_risk: '10', opened_at: new Date('2026-03-09T12:00:00Z'), status: 'open' },
        { value_at_risk: '20', opened_at: new Date('2026-03-05T00:00:00Z'), status: 'acknowledged' },
        { value_at_risk: '30', opened_at: new Date('2026-01-01T00:00:00Z'), status: 'open' },
        { value_at_risk: '99', opened_at: new Date('2026-01-01T00:00:00Z'), status: 'dismissed' },
      ],
      now,
      DEFAULT_SLA_POLICY,
    );
    expect(rows.map((r) => [r.label, r.count, r.value_at_risk, r.breached])).toEqual([
      ['0-1 days', 1, '10.00', 0],
      ['1-3 days', 0, '0.00', 0],
      ['3-7 days', 1, '20.00', 1],
      ['7-14 days', 0, '0.00', 0],
      ['14-30 days', 0, '0.00', 0],
      ['30+ days', 1, '30.00', 1],
    ]);
  });
});

describe('adjustments (maker-checker)', () => {
  it('fits the kind to the exception', () => {
    expect(adjustmentKindsFor(record())).toEqual(['supplemental_invoice']);
    expect(adjustmentKindsFor(record({ category: 'DUPLICATE_INVOICE' }))).toEqual(['credit_note']);
    expect(adjustmentKindsFor(record({ category: 'BILL_RATE_VARIANCE', expected: '50.00', actual: '45.00' }))).toEqual(['supplemental_invoice', 'rate_correction']);
    expect(adjustmentKindsFor(record({ category: 'PAY_RATE_VARIANCE' }))).toEqual([]);
  });
  it('checks the amount against the value at risk', () => {
    expect(validateProposal(record(), { kind: 'supplemental_invoice', amount: '1200.00', note: 'wk 11' }).amount.toFixed(2)).toBe('1200.00');
    expect(() => validateProposal(record(), { kind: 'supplemental_invoice', amount: '1200.02', note: 'x' })).toThrow(/exceeds/);
    expect(() => validateProposal(record(), { kind: 'supplemental_invoice', amount: '-5', note: 'x' })).toThrow(/positive/);
    expect(() => validateProposal(record(), { kind: 'credit_note', amount: '5', note: 'x' })).toThrow(/does not fit/);
    expect(() => validateProposal(record({ category: 'CONTRACT_DRIFT', expected: '50', actual: '45' }), { kind: 'rate_correction', amount: '5', note: 'x' })).toThrow(/new rate/);
  });
  it('never lets the maker approve', () => {
    expect(() => checkApproval({ status: 'proposed', proposed_by: 'ann' }, 'ann')).toThrow(/maker-checker/);
    expect(() => checkApproval({ status: 'approved', proposed_by: 'ann' }, 'bob')).toThrow(/already approved/);
    expect(() => checkApproval({ status: 'proposed', proposed_by: 'ann' }, 'bob')).not.toThrow();
  });
});

describe('ingest: runs and events behind one interface', () => {
  it('opens new, updates changed, closes missing and reopens returning exceptions', () => {
    const state = new Map<string, TrackedException>([
      ['EX-1', tracked()],
      ['EX-2', tracked({ record: record({ exception_id: 'EX-2', value_at_risk: '5.00' }) })],
      ['EX-3', tracked({ record: record({ exception_id: 'EX-3' }), status: 'resolved' })],
      ['EX-4', tracked({ record: record({ exception_id: 'EX-4' }), status: 'acknowledged' })],
      ['EX-5', tracked({ record: record({ exception_id: 'EX-5', category: 'PAY_RATE_VARIANCE' }) })],
      ['EX-6', tracked({ record: record({ exception_id: 'EX-6' }), status: 'dismissed' })],
    ]);
    const plan = planIngest(state, {
      kind: 'run',
      run,
      exceptions: [record(), record({ exception_id: 'EX-2', value_at_risk: '7.00' }), record({ exception_id: 'EX-3' }), record({ exception_id: 'EX-9' })],
      not_checked: ['PAY_RATE_VARIANCE'],
    });
    expect(plan.open.map((o) => o.record.exception_id)).toEqual(['EX-9']);
    expect(plan.update).toEqual([{ record: expect.objectContaining({ exception_id: 'EX-2' }), changed: ['value_at_risk'] }]);
    expect(plan.reopen.map((r) => r.record.exception_id)).toEqual(['EX-3']);
    expect(plan.autoClose.map((c) => c.exception_id)).toEqual(['EX-4']);
    expect(plan.autoClose[0].evidence).toContain('run run-2 as of 2026-03-15');
    expect(plan.autoClose[0].evidence).toContain('invoices f00dfeedbeef');
    expect(plan.unchanged).toBe(1);
  });

  it('applies events in sequence and ignores stale ones', () => {
    const state = new Map([['EX-1', tracked({ sequence: 3 })]]);
    const event = (type: 'opened' | 'updated' | 'closed', sequence: number) => ({
      kind: 'event' as const,
      event: { schema: 'closegap.exception-event' as const, version: 1 as const, event_id: `EX-1:${sequence}`, type, sequence, occurred_at: '2026-03-20T00:00:00Z', exception: record() },
    });
    expect(planIngest(state, event('updated', 2)).ignored).toBe(true);
    expect(planIngest(state, event('closed', 4)).autoClose).toHaveLength(1);
    const reopened = planIngest(new Map([['EX-1', tracked({ status: 'resolved', sequence: 4 })]]), event('opened', 5));
    expect(reopened.reopen).toHaveLength(1);
    expect(reopened.sequence).toEqual({ exception_id: 'EX-1', sequence: 5 });
  });
});

describe('recovery ledger', () => {
  it('reports value found, recovered and written off and the median time to fix', () => {
    const found = [
      { exception_id: 'A', client_id: 'C1', client_name: 'Allied', value_at_risk: '100.00', first_seen_at: new Date('2026-03-01T00:00:00Z') },
      { exception_id: 'B', client_id: 'C1', client_name: 'Allied', value_at_risk: '50.00', first_seen_at: new Date('2026-03-05T00:00:00Z') },
      { exception_id: 'C', client_id: 'C2', client_name: 'Borg', value_at_risk: '30.00', first_seen_at: new Date('2026-04-01T00:00:00Z') },
    ];
    const ledger = [
      { exception_id: 'A', client_id: 'C1', client_name: 'Allied', outcome: 'recovered' as const, value_found: '100', amount: '100.00', discrepancy_at: new Date('2026-03-01T00:00:00Z'), fixed_at: new Date('2026-03-11T00:00:00Z') },
      { exception_id: 'B', client_id: 'C1', client_name: 'Allied', outcome: 'written_off' as const, value_found: '50', amount: '50.00', discrepancy_at: new Date('2026-03-05T00:00:00Z'), fixed_at: new Date('2026-03-07T00:00:00Z') },
      { exception_id: 'C', client_id: 'C2', client_name: 'Borg', outcome: 'invoice_raised' as const, value_found: '30', amount: '30.00', discrepancy_at: new Date('2026-04-01T00:00:00Z') },
    ];
    expect(recoveryStats(found, ledger, 'month')).toEqual([
      expect.objectContaining({ key: '2026-04', value_found: '30.00', value_recovered: '0.00', fixed: 0, median_days_to_fix: undefined }),
      expect.objectContaining({ key: '2026-03', value_found: '150.00', value_recovered: '100.00', value_written_off: '50.00', fixed: 2, median_days_to_fix: 6 }),
    ]);
    expect(recoveryStats(found, ledger, 'client').map((r) => r.label)).toEqual(['Allied', 'Borg']);
    expect(recoveryTotals(found, ledger)).toMatchObject({ value_found: '180.00', value_recovered: '100.00', value_written_off: '50.00', median_days_to_fix: 6 });
  });
});

describe('aliases into the rules file', () => {
  it('merges confirmed aliases and keeps the rest of the file', () => {
    const text = '# business rules\nmargin_floor_pct: 20\naliases:\n  timesheets:\n    ALP: C0042\n';
    const merged = mergeAliasesIntoRules(text, [
      { system: 'timesheets', external: 'Allied Log.', target_id: 'C0042' },
      { system: 'invoices', external: 'Borg & Co', target_id: 'C0007' },
      { system: 'workers', external: 'W17|Smith, John', target_id: 'CAND9' },
    ]);
    expect(merged).toContain('# business rules');
    const rules = parseRules(merged);
    expect(rules.marginFloorPct.toString()).toBe('20');
    expect(Object.fromEntries(rules.aliases.timesheets)).toEqual({ ALP: 'C0042', 'Allied Log.': 'C0042' });
    expect(rules.aliases.invoices.get('Borg & Co')).toBe('C0007');
    expect(rules.aliases.workers.get('W17')).toBe('CAND9');
    expect(parseRules(mergeAliasesIntoRules(undefined, [{ system: 'invoices', external: 'X', target_id: 'C1' }])).aliases.invoices.get('X')).toBe('C1');
  });
});

describe('access', () => {
  it('keeps approvals with the finance lead and the auditor read-only', () => {
    expect(can('finance_lead', 'adjustments.approve')).toBe(true);
    expect(can('billing', 'adjustments.approve')).toBe(false);
    expect(can('auditor', 'exceptions.act')).toBe(false);
    expect(can('auditor', 'audit.read')).toBe(true);
    expect(canActOn({ username: 'b', role: 'billing' }, { owner_team: 'payroll' })).toBe(false);
    expect(canActOn({ username: 'b', role: 'billing' }, { owner_team: 'billing' })).toBe(true);
    expect(canActOn({ username: 'o', role: 'operations' }, { owner_team: 'payroll' })).toBe(true);
  });
});

describe('digest', () => {
  it('is Block Kit with counts, escalations, top items and not-checked sources', () => {
    const item = { exception_id: 'EX-1', category: 'UNBILLED_TIME', client_name: 'A<b>', owner_team: 'billing', value_at_risk: '12000.00', currency: 'USD', suggested_action: 'Invoice it', age_days: 4.2, sla_breached: true, overdue_hours: 30 };
    const msg = buildDigest({
      generated_at: new Date('2026-03-20T08:00:00Z'),
      console_url: 'http://console',
      open_count: 3,
      acknowledged_count: 1,
      value_at_risk: '12500.00',
      by_owner: [{ owner_team: 'billing', count: 4, value_at_risk: '12500.00', breached: 1 }],
      top: [item],
      breached: [item],
      not_checked: [{ category: 'PAY_RATE_VARIANCE', reason: 'pay_lines.csv missing' }],
    });
    expect(msg.text).toBe('Closegap digest 2026-03-20: 4 active exceptions, $12,500.00 at risk, 1 SLA breached');
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Closegap daily digest \u2014 2026-03-20', emoji: true } });
    const all = JSON.stringify(msg.blocks);
    expect(all).toContain('Escalations: 1 SLA breached');
    expect(all).toContain('A&lt;b&gt;');
    expect(all).toContain('<http://console/exceptions/EX-1|EX-1>');
    expect(all).toContain('PAY_RATE_VARIANCE: pay_lines.csv missing');
  });
});
