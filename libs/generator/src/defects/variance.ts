import type { Dec, TimeRateType } from '@closegap/domain';
import { dec, roundCents } from '@closegap/domain';
import type { Ctx } from '../context';
import type { Cell } from '../model';
import type { Rng } from '../prng';
import { cellRate } from '../activity';
import { addTruth, invLine, lineRefs, runCellDefects } from './common';

/** "45.60" -> "46.50": the integer part's last digit swapped with the first decimal. */
function transpose(price: Dec): Dec | undefined {
  const s = price.toFixed(2);
  const i = s.indexOf('.');
  const t = s.slice(0, i - 1) + s[i + 1] + '.' + s[i - 1] + s.slice(i + 2);
  return t === s ? undefined : dec(t);
}

export function injectBillRateVariance(ctx: Ctx, rng: Rng, n: number): void {
  const apply = (cell: Cell, rt: TimeRateType, wrong: (contract: Dec) => Dec | undefined, note: string): boolean => {
    const line = invLine(cell, rt);
    const row = cellRate(ctx, cell.placement, cell.week, rt, cell.sheet);
    if (!line || !row) return false;
    const price = wrong(row.bill);
    if (!price || price.lte(0) || price.eq(row.bill)) return false;
    if (ctx.book.billRates(cell.placement, rt).includes(price.toFixed(2))) return false;
    line.price = price;
    line.amount = roundCents(price.times(line.qty));
    addTruth(ctx, {
      category: 'BILL_RATE_VARIANCE',
      refs: lineRefs(line),
      value: row.bill.minus(price).abs().times(line.qty),
      currency: cell.placement.currency,
      note: `${note}: contract ${row.bill.toFixed(2)}, invoiced ${price.toFixed(2)}`,
      placementId: cell.placement.id,
      weekEnding: cell.week,
    });
    return true;
  };
  const delta = (cell: Cell): number => (cell.placement.job.unit === 'day' ? rng.int(2, 10) * 5 : rng.int(2, 12) / 4);
  runCellDefects(ctx, rng, 'BILL_RATE_VARIANCE', n, [
    (cell) => apply(cell, 'standard', (c) => c.minus(delta(cell)), 'billed below the contract rate'),
    (cell) => apply(cell, 'standard', (c) => c.plus(delta(cell)), 'billed above the contract rate'),
    (cell) => {
      const std = cellRate(ctx, cell.placement, cell.week, 'standard', cell.sheet);
      return apply(cell, 'overtime', () => std?.bill, 'overtime billed at the standard rate');
    },
    (cell) => apply(cell, 'standard', transpose, 'unit price keyed with transposed digits'),
  ]);
}
