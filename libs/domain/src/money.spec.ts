import { dec, roundCents, moneyString, formatMoney } from './money';

describe('money', () => {
  it('rounds half away from zero, once, to the cent', () => {
    expect(moneyString(dec('2.345'))).toBe('2.35');
    expect(moneyString(dec('-2.345'))).toBe('-2.35');
    expect(roundCents(dec('0.1').plus('0.2')).toFixed(2)).toBe('0.30');
  });
  it('keeps exact decimal arithmetic where floats drift', () => {
    expect(dec('70.50').times('17').toFixed(2)).toBe('1198.50');
    expect(dec('0.1').times(3).eq(dec('0.3'))).toBe(true);
  });
  it('formats for people', () => {
    expect(formatMoney(dec('1198.5'), 'USD')).toBe('$1,198.50');
    expect(formatMoney(dec('1234567.891'), 'CHF')).toBe('1,234,567.89 CHF');
  });
});
