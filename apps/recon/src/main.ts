#!/usr/bin/env node
import { Command } from 'commander';
import { BundleError } from '@closegap/contract';
import { ConfigError } from '@closegap/config';
import { CLOSEGAP_VERSION } from '@closegap/domain';
import { registerRun } from './commands/run';
import { registerGenerate } from './commands/generate';
import { registerScore } from './commands/score';
import { registerAudit } from './commands/audit';
import { registerWorkflow } from './commands/workflow';
import { registerSync } from './commands/sync';
import { registerReplay } from './commands/replay';
import { registerExceptions } from './commands/exceptions';
import { registerMigrate } from './commands/migrate';
import { UsageError } from './usage-error';

const program = new Command('recon')
  .description('Closegap: reconcile CRM/ATS, timesheets and finance, and route every exception to its owner')
  .version(CLOSEGAP_VERSION)
  .showHelpAfterError();

registerRun(program);
registerGenerate(program);
registerScore(program);
registerReplay(program);
registerExceptions(program);
registerMigrate(program);
registerAudit(program);
registerWorkflow(program);
registerSync(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof BundleError || err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`recon: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`recon: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
