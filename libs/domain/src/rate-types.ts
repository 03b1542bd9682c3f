export const RATE_TYPES = [
  'standard',
  'overtime',
  'double_time',
  'night',
  'weekend',
  'holiday',
  'hazard',
  'travel_time',
  'on_call',
  'callout',
  'training',
  'standby',
  'per_diem',
  'mileage',
] as const;

export type TimeRateType = (typeof RATE_TYPES)[number];

/** `perm_fee` is not a rate type of the rate truth table: it marks a permanent placement's fee line. */
export const PERM_FEE = 'perm_fee' as const;
export type RateType = TimeRateType | typeof PERM_FEE;

const KNOWN = new Set<string>(RATE_TYPES);

export function isTimeRateType(value: string): value is TimeRateType {
  return KNOWN.has(value);
}

export const RATE_UNITS = ['hour', 'day', 'shift', 'mile', 'each'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];
