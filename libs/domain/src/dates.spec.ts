import { weekEnding, isoWeekday, isIsoDate, weeksOverlapping, addDays } from './dates';

describe('ISO weeks', () => {
  it('names a week by its Sunday, Monday and Sunday belonging to the same week', () => {
    expect(weekEnding('2026-03-09')).toBe('2026-03-15'); // Monday
    expect(weekEnding('2026-03-15')).toBe('2026-03-15'); // Sunday
    expect(weekEnding('2026-03-16')).toBe('2026-03-22'); // next Monday
  });
  it('crosses year ends the ISO way', () => {
    expect(weekEnding('2025-12-31')).toBe('2026-01-04');
    expect(isoWeekday('2026-01-01')).toBe(3); // Thursday
  });
  it('rejects impossible dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('15/03/2026')).toBe(false);
  });
  it('lists every week overlapping a period, edges included', () => {
    expect(weeksOverlapping('2026-03-15', '2026-03-16')).toEqual(['2026-03-15', '2026-03-22']);
    expect(weeksOverlapping('2026-03-16', '2026-03-15')).toEqual([]);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
