import { addDays } from '@closegap/domain';
import type { TimeRateType, TimesheetLine } from '@closegap/domain';
import { aTimesheetLine } from './builders';

/** Five approved weekdays of `hours` for one placement, week ending `weekEnding` (a Sunday). */
export function aWorkWeek(opts: { placement: string; weekEnding: string; hours?: number; timesheet?: string; rateType?: TimeRateType; days?: number }): TimesheetLine[] {
  const monday = addDays(opts.weekEnding, -6);
  const days = opts.days ?? 5;
  return Array.from({ length: days }, (_, i) =>
    aTimesheetLine()
      .placement(opts.placement)
      .timesheet(opts.timesheet ?? `TS-${opts.placement}-${opts.weekEnding}`)
      .on(addDays(monday, i))
      .type(opts.rateType ?? 'standard')
      .units(opts.hours ?? 8)
      .build(),
  );
}
