import type { IsoDate, Placement, RateRow, TimeRateType } from '@closegap/domain';

/** How rows of one level are ranked: latest effective_from, then latest agreed_on, then the later row. */
function precedes(a: RateRow, b: RateRow): number {
  if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom > b.effectiveFrom ? -1 : 1;
  const aa = a.agreedOn ?? '';
  const ba = b.agreedOn ?? '';
  if (aa !== ba) return aa > ba ? -1 : 1;
  return b.pos.line - a.pos.line;
}

const covers = (row: RateRow, day: IsoDate): boolean => row.effectiveFrom <= day && (!row.effectiveTo || day <= row.effectiveTo);

export function jobTitleKey(title: string | undefined): string {
  return (title ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The rate truth table (contract section 1, `rates.csv`): the one place that answers
 * "which rate is in force for this placement, rate type and day". Everything that needs a
 * contract rate - the checks, the services, the pre-send check - asks this class.
 */
export class RateTruthTable {
  private readonly byPlacement = new Map<string, RateRow[]>();
  private readonly byCard = new Map<string, RateRow[]>();
  private readonly rows = new Map<string, RateRow>();

  constructor(rows: Iterable<RateRow> = []) {
    for (const row of rows) this.upsert(row);
  }

  upsert(row: RateRow): void {
    if (this.rows.has(row.rateId)) this.remove(row.rateId);
    this.rows.set(row.rateId, row);
    const [index, key] = this.slot(row);
    const list = index.get(key) ?? [];
    list.push(row);
    list.sort(precedes);
    index.set(key, list);
  }

  remove(rateId: string): RateRow | undefined {
    const row = this.rows.get(rateId);
    if (!row) return undefined;
    this.rows.delete(rateId);
    const [index, key] = this.slot(row);
    const list = (index.get(key) ?? []).filter((r) => r.rateId !== rateId);
    if (list.length) index.set(key, list);
    else index.delete(key);
    return row;
  }

  get size(): number {
    return this.rows.size;
  }

  all(): IterableIterator<RateRow> {
    return this.rows.values();
  }

  /** Placement rows for the rate type win over the client card; a row holds the day when effective_from <= day <= effective_to. */
  inForce(placement: Placement, rateType: TimeRateType, day: IsoDate): RateRow | undefined {
    const own = this.byPlacement.get(placementKey(placement.placementId, rateType));
    const hit = own?.find((row) => covers(row, day));
    if (hit) return hit;
    return this.cardRows(placement, rateType)?.find((row) => covers(row, day));
  }

  /**
   * Rows the row in force displaced for this placement and rate type, either level: an
   * earlier effective_from, or the same one agreed earlier (a correction).
   */
  superseded(placement: Placement, rateType: TimeRateType, current: RateRow): RateRow[] {
    return this.candidates(placement, rateType).filter(
      (row) =>
        row !== current &&
        (row.effectiveFrom < current.effectiveFrom || (row.effectiveFrom === current.effectiveFrom && (row.agreedOn ?? '') < (current.agreedOn ?? ''))),
    );
  }

  /** Every row that can govern this placement and rate type, either level (for evidence and drift). */
  candidates(placement: Placement, rateType: TimeRateType): RateRow[] {
    return [...(this.byPlacement.get(placementKey(placement.placementId, rateType)) ?? []), ...(this.cardRows(placement, rateType) ?? [])];
  }

  /** Which placements a row can govern: its own, or every placement of the client with that job title. */
  governs(row: RateRow, placement: Placement): boolean {
    if (row.placementId) return row.placementId === placement.placementId;
    return row.clientId === placement.clientId && jobTitleKey(row.jobTitle) === jobTitleKey(placement.jobTitle);
  }

  private cardRows(placement: Placement, rateType: TimeRateType): RateRow[] | undefined {
    return this.byCard.get(cardKey(placement.clientId, placement.jobTitle, rateType));
  }

  private slot(row: RateRow): [Map<string, RateRow[]>, string] {
    return row.placementId
      ? [this.byPlacement, placementKey(row.placementId, row.rateType)]
      : [this.byCard, cardKey(row.clientId ?? '', row.jobTitle, row.rateType)];
  }
}

const placementKey = (placementId: string, rateType: string): string => `${placementId}\u0000${rateType}`;
const cardKey = (clientId: string, jobTitle: string | undefined, rateType: string): string =>
  `${clientId}\u0000${jobTitleKey(jobTitle)}\u0000${rateType}`;
