import { isIsoDate, weekEnding } from '@closegap/domain';
import type { InvoiceLine, IsoDate } from '@closegap/domain';

export type WeekOfLine = { week: IsoDate } | { problem: string } | { week: undefined };

const ISO_IN_TEXT = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const DMY_IN_TEXT = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/;

/**
 * The ISO week an invoice line bills: its service period (contract time lines cover whole
 * ISO weeks), else a date in its description ("w/e 2026-03-15", "week ending 15/03/2026").
 */
export function weekOfInvoiceLine(line: InvoiceLine): WeekOfLine {
  const { periodStart, periodEnd } = line;
  if (periodStart && periodEnd) {
    const a = weekEnding(periodStart);
    const b = weekEnding(periodEnd);
    if (a !== b) return { problem: `service period ${periodStart} to ${periodEnd} spans more than one ISO week` };
    return { week: b };
  }
  if (periodEnd || periodStart) return { week: weekEnding((periodEnd ?? periodStart) as IsoDate) };
  const text = line.description ?? '';
  const iso = ISO_IN_TEXT.exec(text);
  if (iso && isIsoDate(iso[0])) return { week: weekEnding(iso[0]) };
  const dmy = DMY_IN_TEXT.exec(text);
  if (dmy) {
    const date = `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
    if (isIsoDate(date)) return { week: weekEnding(date) };
  }
  return { week: undefined };
}
