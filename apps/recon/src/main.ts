#!/usr/bin/env node
import { Command } from 'commander';
import { BundleError } from '@closegap/contract';
import { CLOSEGAP_VERSION } from '@closegap/domain';
import { registerRun } from './commands/run';
import { registerGenerate } from './commands/generate';
import { registerScore } from './commands/score';
import { UsageError } from './usage-error';

const program = new Command('recon')
  .description('Closegap: reconcile CRM/ATS, timesheets and finance, and route every exception to its owner')
  .version(CLOSEGAP_VERSION)
  .showHelpAfterError();

registerRun(program);
registerGenerate(program);
registerScore(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof BundleError || err instanceof UsageError) {
    process.stderr.write(`recon: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`recon: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
