import type { TimeRateType } from '@closegap/domain';
import type { Placement, RateRow } from './model';

export function jobKey(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim();
}

function holds(row: RateRow, day: string): boolean {
  return row.from <= day && (row.to === undefined || day <= row.to);
}

/** Later row wins: effective_from, then agreed_on (blank first), then position in rates.csv. */
function later(a: RateRow, b: RateRow): boolean {
  if (a.from !== b.from) return a.from > b.from;
  const aa = a.agreed ?? '';
  const bb = b.agreed ?? '';
  if (aa !== bb) return aa > bb;
  return a.idx > b.idx;
}

/** The rate truth table, with the engine's rate-in-force rule (docs/checks.md). */
export class RateBook {
  readonly rows: RateRow[] = [];
  private readonly byPlacement = new Map<string, RateRow[]>();
  private readonly byCard = new Map<string, RateRow[]>();
  /** client_id|job key of each placement's rate card, computed once */
  private readonly cardPrefix = new Map<Placement, string>();

  add(row: Omit<RateRow, 'idx'>): RateRow {
    const full: RateRow = { ...row, idx: this.rows.length };
    this.rows.push(full);
    const key = full.level === 'placement' ? `${full.placementId}|${full.rateType}` : `${full.clientId}|${jobKey(full.jobTitle ?? '')}|${full.rateType}`;
    const map = full.level === 'placement' ? this.byPlacement : this.byCard;
    const list = map.get(key);
    if (list) list.push(full);
    else map.set(key, [full]);
    return full;
  }

  placementRows(p: Placement, rt: TimeRateType): RateRow[] {
    return this.byPlacement.get(`${p.id}|${rt}`) ?? [];
  }

  cardRows(p: Placement, rt: TimeRateType): RateRow[] {
    let prefix = this.cardPrefix.get(p);
    if (prefix === undefined) {
      prefix = `${p.client.id}|${jobKey(p.jobTitle)}|`;
      this.cardPrefix.set(p, prefix);
    }
    return this.byCard.get(prefix + rt) ?? [];
  }

  inForce(p: Placement, rt: TimeRateType, day: string): RateRow | undefined {
    return pick(this.placementRows(p, rt), day) ?? pick(this.cardRows(p, rt), day);
  }

  /** Every bill rate any row of either level has for this placement and rate type. */
  billRates(p: Placement, rt: TimeRateType): string[] {
    return [...this.placementRows(p, rt), ...this.cardRows(p, rt)].map((r) => r.bill.toFixed(2));
  }
}

function pick(rows: RateRow[], day: string): RateRow | undefined {
  let best: RateRow | undefined;
  for (const r of rows) if (holds(r, day) && (!best || later(r, best))) best = r;
  return best;
}
