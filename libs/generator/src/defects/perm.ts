import type { Dec } from '@closegap/domain';
import { dec } from '@closegap/domain';
import type { Ctx } from '../context';
import type { Placement } from '../model';
import type { Rng } from '../prng';
import { expectedFee } from '../activity-extra';
import { addTruth, catKey, lineRefs, removeInvLine } from './common';

function eligible(ctx: Ctx, rng: Rng): Placement[] {
  return rng.shuffle(
    ctx.placements.filter((p) => {
      const line = ctx.feeLines.get(p.id);
      return p.type === 'perm' && line !== undefined && !line.inv.touched && !ctx.reserve.has(catKey('PERM_FEE_VARIANCE', p.id));
    }),
  );
}

export function injectPermNotInvoiced(ctx: Ctx, rng: Rng, n: number): void {
  let made = 0;
  for (const p of eligible(ctx, rng)) {
    if (made >= n) return;
    const line = ctx.feeLines.get(p.id);
    if (!line) continue;
    const voided = made % 3 === 2;
    if (voided) line.inv.status = 'void';
    else removeInvLine(undefined, line);
    line.inv.touched = true;
    ctx.feeLines.delete(p.id);
    ctx.reserve.take(catKey('PERM_FEE_VARIANCE', p.id));
    addTruth(ctx, {
      category: 'PERM_FEE_NOT_INVOICED',
      refs: () => ({ placement_id: p.id }),
      value: expectedFee(p),
      currency: p.currency,
      note: voided ? 'the fee invoice was voided and never reissued' : `placement started ${p.start}, no fee invoiced`,
      placementId: p.id,
      clientId: p.client.id,
    });
    made++;
  }
}

export function injectPermVariance(ctx: Ctx, rng: Rng, n: number): void {
  let made = 0;
  for (const p of eligible(ctx, rng)) {
    if (made >= n) return;
    const line = ctx.feeLines.get(p.id);
    if (!line || !p.salary) continue;
    const expected = expectedFee(p);
    const variant = made % 3;
    let price: Dec;
    let note: string;
    if (p.feeAmount) {
      if (variant === 1) {
        price = p.salary.times(p.feePct ?? 25).div(100);
        note = 'flat fee agreed, invoiced as a percentage of salary';
      } else {
        price = p.feeAmount.minus(rng.int(1, 8) * 250);
        note = 'flat fee invoiced short';
      }
    } else if (variant === 2) {
      price = p.salary.plus(10000).times(p.feePct ?? 20).div(100);
      note = 'fee computed on the wrong salary';
    } else {
      price = p.salary.times((p.feePct ?? dec(20)).minus(rng.pick([2, 3, 2.5]))).div(100);
      note = `fee invoiced at the wrong percentage (agreed ${p.feePct?.toFixed()}%)`;
    }
    price = price.toDecimalPlaces(2);
    if (price.eq(expected) || price.lte(0)) continue;
    line.price = price;
    line.amount = price;
    line.inv.touched = true;
    ctx.reserve.take(catKey('PERM_FEE_VARIANCE', p.id));
    addTruth(ctx, {
      category: 'PERM_FEE_VARIANCE',
      refs: lineRefs(line),
      value: expected.minus(price.times(line.qty)).abs(),
      currency: p.currency,
      note: `${note}: expected ${expected.toFixed(2)}, invoiced ${price.toFixed(2)}`,
      placementId: p.id,
      clientId: p.client.id,
    });
    made++;
  }
}
