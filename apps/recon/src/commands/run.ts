import { resolve, relative } from 'node:path';
import type { Command } from 'commander';
import { readBundle, writeFilesAtomically } from '@closegap/contract';
import { isIsoDate } from '@closegap/domain';
import { batchOutputFiles, runBatch } from '@closegap/engine';
import { renderPack, renderSummaryText } from '@closegap/report';
import { PhaseProgress } from '../progress';
import { UsageError } from '../usage-error';

interface RunOptions {
  in: string;
  out: string;
  rules?: string;
  asOf?: string;
  quiet?: boolean;
  json?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('reconcile a canonical bundle and write exceptions, matches, quarantine, resolution, summary and the pack')
    .requiredOption('--in <dir>', 'bundle folder (clients.csv, placements.csv, rates.csv, ...)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--rules <file>', 'rules file (default: recon.yaml in the bundle, else built-in defaults)')
    .option('--as-of <date>', 'last day of work judged (YYYY-MM-DD); overrides the rules file')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print summary.json on stdout instead of the text summary')
    .action((opts: RunOptions) => runCommand(opts));
}

export function runCommand(opts: RunOptions): void {
  if (opts.asOf && !isIsoDate(opts.asOf)) throw new UsageError(`--as-of "${opts.asOf}" is not a date (YYYY-MM-DD)`);
  const t0 = performance.now();
  const progress = PhaseProgress.for(!!opts.quiet, 11);
  const loaded = readBundle(resolve(opts.in), {
    rulesFile: opts.rules ? resolve(opts.rules) : undefined,
    onFile: (source, rows) => progress.step(`read ${source}`, `(${rows.toLocaleString('en-US')} rows)`),
  });
  const readMs = Math.round(performance.now() - t0);
  const result = runBatch(loaded, { asOf: opts.asOf, onPhase: (name, ms) => progress.step(name, `${ms} ms`) });
  const tWrite = performance.now();
  const pack = renderPack({ summary: result.summary, exceptions: result.exceptions, generatedAt: new Date().toISOString() });
  writeFilesAtomically(resolve(opts.out), { ...batchOutputFiles(result), 'pack.html': pack });
  progress.step('write outputs');
  progress.stop();
  result.summary.timings_ms.read = readMs;
  result.summary.timings_ms.write = Math.round(performance.now() - tWrite);
  result.summary.timings_ms.total = Math.round(performance.now() - t0);
  writeFilesAtomically(resolve(opts.out), { 'summary.json': JSON.stringify(result.summary, null, 2) + '\n' });
  const outDir = relative(process.cwd(), resolve(opts.out)) || '.';
  process.stdout.write(
    opts.json ? JSON.stringify(result.summary, null, 2) + '\n' : renderSummaryText(result.summary, { color: process.stdout.isTTY, outputDir: outDir }) + '\n',
  );
}
