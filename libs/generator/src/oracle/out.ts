import type { Category, Dec } from '@closegap/domain';
import { CATEGORY_REFS, moneyString } from '@closegap/domain';

export interface OracleRecord {
  key: string;
  category: Category;
  value_at_risk: string;
  retroactive: boolean;
}

/** Collects exceptions by category and refs, summing values that share them. */
export class OracleOut {
  private readonly map = new Map<string, { category: Category; value: Dec; retroactive: boolean }>();

  add(category: Category, refs: Record<string, string | undefined>, value: Dec, retroactive = false): void {
    const key = [category, ...CATEGORY_REFS[category].map((f) => `${f}=${refs[f] ?? ''}`)].join('|');
    const prev = this.map.get(key);
    if (prev) prev.value = prev.value.plus(value);
    else this.map.set(key, { category, value, retroactive });
  }

  records(): OracleRecord[] {
    return [...this.map.entries()].map(([key, r]) => ({ key, category: r.category, value_at_risk: moneyString(r.value.abs()), retroactive: r.retroactive }));
  }
}
