import Decimal from 'decimal.js';

/**
 * Money and units are decimals, never binary floats. Computations keep full precision;
 * `roundCents` is applied once, at the end, half away from zero (contract section 1).
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export const ZERO: Dec = new Dec(0);

export function dec(value: string | number | Dec): Dec {
  return new Dec(value);
}

export function roundCents(value: Dec): Dec {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** "1198.5" -> "1198.50": how amounts are written to the outputs. */
export function moneyString(value: Dec): string {
  return roundCents(value).toFixed(2);
}

/** Units keep their own precision but never print as exponent notation. */
export function unitsString(value: Dec): string {
  return value.toFixed();
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** "$1,198.50" style, for people (suggested actions, the pack). */
export function formatMoney(value: Dec, currency: string | undefined): string {
  const [whole, cents] = roundCents(value).abs().toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value.isNegative() && !value.isZero() ? '-' : '';
  const symbol = currencySymbol(currency);
  return symbol ? `${sign}${symbol}${grouped}.${cents}` : `${sign}${grouped}.${cents} ${currency ?? ''}`.trim();
}

const SYMBOLS: Record<string, string> = { USD: '$', GBP: '£', EUR: '€', AUD: 'A$', CAD: 'C$', NZD: 'NZ$' };

export function currencySymbol(currency: string | undefined): string | undefined {
  return currency ? SYMBOLS[currency.toUpperCase()] : undefined;
}
