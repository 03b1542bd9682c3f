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

const titleKeys = new Map<string, string>();

/** Job titles compare case- and space-insensitively ("Forklift  operator" = "Forklift Operator"). */
export function jobTitleKey(title: string | undefined): string {
  if (!title) return '';
  let key = titleKeys.get(title);
  if (key === undefined) {
    key = title.toLowerCase().replace(/\s+/g, ' ').trim();
    if (titleKeys.size < 100_000) titleKeys.set(title, key);
  }
  return key;
}

/**
 * The rate truth table (contract section 1, `rates.csv`): the one place that answers
 * "which rate is in force for this placement, rate type and day". Everything that needs a
 * contract rate - the checks, the services, the pre-send check - asks this class.
 */
export class RateTruthTable {
  // owner (placement id, or client id + job title) -> rate type -> rows, best first
  private readonly byPlacement = new Map<string, Map<string, RateRow[]>>();
  private readonly byCard = new Map<string, Map<string, RateRow[]>>();
  private readonly cardOf = new WeakMap<Placement, string>();
  private readonly rows = new Map<string, RateRow>();

  constructor(rows: Iterable<RateRow> = []) {
    for (const row of rows) this.upsert(row);
  }

  upsert(row: RateRow): void {
    if (this.rows.has(row.rateId)) this.remove(row.rateId);
    this.rows.set(row.rateId, row);
    const [index, owner] = this.slot(row);
    let byType = index.get(owner);
    if (!byType) index.set(owner, (byType = new Map()));
    const list = byType.get(row.rateType) ?? [];
    list.push(row);
    list.sort(precedes);
    byType.set(row.rateType, list);
  }

  remove(rateId: string): RateRow | undefined {
    const row = this.rows.get(rateId);
    if (!row) return undefined;
    this.rows.delete(rateId);
    const [index, owner] = this.slot(row);
    const byType = index.get(owner);
    const list = (byType?.get(row.rateType) ?? []).filter((r) => r.rateId !== rateId);
    if (list.length) byType?.set(row.rateType, list);
    else byType?.delete(row.rateType);
    if (byType?.size === 0) index.delete(owner);
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
    const own = this.byPlacement.get(placement.placementId)?.get(rateType);
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
    return [...(this.byPlacement.get(placement.placementId)?.get(rateType) ?? []), ...(this.cardRows(placement, rateType) ?? [])];
  }

  /** Which placements a row can govern: its own, or every placement of the client with that job title. */
  governs(row: RateRow, placement: Placement): boolean {
    if (row.placementId) return row.placementId === placement.placementId;
    if (row.clientId !== placement.clientId) return false;
    return !row.jobTitle || jobTitleKey(row.jobTitle) === jobTitleKey(placement.jobTitle);
  }

  private cardRows(placement: Placement, rateType: TimeRateType): RateRow[] | undefined {
    let owner = this.cardOf.get(placement);
    if (owner === undefined) {
      owner = cardOwner(placement.clientId, placement.jobTitle);
      this.cardOf.set(placement, owner);
    }
    // the card for the placement's role, else the client's card for every role (blank job_title)
    return this.byCard.get(owner)?.get(rateType) ?? this.byCard.get(cardOwner(placement.clientId, undefined))?.get(rateType);
  }

  private slot(row: RateRow): [Map<string, Map<string, RateRow[]>>, string] {
    return row.placementId ? [this.byPlacement, row.placementId] : [this.byCard, cardOwner(row.clientId ?? '', row.jobTitle)];
  }
}

const cardOwner = (clientId: string, jobTitle: string | undefined): string => `${clientId}\u0000${jobTitleKey(jobTitle)}`;
