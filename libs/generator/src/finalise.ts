import type { Ctx } from './context';
import type { Rng } from './prng';

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Numbers everything in a realistic order (ids increase with dates), once all defects are in. */
export function finalise(ctx: Ctx, rng: Rng): void {
  ctx.sheets = ctx.sheets.filter((s) => s.lines.length > 0).sort((a, b) => cmp(a.week, b.week) || cmp(a.seq, b.seq));
  let sheetNo = 300000 + rng.int(0, 9999);
  let lineNo = 5000000 + rng.int(0, 99999);
  for (const s of ctx.sheets) {
    s.id = 'TSH-' + String(sheetNo++);
    for (const l of s.lines) l.id = 'TL-' + String(lineNo++);
  }

  ctx.invoices = ctx.invoices
    .filter((i) => i.lines.length > 0)
    .sort((a, b) => cmp(a.date, b.date) || cmp(a.client?.id ?? '~', b.client?.id ?? '~') || cmp(a.seq, b.seq));
  let invNo = 104000 + rng.int(0, 899);
  for (const inv of ctx.invoices) {
    invNo += rng.chance(0.03) ? 2 : 1;
    inv.number = 'INV-' + String(invNo);
    inv.lines.forEach((l, i) => (l.lineNo = i + 1));
  }

  let payNo = 7000000 + rng.int(0, 99999);
  for (const run of [...ctx.runs.values()].sort((a, b) => cmp(a.date, b.date) || cmp(a.id, b.id))) {
    for (const l of run.lines) l.id = 'PAY-' + String(payNo++);
  }

  ctx.credits.sort((a, b) => cmp(a.date, b.date) || cmp(a.seq, b.seq));
  let creditNo = 5000 + rng.int(0, 899);
  for (const c of ctx.credits) c.number = 'CN-' + String(creditNo++);
}
