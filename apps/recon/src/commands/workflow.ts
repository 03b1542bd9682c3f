import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { readBundle, writeFilesAtomically } from '@closegap/contract';
import type { ExceptionRecord, RunSummary } from '@closegap/domain';
import { isIsoDate } from '@closegap/domain';
import { batchOutputFiles, runBatch } from '@closegap/engine';
import { renderPack } from '@closegap/report';
import type { DataSource } from 'typeorm';
import { UsageError } from '../usage-error';
import { readDbEnv } from './audit';

/*
 * The workflow's side of the CLI. How a batch run reaches the workflow (documented in
 * docs/workflow.md):
 *   recon workflow run --in BUNDLE --out DIR   run with the confirmed aliases merged into the
 *                                              rules, write the usual outputs, ingest them
 *                                              with each exception's evidence
 *   recon workflow import --run DIR            ingest a run made elsewhere (no evidence)
 *   recon aliases export --rules FILE          merge the confirmed aliases into a recon.yaml,
 *                                              for plain `recon run`
 *   recon digest                               the daily digest, now
 */

export interface WorkflowRunOptions {
  in: string;
  out: string;
  rules?: string;
  asOf?: string;
  actor?: string;
}

/** Runs a bundle with the confirmed aliases and ingests the result. Exported for the console's end-to-end test. */
export async function workflowRun(ds: DataSource, opts: WorkflowRunOptions) {
  const { AuditLog } = await import('@closegap/audit');
  const { WorkflowService, rulesWithAliases, runImportFromBatch } = await import('@closegap/workflow');
  const audit = new AuditLog(ds);
  const workflow = new WorkflowService(ds, audit);
  const t0 = performance.now();
  const loaded = readBundle(resolve(opts.in), { rulesFile: opts.rules ? resolve(opts.rules) : undefined });
  const aliases = await workflow.aliases();
  loaded.rules = rulesWithAliases(loaded.rules, aliases);
  const result = runBatch(loaded, { asOf: opts.asOf });
  result.summary.timings_ms.total = Math.round(performance.now() - t0);
  const pack = renderPack({ summary: result.summary, exceptions: result.exceptions, generatedAt: new Date().toISOString() });
  writeFilesAtomically(resolve(opts.out), { ...batchOutputFiles(result), 'pack.html': pack });
  const effects = await workflow.ingestRun(runImportFromBatch(result, loaded.bundle, 'batch'), opts.actor ?? 'recon');
  return { summary: result.summary, effects, aliases: aliases.length, exceptions: result.exceptions };
}

const withDb = async <T>(url: string | undefined, fn: (ds: DataSource) => Promise<T>): Promise<T> => {
  const env = readDbEnv();
  const { openWorkflowDataSource } = await import('@closegap/workflow');
  const ds = await openWorkflowDataSource(url ?? env.DATABASE_URL, { poolSize: 2, applicationName: 'recon-workflow', migrate: true });
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
};

const digestEnv = z.object({
  SLACK_WEBHOOK_URL: z.url().optional(),
  DIGEST_DIR: z.string().default('out/digests'),
  CONSOLE_URL: z.url().optional(),
});

export function registerWorkflow(program: Command): void {
  const wf = program.command('workflow').description('exception workflow in PostgreSQL (DATABASE_URL): ingest runs');
  wf.command('run')
    .description('reconcile a bundle with the confirmed aliases, write the outputs and ingest them into the workflow')
    .requiredOption('--in <dir>', 'bundle folder')
    .requiredOption('--out <dir>', 'output folder')
    .option('--rules <file>', 'rules file (default: recon.yaml in the bundle)')
    .option('--as-of <date>', 'last day of work judged (YYYY-MM-DD)')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .action(async (opts: WorkflowRunOptions & { databaseUrl?: string }) => {
      if (opts.asOf && !isIsoDate(opts.asOf)) throw new UsageError(`--as-of "${opts.asOf}" is not a date (YYYY-MM-DD)`);
      const actor = readDbEnv().USER ?? 'recon';
      const r = await withDb(opts.databaseUrl, (ds) => workflowRun(ds, { ...opts, actor }));
      const e = r.effects;
      process.stdout.write(
        `run ${r.summary.run_id}: ${r.summary.totals.exceptions} exceptions, ${r.summary.totals.value_at_risk} at risk (${r.aliases} confirmed aliases used)\n` +
          `workflow: ${e.opened} opened, ${e.updated} updated, ${e.reopened} reopened, ${e.auto_closed} closed (gone from the data), ${e.unchanged} unchanged\n`,
      );
    });
  wf.command('import')
    .description("ingest a run's outputs made elsewhere (exceptions.json, summary.json, resolution.csv)")
    .requiredOption('--run <dir>', 'output folder of `recon run`')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .action(async (opts: { run: string; databaseUrl?: string }) => {
      const dir = resolve(opts.run);
      for (const f of ['exceptions.json', 'summary.json']) if (!existsSync(join(dir, f))) throw new UsageError(`${f} not found in ${dir}`);
      const exceptions = JSON.parse(readFileSync(join(dir, 'exceptions.json'), 'utf8')) as ExceptionRecord[];
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
      const resolution = existsSync(join(dir, 'resolution.csv')) ? (parse(readFileSync(join(dir, 'resolution.csv')), { columns: true, bom: true }) as Record<string, string>[]) : [];
      const actor = readDbEnv().USER ?? 'recon';
      const { WorkflowService, unresolvedFromResolution } = await import('@closegap/workflow');
      const { AuditLog } = await import('@closegap/audit');
      const e = await withDb(opts.databaseUrl, (ds) =>
        new WorkflowService(ds, new AuditLog(ds)).ingestRun({ kind: 'import', summary, exceptions, unresolved: unresolvedFromResolution(resolution) }, actor),
      );
      process.stdout.write(`imported run ${summary.run_id}: ${e.opened} opened, ${e.updated} updated, ${e.reopened} reopened, ${e.auto_closed} closed, ${e.unchanged} unchanged\n`);
    });

  program
    .command('aliases')
    .description('confirmed identity aliases')
    .command('export')
    .description('merge the confirmed aliases into a rules file (recon.yaml), keeping the rest of it; the change is audited')
    .requiredOption('--rules <file>', 'rules file to update (created if missing)')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .action(async (opts: { rules: string; databaseUrl?: string }) => {
      const path = resolve(opts.rules);
      const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      const { WorkflowService, AuditLog, mergeAliasesIntoRules } = { ...(await import('@closegap/workflow')), ...(await import('@closegap/audit')) };
      const actor = readDbEnv().USER ?? 'recon';
      await withDb(opts.databaseUrl, async (ds) => {
        const workflow = new WorkflowService(ds, new AuditLog(ds));
        const aliases = await workflow.aliases();
        const after = mergeAliasesIntoRules(before, aliases);
        const { parseRules } = await import('@closegap/contract');
        parseRules(after, path);
        const sha = (t: string | undefined) => (t === undefined ? 'none' : createHash('sha256').update(t).digest('hex'));
        if (after === before) {
          process.stdout.write(`${path}: already holds the ${aliases.length} confirmed aliases\n`);
          return;
        }
        writeFileSync(path, after);
        await workflow.recordRulesChange(actor, { file: path, before_hash: sha(before), after_hash: sha(after), reason: 'confirmed aliases merged', aliases: aliases.length });
        process.stdout.write(`${path}: ${aliases.length} confirmed aliases merged (rules hash ${sha(after).slice(0, 12)})\n`);
      });
    });

  program
    .command('digest')
    .description("post the daily digest to Slack's incoming webhook (SLACK_WEBHOOK_URL), else write it to DIGEST_DIR")
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .option('--stdout', 'print the Block Kit JSON instead of delivering it')
    .action(async (opts: { databaseUrl?: string; stdout?: boolean }) => {
      const env = digestEnv.safeParse(process.env);
      if (!env.success) throw new UsageError(env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const { WorkflowQueries, buildDigest, deliverDigest } = await import('@closegap/workflow');
      const { AuditLog } = await import('@closegap/audit');
      await withDb(opts.databaseUrl, async (ds) => {
        const audit = new AuditLog(ds);
        const message = buildDigest(await new WorkflowQueries(ds, audit).digestInput(env.data.CONSOLE_URL));
        if (opts.stdout) {
          process.stdout.write(JSON.stringify(message, null, 2) + '\n');
          return;
        }
        const sent = await deliverDigest(message, { webhookUrl: env.data.SLACK_WEBHOOK_URL, outDir: resolve(env.data.DIGEST_DIR) });
        await audit.record({ actor: readDbEnv().USER ?? 'recon', action: 'digest.sent', entity_type: 'digest', entity_id: new Date().toISOString().slice(0, 10), reason: null, data: { to: sent.to, where: sent.where, text: message.text } });
        process.stdout.write(`digest ${sent.to === 'slack' ? 'posted to' : 'written to'} ${sent.where}: ${message.text}\n`);
      });
    });
}
