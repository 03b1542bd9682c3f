export type { Client, CreditNote, InvoiceLine, PayLine, Placement, RulesConfig, SourceName, TimesheetLine } from '@closegap/domain';
import type { CreditNote, InvoiceLine, PayLine, TimesheetLine } from '@closegap/domain';

export interface IdentityRecordsLike {
  timesheets?: TimesheetLine[];
  invoices?: InvoiceLine[];
  creditNotes?: CreditNote[];
  payLines?: PayLine[];
}
