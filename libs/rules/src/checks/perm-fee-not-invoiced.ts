import type { Client, Placement } from '@closegap/domain';
import type { CheckContext, Finding, PlacedInvoiceLine } from '../model';
import { money } from '../cell-facts';
import { expectedPermFee } from './perm-fee';

/** PERM_FEE_NOT_INVOICED: a perm placement, not cancelled, started by as_of, with no fee line. */
export function checkPermFeeNotInvoiced(placement: Placement, client: Client, feeLines: readonly PlacedInvoiceLine[], ctx: CheckContext): Finding | undefined {
  if (placement.type !== 'perm' || placement.status === 'cancelled' || placement.startDate > ctx.asOf) return undefined;
  if (feeLines.length > 0) return undefined;
  const fee = expectedPermFee(placement);
  if (!fee) return undefined;
  const currency = placement.currency ?? client.currency;
  const basis = placement.feeAmount ? 'flat fee' : `${placement.feePct?.toFixed()}% of ${money(placement.salary ?? fee, currency)}`;
  return {
    category: 'PERM_FEE_NOT_INVOICED',
    fields: {
      client_id: client.clientId,
      client_name: client.name,
      placement_id: placement.placementId,
      worker_name: placement.candidateName,
      rate_type: 'perm_fee',
      expected: fee.toFixed(2),
      actual: '0.00',
      source: 'placements',
      record_id: placement.placementId,
    },
    value: fee,
    currency,
    placementId: placement.placementId,
    weeks: [],
    detail: `permanent placement started ${placement.startDate} (${basis}); no fee line found on any non-void invoice`,
    action: (v) => `Invoice ${client.name} the placement fee for ${placement.candidateName} (started ${placement.startDate}): ${money(v, currency)}`,
  };
}
