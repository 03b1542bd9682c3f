import type { CreditNote, InvoiceLine, PayLine, TimesheetLine } from '@closegap/domain';

/** Keys of the engine's state: records by their own ids, cells by placement, week and rate type. */
export const tsKey = (l: TimesheetLine): string => `ts:${l.lineId}`;
export const invKey = (l: Pick<InvoiceLine, 'invoiceNumber' | 'lineNo'>): string => `inv:${l.invoiceNumber}:${l.lineNo}`;
export const payKey = (l: PayLine): string => `pay:${l.lineId}`;
export const creditKey = (c: CreditNote): string => `cn:${c.creditNumber}`;
export const cellKey = (placementId: string, week: string, rateType: string): string => `${placementId}|${week}|${rateType}`;
