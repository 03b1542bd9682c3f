import { CATEGORIES, exceptionId, exceptionKey, moneyString } from '@closegap/domain';
import type { Category, ExceptionRecord, RulesConfig } from '@closegap/domain';
import { severityOf } from '@closegap/rules';
import type { Finding } from '@closegap/rules';

interface Merged {
  first: Finding;
  value: Finding['value'];
  weeks: Set<string>;
  details: string[];
  retroactive: boolean;
}

/**
 * Turns findings into exception records: findings with the same category and refs become
 * one exception (values summed), then recurrence, severity, owner, id and the suggested
 * action (which names the final value) are added. Money is rounded here, once.
 */
export function assembleExceptions(findings: Iterable<Finding>, rules: RulesConfig): ExceptionRecord[] {
  const merged = new Map<string, Merged>();
  for (const f of findings) {
    const key = exceptionKey({ category: f.category, ...f.fields });
    const m = merged.get(key);
    if (!m) {
      merged.set(key, { first: f, value: f.value, weeks: new Set(f.weeks), details: [f.detail], retroactive: !!f.retroactive });
      continue;
    }
    m.value = m.value.plus(f.value);
    for (const w of f.weeks) m.weeks.add(w);
    if (!m.details.includes(f.detail)) m.details.push(f.detail);
    m.retroactive ||= !!f.retroactive;
  }

  const weeksByPlacementCategory = new Map<string, Set<string>>();
  for (const m of merged.values()) {
    if (!m.first.placementId) continue;
    const k = `${m.first.placementId}|${m.first.category}`;
    const set = weeksByPlacementCategory.get(k) ?? new Set<string>();
    for (const w of m.weeks) set.add(w);
    weeksByPlacementCategory.set(k, set);
  }

  const records: ExceptionRecord[] = [];
  for (const m of merged.values()) {
    const f = m.first;
    const recurring = !!f.placementId && (weeksByPlacementCategory.get(`${f.placementId}|${f.category}`)?.size ?? 0) > 1;
    const record: ExceptionRecord = {
      exception_id: '',
      category: f.category as Category,
      severity: severityOf(m.value, recurring, rules),
      ...f.fields,
      value_at_risk: moneyString(m.value),
      currency: f.currency ?? f.fields.currency,
      retroactive: m.retroactive,
      recurring,
      owner_team: rules.owners[f.category],
      suggested_action: f.action(m.value),
      source: f.fields.source ?? '',
      detail: m.details.join('; '),
    };
    record.exception_id = exceptionId(record);
    records.push(record);
  }
  return records.sort(compareExceptions);
}

/** Deterministic order: category as listed in the contract, then refs. */
export function compareExceptions(a: ExceptionRecord, b: ExceptionRecord): number {
  if (a.category !== b.category) return CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category);
  const ka = exceptionKey(a);
  const kb = exceptionKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
