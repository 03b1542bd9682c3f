import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultRules, loadRulesFile, readBundle, writeFilesAtomically } from '@closegap/contract';
import type { RulesConfig, SourceName } from '@closegap/domain';
import { batchOutputFiles, runBatch } from '@closegap/engine';
import { renderPack, renderSummaryText } from '@closegap/report';
import {
  BundleFolderSink,
  CONNECTOR_NAMES,
  FileCursorStore,
  FileTokenStore,
  JsonlRunLog,
  MemoryCursorStore,
  Scheduler,
  createConnector,
  emptyConnectorsConfig,
  loadConnectorsConfig,
  parseDuration,
  runSync,
} from '@closegap/connectors';
import type { ConnectorName, ConnectorsConfig, RunRecord, ScheduledJob, SourceRun, SyncRunResult } from '@closegap/connectors';
import { UsageError } from '../usage-error';

interface SyncOptions {
  publish?: boolean;
  source?: string;
  fromDir?: string;
  out?: string;
  config?: string;
  since?: string;
  full?: boolean;
  rules?: string;
  stateDir?: string;
  schedule?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('pull a source system (HubSpot, Bullhorn, QuickBooks, Xero, a spreadsheet export) into a canonical bundle')
    .option('--source <name>', `one of ${CONNECTOR_NAMES.join(', ')}`)
    .option('--from-dir <dir>', 'read saved API responses (JSON pages) instead of calling the API')
    .option('--out <dir>', 'bundle folder to write (default: bundle in the config file)')
    .option('--config <file>', 'connectors config (YAML); for --source spreadsheet, the saved column mapping')
    .option('--since <iso>', 'pull what changed since this timestamp, whatever the stored cursor says')
    .option('--full', 'ignore the stored cursor and pull everything')
    .option('--rules <file>', 'rules file for item_map / rate_type_map (default: rules in the config, else recon.yaml in the bundle)')
    .option('--state-dir <dir>', 'cursors, rotated refresh tokens and runs.jsonl (default: state_dir in the config, else <out>/.sync-state)')
    .option('--schedule', 'run the schedule in the config (pulls and the nightly reconciliation) until stopped')
    .option('--publish', 'then publish the bundle through the ingestion topics (KAFKA_BROKERS), as `recon replay` does')
    .action((opts: SyncOptions) => (opts.schedule ? scheduleCommand(opts) : syncCommand(opts)));
}

interface Resolved {
  config: ConnectorsConfig;
  out: string;
  stateDir: string;
  rules: RulesConfig;
}

function resolveOptions(opts: SyncOptions, spreadsheet: boolean): Resolved {
  const config = opts.config && !spreadsheet ? loadConnectorsConfig(resolve(opts.config)) : emptyConnectorsConfig();
  const outOpt = opts.out ?? (config.bundle ? resolve(config.baseDir, config.bundle) : undefined);
  if (!outOpt) throw new UsageError('--out <dir> is required (or bundle: in the config)');
  const out = resolve(outOpt);
  const rulesPath = opts.rules ? resolve(opts.rules) : config.rules ? resolve(config.baseDir, config.rules) : existsSync(join(out, 'recon.yaml')) ? join(out, 'recon.yaml') : undefined;
  const stateDir = resolve(opts.stateDir ?? (config.state_dir ? resolve(config.baseDir, config.state_dir) : join(out, '.sync-state')));
  return { config, out, stateDir, rules: rulesPath ? loadRulesFile(rulesPath) : defaultRules() };
}

function connectorName(value: string | undefined): ConnectorName {
  if (!value) throw new UsageError(`--source is required: one of ${CONNECTOR_NAMES.join(', ')}`);
  if (!(CONNECTOR_NAMES as readonly string[]).includes(value)) throw new UsageError(`--source "${value}" is not one of ${CONNECTOR_NAMES.join(', ')}`);
  return value as ConnectorName;
}

export async function syncCommand(opts: SyncOptions): Promise<void> {
  const source = connectorName(opts.source);
  if (opts.since && Number.isNaN(Date.parse(opts.since))) throw new UsageError(`--since "${opts.since}" is not an ISO timestamp`);
  const r = resolveOptions(opts, source === 'spreadsheet');
  let connector;
  try {
    connector = createConnector(source, {
      env: process.env,
      config: r.config,
      rules: r.rules,
      fromDir: opts.fromDir ? resolve(opts.fromDir) : undefined,
      tokenStore: new FileTokenStore(r.stateDir),
      mappingFile: source === 'spreadsheet' && opts.config ? resolve(opts.config) : undefined,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // a replay from saved responses must not move the live cursor
  const cursors = opts.fromDir ? new MemoryCursorStore() : new FileCursorStore(r.stateDir);
  const result = await runSync({
    connectors: [connector],
    cursors,
    runLog: new JsonlRunLog(r.stateDir),
    sink: new BundleFolderSink(r.out),
    full: opts.full,
    since: opts.since,
  });
  process.stdout.write(renderSyncTable(result, r.out));
  if (result.runs.some((run) => run.status === 'failed')) {
    process.exitCode = 1;
    return;
  }
  if (opts.publish) await publishBundle(r.out);
}

/**
 * Connectors to topics: the bundle folder is the connector's canonical state, published whole
 * through the same ingestion pipeline as `recon replay` (matching upserts by content hash, so
 * rows that did not change are no-ops). A folder without clients and placements yet (a
 * finance sync before the CRM one) is left for the next run, and says so.
 */
async function publishBundle(dir: string): Promise<void> {
  const hasCrm = ['clients', 'placements'].every((b) => existsSync(join(dir, `${b}.csv`)) || existsSync(join(dir, `${b}.jsonl`)));
  if (!hasCrm) {
    process.stdout.write(`not published: ${dir} has no clients and placements yet (sync the CRM into the same bundle first)\n`);
    return;
  }
  const { replayCommand } = await import('./replay');
  await replayCommand({ in: dir, order: 'crm-first', timeout: '300' });
}

/** What was fetched per entity and written per file, rejections and warnings: for people. */
export function renderSyncTable(result: SyncRunResult, out: string): string {
  const lines: string[] = [];
  for (const run of result.runs) lines.push(...renderRun(run, out));
  if (result.unavailable.size > 0) {
    lines.push('', 'Not available for reconciliation (checks that need them will be reported as not checked):');
    for (const [file, reason] of result.unavailable) lines.push(`  ${file}: ${reason}`);
  }
  return lines.join('\n') + '\n';
}

function renderRun(run: SourceRun, out: string): string[] {
  const rec = run.record;
  const where = relative(process.cwd(), out) || '.';
  const lines = [`${run.source}: ${rec.status.toUpperCase()} (${rec.mode}, ${Date.parse(rec.finished_at) - Date.parse(rec.started_at)} ms)`];
  if (rec.error) lines.push(`  error: ${rec.error}`);
  const fetched = Object.entries(rec.fetched);
  if (fetched.length > 0) {
    const w = Math.max(6, ...fetched.map(([k]) => k.length));
    lines.push(`  ${'fetched'.padEnd(w)}  records`);
    for (const [entity, n] of fetched) lines.push(`  ${entity.padEnd(w)}  ${String(n).padStart(7)}`);
  }
  const written = Object.entries(rec.written);
  if (written.length > 0) {
    lines.push(`  written to ${where}:`);
    for (const [file, n] of written) lines.push(`    ${`${file}.csv`.padEnd(18)} ${String(n).padStart(7)} rows`);
  }
  const rejected = run.outcome?.rejected ?? [];
  if (rejected.length > 0) {
    lines.push(`  rejected ${rejected.length} record(s):`);
    for (const r of rejected.slice(0, 20)) lines.push(`    ${r.entity} ${r.id}: ${r.reason}`);
    if (rejected.length > 20) lines.push(`    ... ${rejected.length - 20} more`);
  }
  for (const w of rec.warnings) lines.push(`  note: ${w}`);
  if (rec.cursor_after && Object.keys(rec.cursor_after).length > 0) lines.push(`  cursor: ${JSON.stringify(rec.cursor_after)}`);
  return lines;
}

/**
 * `recon sync --schedule --config connectors.yaml`: pulls each source at its interval and runs
 * the nightly reconciliation (a full pull of every scheduled source, then the batch run with the
 * sources that failed marked unavailable). Every pull and reconciliation goes to runs.jsonl.
 */
export async function scheduleCommand(opts: SyncOptions): Promise<void> {
  if (!opts.config) throw new UsageError('--schedule needs --config <connectors.yaml> with a schedule: section');
  const r = resolveOptions(opts, false);
  const schedule = r.config.schedule;
  if (!schedule || (schedule.pulls.length === 0 && !schedule.reconcile)) throw new UsageError(`${opts.config} has no schedule`);
  const runLog = new JsonlRunLog(r.stateDir);
  const cursors = new FileCursorStore(r.stateDir);
  const sink = new BundleFolderSink(r.out);
  const build = (source: ConnectorName) =>
    createConnector(source, { env: process.env, config: r.config, rules: r.rules, tokenStore: new FileTokenStore(r.stateDir) });
  const sources = [...new Set(schedule.pulls.map((p) => p.source))];
  const jobs: ScheduledJob[] = schedule.pulls.map((p) => ({
    name: `pull ${p.source}`,
    schedule: { everyMs: parseDuration(p.every) },
    run: async () => {
      const result = await runSync({ connectors: [build(p.source)], cursors, runLog, sink, trigger: 'schedule' });
      process.stdout.write(renderSyncTable(result, r.out));
    },
  }));
  const nightly = schedule.reconcile;
  if (nightly) {
    jobs.push({
      name: 'nightly reconciliation',
      schedule: { dailyAt: nightly.daily_at, weekdays: nightly.weekdays },
      run: async () => {
        const startedAt = new Date().toISOString();
        const connectors = [];
        const unavailable = new Map<SourceName, string>();
        for (const source of sources) {
          try {
            connectors.push(build(source));
          } catch (err) {
            // bad credentials are a failed source, not a failed night
            process.stderr.write(`recon: ${source}: ${(err as Error).message}\n`);
          }
        }
        const synced = await runSync({ connectors, cursors, runLog, sink, trigger: 'schedule', full: true });
        process.stdout.write(renderSyncTable(synced, r.out));
        for (const [k, v] of synced.unavailable) unavailable.set(k, v);
        const loaded = readBundle(r.out, { rulesFile: opts.rules ? resolve(opts.rules) : undefined });
        const result = runBatch(loaded, { unavailable });
        const outDir = resolve(r.config.baseDir, nightly.output, startedAt.slice(0, 10));
        writeFilesAtomically(outDir, { ...batchOutputFiles(result), 'pack.html': renderPack({ summary: result.summary, exceptions: result.exceptions, generatedAt: new Date().toISOString() }) });
        const failed = synced.runs.filter((x) => x.status === 'failed');
        const record: RunRecord = {
          run_id: result.summary.run_id,
          kind: 'reconcile',
          source: 'all',
          trigger: 'schedule',
          started_at: startedAt,
          finished_at: new Date().toISOString(),
          status: failed.length > 0 || result.summary.not_checked.length > 0 ? 'partial' : 'ok',
          fetched: {},
          written: { exceptions: result.exceptions.length },
          rejected: 0,
          warnings: failed.map((f) => `${f.source}: ${f.record.error ?? 'failed'}`),
          not_checked: result.summary.not_checked,
        };
        await runLog.append(record);
        process.stdout.write(renderSummaryText(result.summary, { color: process.stdout.isTTY, outputDir: relative(process.cwd(), outDir) }) + '\n');
      },
    });
  }
  const scheduler = new Scheduler(jobs, (e) => process.stderr.write(`recon sync: ${e.kind} ${e.job} at ${e.at}${'error' in e ? `: ${e.error}` : ''}${'reason' in e ? ` (${e.reason})` : ''}\n`));
  scheduler.start();
  for (const [job, at] of Object.entries(scheduler.nextTimes())) process.stderr.write(`recon sync: ${job} next at ${at}\n`);
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      scheduler.stop();
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
