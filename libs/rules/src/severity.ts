import { SEVERITIES } from '@closegap/domain';
import type { Dec, RulesConfig, Severity } from '@closegap/domain';

/** Severity from value at risk (thresholds in the rules file), moved up for recurring exceptions. */
export function severityOf(value: Dec, recurring: boolean, rules: Pick<RulesConfig, 'severity'>): Severity {
  const t = rules.severity;
  let level = value.gte(t.critical) ? 0 : value.gte(t.high) ? 1 : value.gte(t.medium) ? 2 : 3;
  if (recurring) level = Math.max(0, level - t.recurringBump);
  return SEVERITIES[level];
}
