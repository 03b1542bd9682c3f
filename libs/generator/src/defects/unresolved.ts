import { dec, roundCents } from '@closegap/domain';
import { addDays } from '../days';
import type { Ctx } from '../context';
import { nextSeq } from '../context';
import type { Credit, Invoice, InvLine, PayLine, TsLine } from '../model';
import type { Rng } from '../prng';
import { addLine, approvedAt, newSheet, runFor, weekLabel } from '../activity';
import { lastFirst, nextNumber, unknownPerson } from '../people';
import { UNKNOWN_COMPANIES } from '../names';
import { fold } from '../text';
import { addTruth } from './common';

type Variant = 'tsCompany' | 'invCompany' | 'ambiguous' | 'payWorker' | 'tsWorker' | 'credit';
const VARIANTS: Variant[] = ['tsCompany', 'invCompany', 'payWorker', 'ambiguous', 'tsWorker', 'credit'];

export function injectUnresolved(ctx: Ctx, rng: Rng, n: number): void {
  const weeks = ctx.cal.weeks.slice(0, -1);
  const ambiguous = ctx.ambiguousNames.filter((a) => a.clients.length >= 2);
  for (let i = 0; i < n; i++) {
    const variant = VARIANTS[i % VARIANTS.length];
    const week = rng.pick(weeks);
    const company = rng.pick(UNKNOWN_COMPANIES);
    if (variant === 'tsCompany') timesheetLines(ctx, rng, week, company, `timesheets from ${company}, a client not in the CRM`);
    else if (variant === 'invCompany') invoiceLines(ctx, rng, week, company, `invoice to ${company}, a customer not in the CRM`);
    else if (variant === 'ambiguous' && ambiguous.length > 0) {
      const a = ambiguous[i % ambiguous.length];
      const note = `"${a.name}" fits ${a.clients.map((c) => c.name).join(' and ')}`;
      if (rng.chance(0.5)) invoiceLines(ctx, rng, week, a.name, note);
      else timesheetLines(ctx, rng, week, a.name, note);
    } else if (variant === 'payWorker') payWorker(ctx, rng, week);
    else if (variant === 'tsWorker') {
      const active = new Set(ctx.sheets.filter((s) => s.placement).map((s) => s.placement?.client));
      const client = rng.pick(ctx.clients.filter((c) => !c.collision && active.has(c)));
      timesheetLines(ctx, rng, week, client.tsName, `worker unknown to the CRM at ${client.id}`);
    } else credit(ctx, rng, week, company);
  }
}

function timesheetLines(ctx: Ctx, rng: Rng, week: string, clientRef: string, note: string): void {
  const person = unknownPerson(rng);
  const sheet = newSheet(ctx, undefined, week, { id: 'TS-' + nextNumber(ctx, 'tsworker', 10200, 7), name: person.name }, clientRef);
  const at = approvedAt(rng, week);
  const days = rng.int(2, 5);
  const lines: TsLine[] = [];
  for (let d = 0; d < days; d++) lines.push(addLine(sheet, addDays(week, -6 + d), 'standard', 8, 'REG', 'approved', at));
  for (const line of lines) {
    addTruth(ctx, {
      category: 'UNRESOLVED_RECORD',
      refs: () => ({ source: 'timesheets', record_id: line.id ?? '' }),
      value: dec(0),
      currency: '',
      note: `${note} (${person.name})`,
    });
  }
}

function invoiceLines(ctx: Ctx, rng: Rng, week: string, customer: string, note: string): void {
  const date = addDays(week, rng.int(1, 4));
  const inv: Invoice = { seq: nextSeq(ctx, 'invoice'), date, customerName: customer, currency: 'USD', status: 'sent', lines: [], touched: true };
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const person = unknownPerson(rng);
    const qty = rng.int(2, 5) * 8;
    const price = dec(rng.int(88, 160)).div(4);
    const line: InvLine = {
      inv,
      week,
      rt: 'standard',
      item: 'Regular Hours',
      showRt: false,
      qty,
      price,
      amount: roundCents(price.times(qty)),
      desc: `${person.first[0]}. ${person.last} - Regular Hours ${weekLabel(false, week)}`,
      workerName: person.name,
      periodStart: addDays(week, -6),
      periodEnd: week,
    };
    inv.lines.push(line);
    addTruth(ctx, {
      category: 'UNRESOLVED_RECORD',
      refs: () => ({ source: 'invoices', record_id: `${inv.number ?? ''}:${line.lineNo ?? ''}` }),
      value: line.amount,
      currency: inv.currency,
      note,
    });
  }
  ctx.invoices.push(inv);
}

function payWorker(ctx: Ctx, rng: Rng, week: string): void {
  const person = unknownPerson(rng);
  const run = runFor(ctx, week);
  const units = rng.int(2, 5) * 8;
  const rate = dec(rng.int(72, 120)).div(4);
  const line: PayLine = {
    run,
    workerId: 'EMP-' + String(90000 + rng.int(0, 9999)),
    workerName: fold(lastFirst(person)).toUpperCase(),
    week,
    rt: 'standard',
    units,
    rate,
    amount: roundCents(rate.times(units)),
  };
  run.lines.push(line);
  addTruth(ctx, {
    category: 'UNRESOLVED_RECORD',
    refs: () => ({ source: 'pay_lines', record_id: line.id ?? '' }),
    value: line.amount,
    currency: '',
    note: `pay line for ${person.name}, a worker no placement or timesheet knows`,
  });
}

function credit(ctx: Ctx, rng: Rng, week: string, company: string): void {
  const stored: Credit = {
    seq: nextSeq(ctx, 'credit'),
    date: addDays(week, rng.int(3, 12)),
    customerName: company,
    currency: 'USD',
    amount: dec(rng.int(20, 400) * 5).div(2),
    memo: 'Credit re disputed charges',
  };
  ctx.credits.push(stored);
  addTruth(ctx, {
    category: 'UNRESOLVED_RECORD',
    refs: () => ({ source: 'credit_notes', record_id: stored.number ?? '' }),
    value: stored.amount,
    currency: stored.currency,
    note: `credit note to ${company}, a customer not in the CRM`,
  });
}
