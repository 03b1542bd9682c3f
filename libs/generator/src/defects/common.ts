import type { Category, Dec, RefField, TimeRateType } from '@closegap/domain';
import { dec } from '@closegap/domain';
import type { Ctx } from '../context';
import type { Cell, Invoice, InvLine, PayLine, Placement, Timesheet, TsLine } from '../model';
import type { Rng } from '../prng';
import type { TruthDraft } from '../truth';

export function catKey(cat: Category, placementId: string): string {
  return `cat:${cat}|${placementId}`;
}

/** Cells eligible for a defect: approved, invoiced and paid in full, not the last week, in random order. */
export function shuffledCells(ctx: Ctx, rng: Rng): Cell[] {
  return rng.shuffle([...ctx.cells.values()].filter((c) => c.normal));
}

export function cellUsable(ctx: Ctx, cell: Cell, cat: Category): boolean {
  return cell.normal && ctx.reserve.cellFree(cell.placement.id, cell.week) && !ctx.reserve.has(catKey(cat, cell.placement.id));
}

export function claimCell(ctx: Ctx, cell: Cell, cat: Category): void {
  ctx.reserve.takeCell(cell.placement.id, cell.week);
  ctx.reserve.take(catKey(cat, cell.placement.id));
  for (const l of cell.inv) l.inv.touched = true;
}

export type CellVariant = (cell: Cell) => boolean;

/** Applies up to n defects, one per cell, cycling through the variants (a variant returns false when the cell does not suit it). */
export function runCellDefects(ctx: Ctx, rng: Rng, cat: Category, n: number, variants: CellVariant[]): void {
  let made = 0;
  for (const cell of shuffledCells(ctx, rng)) {
    if (made >= n) return;
    if (!cellUsable(ctx, cell, cat)) continue;
    for (let k = 0; k < variants.length; k++) {
      if (variants[(made + k) % variants.length](cell)) {
        claimCell(ctx, cell, cat);
        made++;
        break;
      }
    }
  }
}

export function addTruth(ctx: Ctx, draft: TruthDraft): void {
  ctx.truth.push(draft);
}

type Refs = () => Partial<Record<RefField, string>>;

export function lineRefs(line: InvLine): Refs {
  return () => ({ invoice_number: line.inv.number ?? '', line_no: String(line.lineNo ?? '') });
}

export function sheetRefs(sheet: Timesheet, rt?: string): Refs {
  return () => ({ timesheet_id: sheet.id ?? '', rate_type: rt });
}

export function payRefs(line: PayLine): Refs {
  return () => ({ pay_run_id: line.run.id, line_id: line.id ?? '' });
}

export function invLine(cell: Cell, rt: string): InvLine | undefined {
  return cell.inv.find((l) => l.rt === rt);
}

export function payOf(cell: Cell, rt: string): PayLine | undefined {
  return cell.pay.find((l) => l.rt === rt);
}

export function approvedLines(sheet: Timesheet | undefined, rt: TimeRateType): TsLine[] {
  return (sheet?.lines ?? []).filter((l) => l.status === 'approved' && l.rt === rt);
}

export function removeInvLine(cell: Cell | undefined, line: InvLine): void {
  line.inv.lines = line.inv.lines.filter((l) => l !== line);
  if (cell) cell.inv = cell.inv.filter((l) => l !== line);
}

export function removePayLine(cell: Cell | undefined, line: PayLine): void {
  line.run.lines = line.run.lines.filter((l) => l !== line);
  if (cell) cell.pay = cell.pay.filter((l) => l !== line);
}

export function cellsOf(ctx: Ctx, p: Placement): Cell[] {
  return [...(ctx.cellsByPlacement.get(p.id) ?? [])];
}

/** All invoice lines of an invoice are on free, normal cells: the invoice can carry an invoice-level defect. */
export function invoiceFree(ctx: Ctx, inv: Invoice, cat: Category): boolean {
  if (inv.touched || inv.status === 'void' || inv.lines.length === 0) return false;
  return inv.lines.every((l) => {
    if (!l.placement || !l.week) return false;
    const cell = ctx.cells.get(l.placement.id + '|' + l.week);
    return cell !== undefined && cellUsable(ctx, cell, cat);
  });
}

export function claimInvoice(ctx: Ctx, inv: Invoice, cat: Category): void {
  inv.touched = true;
  for (const l of inv.lines) {
    if (!l.placement || !l.week) continue;
    ctx.reserve.takeCell(l.placement.id, l.week);
    ctx.reserve.take(catKey(cat, l.placement.id));
  }
}

export function sumAmounts(lines: readonly InvLine[]): Dec {
  return lines.reduce((s, l) => s.plus(l.amount), dec(0));
}

export function weekOfInvoice(inv: Invoice): string | undefined {
  return inv.lines.find((l) => l.week)?.week;
}
