import type { Dec } from '@closegap/domain';
import { dec, weekEnding } from '@closegap/domain';
import type { Identity } from './identity';
import { invoiceWeek } from './identity';
import type { Bundle, Row } from './load';

export interface TsRec { row: Row; p: Row; rt: string; units: Dec; week: string }
export interface InvRec { row: Row; p?: Row; rt: string; week?: string; qty: Dec; price: Dec; amount: Dec; clientId: string }
export interface PayRec { row: Row; p: Row; rt: string; week: string; units: Dec; rate: Dec }
export interface Flag { category: 'UNRESOLVED_RECORD' | 'INVOICE_WITHOUT_PLACEMENT'; refs: Record<string, string>; value: Dec }

export interface Placed {
  ts: TsRec[];
  inv: InvRec[];
  pay: PayRec[];
  credits: { row: Row; clientId: string }[];
  flags: Flag[];
}

export function place(b: Bundle, id: Identity): Placed {
  const out: Placed = { ts: [], inv: [], pay: [], credits: [], flags: [] };
  const unresolved = (source: string, record: string, value: Dec): void => {
    out.flags.push({ category: 'UNRESOLVED_RECORD', refs: { source, record_id: record }, value });
  };
  for (const r of b.timesheets) {
    const clientId = id.client('timesheets', r.client_ref);
    const p = r.placement_ref && id.placements.has(r.placement_ref) ? id.placements.get(r.placement_ref) : clientId ? id.placementFor(r.worker_name, r.work_date, clientId) : undefined;
    if (!p) unresolved('timesheets', r.line_id, dec(0));
    else out.ts.push({ row: r, p, rt: b.rules.rateTypeMap[r.rate_type] ?? r.rate_type, units: dec(r.units), week: weekEnding(r.work_date) });
  }
  for (const r of b.invoices) {
    if (r.status === 'void') continue;
    const clientId = id.client('invoices', r.customer_name);
    const ref = r.placement_ref ? id.placements.get(r.placement_ref) : undefined;
    if (!clientId && !ref) {
      unresolved('invoices', `${r.invoice_number}:${r.line_no}`, dec(r.amount));
      continue;
    }
    const week = invoiceWeek(r);
    const p = ref ?? (r.worker_name ? id.placementFor(r.worker_name, week ?? r.invoice_date, clientId) : undefined);
    const rec: InvRec = {
      row: r,
      p,
      rt: r.rate_type || b.rules.itemMap[r.item] || '',
      week,
      qty: dec(r.quantity),
      price: dec(r.unit_price),
      amount: dec(r.amount),
      clientId: p?.client_id ?? clientId ?? '',
    };
    if (!p) out.flags.push({ category: 'INVOICE_WITHOUT_PLACEMENT', refs: { invoice_number: r.invoice_number, line_no: r.line_no }, value: rec.amount });
    out.inv.push(rec);
  }
  for (const r of b.pay) {
    const p = r.placement_ref && id.placements.has(r.placement_ref) ? id.placements.get(r.placement_ref) : id.placementFor(r.worker_name, r.period_end, undefined);
    if (!p) unresolved('pay_lines', r.line_id, dec(r.amount));
    else out.pay.push({ row: r, p, rt: r.rate_type, week: weekEnding(r.period_end), units: dec(r.units), rate: dec(r.pay_rate) });
  }
  for (const r of b.credits) {
    const clientId = id.client('credit_notes', r.customer_name);
    if (!clientId) unresolved('credit_notes', r.credit_number, dec(r.amount));
    else out.credits.push({ row: r, clientId });
  }
  return out;
}
