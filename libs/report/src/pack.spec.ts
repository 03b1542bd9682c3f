import { writeFileSync } from 'node:fs';
import { CATEGORIES } from '@closegap/domain';
import { renderPack } from './index';
import type { PackInput } from './index';
import { anException, runSummary, sampleExceptions } from './test/builders';

const EVIL = '<script>alert(1)</script> & Co';

function pack(overrides: Partial<PackInput> = {}): string {
  const exceptions = overrides.exceptions ?? [anException()];
  return renderPack({
    summary: overrides.summary ?? runSummary().fromExceptions(exceptions).build(),
    exceptions,
    generatedAt: '2024-04-01T09:30:00Z',
    ...overrides,
  });
}

/** exception ids in the order the pack prints them */
function printedIds(out: string): string[] {
  return [...out.matchAll(/data-exception-id="([^"]*)"/g)].map((m) => m[1]);
}

describe('renderPack', () => {
  it('is one complete HTML document with print CSS and the default title', () => {
    const out = pack();
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out.trimEnd().endsWith('</html>')).toBe(true);
    expect(out).toContain('<title>Reconciliation pack');
    expect(out).toMatch(/@page\s*\{\s*size:\s*A4/);
    expect(out).toContain('@media print');
    expect(out).toContain('break-before: page');
  });

  it('uses the given title and agency name', () => {
    const out = pack({ title: 'March close', agencyName: 'Brightwork Recruitment' });
    expect(out).toContain('<h1>March close</h1>');
    expect(out).toContain('Brightwork Recruitment');
  });

  it('escapes customer data everywhere it appears', () => {
    const ex = anException({
      client_name: EVIL,
      worker_name: EVIL,
      detail: EVIL,
      suggested_action: EVIL,
      expected: EVIL,
      exception_id: '"><img src=x onerror=alert(1)>',
    });
    const summary = runSummary()
      .fromExceptions([ex])
      .notChecked('PAY_RATE_VARIANCE', EVIL)
      .with({ run_id: EVIL })
      .build();
    const out = pack({ summary, exceptions: [ex], title: EVIL, agencyName: EVIL });

    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toContain(EVIL);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(out).toContain('data-exception-id="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('escapes client names in the SVG chart labels too', () => {
    const summary = runSummary().client('C1', EVIL, 1, '10.00').build();
    const out = pack({ summary, exceptions: [] });
    const svg = out.slice(out.indexOf('id="by-client"'));
    expect(svg).toContain('<svg');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(out).not.toContain('<script');
  });

  it('shows a NOT CHECKED box listing category and reason when checks did not run', () => {
    const summary = runSummary()
      .missingInput('pay_lines')
      .notChecked('PAY_RATE_VARIANCE', 'pay_lines.csv not provided')
      .notChecked('BILLED_NOT_PAID', 'pay_lines.csv not provided')
      .build();
    const out = pack({ summary, exceptions: [] });
    expect(out).toContain('id="not-checked"');
    const box = out.slice(out.indexOf('id="not-checked"'), out.indexOf('</section>', out.indexOf('id="not-checked"')));
    expect(box).toContain('NOT CHECKED');
    expect(box).toContain('2 of 19 checks did not run');
    expect(box).toContain('PAY_RATE_VARIANCE');
    expect(box).toContain('BILLED_NOT_PAID');
    expect(box).toContain('pay_lines.csv not provided');
    expect(box).toContain('pay_lines');
    expect(out).not.toContain('All 19 checks ran');
    // the missing source is loud in the inputs table as well
    expect(out).toContain('NOT PROVIDED');
  });

  it('has no NOT CHECKED box when every check ran, and says so', () => {
    const out = pack();
    expect(out).not.toContain('id="not-checked"');
    expect(out).not.toContain('NOT CHECKED');
    expect(out).toContain(`All ${CATEGORIES.length} checks ran`);
  });

  it('ranks exceptions by decimal value, not by string or float', () => {
    const a = anException({ exception_id: 'EX-A', value_at_risk: '999.99' });
    const b = anException({ exception_id: 'EX-B', value_at_risk: '1000.00' });
    const c = anException({ exception_id: 'EX-C', value_at_risk: '99.99' });
    const d = anException({ exception_id: 'EX-D', value_at_risk: '10000000000000000.01' });
    const e = anException({ exception_id: 'EX-E', value_at_risk: '10000000000000000.00' });
    expect(printedIds(pack({ exceptions: [a, b, c, d, e] }))).toEqual(['EX-D', 'EX-E', 'EX-B', 'EX-A', 'EX-C']);
  });

  it('ranks category rows by decimal value', () => {
    const summary = runSummary()
      .category('UNBILLED_TIME', 5, '999.99')
      .category('CONTRACT_DRIFT', 1, '1000.00')
      .category('DUPLICATE_INVOICE', 9, '99.99')
      .build();
    const out = pack({ summary, exceptions: [] });
    const table = out.slice(out.indexOf('id="by-category"'));
    const order = ['CONTRACT_DRIFT', 'UNBILLED_TIME', 'DUPLICATE_INVOICE'].map((k) => table.indexOf(`>${k}<`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });

  it('prints only the top 25 exceptions', () => {
    const exceptions = Array.from({ length: 30 }, (_, i) =>
      anException({ exception_id: `EX-${String(i).padStart(2, '0')}`, value_at_risk: `${i + 1}.00` }),
    );
    const ids = printedIds(pack({ exceptions }));
    expect(ids).toHaveLength(25);
    expect(ids[0]).toBe('EX-29');
    expect(ids).not.toContain('EX-04');
    expect(ids).toContain('EX-05');
  });

  it('shows the top 15 clients and rolls the rest up', () => {
    const b = runSummary();
    for (let i = 1; i <= 18; i++) b.client(`C${i}`, `Client ${i}`, 1, `${i * 10}.00`);
    const out = pack({ summary: b.build(), exceptions: [] });
    expect(out).toContain('top 15 of 18');
    expect(out).toContain('Other 3 clients');
    expect(out).toContain('Client 18');
    expect(out).not.toMatch(/>Client 3</);
  });

  it('formats money with currency and thousands separators, and the leakage rate', () => {
    const ex = anException({ value_at_risk: '1234567.89', currency: 'USD' });
    const summary = runSummary().totals({ invoiced_revenue: '49382715.60' }).fromExceptions([ex]).build();
    const out = pack({ summary, exceptions: [ex] });
    expect(out).toContain('$1,234,567.89');
    expect(out).toContain('$49,382,715.60');
    expect(out).toContain('2.50%');
  });

  it('computes the leakage rate when the summary does not state it', () => {
    const summary = runSummary()
      .totals({ value_at_risk: '500.00', invoiced_revenue: '20000.00', leakage_rate_pct: '' })
      .build();
    expect(pack({ summary, exceptions: [] })).toContain('2.50%');
  });

  it('handles an empty exception list', () => {
    const summary = runSummary().fromExceptions([]).build();
    const out = pack({ summary, exceptions: [] });
    expect(out).toContain('No exceptions found in the checks that ran');
    expect(printedIds(out)).toEqual([]);
  });

  it('references no external resource', () => {
    const exceptions = [...sampleExceptions(), anException({ detail: 'see https://example.com/x.png' })];
    const summary = runSummary().fromExceptions(exceptions).notChecked('DUPLICATE_CREDIT', 'credit_notes.csv not provided').build();
    const out = pack({ summary, exceptions });
    expect(out).not.toMatch(/<link\b/i);
    expect(out).not.toMatch(/<script\b/i);
    expect(out).not.toMatch(/<img\b/i);
    expect(out).not.toMatch(/<iframe\b/i);
    expect(out).not.toMatch(/\b(src|href)\s*=/i);
    expect(out).not.toMatch(/url\(/i);
    expect(out).not.toMatch(/@import/i);
    // nothing generated by the pack itself names a URL (the only one is the escaped detail text)
    expect(pack().match(/https?:\/\//g)).toBeNull();
  });

  it('lists inputs, identity resolution and timings', () => {
    const out = pack();
    expect(out).toContain('timesheets.csv');
    expect(out).toContain('id="identity"');
    expect(out).toContain('id="timings"');
    expect(out).toMatch(/Rules hash<\/dt><dd class="mono"[^>]*>9f2c4e7a1b3d</);
  });

  // PACK_SAMPLE=/tmp/pack-sample.html npx jest -c jest.config.js libs/report -t sample
  (process.env.PACK_SAMPLE ? it : it.skip)('writes a rendered sample', () => {
    const exceptions = sampleExceptions();
    const summary = runSummary()
      .totals({ invoiced_revenue: '4862310.45', cells: 3184, cells_matched: 2977, match_rate_pct: '93.5', quarantined: 14, unresolved_records: 4 })
      .fromExceptions(exceptions)
      .missingInput('credit_notes')
      .notChecked('DUPLICATE_CREDIT', 'credit_notes.csv not provided')
      .build();
    writeFileSync(
      process.env.PACK_SAMPLE ?? '',
      renderPack({ summary, exceptions, generatedAt: '2024-04-01T09:30:00Z', agencyName: 'Brightwork Recruitment' }),
    );
  });
});
