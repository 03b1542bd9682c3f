import type { Dec } from '@closegap/domain';
import { dec } from '@closegap/domain';
import type { Row } from './load';

export interface ORate {
  idx: number;
  level: 'placement' | 'card';
  bill: Dec;
  pay?: Dec;
  from: string;
  to?: string;
  agreed: string;
}

const jobKey = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** rateInForce exactly as docs/checks.md words it. */
export class OracleRates {
  private readonly byPlacement = new Map<string, ORate[]>();
  private readonly byCard = new Map<string, ORate[]>();

  constructor(rows: Row[]) {
    rows.forEach((r, idx) => {
      const rate: ORate = {
        idx,
        level: r.placement_id ? 'placement' : 'card',
        bill: dec(r.bill_rate),
        pay: r.pay_rate ? dec(r.pay_rate) : undefined,
        from: r.effective_from,
        to: r.effective_to || undefined,
        agreed: r.agreed_on ?? '',
      };
      const key = r.placement_id ? `${r.placement_id}|${r.rate_type}` : `${r.client_id}|${jobKey(r.job_title)}|${r.rate_type}`;
      const map = r.placement_id ? this.byPlacement : this.byCard;
      map.set(key, [...(map.get(key) ?? []), rate]);
    });
  }

  rows(p: Row, rt: string): { placement: ORate[]; card: ORate[] } {
    return { placement: this.byPlacement.get(`${p.placement_id}|${rt}`) ?? [], card: this.byCard.get(`${p.client_id}|${jobKey(p.job_title ?? '')}|${rt}`) ?? [] };
  }

  inForce(p: Row, rt: string, day: string): ORate | undefined {
    const { placement, card } = this.rows(p, rt);
    return best(placement, day) ?? best(card, day);
  }

  /** A row of the same level that `row` displaced. */
  superseded(p: Row, rt: string, row: ORate): ORate[] {
    const { placement, card } = this.rows(p, rt);
    const same = row.level === 'placement' ? placement : card;
    return same.filter((r) => r !== row && (r.from < row.from || (r.from === row.from && r.agreed < row.agreed)));
  }
}

function best(rows: ORate[], day: string): ORate | undefined {
  let top: ORate | undefined;
  for (const r of rows) {
    if (r.from > day || (r.to !== undefined && day > r.to)) continue;
    if (!top || r.from > top.from || (r.from === top.from && (r.agreed > top.agreed || (r.agreed === top.agreed && r.idx > top.idx)))) top = r;
  }
  return top;
}
