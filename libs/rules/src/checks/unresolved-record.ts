import type { Dec } from '@closegap/domain';
import type { Finding } from '../model';

export interface UnresolvedInput {
  source: 'timesheets' | 'invoices' | 'credit_notes' | 'pay_lines';
  recordId: string;
  externalName: string;
  value: Dec;
  currency?: string;
  reason: string;
  candidates: string;
  fields: Finding['fields'];
}

/** UNRESOLVED_RECORD: a record whose client (or worker) cannot be resolved with confidence. It takes part in no other check. */
export function unresolvedRecord(input: UnresolvedInput): Finding {
  return {
    category: 'UNRESOLVED_RECORD',
    fields: { ...input.fields, source: input.source, record_id: input.recordId, actual: input.externalName },
    value: input.value.abs(),
    currency: input.currency,
    weeks: [],
    detail: `${input.reason}${input.candidates ? `; nearest: ${input.candidates}` : ''}`,
    action: () =>
      `Confirm which CRM record "${input.externalName}" is (identity review), or add it to the rules file's aliases; then rerun`,
  };
}
