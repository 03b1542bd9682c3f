import type { Command } from 'commander';
import { loadConfig } from '@closegap/config';
import { runMigrations } from '@closegap/persistence';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the streaming services\' database migrations (DATABASE_URL, DATABASE_SCHEMA)')
    .action(async () => {
      const config = loadConfig('cli');
      const applied = await runMigrations({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
      process.stdout.write(applied.length ? `applied ${applied.join(', ')} to schema ${config.DATABASE_SCHEMA}\n` : `schema ${config.DATABASE_SCHEMA} is up to date\n`);
    });
}
