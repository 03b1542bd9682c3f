#!/usr/bin/env node
import { Command } from 'commander';
import { BundleError } from '@closegap/contract';
import { ConfigError } from '@closegap/config';
import { CLOSEGAP_VERSION } from '@closegap/domain';
import { UsageError } from './usage-error';

type Register = (program: Command) => void;

/**
 * Every subcommand, loaded only when it runs: `recon run` must not pay for kafkajs,
 * TypeORM or the connectors' SDKs at start-up. `recon --help` loads them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./commands/run')).registerRun,
  generate: async () => (await import('./commands/generate')).registerGenerate,
  score: async () => (await import('./commands/score')).registerScore,
  replay: async () => (await import('./commands/replay')).registerReplay,
  exceptions: async () => (await import('./commands/exceptions')).registerExceptions,
  migrate: async () => (await import('./commands/migrate')).registerMigrate,
  topics: async () => (await import('./commands/topics')).registerTopics,
  audit: async () => (await import('./commands/audit')).registerAudit,
  workflow: async () => (await import('./commands/workflow')).registerWorkflow,
  // `recon aliases export` and `recon digest` are registered by the workflow module too
  aliases: async () => (await import('./commands/workflow')).registerWorkflow,
  digest: async () => (await import('./commands/workflow')).registerWorkflow,
  sync: async () => (await import('./commands/sync')).registerSync,
};

async function main(argv: string[]): Promise<void> {
  const program = new Command('recon')
    .description('Closegap: reconcile CRM/ATS, timesheets and finance, and route every exception to its owner')
    .version(CLOSEGAP_VERSION)
    .showHelpAfterError();
  const requested = argv[2];
  const names = requested && COMMANDS[requested] ? [requested] : Object.keys(COMMANDS);
  // one module may register several commands (workflow: workflow, aliases, digest): register each once
  const registered = new Set<Register>();
  for (const name of names) {
    const register = await COMMANDS[name]();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  if (err instanceof BundleError || err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`recon: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`recon: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
