import type { Category } from '@closegap/domain';
import { draft, timeLine } from './fixtures';

export interface Case {
  name: string;
  body: Record<string, unknown>;
  verdict: 'pass' | 'warn' | 'block';
  /** a finding of this category the draft must raise */
  raises?: Category;
  expected?: string;
  actual?: string;
}

const p1Std = (q = 40, price = '50.00', amount?: string) => timeLine('P1', 'John Smith', '2026-03-22', 'standard', q, price, amount);
const p1Ot = () => timeLine('P1', 'John Smith', '2026-03-22', 'overtime', 4, '75.00');

/** One draft per thing the check can say, on the agency of fixtures.ts. */
export const CASES: Case[] = [
  { name: 'a clean invoice passes', body: draft('DR-CLEAN', [p1Std(), p1Ot()]), verdict: 'pass' },
  { name: 'wrong rate', body: draft('DR-RATE', [p1Std(40, '45.00'), p1Ot()]), verdict: 'block', raises: 'BILL_RATE_VARIANCE', expected: '50.00', actual: '45.00' },
  {
    name: 'superseded rate',
    body: draft('DR-DRIFT', [timeLine('P3', 'Wei Chen', '2026-03-15', 'standard', 40, '42.00')], { customer_name: 'Bluewater Foods Inc' }),
    verdict: 'block',
    raises: 'CONTRACT_DRIFT',
    expected: '45.00',
    actual: '42.00',
  },
  { name: 'approved time missing from the invoice', body: draft('DR-SHORT', [p1Std()]), verdict: 'warn' },
  { name: 'more units than approved', body: draft('DR-OVER', [p1Std(48), p1Ot()]), verdict: 'block', raises: 'OVERBILLED_TIME' },
  {
    name: 'duplicate of an invoice already sent',
    body: draft('DR-DUP', [
      timeLine('P1', 'John Smith', '2026-03-15', 'standard', 40, '50.00'),
      timeLine('P1', 'John Smith', '2026-03-15', 'overtime', 4, '75.00'),
      timeLine('P2', 'Maria Garcia', '2026-03-15', 'standard', 40, '40.00'),
      timeLine('P2', 'Maria Garcia', '2026-03-22', 'standard', 40, '40.00'),
    ]),
    verdict: 'block',
    raises: 'DUPLICATE_INVOICE',
  },
  { name: 'arithmetic', body: draft('DR-MATH', [p1Std(40, '50.00', '2100.00'), p1Ot()]), verdict: 'block', raises: 'INVOICE_MATH_ERROR', expected: '2000.00', actual: '2100.00' },
  { name: 'currency', body: draft('DR-CUR', [p1Std(), p1Ot()], { currency: 'EUR' }), verdict: 'block', raises: 'CURRENCY_MISMATCH' },
  {
    name: 'unknown placement',
    body: draft('DR-UNK', [{ rate_type: 'standard', placement_ref: 'P-NOPE', description: 'Consulting services w/e 2026-03-22', period_start: '2026-03-16', period_end: '2026-03-22', quantity: '10', unit_price: '50.00', amount: '500.00' }]),
    verdict: 'block',
    raises: 'INVOICE_WITHOUT_PLACEMENT',
  },
  {
    name: 'perm fee at the wrong amount',
    body: draft('DR-FEE', [{ rate_type: 'perm_fee', placement_ref: 'PERM1', description: 'Placement fee Ana Lopez', quantity: '1', unit_price: '10000.00', amount: '10000.00' }], { customer_name: 'Bluewater Foods Inc' }),
    verdict: 'block',
    raises: 'PERM_FEE_VARIANCE',
    expected: '12000.00',
    actual: '10000.00',
  },
  {
    name: 'time billed that payroll has not paid',
    body: draft('DR-BNP', [timeLine('P3', 'Wei Chen', '2026-03-15', 'standard', 40, '45.00')], { customer_name: 'Bluewater Foods Inc' }),
    verdict: 'warn',
    raises: 'BILLED_NOT_PAID',
  },
];
