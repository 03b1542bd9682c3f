import type { ExceptionRecord } from '@closegap/domain';
import type { ExceptionChange, StateView } from '@closegap/engine';
import { anInvoiceLine } from '@closegap/testing';
import { ApiKeys, hashApiKey, newApiKey, presentedKey } from './api-keys';
import { alreadySent, invoiceEvents } from './quickbooks';
import { judge } from './verdict';
import type { VerdictPolicy } from './verdict';

const record = (patch: Partial<ExceptionRecord>): ExceptionRecord => ({
  exception_id: `EX-${Math.random().toString(16).slice(2, 18).toUpperCase().padEnd(16, '0')}`,
  category: 'BILL_RATE_VARIANCE',
  severity: 'low',
  value_at_risk: '200.00',
  retroactive: false,
  recurring: false,
  owner_team: 'account_management',
  suggested_action: 'fix it',
  source: 'invoices',
  invoice_number: 'D1',
  ...patch,
});

const policy = (patch: Partial<VerdictPolicy> = {}): VerdictPolicy => ({ blockingCategories: new Set(['BILL_RATE_VARIANCE', 'DUPLICATE_INVOICE']), minSeverity: 'low', minValue: 0, ...patch });
const lines = [anInvoiceLine().invoice('D1', '2026-03-23').week('2026-03-22').priced(40, '50.00').build()];
/** The state after the draft as the engine's view: what was open, with the changes applied. */
function after(before: ExceptionRecord[], changes: ExceptionChange[]): StateView {
  const open = new Map(before.map((e) => [e.exception_id, e]));
  for (const c of changes) {
    if (c.type === 'closed') open.delete(c.exception.exception_id);
    else open.set(c.exception.exception_id, c.exception);
  }
  return {
    onInvoice: (n) => [...open.values()].filter((e) => e.invoice_number === n),
    unbilled: (p, w) => [...open.values()].filter((e) => e.category === 'UNBILLED_TIME' && e.placement_id === p && e.week_ending === w),
    hasPlacement: (id) => id === 'P1',
  };
}
const judgeOn = (input: { before?: ExceptionRecord[]; changes: ExceptionChange[]; policy: VerdictPolicy }) =>
  judge({ invoiceNumber: 'D1', lines, changes: input.changes, policy: input.policy, after: after(input.before ?? [], input.changes) });

describe('verdict policy', () => {
  it('blocks on a blocking category at or above the severity and value thresholds, warns below them', () => {
    const opened = [{ type: 'opened' as const, exception: record({ severity: 'medium', value_at_risk: '600.00' }) }];
    expect(judgeOn({ changes: opened, policy: policy() }).verdict).toBe('block');
    expect(judgeOn({ changes: opened, policy: policy({ minSeverity: 'high' }) }).verdict).toBe('warn');
    expect(judgeOn({ changes: opened, policy: policy({ minValue: 1_000 }) }).verdict).toBe('warn');
  });

  it('warns for other categories and passes when nothing is raised', () => {
    expect(judgeOn({ changes: [{ type: 'opened', exception: record({ category: 'BILLED_NOT_PAID' }) }], policy: policy() }).verdict).toBe('warn');
    expect(judgeOn({ changes: [], policy: policy() }).verdict).toBe('pass');
  });

  it('reports UNBILLED_TIME left open on the covered placement-weeks as missing time, and what closes', () => {
    const unbilled = record({ category: 'UNBILLED_TIME', invoice_number: undefined, placement_id: 'P1', week_ending: '2026-03-22', rate_type: 'overtime', timesheet_id: 'TS1' });
    const elsewhere = record({ category: 'UNBILLED_TIME', invoice_number: undefined, placement_id: 'P9', week_ending: '2026-03-22', timesheet_id: 'TS9' });
    const closed = record({ category: 'UNBILLED_TIME', invoice_number: undefined, placement_id: 'P1', week_ending: '2026-03-22', rate_type: 'standard', timesheet_id: 'TS1' });
    const r = judgeOn({ before: [unbilled, elsewhere, closed], changes: [{ type: 'closed', exception: closed }], policy: policy() });
    expect(r.verdict).toBe('warn');
    expect(r.missing_time).toEqual([unbilled]);
    expect(r.closes).toEqual([closed]);
    expect(r.findings).toEqual([]);
  });

  it('counts exceptions already open on the same invoice number (a re-check of a sent invoice)', () => {
    const open = record({ category: 'DUPLICATE_INVOICE' });
    const r = judgeOn({ before: [open], changes: [], policy: policy() });
    expect(r.verdict).toBe('block');
    expect(r.findings[0]).toMatchObject({ effect: 'already_open', blocking: true });
  });

  it('an update that lowers the value eases, one that raises it worsens', () => {
    const prev = record({ category: 'BILL_RATE_VARIANCE', invoice_number: 'OTHER', value_at_risk: '100.00' });
    const lower = { ...prev, value_at_risk: '50.00' };
    const higher = { ...prev, value_at_risk: '150.00' };
    expect(judgeOn({ changes: [{ type: 'updated', exception: lower, previous: prev }], policy: policy() }).verdict).toBe('pass');
    expect(judgeOn({ changes: [{ type: 'updated', exception: higher, previous: prev }], policy: policy() })).toMatchObject({ verdict: 'block', findings: [{ effect: 'worsens' }] });
  });
});

describe('API keys', () => {
  const { key, sha256 } = newApiKey();
  const keys = new ApiKeys([{ id: 't1', topic_prefix: '', database_schema: 'streaming', api_keys: [{ id: 'k1', sha256, scopes: ['invoices:check'] }] }]);

  it('binds a key to its tenant and scopes; 401 unknown, 403 missing scope', () => {
    expect(hashApiKey(key)).toBe(sha256);
    expect(keys.check(key, 'invoices:check')).toMatchObject({ ok: true, principal: { tenantId: 't1', keyId: 'k1' } });
    expect(keys.check(key, 'webhooks:quickbooks')).toMatchObject({ ok: false, status: 403 });
    expect(keys.check(`${key}x`, 'invoices:check')).toMatchObject({ ok: false, status: 401 });
    expect(keys.check(undefined, 'invoices:check')).toMatchObject({ ok: false, status: 401 });
  });

  it('reads X-Api-Key or a bearer token', () => {
    expect(presentedKey({ 'x-api-key': 'a' })).toBe('a');
    expect(presentedKey({ authorization: 'Bearer b' })).toBe('b');
    expect(presentedKey({ authorization: 'Basic c' })).toBeUndefined();
  });
});

describe('QuickBooks notifications', () => {
  it('keeps invoice creations and updates, each once, per realm', () => {
    const body = {
      eventNotifications: [
        {
          realmId: 'R1',
          dataChangeEvent: {
            entities: [
              { name: 'Invoice', id: '1', operation: 'Create', lastUpdated: 'x' },
              { name: 'Invoice', id: '1', operation: 'Update', lastUpdated: 'x' },
              { name: 'Invoice', id: '2', operation: 'Delete', lastUpdated: 'x' },
              { name: 'Customer', id: '3', operation: 'Update', lastUpdated: 'x' },
            ],
          },
        },
      ],
    };
    expect(invoiceEvents(body)).toEqual([{ realmId: 'R1', ids: ['1'] }]);
    expect(invoiceEvents({ nope: true })).toEqual([]);
  });

  it('an invoice is out once emailed, printed or partly paid', () => {
    expect(alreadySent({ EmailStatus: 'NeedToSend', TotalAmt: 100, Balance: 100 })).toBe(false);
    expect(alreadySent({ EmailStatus: 'EmailSent' })).toBe(true);
    expect(alreadySent({ PrintStatus: 'PrintComplete' })).toBe(true);
    expect(alreadySent({ TotalAmt: 100, Balance: 40 })).toBe(true);
  });
});
