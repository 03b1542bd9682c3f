import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exceptionsToCsv, exceptionsToJson, writeFilesAtomically } from '@closegap/contract';
import { streamContext } from './stream-context';

interface ExceptionsOptions {
  out: string;
  all?: boolean;
}

export function registerExceptions(program: Command): void {
  program
    .command('exceptions')
    .description("write the live system's open exceptions in the contract's format (exceptions.csv, exceptions.json)")
    .requiredOption('--out <dir>', 'output folder')
    .option('--all', 'closed exceptions too (their last state)')
    .action((opts: ExceptionsOptions) => exceptionsCommand(opts));
}

export async function exceptionsCommand(opts: ExceptionsOptions): Promise<void> {
  const ctx = await streamContext();
  try {
    const store = await ctx.store();
    const states = await store.exceptions(opts.all ? {} : { status: 'open' });
    const records = states.map((s) => s.record);
    writeFilesAtomically(resolve(opts.out), { 'exceptions.csv': exceptionsToCsv(records), 'exceptions.json': exceptionsToJson(records) });
    process.stdout.write(`${records.length} ${opts.all ? '' : 'open '}exceptions written to ${opts.out}\n`);
  } finally {
    await ctx.close();
  }
}
