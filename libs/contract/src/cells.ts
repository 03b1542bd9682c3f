import { Dec, isIsoDate } from '@closegap/domain';
import type { ColumnSpec } from './schema';

/** A bad value in one cell: the row goes to quarantine with this reason. */
export class CellError extends Error {
  constructor(
    readonly column: string,
    readonly reason: string,
  ) {
    super(`column ${column}: ${reason}`);
  }
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

// Units, rates and quantities repeat across hundreds of thousands of rows ("8", "7.5",
// "52.50"); decimal.js values are immutable, so one instance per distinct text is shared.
const decimals = new Map<string, Dec>();

function parseDecimal(cleaned: string, column: string, original: string): Dec {
  const known = decimals.get(cleaned);
  if (known) return known;
  if (!DECIMAL.test(cleaned)) throw new CellError(column, `"${original}" is not a decimal number`);
  const parsed = new Dec(cleaned);
  if (decimals.size < 200_000) decimals.set(cleaned, parsed);
  return parsed;
}

/**
 * Reads one row's cells against the file's column specs. Money may arrive as "1,200.50" or
 * "$1,200.50" from spreadsheet exports; separators and a leading symbol are accepted, anything
 * else that is not a plain decimal is a bad value.
 */
export class RowReader {
  constructor(
    private readonly values: Record<string, string>,
    private readonly specs: ReadonlyMap<string, ColumnSpec>,
  ) {}

  text(column: string): string | undefined {
    const value = this.values[column];
    if (value === undefined || value === '') {
      if (this.specs.get(column)?.required) throw new CellError(column, 'required value is empty');
      return undefined;
    }
    return value;
  }

  requiredText(column: string): string {
    const value = this.text(column);
    if (value === undefined) throw new CellError(column, 'required value is empty');
    return value;
  }

  date(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const day = value.length > 10 && TIMESTAMP.test(value) ? value.slice(0, 10) : value;
    if (!isIsoDate(day)) throw new CellError(column, `"${value}" is not a date (YYYY-MM-DD)`);
    return day;
  }

  requiredDate(column: string): string {
    const value = this.date(column);
    if (value === undefined) throw new CellError(column, 'required value is empty');
    return value;
  }

  timestamp(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) {
      throw new CellError(column, `"${value}" is not an ISO 8601 timestamp`);
    }
    return value;
  }

  decimal(column: string, sign: 'any' | 'nonNegative' = 'any'): Dec | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    // percentages may carry their sign ("15%") in the *_pct columns
    let cleaned = (column.endsWith('_pct') ? value.replace(/\s*%$/, '') : value).replace(/^([+-]?)[$£€]\s?/, '$1').replace(/,(?=\d{3}(\D|$))/g, '');
    const parenthesised = /^\((.*)\)$/.exec(cleaned);
    if (parenthesised) cleaned = '-' + parenthesised[1];
    const parsed = parseDecimal(cleaned, column, value);
    if (sign === 'nonNegative' && parsed.isNegative() && !parsed.isZero()) {
      throw new CellError(column, `"${value}" is negative`);
    }
    return parsed;
  }

  requiredDecimal(column: string, sign: 'any' | 'nonNegative' = 'any'): Dec {
    const value = this.decimal(column, sign);
    if (value === undefined) throw new CellError(column, 'required value is empty');
    return value;
  }

  integer(column: string, min: number): number | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min) throw new CellError(column, `"${value}" is not an integer >= ${min}`);
    return Number(value);
  }

  /**
   * One of a fixed set of values, case-insensitively; `synonyms` maps the spellings source
   * systems use ("Canceled", "Permanent", "Voided") to the contract's word.
   */
  oneOf<T extends string>(column: string, allowed: readonly T[], synonyms: Readonly<Record<string, T>> = {}): T | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase().trim();
    if ((allowed as readonly string[]).includes(lower)) return lower as T;
    const mapped = synonyms[lower.replace(/[\s_-]+/g, ' ')];
    if (mapped) return mapped;
    throw new CellError(column, `"${value}" is not one of ${allowed.join(', ')}`);
  }

  currency(column: string): string | undefined {
    const value = this.text(column);
    if (value === undefined) return undefined;
    if (!/^[A-Za-z]{3}$/.test(value)) throw new CellError(column, `"${value}" is not an ISO 4217 currency code`);
    return value.toUpperCase();
  }
}
