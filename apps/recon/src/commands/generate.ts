import { resolve } from 'node:path';
import type { Command } from 'commander';
import { generateSample, writeSample } from '@closegap/generator';
import { UsageError } from '../usage-error';

interface GenerateOptions {
  out: string;
  seed: string;
  scale: string;
  clean?: boolean;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a realistic sample bundle with injected defects of every category, and its ground truth beside it')
    .requiredOption('--out <dir>', 'folder: the bundle goes to DIR/bundle, the truth to DIR/truth.csv and DIR/truth.json')
    .option('--seed <n>', 'random seed', '42')
    .option('--scale <x>', 'size: 1 = about 60 clients and 400 placements over 13 weeks', '1')
    .option('--clean', 'no injected defects (a bundle that must reconcile with zero exceptions)')
    .action((opts: GenerateOptions) => {
      const seed = Number(opts.seed);
      const scale = Number(opts.scale);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed "${opts.seed}" is not an integer`);
      if (!(scale > 0) || scale > 100) throw new UsageError(`--scale "${opts.scale}" must be a number in (0, 100]`);
      const t0 = performance.now();
      const sample = generateSample({ seed, scale, defects: !opts.clean });
      const paths = writeSample(resolve(opts.out), sample);
      const ms = Math.round(performance.now() - t0);
      process.stdout.write(
        `generated ${sample.stats.lines.toLocaleString('en-US')} input lines (${sample.stats.clients} clients, ${sample.stats.placements} placements), ` +
          `${sample.truth.length} injected exceptions in ${ms} ms\n  bundle: ${paths.bundleDir}\n  truth:  ${paths.truthCsv}\n`,
      );
    });
}
