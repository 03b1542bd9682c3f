import type { Dec } from '@closegap/domain';
import { addDays, dec, weekEnding } from '@closegap/domain';
import type { InvoiceFacts } from './documents';
import type { Bundle, Row } from './load';
import type { OracleOut } from './out';
import type { InvRec, PayRec, Placed, TsRec } from './place';
import type { OracleRates } from './rates';

const TOL = dec('0.01');

interface Cell {
  p: Row;
  week: string;
  rt: string;
  approved: TsRec[];
  billable: TsRec[];
  inv: InvRec[];
  pay: PayRec[];
}

const total = (xs: { units?: Dec; qty?: Dec }[]): Dec => xs.reduce((s, x) => s.plus(x.units ?? x.qty ?? 0), dec(0));
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const invOrder = (a: InvRec, b: InvRec): number =>
  cmp(a.row.invoice_date, b.row.invoice_date) || cmp(a.row.invoice_number, b.row.invoice_number) || Number(a.row.line_no) - Number(b.row.line_no);
const payOrder = (a: PayRec, b: PayRec): number => cmp(a.row.pay_date, b.row.pay_date) || cmp(a.row.pay_run_id, b.row.pay_run_id) || cmp(a.row.line_id, b.row.line_id);

/** Walks lines oldest first; `covered` units are absorbed, the rest is returned per line (latest lines). */
function excess<T>(lines: T[], units: (l: T) => Dec, covered: Dec): [T, Dec][] {
  let cover = covered;
  const out: [T, Dec][] = [];
  for (const l of lines) {
    const u = units(l);
    const take = Dec_min(u, cover);
    cover = cover.minus(take);
    if (u.minus(take).gt(0)) out.push([l, u.minus(take)]);
  }
  return out;
}

function Dec_min(a: Dec, b: Dec): Dec {
  return a.lt(b) ? a : b;
}

export function timeChecks(b: Bundle, rates: OracleRates, placed: Placed, facts: InvoiceFacts, out: OracleOut): void {
  const cells = new Map<string, Cell>();
  const cell = (p: Row, week: string, rt: string): Cell => {
    const key = `${p.placement_id}|${week}|${rt}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { p, week, rt, approved: [], billable: [], inv: [], pay: [] }));
    return c;
  };
  const floorOf = new Map(b.clients.map((c) => [c.client_id, c.margin_floor_pct ? dec(c.margin_floor_pct) : b.rules.floor]));
  const margin = new Map<string, { p: Row; rt: string; value: Dec }>();
  for (const t of placed.ts) {
    if (t.row.status !== 'approved') continue;
    const { p, rt } = t;
    const day = t.row.work_date;
    const c = cell(p, t.week, rt);
    c.approved.push(t);
    if (day < p.start_date || (p.end_date && day > p.end_date)) {
      const nearest = day < p.start_date ? p.start_date : p.end_date;
      const row = rates.inForce(p, rt, day) ?? rates.inForce(p, rt, nearest) ?? rates.inForce(p, 'standard', day);
      out.add('TIME_OUTSIDE_PLACEMENT', { timesheet_id: t.row.timesheet_id }, t.units.times(row?.bill ?? 0));
      continue;
    }
    const row = rates.inForce(p, rt, day);
    if (!row) {
      out.add('RATE_NOT_IN_CONTRACT', { timesheet_id: t.row.timesheet_id, rate_type: rt }, t.units.times(rates.inForce(p, 'standard', day)?.bill ?? 0));
      continue;
    }
    c.billable.push(t);
    const floor = floorOf.get(p.client_id) ?? b.rules.floor;
    if (row.pay) {
      const m = row.bill.minus(row.pay).div(row.bill).times(100);
      if (m.lt(floor)) {
        const key = `${p.placement_id}|${rt}`;
        const acc = margin.get(key) ?? { p, rt, value: dec(0) };
        acc.value = acc.value.plus(floor.minus(m).div(100).times(row.bill).times(t.units));
        margin.set(key, acc);
      }
    }
  }
  for (const m of margin.values()) out.add('MARGIN_BELOW_THRESHOLD', { placement_id: m.p.placement_id, rate_type: m.rt }, m.value);
  for (const l of placed.inv) if (l.p && l.week && l.rt !== 'perm_fee' && !facts.duplicates.has(l.row.invoice_number)) cell(l.p, l.week, l.rt).inv.push(l);
  for (const l of placed.pay) cell(l.p, l.week, l.rt).pay.push(l);
  for (const c of cells.values()) cellChecks(rates, c, out);
  // rate checks on every placed time line (duplicates included: nothing exempts them)
  for (const l of placed.inv) {
    if (!l.p || !l.week || l.rt === 'perm_fee' || facts.mismatched.has(l.row.invoice_number)) continue;
    const c = cells.get(`${l.p.placement_id}|${l.week}|${l.rt}`) ?? cell(l.p, l.week, l.rt);
    const row = contractRow(rates, c);
    if (!row || l.price.minus(row.bill).abs().lte(TOL)) continue;
    const superseded = rates.superseded(l.p, l.rt, row).some((r) => r.bill.eq(l.price));
    const refs = { invoice_number: l.row.invoice_number, line_no: l.row.line_no };
    const value = row.bill.minus(l.price).abs().times(l.qty);
    if (superseded) out.add('CONTRACT_DRIFT', refs, value, row.agreed > l.row.invoice_date);
    else out.add('BILL_RATE_VARIANCE', refs, value);
  }
}

function contractRow(rates: OracleRates, c: Cell) {
  let day = '';
  for (const t of c.approved) if (t.row.work_date > day) day = t.row.work_date;
  if (!day) {
    day = c.week < c.p.start_date ? c.p.start_date : c.week;
    if (c.p.end_date && day > c.p.end_date) day = c.p.end_date;
  }
  return rates.inForce(c.p, c.rt, day);
}

function cellChecks(rates: OracleRates, c: Cell, out: OracleOut): void {
  const A = total(c.approved);
  const B = total(c.billable);
  const I = total(c.inv);
  const P = total(c.pay);
  const row = contractRow(rates, c);
  const inv = c.inv.slice().sort(invOrder);
  if (B.gt(I)) {
    const lines = c.billable.slice().sort((x, y) => cmp(x.row.work_date, y.row.work_date));
    for (const [t, units] of excess(lines, (t) => t.units, I)) {
      out.add('UNBILLED_TIME', { timesheet_id: t.row.timesheet_id, rate_type: c.rt }, units.times(rates.inForce(c.p, c.rt, t.row.work_date)?.bill ?? 0));
    }
  }
  if (I.gt(A)) for (const [l, units] of excess(inv, (l) => l.qty, A)) out.add('OVERBILLED_TIME', { invoice_number: l.row.invoice_number, rate_type: c.rt }, units.times(l.price));
  const maxAI = A.gt(I) ? A : I;
  if (P.gt(maxAI)) {
    for (const [l, units] of excess(c.pay.slice().sort(payOrder), (l) => l.units, maxAI)) {
      out.add('PAID_NOT_BILLED', { pay_run_id: l.row.pay_run_id, line_id: l.row.line_id }, units.times(row?.bill ?? 0));
    }
  }
  const minAI = A.lt(I) ? A : I;
  if (minAI.gt(P)) {
    let short = minAI.minus(P);
    for (const l of inv.slice().reverse()) {
      if (short.lte(0)) break;
      const take = Dec_min(l.qty, short);
      short = short.minus(take);
      out.add('BILLED_NOT_PAID', { invoice_number: l.row.invoice_number, line_no: l.row.line_no }, take.times(row?.pay ?? 0));
    }
  }
  for (const l of c.pay) {
    if (row?.pay && l.rate.minus(row.pay).abs().gt(TOL)) out.add('PAY_RATE_VARIANCE', { pay_run_id: l.row.pay_run_id, line_id: l.row.line_id }, l.rate.minus(row.pay).abs().times(l.units));
  }
}

export function placementChecks(b: Bundle, placed: Placed, facts: InvoiceFacts, out: OracleOut): void {
  const sheetWeeks = new Set(placed.ts.map((t) => `${t.p.placement_id}|${t.week}`));
  const fees = new Set<string>();
  for (const l of placed.inv) {
    if (!l.p || l.rt !== 'perm_fee') continue;
    fees.add(l.p.placement_id);
    if (facts.mismatched.has(l.row.invoice_number)) continue;
    const expected = expectedFee(l.p);
    const billed = l.qty.times(l.price);
    if (expected.minus(billed).abs().gt(TOL)) out.add('PERM_FEE_VARIANCE', { invoice_number: l.row.invoice_number, line_no: l.row.line_no }, expected.minus(billed).abs());
  }
  for (const p of b.placements) {
    if (p.status === 'cancelled') continue;
    if (p.type === 'perm') {
      if (p.start_date <= b.rules.asOf && !fees.has(p.placement_id)) out.add('PERM_FEE_NOT_INVOICED', { placement_id: p.placement_id }, expectedFee(p));
      continue;
    }
    const last = p.end_date && p.end_date < b.rules.asOf ? p.end_date : b.rules.asOf;
    for (let w = weekEnding(p.start_date); addDays(w, -6) <= last; w = addDays(w, 7)) {
      if (w > b.rules.asOf || w < b.rules.dataFrom) continue;
      if (!sheetWeeks.has(`${p.placement_id}|${w}`)) out.add('MISSING_TIMESHEET', { placement_id: p.placement_id, week_ending: w }, dec(0));
    }
  }
}

function expectedFee(p: Row): Dec {
  if (p.fee_amount) return dec(p.fee_amount);
  return dec(p.salary || 0).times(p.fee_pct || 0).div(100);
}
