import { addDays, isoWeekday, weekEnding } from './days';

export interface Calendar {
  asOf: string;
  /** Monday of the first week of data */
  dataFrom: string;
  /** the Sundays that end the weeks of data, oldest first */
  weeks: string[];
  holidays: Set<string>;
}

export const WEEKS_OF_DATA = 13;

export function makeCalendar(asOf: string): Calendar {
  const last = isoWeekday(asOf) === 6 ? asOf : addDays(weekEnding(asOf), -7);
  const weeks: string[] = [];
  for (let i = WEEKS_OF_DATA - 1; i >= 0; i--) weeks.push(addDays(last, -7 * i));
  const dataFrom = addDays(weeks[0], -6);
  const holidays = new Set<string>();
  for (const w of weeks) {
    for (let d = 0; d < 7; d++) {
      const day = addDays(w, -d);
      const md = day.slice(5);
      if (md === '01-01' || md === '12-25' || md === '12-26') holidays.add(day);
    }
  }
  return { asOf, dataFrom, weeks, holidays };
}

const weekDays = new Map<string, readonly string[]>();

/** The Monday..Sunday of a week, by its Sunday (memoised; do not mutate). */
export function daysOfWeek(weekEndingDate: string): readonly string[] {
  let out = weekDays.get(weekEndingDate);
  if (!out) {
    const days: string[] = [];
    for (let d = 6; d >= 0; d--) days.push(addDays(weekEndingDate, -d));
    out = days;
    weekDays.set(weekEndingDate, out);
  }
  return out;
}

export function isWeekday(date: string): boolean {
  return isoWeekday(date) < 5;
}

/** Next weekday on or after a date. */
export function nextWeekday(date: string): string {
  let d = date;
  while (!isWeekday(d)) d = addDays(d, 1);
  return d;
}

/** ISO week number of the week ending on a Sunday: the week of its Thursday. */
export function isoWeekNo(weekEndingDate: string): number {
  const thursday = addDays(weekEndingDate, -3);
  const jan1 = thursday.slice(0, 4) + '-01-01';
  const doy = Math.round((Date.parse(thursday) - Date.parse(jan1)) / 86_400_000);
  return Math.floor(doy / 7) + 1;
}
