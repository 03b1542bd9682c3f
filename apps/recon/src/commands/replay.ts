import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ensureAllTopics, parseOrder, publishedTotal, replayBundle, waitForMatching, SOURCE_ORDERS, UploadRejected } from '@closegap/services-common';
import { initTelemetry } from '@closegap/telemetry';
import { UsageError } from '../usage-error';
import { streamContext } from './stream-context';

interface ReplayOptions {
  in: string;
  rules?: string;
  order: string;
  wait?: boolean;
  timeout: string;
  duplicate?: boolean;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('publish a bundle, its rules file included, through the ingestion topics; with --wait, return once matching has caught up')
    .requiredOption('--in <dir>', 'bundle folder')
    .option('--rules <file>', 'rules file (default: recon.yaml in the bundle)')
    .option('--order <order>', `source order: ${Object.keys(SOURCE_ORDERS).join(', ')}, or a comma list of sources`, 'crm-first')
    .option('--wait', 'wait until the matching services have processed everything and published their exception events')
    .option('--timeout <seconds>', 'give up waiting after this long', '300')
    .option('--duplicate', 'publish every message twice (shows idempotence)')
    .action((opts: ReplayOptions) => replayCommand(opts));
}

export async function replayCommand(opts: ReplayOptions): Promise<void> {
  const dir = resolve(opts.in);
  if (!existsSync(dir)) throw new UsageError(`--in ${opts.in}: no such folder`);
  let order;
  try {
    order = parseOrder(opts.order);
  } catch (err) {
    throw new UsageError(`--order: ${(err as Error).message}`);
  }
  const timeoutMs = Number(opts.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new UsageError(`--timeout "${opts.timeout}" must be a positive number of seconds`);
  const ctx = await streamContext();
  const telemetry = initTelemetry({ serviceName: 'closegap-replay' });
  try {
    await ctx.bus.connect();
    await ensureAllTopics(ctx.bus, ctx.config.KAFKA_TOPIC_PREFIX);
    const t0 = performance.now();
    let report;
    try {
      report = await replayBundle(ctx.bus, dir, { prefix: ctx.config.KAFKA_TOPIC_PREFIX, order, duplicate: opts.duplicate, rulesFile: opts.rules ? resolve(opts.rules) : undefined });
    } catch (err) {
      if (err instanceof UploadRejected) throw new UsageError(`bundle rejected: ${err.message}`);
      throw err;
    }
    const total = publishedTotal(report);
    process.stdout.write(`replay ${report.uploadId}: published ${total} messages in ${Math.round(performance.now() - t0)} ms (trace ${report.traceId})\n`);
    for (const [source, f] of Object.entries(report.files)) {
      if (f) process.stdout.write(`  ${source.padEnd(13)} ${String(f.published).padStart(7)} published, ${f.quarantined} quarantined (${f.file})\n`);
    }
    if (opts.wait) {
      const t1 = performance.now();
      let lastLine = '';
      await waitForMatching(ctx.bus, await ctx.store(), {
        prefix: ctx.config.KAFKA_TOPIC_PREFIX,
        groupId: ctx.config.MATCHING_GROUP_ID,
        timeoutMs,
        onProgress: (s) => {
          const line = s.waiting[0] ?? '';
          if (line !== lastLine && process.stderr.isTTY) process.stderr.write(`\r\x1b[2Kwaiting: ${line}`);
          lastLine = line;
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      process.stdout.write(`matching caught up in ${Math.round(performance.now() - t1)} ms\n`);
    }
  } finally {
    await ctx.close();
    await telemetry.shutdown();
  }
}
