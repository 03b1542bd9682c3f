/**
 * Dates are ISO `YYYY-MM-DD` strings (they sort and compare as strings) and, for
 * arithmetic, day numbers since 1970-01-01 in UTC. Weeks are ISO weeks, Monday to
 * Sunday, named by their Sunday (`week_ending`).
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export type IsoDate = string;

// A bundle holds few distinct dates and millions of references to them: memoise the
// string <-> day-number conversions that every check leans on.
const dayNumbers = new Map<string, number>();
const isoByDay = new Map<number, string>();
const validity = new Map<string, boolean>();

export function isIsoDate(value: string): boolean {
  let known = validity.get(value);
  if (known === undefined) {
    known = checkIsoDate(value);
    if (validity.size < 100_000) validity.set(value, known);
  }
  return known;
}

function checkIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function dayNumber(date: IsoDate): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Math.floor(Date.parse(date + 'T00:00:00Z') / MS_PER_DAY);
    if (dayNumbers.size < 100_000) dayNumbers.set(date, day);
  }
  return day;
}

export function fromDayNumber(day: number): IsoDate {
  let iso = isoByDay.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoByDay.size < 100_000) isoByDay.set(day, iso);
  }
  return iso;
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
