/**
 * Dates are ISO `YYYY-MM-DD` strings (they sort and compare as strings) and, for
 * arithmetic, day numbers since 1970-01-01 in UTC. Weeks are ISO weeks, Monday to
 * Sunday, named by their Sunday (`week_ending`).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export type IsoDate = string;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function dayNumber(date: IsoDate): number {
  return Math.floor(Date.parse(date + 'T00:00:00Z') / MS_PER_DAY);
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** 0 = Monday ... 6 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(date: IsoDate): number {
  return (((dayNumber(date) + 3) % 7) + 7) % 7;
}

/** The Sunday that ends the ISO week holding `date`. */
export function weekEnding(date: IsoDate): IsoDate {
  return addDays(date, 6 - isoWeekday(date));
}

export function weekStart(weekEndingDate: IsoDate): IsoDate {
  return addDays(weekEndingDate, -6);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** Every week_ending whose week overlaps [from, to] (both inclusive). */
export function weeksOverlapping(from: IsoDate, to: IsoDate): IsoDate[] {
  const weeks: IsoDate[] = [];
  if (to < from) return weeks;
  const last = weekEnding(to);
  for (let w = weekEnding(from); w <= last; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

export function todayIso(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}
