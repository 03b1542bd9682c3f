import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { isIsoDate, addDays } from '@closegap/domain';
import { UsageError } from '../usage-error';

/** The environment the database commands read (validated here, once). */
const dbEnv = z.object({
  DATABASE_URL: z.string().min(1).default('postgres://postgres@127.0.0.1:5432/closegap'),
  /** HMAC key that signs audit exports; without it the summary carries hashes only */
  AUDIT_SIGNING_KEY: z.string().min(16, 'AUDIT_SIGNING_KEY must be at least 16 characters').optional(),
  USER: z.string().optional(),
});
export type DbEnv = z.infer<typeof dbEnv>;

export function readDbEnv(): DbEnv {
  const parsed = dbEnv.safeParse(process.env);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log in PostgreSQL (DATABASE_URL)');
  audit
    .command('verify')
    .description('recompute the hash chain; exit 1 and name the first broken entry if a row was edited, removed or re-linked')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .action(async (opts: { databaseUrl?: string }) => {
      const env = readDbEnv();
      const { AuditLog } = await import('@closegap/audit');
      const { openWorkflowDataSource } = await import('@closegap/workflow');
      const ds = await openWorkflowDataSource(opts.databaseUrl ?? env.DATABASE_URL, { poolSize: 1, applicationName: 'recon-audit' });
      try {
        const result = await new AuditLog(ds).verify();
        if (result.ok) {
          process.stdout.write(`audit chain intact: ${result.checked} entries${result.head ? `, head #${result.head.seq} ${result.head.hash}` : ''}\n`);
        } else {
          const b = result.first_broken;
          process.stdout.write(`audit chain BROKEN at entry #${b?.seq} (${b?.problem}): ${b?.detail}\n${result.checked - 1} entries before it verified\n`);
          process.exitCode = 1;
        }
      } finally {
        await ds.destroy();
      }
    });
  audit
    .command('export')
    .description('write the evidence of a period (runs, exceptions, decisions, approvals, audit log) as CSV with a signed summary.json')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC)')
    .requiredOption('--to <date>', 'last day, inclusive (YYYY-MM-DD, UTC)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .action(async (opts: { from: string; to: string; out: string; databaseUrl?: string }) => {
      if (!isIsoDate(opts.from) || !isIsoDate(opts.to)) throw new UsageError('--from and --to are dates (YYYY-MM-DD)');
      if (opts.to < opts.from) throw new UsageError('--to is before --from');
      const env = readDbEnv();
      if (!env.AUDIT_SIGNING_KEY) process.stderr.write('recon: AUDIT_SIGNING_KEY is not set: the summary carries SHA-256 hashes but no signature\n');
      const { AuditLog } = await import('@closegap/audit');
      const { exportAuditEvidence, openWorkflowDataSource } = await import('@closegap/workflow');
      const ds = await openWorkflowDataSource(opts.databaseUrl ?? env.DATABASE_URL, { poolSize: 1, applicationName: 'recon-audit' });
      try {
        const { summary } = await exportAuditEvidence(ds, new AuditLog(ds), {
          from: new Date(`${opts.from}T00:00:00Z`),
          to: new Date(`${addDays(opts.to, 1)}T00:00:00Z`),
          outDir: resolve(opts.out),
          signingKey: env.AUDIT_SIGNING_KEY,
          actor: env.USER ?? 'recon',
        });
        for (const f of summary.files) process.stdout.write(`  ${f.name.padEnd(16)} ${String(f.rows).padStart(7)} rows  sha256 ${f.sha256}\n`);
        process.stdout.write(`summary.json: manifest sha256 ${summary.manifest_sha256}${summary.signature ? `, signed (HMAC-SHA256, key ${summary.signature.key_id})` : ', unsigned'}\n`);
        if (!summary.chain.ok) {
          process.stdout.write(`WARNING: the audit chain is broken: ${summary.chain.first_broken}\n`);
          process.exitCode = 1;
        }
      } finally {
        await ds.destroy();
      }
    });
}
