import { Dec, isIsoDate } from '@closegap/domain';

/**
 * Value conversions shared by the mappers. Money and units become decimal strings through
 * decimal.js; a JSON number is read through its shortest round-trip text (`String(n)`), which
 * is the literal the API sent for every amount with fewer than 16 significant digits.
 */
export function decimalString(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const text = String(value).trim().replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  const d = new Dec(text);
  return d.isFinite() ? d.toFixed() : undefined;
}

export function requireDecimal(value: unknown, field: string): string {
  const d = decimalString(value);
  if (d === undefined) throw new MappingError(`${field}: "${String(value)}" is not a number`);
  return d;
}

/** A record that cannot be mapped: it goes to the rejected list with this reason. */
export class MappingError extends Error {}

/** Epoch milliseconds (Bullhorn Timestamps) to the UTC calendar date. */
export function epochMsToDate(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return undefined;
  return new Date(n).toISOString().slice(0, 10);
}

const XERO_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Xero `/Date(1539993600000+0000)/` (or an ISO string) to YYYY-MM-DD. */
export function xeroDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const m = XERO_DATE.exec(value);
  if (m) return new Date(Number(m[1])).toISOString().slice(0, 10);
  return isoDatePrefix(value);
}

/** Xero `/Date(ms+0000)/` to an ISO timestamp (for cursors). */
export function xeroTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = XERO_DATE.exec(value);
  if (m) return new Date(Number(m[1])).toISOString();
  return Number.isNaN(Date.parse(value)) ? undefined : new Date(value).toISOString();
}

/** "2024-01-03", "2024-01-03T10:00:00-08:00" -> "2024-01-03" (the date as the system wrote it). */
export function isoDatePrefix(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const day = value.slice(0, 10);
  return isIsoDate(day) ? day : undefined;
}

/** A date a system may send as ISO text or as epoch-ms text (HubSpot date properties). */
export function flexibleDate(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return epochMsToDate(value);
  if (typeof value !== 'string') return undefined;
  if (/^-?\d{10,}$/.test(value.trim())) return epochMsToDate(Number(value.trim()));
  return isoDatePrefix(value.trim());
}

export function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function fullName(first: unknown, last: unknown): string | undefined {
  const name = [text(first), text(last)].filter(Boolean).join(' ');
  return name === '' ? undefined : name;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The later of two ISO timestamps (either may be absent). */
export function laterTimestamp(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
