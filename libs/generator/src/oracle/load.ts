import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { Dec } from '@closegap/domain';
import { dec } from '@closegap/domain';

/**
 * Test support: an independent, deliberately plain reading of a bundle and docs/checks.md,
 * used by the specs to prove that the ground truth is exactly what the documented rules raise.
 */
export type Row = Record<string, string>;

export interface Rules {
  asOf: string;
  dataFrom: string;
  floor: Dec;
  itemMap: Record<string, string>;
  rateTypeMap: Record<string, string>;
  aliases: Record<string, Record<string, string>>;
}

export interface Bundle {
  clients: Row[];
  placements: Row[];
  rates: Row[];
  timesheets: Row[];
  invoices: Row[];
  credits: Row[];
  pay: Row[];
  rules: Rules;
}

function rows(text: string | undefined): Row[] {
  return text ? (parse(text, { columns: true, skip_empty_lines: true }) as Row[]) : [];
}

export function loadBundle(files: Record<string, string>): Bundle {
  const y = parseYaml(files['recon.yaml'] ?? '{}') as Record<string, unknown>;
  return {
    clients: rows(files['clients.csv']),
    placements: rows(files['placements.csv']),
    rates: rows(files['rates.csv']),
    timesheets: rows(files['timesheets.csv']),
    invoices: rows(files['invoices.csv']),
    credits: rows(files['credit_notes.csv']),
    pay: rows(files['pay_lines.csv']),
    rules: {
      asOf: String(y.as_of),
      dataFrom: String(y.data_from),
      floor: dec(String(y.margin_floor_pct ?? 15)),
      itemMap: (y.item_map ?? {}) as Record<string, string>,
      rateTypeMap: (y.rate_type_map ?? {}) as Record<string, string>,
      aliases: (y.aliases ?? {}) as Record<string, Record<string, string>>,
    },
  };
}
