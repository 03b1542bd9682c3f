import { timeChecks, placementChecks } from './cells';
import { documentChecks } from './documents';
import { Identity } from './identity';
import { loadBundle } from './load';
import type { OracleRecord } from './out';
import { OracleOut } from './out';
import { place } from './place';
import { OracleRates } from './rates';

export type { OracleRecord };

/** Test support: every exception docs/checks.md raises on a bundle, keyed like exceptionKey(). */
export function oracleExceptions(files: Record<string, string>): OracleRecord[] {
  const b = loadBundle(files);
  const id = new Identity(b);
  const placed = place(b, id);
  const out = new OracleOut();
  for (const f of placed.flags) out.add(f.category, f.refs, f.value);
  const facts = documentChecks(b, placed, out);
  timeChecks(b, new OracleRates(b.rates), placed, facts, out);
  placementChecks(b, placed, facts, out);
  return out.records();
}
