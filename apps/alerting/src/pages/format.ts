import { Dec, formatMoney } from '@closegap/domain';

export function money(value: string | null | undefined, currency?: string | null): string {
  return formatMoney(new Dec(value || '0'), currency ?? 'USD');
}

export function label(key: string): string {
  return key.replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase());
}

export function when(d: Date | string | null | undefined): string {
  if (!d) return '';
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function days(n: number): string {
  return n < 1 ? `${Math.round(n * 24)}h` : `${Math.floor(n)}d`;
}
