#!/usr/bin/env node
import 'reflect-metadata';
import { openWorkflowDataSource } from '@closegap/workflow';
import { ConfigError, loadConfig, maskedConfig } from './config';
import { serve } from './bootstrap';

/**
 * closegap alerting service: the operations console, the exception workflow (batch imports
 * and the exception topic) and the daily digest.
 *   node dist/apps/alerting/src/main.js           serve
 *   node dist/apps/alerting/src/main.js migrate   apply the workflow and audit migrations, then exit
 *   node dist/apps/alerting/src/main.js config    print the validated configuration (secrets masked)
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const command = process.argv[2] ?? 'serve';
  if (command === 'config') {
    process.stdout.write(JSON.stringify(maskedConfig(config), null, 2) + '\n');
  } else if (command === 'migrate') {
    const ds = await openWorkflowDataSource(config.DATABASE_URL, { migrate: true, poolSize: 1 });
    await ds.destroy();
    process.stdout.write('migrations applied\n');
  } else if (command === 'serve') {
    await serve(config);
  } else {
    throw new ConfigError(`unknown command "${command}" (serve, migrate, config)`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`alerting: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
