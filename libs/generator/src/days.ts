import { addDays as domainAddDays, isoWeekday as domainIsoWeekday } from '@closegap/domain';

/**
 * Memoised date arithmetic: generation calls these millions of times at scale 10 on a few
 * thousand distinct dates. Pure functions, so the caches cannot change any output.
 */
const added = new Map<string, string>();
const weekdays = new Map<string, number>();

export function addDays(date: string, days: number): string {
  const key = date + '|' + days;
  let v = added.get(key);
  if (v === undefined) {
    v = domainAddDays(date, days);
    added.set(key, v);
  }
  return v;
}

export function isoWeekday(date: string): number {
  let v = weekdays.get(date);
  if (v === undefined) {
    v = domainIsoWeekday(date);
    weekdays.set(date, v);
  }
  return v;
}

export function weekEnding(date: string): string {
  return addDays(date, 6 - isoWeekday(date));
}

