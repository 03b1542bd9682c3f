import { PERM_FEE, isTimeRateType } from '@closegap/domain';
import type { RateType, RulesConfig, TimeRateType } from '@closegap/domain';

/** Lower case, `&` -> and, punctuation and repeated spaces folded: how map keys are compared. */
export function mapKey(value: string): string {
  return value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Codes every timesheet and payroll system uses; the rules file's `rate_type_map` adds to
 * and overrides these (documented in docs/rules-file.md).
 */
export const DEFAULT_RATE_TYPE_CODES: Readonly<Record<string, TimeRateType>> = {
  reg: 'standard',
  regular: 'standard',
  std: 'standard',
  st: 'standard',
  normal: 'standard',
  base: 'standard',
  ot: 'overtime',
  ot1: 'overtime',
  'ot 1 5': 'overtime',
  'ot1 5': 'overtime',
  'ot 1 5x': 'overtime',
  'ot1 5x': 'overtime',
  'overtime 1 5': 'overtime',
  'overtime 1 5x': 'overtime',
  'time and half': 'overtime',
  'dt 2 0': 'double_time',
  'dt2': 'double_time',
  'overtime 2x': 'double_time',
  'overtime 2 0x': 'double_time',
  'double': 'double_time',
  'weekend': 'weekend',
  'sat': 'weekend',
  'sun': 'weekend',
  'stat holiday': 'holiday',
  'statutory holiday': 'holiday',
  'regular time': 'standard',
  'regular hours': 'standard',
  'straight time': 'standard',
  'basic': 'standard',
  'time and a half': 'overtime',
  dt: 'double_time',
  ot2: 'double_time',
  'double time': 'double_time',
  doubletime: 'double_time',
  nt: 'night',
  night: 'night',
  'night shift': 'night',
  wknd: 'weekend',
  we: 'weekend',
  hol: 'holiday',
  bh: 'holiday',
  'bank holiday': 'holiday',
  'public holiday': 'holiday',
  haz: 'hazard',
  tt: 'travel_time',
  travel: 'travel_time',
  'travel time': 'travel_time',
  oncall: 'on_call',
  'on call': 'on_call',
  co: 'callout',
  'call out': 'callout',
  trn: 'training',
  sb: 'standby',
  pd: 'per_diem',
  'per diem': 'per_diem',
  miles: 'mileage',
  mileage: 'mileage',
};

export function mapTimeRateType(value: string, rules: Pick<RulesConfig, 'rateTypeMap'>): TimeRateType | undefined {
  const key = mapKey(value);
  const configured = rules.rateTypeMap.get(key);
  if (configured) return configured;
  const canonical = key.replace(/ /g, '_');
  if (isTimeRateType(canonical)) return canonical;
  return DEFAULT_RATE_TYPE_CODES[key] ?? DEFAULT_RATE_TYPE_CODES[key.replace(/ (hours?|hrs?|time|rate|pay)$/, '')];
}

/** Finance item names seen across QuickBooks/Xero charts of items; `item_map` wins over these. */
const ITEM_KEYWORDS: readonly [RegExp, RateType][] = [
  [/\b(placement|perm|permanent|recruitment|search|finder s?|introduction|success)\b.*\bfee\b|\bfee\b.*\b(placement|perm|permanent)\b|^fee$/, PERM_FEE],
  [/\b(double time|doubletime|dt|ot2|x2|2x)\b/, 'double_time'],
  [/\b(overtime|ot|ot1|time and a half|1 5x|x1 5)\b/, 'overtime'],
  [/\bnight\b/, 'night'],
  [/\bweekend\b/, 'weekend'],
  [/\b(holiday|bank hol)\b/, 'holiday'],
  [/\bhazard\b/, 'hazard'],
  [/\btravel\b/, 'travel_time'],
  [/\bon call\b/, 'on_call'],
  [/\bcall ?out\b/, 'callout'],
  [/\btraining\b/, 'training'],
  [/\bstandby\b/, 'standby'],
  [/\bper diem\b/, 'per_diem'],
  [/\b(mileage|miles)\b/, 'mileage'],
  [/\b(regular|standard|straight time|reg|std|hours|hourly|labou?r|temp|temporary|contract|staffing|time)\b/, 'standard'],
];

/** rate type of an invoice line: its `rate_type` column, else its `item` through `item_map`, else keywords. */
export function mapInvoiceRateType(
  rateType: string,
  item: string,
  rules: Pick<RulesConfig, 'rateTypeMap' | 'itemMap'>,
): RateType | undefined {
  if (rateType) {
    if (mapKey(rateType).replace(/ /g, '_') === PERM_FEE) return PERM_FEE;
    return mapTimeRateType(rateType, rules);
  }
  if (!item) return undefined;
  const key = mapKey(item);
  const configured = rules.itemMap.get(key);
  if (configured) return configured;
  const direct = mapTimeRateType(item, rules);
  if (direct) return direct;
  for (const [pattern, type] of ITEM_KEYWORDS) if (pattern.test(key)) return type;
  return undefined;
}
