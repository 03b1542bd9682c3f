import { ZERO } from '@closegap/domain';
import type { Dec } from '@closegap/domain';
import type { Client, CreditNote, Placement } from '@closegap/domain';
import {
  checkBilledNotPaid,
  checkCurrencyMismatch,
  checkInvoiceLineRates,
  checkInvoiceMath,
  checkMarginBelowThreshold,
  checkMissingTimesheets,
  checkOverbilledTime,
  checkPaidNotBilled,
  checkPayRateVariance,
  checkPermFeeNotInvoiced,
  checkPermFeeVariance,
  checkRateNotInContract,
  checkTimeOutsidePlacement,
  checkUnbilledTime,
  findDuplicateCredits,
  findDuplicateInvoices,
  invoiceWithoutPlacement,
  isJudged,
  billableUnits,
  contractRate,
  unresolvedRecord,
} from '@closegap/rules';
import type { Cell, CheckContext, Finding, InvoiceGroup, PlacedInvoiceLine } from '@closegap/rules';
import type { Placed } from './placer';
import type { RecordRef } from './recon-engine';

/**
 * The engine's units of re-evaluation and the checks each one runs. Precedence lives in the
 * order: time-outside-placement and rate-not-in-contract mark lines before the unit checks.
 */
export function evaluateCell(cell: Cell, ctx: CheckContext): Finding[] {
  if (!isJudged(cell, ctx)) return [];
  const findings: Finding[] = [];
  for (const placed of cell.timesheetLines) {
    const f = checkTimeOutsidePlacement(placed, ctx) ?? checkRateNotInContract(placed, ctx);
    if (f) findings.push(f);
  }
  findings.push(
    ...checkUnbilledTime(cell, ctx),
    ...checkOverbilledTime(cell, ctx),
    ...checkInvoiceLineRates(cell, ctx),
    ...checkPayRateVariance(cell, ctx),
    ...checkPaidNotBilled(cell, ctx),
    ...checkBilledNotPaid(cell, ctx),
  );
  return findings;
}

export function evaluatePlacement(
  placement: Placement,
  client: Client,
  cells: readonly Cell[],
  feeLines: readonly PlacedInvoiceLine[],
  countedFeeLines: readonly PlacedInvoiceLine[],
  ctx: CheckContext,
): Finding[] {
  const findings: Finding[] = [...checkMarginBelowThreshold(placement, cells.filter((c) => isJudged(c, ctx)), ctx)];
  const weeksWithLines = new Set(cells.filter((c) => c.timesheetLines.length > 0).map((c) => c.week));
  findings.push(...checkMissingTimesheets(placement, client, weeksWithLines, usualWeekValue(cells, ctx), ctx));
  if (placement.type === 'perm') {
    const notInvoiced = checkPermFeeNotInvoiced(placement, client, feeLines, ctx);
    if (notInvoiced) findings.push(notInvoiced);
    findings.push(...checkPermFeeVariance(placement, client, countedFeeLines, ctx));
  }
  return findings;
}

/** What the placement's approved time usually bills in a week (the estimate a missing week shows). */
function usualWeekValue(cells: readonly Cell[], ctx: CheckContext): Dec | undefined {
  let value = ZERO;
  const weeks = new Set<string>();
  for (const cell of cells) {
    if (!isJudged(cell, ctx)) continue;
    const rate = contractRate(cell, ctx);
    const units = billableUnits(cell);
    if (!rate || units.isZero()) continue;
    value = value.plus(units.times(rate.billRate));
    weeks.add(cell.week);
  }
  return weeks.size ? value.div(weeks.size) : undefined;
}

export function evaluateClientInvoices(client: Client, invoices: InvoiceGroup[]): { duplicates: Set<string>; findings: Finding[] } {
  return findDuplicateInvoices(client, invoices);
}

export function evaluateInvoice(client: Client, invoice: InvoiceGroup, ctx: CheckContext): { findings: Finding[]; currencyMismatch: boolean } {
  const mismatch = checkCurrencyMismatch(client, invoice);
  return { findings: [...(mismatch ? [mismatch] : []), ...checkInvoiceMath(client, invoice, ctx)], currencyMismatch: !!mismatch };
}

export function evaluateClientCredits(client: Client, credits: CreditNote[]): Finding[] {
  return findDuplicateCredits(client, credits);
}

/** Findings that belong to one record alone: UNRESOLVED_RECORD and INVOICE_WITHOUT_PLACEMENT. */
export function recordFindings(ref: RecordRef, placed: Placed): Finding[] {
  if (placed.kind === 'no_placement' && ref.source === 'invoices') {
    return [invoiceWithoutPlacement(ref.record, placed.client, placed.reason)];
  }
  if (placed.kind !== 'unresolved') return [];
  const candidates = (placed.decision?.candidates ?? []).map((c) => `${c.name} (${c.score.toFixed(2)})`).join(', ');
  const base = { reason: placed.reason, candidates };
  switch (ref.source) {
    case 'timesheets':
      return [
        unresolvedRecord({
          ...base,
          source: 'timesheets',
          recordId: ref.id,
          externalName: placed.decision?.external ?? ref.record.clientRef,
          value: ZERO,
          fields: { timesheet_id: ref.record.timesheetId, line_id: ref.record.lineId, worker_name: ref.record.workerName, rate_type: ref.record.rateType, units: ref.record.units.toFixed(), client_id: placed.client?.clientId, client_name: placed.client?.name },
        }),
      ];
    case 'invoices':
      return [
        unresolvedRecord({
          ...base,
          source: 'invoices',
          recordId: ref.id,
          externalName: ref.record.customerName,
          value: ref.record.amount,
          currency: ref.record.currency,
          fields: { invoice_number: ref.record.invoiceNumber, line_no: String(ref.record.lineNo), worker_name: ref.record.workerName, rate_type: ref.record.rateType },
        }),
      ];
    case 'pay_lines':
      return [
        unresolvedRecord({
          ...base,
          source: 'pay_lines',
          recordId: ref.id,
          externalName: ref.record.workerName,
          value: ref.record.amount,
          fields: { pay_run_id: ref.record.payRunId, line_id: ref.record.lineId, worker_name: ref.record.workerName, rate_type: ref.record.rateType },
        }),
      ];
    case 'credit_notes':
      return [
        unresolvedRecord({
          ...base,
          source: 'credit_notes',
          recordId: ref.id,
          externalName: ref.record.customerName,
          value: ref.record.amount,
          currency: ref.record.currency,
          fields: { credit_number: ref.record.creditNumber, invoice_number: ref.record.invoiceNumber },
        }),
      ];
  }
}
