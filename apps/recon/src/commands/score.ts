import type { Command } from 'commander';
import { readExceptionFile, scoreExceptions } from '@closegap/engine';
import type { CategoryScore } from '@closegap/engine';

interface ScoreOptions {
  truth: string;
  exceptions: string;
  json?: boolean;
  minRecall?: string;
  minPrecision?: string;
  verbose?: boolean;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('recall and precision per category of an exceptions file against a ground truth')
    .requiredOption('--truth <file>', 'truth.csv or truth.json (from recon generate)')
    .requiredOption('--exceptions <file>', 'exceptions.csv or exceptions.json (from recon run)')
    .option('--json', 'print the scores as JSON')
    .option('--min-recall <pct>', 'exit 1 when any category is below this recall (percent)')
    .option('--min-precision <pct>', 'exit 1 when any category is below this precision (percent)')
    .option('--verbose', 'list missed, unexpected and wrong-value exceptions')
    .action((opts: ScoreOptions) => {
      const scores = scoreExceptions(readExceptionFile(opts.truth), readExceptionFile(opts.exceptions));
      process.stdout.write(opts.json ? JSON.stringify(scores, null, 2) + '\n' : formatScores(scores, !!opts.verbose));
      const minR = opts.minRecall ? Number(opts.minRecall) / 100 : 0;
      const minP = opts.minPrecision ? Number(opts.minPrecision) / 100 : 0;
      if (scores.some((s) => s.recall < minR || s.precision < minP)) process.exitCode = 1;
    });
}

function formatScores(scores: CategoryScore[], verbose: boolean): string {
  const pct = (x: number): string => (x * 100).toFixed(1).padStart(6) + '%';
  const lines = [`${'category'.padEnd(26)} ${'truth'.padStart(6)} ${'found'.padStart(6)} ${'recall'.padStart(7)} ${'precis.'.padStart(7)} ${'value ok'.padStart(8)}`];
  let t = 0;
  let f = 0;
  let tp = 0;
  for (const s of scores) {
    t += s.truth;
    f += s.found;
    tp += s.truePositives;
    lines.push(`${s.category.padEnd(26)} ${String(s.truth).padStart(6)} ${String(s.found).padStart(6)} ${pct(s.recall)} ${pct(s.precision)} ${`${s.valueMatches}/${s.truePositives}`.padStart(8)}`);
    if (verbose) for (const k of [...s.missed.map((m) => `  missed     ${m}`), ...s.unexpected.map((u) => `  unexpected ${u}`), ...s.wrongValue.map((w) => `  value      ${w}`)]) lines.push(k);
  }
  lines.push(`${'all'.padEnd(26)} ${String(t).padStart(6)} ${String(f).padStart(6)} ${pct(t ? tp / t : 1)} ${pct(f ? tp / f : 1)}`);
  return lines.join('\n') + '\n';
}
