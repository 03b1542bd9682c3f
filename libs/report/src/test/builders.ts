/* Test-data builders for RunSummary and ExceptionRecord (not part of the build: under /test/). */
import { DEFAULT_OWNERS, SOURCE_NAMES, ZERO, dec, moneyString } from '@closegap/domain';
import type { Category, Dec, ExceptionRecord, MoneyByKey, RunSummary, Severity, SourceName } from '@closegap/domain';

let seq = 0;

export function anException(overrides: Partial<ExceptionRecord> = {}): ExceptionRecord {
  seq += 1;
  const category: Category = overrides.category ?? 'UNBILLED_TIME';
  return {
    exception_id: `EX-${String(seq).padStart(16, '0')}`,
    category,
    severity: 'medium',
    client_id: 'C0001',
    client_name: 'Acme Staffing Ltd',
    placement_id: 'P0001',
    timesheet_id: `TS-${seq}`,
    worker_name: 'Jane Smith',
    week_ending: '2024-03-10',
    rate_type: 'standard',
    expected: '40',
    actual: '32',
    units: '8',
    value_at_risk: '100.00',
    currency: 'USD',
    retroactive: false,
    recurring: false,
    owner_team: DEFAULT_OWNERS[category],
    suggested_action: 'Invoice the missing 8 standard hours.',
    source: 'timesheets',
    record_id: `TL-${seq}`,
    detail: 'Approved 40.00 h, invoiced 32.00 h.',
    ...overrides,
  };
}

type Inputs = RunSummary['inputs'];

function defaultInputs(): Inputs {
  const inputs = {} as Inputs;
  SOURCE_NAMES.forEach((name, i) => {
    inputs[name] = { present: true, rows: 100 * (i + 1), quarantined: 0, sha256: `${i}`.repeat(64).slice(0, 64), file: `${name}.csv` };
  });
  return inputs;
}

function group(exceptions: readonly ExceptionRecord[], key: (e: ExceptionRecord) => string): MoneyByKey[] {
  const m = new Map<string, { count: number; value: Dec }>();
  for (const e of exceptions) {
    const k = key(e);
    const cur = m.get(k) ?? { count: 0, value: ZERO };
    m.set(k, { count: cur.count + 1, value: cur.value.plus(dec(e.value_at_risk)) });
  }
  return [...m.entries()].map(([k, v]) => ({ key: k, count: v.count, value_at_risk: moneyString(v.value) }));
}

export class RunSummaryBuilder {
  private s: RunSummary = {
    version: '0.1.0',
    run_id: 'run-2024-03-31-0001',
    started_at: '2024-04-01T08:00:00Z',
    as_of: '2024-03-31',
    data_from: '2024-01-01',
    currency_note: 'All amounts in USD.',
    inputs: defaultInputs(),
    rules_hash: 'sha256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f9012345678901234567890abcdef12',
    totals: {
      exceptions: 0,
      value_at_risk: '0.00',
      invoiced_revenue: '1000000.00',
      leakage_rate_pct: '0.00',
      cells: 1000,
      cells_matched: 1000,
      match_rate_pct: '100.0',
      quarantined: 0,
      unresolved_records: 0,
    },
    by_category: [],
    by_owner: [],
    by_client: [],
    by_severity: [],
    by_currency: [],
    not_checked: [],
    identity: { decisions: 120, resolved: 118, unresolved: 2, by_method: { crm_id: 80, alias: 20, exact_name: 12, fuzzy: 6 } },
    timings_ms: { load: 120, resolve: 45, check: 310, write: 60, total: 535 },
  };

  totals(t: Partial<RunSummary['totals']>): this {
    this.s.totals = { ...this.s.totals, ...t };
    return this;
  }

  with(overrides: Partial<RunSummary>): this {
    this.s = { ...this.s, ...overrides };
    return this;
  }

  category(key: Category, count: number, value: string): this {
    this.s.by_category.push({ key, count, value_at_risk: value });
    return this;
  }

  client(key: string, name: string | undefined, count: number, value: string): this {
    this.s.by_client.push({ key, client_name: name, count, value_at_risk: value });
    return this;
  }

  notChecked(category: Category, reason: string): this {
    this.s.not_checked.push({ category, reason });
    return this;
  }

  missingInput(name: SourceName): this {
    this.s.inputs[name] = { present: false, rows: 0, quarantined: 0 };
    return this;
  }

  /** Totals and every breakdown derived from the exceptions, as the engine would. */
  fromExceptions(exceptions: readonly ExceptionRecord[]): this {
    const total = exceptions.reduce((acc, e) => acc.plus(dec(e.value_at_risk)), ZERO);
    const revenue = dec(this.s.totals.invoiced_revenue);
    this.s.totals = {
      ...this.s.totals,
      exceptions: exceptions.length,
      value_at_risk: moneyString(total),
      leakage_rate_pct: revenue.isZero() ? '' : total.div(revenue).times(100).toFixed(2),
    };
    this.s.by_category = group(exceptions, (e) => e.category);
    this.s.by_owner = group(exceptions, (e) => e.owner_team);
    this.s.by_severity = group(exceptions, (e) => e.severity);
    const names = new Map(exceptions.map((e) => [e.client_id ?? '', e.client_name]));
    this.s.by_client = group(exceptions, (e) => e.client_id ?? '').map((r) => ({ ...r, client_name: names.get(r.key) }));
    return this;
  }

  build(): RunSummary {
    return structuredClone(this.s);
  }
}

export function aRunSummary(): RunSummary {
  return new RunSummaryBuilder().build();
}

export function runSummary(): RunSummaryBuilder {
  return new RunSummaryBuilder();
}

/** A realistic, deterministic data set for the rendered sample. */
export function sampleExceptions(): ExceptionRecord[] {
  const clients: [string, string][] = [
    ['C0042', 'Allied Logistics Partners LLC'],
    ['C0007', 'Northwind Health Systems'],
    ['C0013', 'Harbour & Vale Engineering Group plc'],
    ['C0021', 'Brightline Retail'],
    ['C0033', 'Meridian Public Services Trust'],
    ['C0051', 'Kestrel Energy'],
    ['C0064', 'Oakfield Manufacturing'],
    ['C0070', 'Summit Facilities Management International Holdings'],
  ];
  const workers = ['John Smith', 'Priya Patel', 'Marta Kowalska', 'Liam O\u2019Brien', 'Chen Wei', 'Ana Souza', 'Tom Baker'];
  const plan: [Category, Severity, string, Partial<ExceptionRecord>][] = [
    ['UNBILLED_TIME', 'high', '2240.00', { expected: '40 h', actual: '8 h', suggested_action: 'Invoice 32 approved standard hours at $70.00.', detail: 'Timesheet approved 2024-03-11; no invoice line covers 32 of 40 hours.' }],
    ['CONTRACT_DRIFT', 'critical', '4125.00', { expected: '$82.50', actual: '$75.00', retroactive: true, recurring: true, invoice_number: 'INV-10231', line_no: '2', source: 'invoices', suggested_action: 'Raise a supplementary invoice for the rate increase agreed 2024-02-20, effective 2024-01-01.', detail: 'Rate card RC-77 agreed after 11 invoices were sent at the old rate.' }],
    ['DUPLICATE_INVOICE', 'critical', '9860.00', { expected: '-', actual: 'INV-10302', invoice_number: 'INV-10302', source: 'invoices', suggested_action: 'Void INV-10302 and notify the client before they pay it twice.', detail: 'Every line repeats INV-10288 (same placement, week, rate type and amount).' }],
    ['PERM_FEE_NOT_INVOICED', 'critical', '18000.00', { expected: '$18,000.00', actual: '-', worker_name: 'Priya Patel', week_ending: undefined, source: 'placements', suggested_action: 'Invoice the permanent placement fee (20% of $90,000).', detail: 'Started 2024-02-05, guarantee 90 days; no perm_fee line found.' }],
    ['PAY_RATE_VARIANCE', 'medium', '312.00', { expected: '$28.00', actual: '$30.60', pay_run_id: 'PR-2024-11', line_id: 'PL-5521', source: 'pay_lines', suggested_action: 'Confirm the pay rate with payroll; recover or approve the difference.' }],
    ['OVERBILLED_TIME', 'high', '1050.00', { expected: '37.5 h', actual: '52.5 h', invoice_number: 'INV-10250', source: 'invoices', suggested_action: 'Issue a credit note for 15 hours billed beyond approved time.' }],
    ['MARGIN_BELOW_THRESHOLD', 'medium', '640.00', { expected: '15.0%', actual: '9.8%', suggested_action: 'Renegotiate the bill rate or review the pay rate.' }],
    ['MISSING_TIMESHEET', 'low', '0.00', { expected: 'timesheet', actual: 'none', suggested_action: 'Chase the worker and the client approver for week ending 2024-03-24.' }],
    ['INVOICE_MATH_ERROR', 'medium', '99.99', { expected: '$1,198.50', actual: '$1,098.51', invoice_number: 'INV-10277', line_no: '1', source: 'invoices' }],
    ['BILL_RATE_VARIANCE', 'high', '1000.00', { expected: '$65.00', actual: '$60.00', invoice_number: 'INV-10290', line_no: '3', source: 'invoices' }],
    ['UNRESOLVED_RECORD', 'high', '3420.00', { client_id: undefined, client_name: 'ALLIED LOG. (OLD ACCT)', source: 'invoices', record_id: 'INV-10311:1', suggested_action: 'Confirm which CRM client this finance customer is and add an alias.' }],
  ];
  const out: ExceptionRecord[] = [];
  for (let i = 0; i < 42; i++) {
    const [category, severity, value, extra] = plan[i % plan.length];
    const [clientId, clientName] = clients[(i * 3) % clients.length];
    const scale = dec(1).plus(dec(i % 7).div(10));
    out.push(
      anException({
        category,
        severity,
        client_id: clientId,
        client_name: clientName,
        placement_id: `P${String(100 + (i % 13)).padStart(4, '0')}`,
        worker_name: workers[i % workers.length],
        week_ending: `2024-03-${String(3 + 7 * (i % 4)).padStart(2, '0')}`,
        value_at_risk: moneyString(dec(value).times(scale)),
        owner_team: DEFAULT_OWNERS[category],
        ...extra,
      }),
    );
  }
  return out;
}
