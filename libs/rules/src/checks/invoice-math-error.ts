import { ZERO, moneyString, unitsString } from '@closegap/domain';
import type { Client, Dec } from '@closegap/domain';
import type { CheckContext, Finding } from '../model';
import type { InvoiceGroup } from './duplicate-invoice';

/**
 * INVOICE_MATH_ERROR: quantity x unit_price against the stored amount (per line), and the
 * stored lines against invoice_total (line_no empty). Prices are the rate checks' business.
 */
export function checkInvoiceMath(client: Client, invoice: InvoiceGroup, ctx: CheckContext): Finding[] {
  const tolerance = ctx.rules.tolerances.money;
  const findings: Finding[] = [];
  let sum = ZERO;
  for (const { line, placement, week } of invoice.lines) {
    sum = sum.plus(line.amount);
    const priced = line.quantity.times(line.unitPrice);
    const diff = priced.minus(line.amount).abs();
    if (diff.lte(tolerance)) continue;
    findings.push(
      mathFinding(client, invoice, diff, {
        line_no: String(line.lineNo),
        placement_id: placement?.placementId,
        worker_name: placement?.candidateName ?? line.workerName,
        week_ending: week,
        rate_type: line.rateType,
        expected: moneyString(priced),
        actual: moneyString(line.amount),
        units: unitsString(line.quantity),
        record_id: `${line.invoiceNumber}:${line.lineNo}`,
        detail: `${unitsString(line.quantity)} x ${moneyString(line.unitPrice)} = ${moneyString(priced)}, line amount stored as ${moneyString(line.amount)}`,
      }),
    );
  }
  const totals = invoice.lines.map((l) => l.line.invoiceTotal).filter((t): t is Dec => t !== undefined);
  if (totals.length > 0) {
    const total = mostCommon(totals);
    const diff = total.minus(sum).abs();
    if (diff.gt(tolerance)) {
      findings.push(
        mathFinding(client, invoice, diff, {
          line_no: undefined,
          expected: moneyString(sum),
          actual: moneyString(total),
          record_id: invoice.invoiceNumber,
          detail: `${invoice.lines.length} line(s) sum to ${moneyString(sum)}, invoice_total stored as ${moneyString(total)}`,
        }),
      );
    }
  }
  return findings;
}

function mathFinding(client: Client, invoice: InvoiceGroup, diff: Dec, f: Finding['fields'] & { detail: string }): Finding {
  const { detail, ...fields } = f;
  const currency = invoice.lines[0].line.currency;
  return {
    category: 'INVOICE_MATH_ERROR',
    fields: { client_id: client.clientId, client_name: client.name, invoice_number: invoice.invoiceNumber, source: 'invoices', ...fields },
    value: diff,
    currency,
    weeks: [],
    detail,
    action: () =>
      fields.line_no
        ? `Correct the amount of invoice ${invoice.invoiceNumber} line ${fields.line_no} to ${fields.expected} ${currency} in the finance system`
        : `Correct the total of invoice ${invoice.invoiceNumber} to ${fields.expected} ${currency} (the sum of its lines)`,
  };
}

function mostCommon(values: Dec[]): Dec {
  const counts = new Map<string, { n: number; v: Dec }>();
  for (const v of values) {
    const k = v.toFixed();
    const e = counts.get(k) ?? { n: 0, v };
    e.n++;
    counts.set(k, e);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0].v;
}
