import { Dec } from '@closegap/domain';
import type { Placement } from '@closegap/domain';

/** The fee a permanent placement earns: `fee_amount` when set, else salary x fee_pct / 100. */
export function expectedPermFee(placement: Placement): Dec | undefined {
  if (placement.feeAmount) return placement.feeAmount;
  if (placement.salary && placement.feePct) return placement.salary.times(placement.feePct).div(100);
  return undefined;
}
