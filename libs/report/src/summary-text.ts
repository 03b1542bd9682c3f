import type { RunSummary } from '@closegap/domain';
import {
  CHECK_COUNT,
  NO_EXCEPTIONS_TEXT,
  categoryLabel,
  formatCount,
  formatPct,
  leakageRate,
  matchRate,
  money,
  primaryCurrency,
  shortHash,
  sortMoneyByKey,
  toDec,
} from './format';

export interface SummaryTextOptions {
  /** ANSI colours for a terminal; off by default (logs, pipes, CI). */
  color?: boolean;
  /** where the run wrote its outputs, printed on the last line */
  outputDir?: string;
}

const OUTPUT_FILES = ['pack.html', 'exceptions.csv', 'exceptions.json', 'matches.csv', 'quarantine.csv', 'resolution.csv', 'summary.json'];
const TOP_CATEGORIES = 5;
const MAX_NOT_CHECKED_LINES = 6;

/** The short stdout summary of `recon run`: at most ~20 lines, missing checks shouted. */
export function renderSummaryText(summary: RunSummary, opts: SummaryTextOptions = {}): string {
  const paint = (code: string) => (s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const bold = paint('1');
  const loud = paint('1;31');
  const good = paint('32');
  const dim = paint('2');

  const t = summary.totals;
  const cur = primaryCurrency(summary);
  const leak = leakageRate(summary);
  const match = matchRate(summary);
  const lines: string[] = [];

  lines.push(bold(`Closegap recon run ${summary.run_id}`) + dim(` \u00b7 as of ${summary.as_of} \u00b7 rules ${shortHash(summary.rules_hash)}`));
  lines.push(`Exceptions:     ${bold(formatCount(t.exceptions))}`);
  const partial = summary.not_checked.length > 0 ? loud(' in the checks that ran only') : '';
  lines.push(`Value at risk:  ${bold(money(t.value_at_risk, cur))}${partial}  (invoiced revenue ${money(t.invoiced_revenue, cur)})`);
  lines.push(`Leakage rate:   ${bold(formatPct(leak))} of invoiced revenue`);
  lines.push(
    `Match rate:     ${formatPct(match, 1)} (${formatCount(t.cells_matched)} of ${formatCount(t.cells)} cells)` +
      ` \u00b7 quarantined ${formatCount(t.quarantined)} \u00b7 unresolved ${formatCount(t.unresolved_records)}`,
  );

  const top = sortMoneyByKey(summary.by_category)
    .filter((r) => r.count > 0 || toDec(r.value_at_risk).gt(0))
    .slice(0, TOP_CATEGORIES);
  if (top.length === 0) {
    lines.push(NO_EXCEPTIONS_TEXT + '.');
  } else {
    lines.push(`Top ${top.length} categories by value at risk:`);
    const width = Math.max(...top.map((r) => categoryLabel(r.key).length));
    const countWidth = Math.max(...top.map((r) => formatCount(r.count).length));
    for (const r of top) {
      lines.push(
        `  ${categoryLabel(r.key).padEnd(width)}  ${formatCount(r.count).padStart(countWidth)}  ${money(r.value_at_risk, cur)}`,
      );
    }
  }

  const nc = summary.not_checked;
  if (nc.length === 0) {
    lines.push(good(`All ${CHECK_COUNT} checks ran.`));
  } else {
    lines.push(loud(`NOT CHECKED: ${nc.length} of ${CHECK_COUNT} checks did not run. No result is not a clean result.`));
    // One line per reason (a missing file usually disables several checks at once).
    const byReason = new Map<string, string[]>();
    for (const n of nc) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.category]);
    const groups = [...byReason.entries()];
    const shown = groups.length > MAX_NOT_CHECKED_LINES ? groups.slice(0, MAX_NOT_CHECKED_LINES - 1) : groups;
    for (const [reason, categories] of shown) lines.push(loud(`  ! ${categories.join(', ')}: ${reason}`));
    if (shown.length < groups.length) {
      const more = groups.slice(shown.length).reduce((n, [, c]) => n + c.length, 0);
      lines.push(loud(`  ! ... and ${more} more: see summary.json or pack.html`));
    }
  }

  const where = opts.outputDir ? `${opts.outputDir.replace(/\/+$/, '')}/` : 'the output folder';
  lines.push(`Outputs in ${where}: ${OUTPUT_FILES.join(', ')}`);
  return lines.join('\n') + '\n';
}
