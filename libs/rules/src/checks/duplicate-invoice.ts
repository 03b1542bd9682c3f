import { Dec, ZERO, moneyString } from '@closegap/domain';
import type { Client } from '@closegap/domain';
import type { Finding, PlacedInvoiceLine } from '../model';
import { money } from '../cell-facts';

export interface InvoiceGroup {
  invoiceNumber: string;
  invoiceDate: string;
  lines: PlacedInvoiceLine[];
  /** signature -> lines holding it, computed once */
  signatureCounts?: Map<string, number>;
}

/** What a line repeats: placement (or the worker named, when unplaced), week, rate type and amount. */
function signature(l: PlacedInvoiceLine): string {
  return (l.signature ??= computeSignature(l));
}

function computeSignature(l: PlacedInvoiceLine): string {
  const who = l.placement?.placementId ?? `?${(l.line.workerName ?? l.line.description ?? '').toLowerCase()}`;
  return `${who}|${l.week ?? ''}|${l.line.rateType}|${moneyString(l.line.amount)}`;
}

export function invoiceTotal(group: InvoiceGroup): Dec {
  const stated = group.lines.find((l) => l.line.invoiceTotal)?.line.invoiceTotal;
  if (stated) return stated;
  let total = ZERO;
  for (const l of group.lines) total = total.plus(l.line.amount);
  return total;
}

/**
 * DUPLICATE_INVOICE: a later invoice (invoice_date, then invoice_number) each of whose lines
 * repeats a line of one single earlier non-void invoice of the same client. `invoices` are
 * the client's non-void invoices. Returns the duplicates' numbers and their findings.
 */
export function findDuplicateInvoices(client: Client, invoices: readonly InvoiceGroup[]): { duplicates: Set<string>; findings: Finding[] } {
  const ordered = [...invoices].sort((a, b) =>
    a.invoiceDate !== b.invoiceDate ? (a.invoiceDate < b.invoiceDate ? -1 : 1) : a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0,
  );
  const counts = ordered.map(signatureCounts);
  // which invoices hold the first signature of some invoice: only those can cover it (listing
  // the holders of every signature cost a map entry per distinct line of the client, per check)
  const holders = new Map<string, number[]>();
  for (const c of counts) {
    const [firstSig] = c.keys();
    if (firstSig !== undefined) holders.set(firstSig, []);
  }
  counts.forEach((c, i) => {
    for (const sig of c.keys()) holders.get(sig)?.push(i);
  });
  const duplicates = new Set<string>();
  const findings: Finding[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const later = counts[i];
    if (later.size === 0) continue;
    const [firstSig] = later.keys();
    const candidates = holders.get(firstSig) ?? [];
    for (let c = candidates.length - 1; c >= 0; c--) {
      const j = candidates[c];
      if (j >= i || !coversAll(counts[j], later)) continue;
      const dup = ordered[i];
      const original = ordered[j];
      duplicates.add(dup.invoiceNumber);
      const value = invoiceTotal(dup);
      const currency = dup.lines[0].line.currency;
      findings.push({
        category: 'DUPLICATE_INVOICE',
        fields: {
          client_id: client.clientId,
          client_name: client.name,
          invoice_number: dup.invoiceNumber,
          placement_id: uniqueOrUndefined(dup.lines.map((l) => l.placement?.placementId)),
          worker_name: uniqueOrUndefined(dup.lines.map((l) => l.placement?.candidateName ?? l.line.workerName)),
          week_ending: uniqueOrUndefined(dup.lines.map((l) => l.week)),
          expected: original.invoiceNumber,
          actual: dup.invoiceNumber,
          source: 'invoices',
          record_id: dup.invoiceNumber,
        },
        value: value.abs(),
        currency,
        weeks: [],
        detail: `all ${dup.lines.length} line(s) of ${dup.invoiceNumber} (${dup.invoiceDate}) repeat invoice ${original.invoiceNumber} (${original.invoiceDate})`,
        action: (v) => `Void or credit duplicate invoice ${dup.invoiceNumber} (${money(v, currency)}); it repeats ${original.invoiceNumber}`,
      });
      break;
    }
  }
  return { duplicates, findings };
}

/** An invoice group is immutable once built (the engine builds a new one when a line changes): its counts are kept on it. */
function signatureCounts(group: InvoiceGroup): Map<string, number> {
  return (group.signatureCounts ??= countSignatures(group.lines));
}

function countSignatures(lines: readonly PlacedInvoiceLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const sig = signature(l);
    counts.set(sig, (counts.get(sig) ?? 0) + 1);
  }
  return counts;
}

/** Every line of the later invoice has its own match among the earlier invoice's lines. */
function coversAll(earlier: ReadonlyMap<string, number>, later: ReadonlyMap<string, number>): boolean {
  for (const [sig, n] of later) if ((earlier.get(sig) ?? 0) < n) return false;
  return true;
}

function uniqueOrUndefined(values: (string | undefined)[]): string | undefined {
  const set = new Set(values);
  return set.size === 1 ? [...set][0] : undefined;
}
