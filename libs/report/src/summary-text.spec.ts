import { renderSummaryText } from './index';
import { anException, runSummary } from './test/builders';

const ESC = '\u001b[';

describe('renderSummaryText', () => {
  const exceptions = [
    anException({ category: 'UNBILLED_TIME', value_at_risk: '999.99' }),
    anException({ category: 'CONTRACT_DRIFT', value_at_risk: '1000.00' }),
    anException({ category: 'DUPLICATE_INVOICE', value_at_risk: '250.01' }),
  ];
  const base = () => runSummary().totals({ invoiced_revenue: '90000.00' }).fromExceptions(exceptions);

  it('gives the exception count, value at risk and leakage rate', () => {
    const text = renderSummaryText(base().build());
    expect(text).toMatch(/Exceptions:\s+3\n/);
    expect(text).toContain('$2,250.00');
    expect(text).toMatch(/Leakage rate:\s+2\.50%/);
  });

  it('lists the top 5 categories by decimal value', () => {
    const summary = runSummary()
      .category('UNBILLED_TIME', 2, '999.99')
      .category('CONTRACT_DRIFT', 1, '1000.00')
      .category('DUPLICATE_INVOICE', 1, '50.00')
      .category('PAY_RATE_VARIANCE', 1, '40.00')
      .category('OVERBILLED_TIME', 1, '30.00')
      .category('MISSING_TIMESHEET', 4, '0.00')
      .build();
    const text = renderSummaryText(summary);
    expect(text.indexOf('Contract rate drift')).toBeGreaterThan(-1);
    expect(text.indexOf('Contract rate drift')).toBeLessThan(text.indexOf('Unbilled time'));
    expect(text).toContain('Overbilled time');
    expect(text).not.toContain('Missing timesheet');
  });

  it('shouts the checks that did not run, with their reasons', () => {
    const summary = base()
      .notChecked('PAY_RATE_VARIANCE', 'pay_lines.csv not provided')
      .notChecked('BILLED_NOT_PAID', 'pay_lines.csv not provided')
      .notChecked('DUPLICATE_CREDIT', 'credit_notes.csv not provided')
      .build();
    const text = renderSummaryText(summary);
    expect(text).toContain('NOT CHECKED: 3 of 19 checks did not run');
    expect(text).toContain('PAY_RATE_VARIANCE, BILLED_NOT_PAID: pay_lines.csv not provided');
    expect(text).toContain('DUPLICATE_CREDIT: credit_notes.csv not provided');
    expect(text).not.toContain('All 19 checks ran');
  });

  it('says all checks ran when none was skipped', () => {
    const text = renderSummaryText(base().build());
    expect(text).toContain('All 19 checks ran.');
    expect(text).not.toContain('NOT CHECKED');
  });

  it('stays short even when every check was skipped for a different reason', () => {
    const b = runSummary();
    for (const c of ['UNBILLED_TIME', 'OVERBILLED_TIME', 'CONTRACT_DRIFT', 'BILL_RATE_VARIANCE', 'PAY_RATE_VARIANCE', 'PAID_NOT_BILLED', 'BILLED_NOT_PAID', 'DUPLICATE_CREDIT'] as const) {
      b.notChecked(c, `reason for ${c}`);
    }
    const lines = renderSummaryText(b.build()).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.join('\n')).toContain('and 3 more');
  });

  it('says where the outputs are', () => {
    expect(renderSummaryText(base().build(), { outputDir: 'out/run-1/' })).toContain('Outputs in out/run-1/: pack.html');
    expect(renderSummaryText(base().build())).toContain('Outputs in the output folder');
  });

  it('says so when there are no exceptions', () => {
    expect(renderSummaryText(runSummary().fromExceptions([]).build())).toContain('No exceptions found in the checks that ran.');
  });

  it('uses ANSI colour only when asked', () => {
    const summary = base().notChecked('DUPLICATE_CREDIT', 'credit_notes.csv not provided').build();
    expect(renderSummaryText(summary)).not.toContain(ESC);
    const coloured = renderSummaryText(summary, { color: true });
    expect(coloured).toContain(`${ESC}1;31mNOT CHECKED`);
  });
});
