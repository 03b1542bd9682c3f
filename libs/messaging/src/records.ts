import { BUNDLE_FILES, CellError, RECORD_BUILDERS, RowReader } from '@closegap/contract';
import type { ColumnSpec } from '@closegap/contract';
import type { RulesConfig, SourceName } from '@closegap/domain';
import type { RecordEnvelope } from './envelopes';

const SPECS = new Map<SourceName, ReadonlyMap<string, ColumnSpec>>(BUNDLE_FILES.map((f) => [f.source, new Map(f.columns.map((c) => [c.name, c]))]));

export type BuiltRecord = { ok: true; record: unknown } | { ok: false; column: string; reason: string };

/**
 * A record envelope back into the domain record, with libs/contract's record builders (the
 * parser `recon run` uses), under the rules in force (rate type and item maps).
 */
export function buildRecord(envelope: Pick<RecordEnvelope, 'source' | 'row' | 'pos'>, rules: RulesConfig): BuiltRecord {
  const specs = SPECS.get(envelope.source);
  if (!specs) return { ok: false, column: '', reason: `unknown source ${envelope.source}` };
  try {
    return { ok: true, record: RECORD_BUILDERS[envelope.source](new RowReader(envelope.row, specs), envelope.pos, rules) };
  } catch (err) {
    if (err instanceof CellError) return { ok: false, column: err.column, reason: err.reason };
    throw err;
  }
}
