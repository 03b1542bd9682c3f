import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { GeneratedSample } from '@closegap/generator';
import { KafkaEventBus } from '@closegap/messaging';
import { publishedTotal, replayBundle } from '@closegap/services-common';

/**
 * A bulk arrival for the `arrival` mode of bench:presend: the timesheet system exports the whole
 * period again with corrections. Every timesheet line is published again, and every `every`-th
 * one with one more unit, so the replicas read the whole file and apply a tenth of it while the
 * checks go on. Clients, placements and the rules file come along unchanged (an upload needs
 * them; the same rules file keeps the engines from being rebuilt).
 */
export function correctedTimesheets(sample: GeneratedSample, every = 10): { files: Record<string, string>; changed: number } {
  const text = sample.files['timesheets.csv'];
  if (text === undefined) throw new Error('the generated bundle has no timesheets.csv');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  let changed = 0;
  rows.forEach((row, i) => {
    const units = Number(row.units);
    if (i % every !== 0 || row.units === '' || !Number.isFinite(units)) return;
    row.units = String(units + 1);
    changed++;
  });
  const keep = ['clients.csv', 'placements.csv', 'recon.yaml'];
  const files = Object.fromEntries(keep.filter((f) => sample.files[f] !== undefined).map((f) => [f, sample.files[f]]));
  files['timesheets.csv'] = stringify(rows, { header: true, columns: Object.keys(rows[0] ?? {}) });
  return { files, changed };
}

/**
 * Uploads the corrected export to the stack's timesheet-ingestion service, the way a
 * connector would (the service validates and publishes it at the stack's background priority).
 */
export async function uploadArrival(ingestUrl: string, files: Record<string, string>): Promise<number> {
  const form = new FormData();
  form.append('files', new Blob([files['timesheets.csv']], { type: 'text/csv' }), 'timesheets.csv');
  const response = await fetch(`${ingestUrl}/v1/bundles`, { method: 'POST', body: form });
  const report = (await response.json()) as { published?: Record<string, number>; message?: string };
  if (response.status !== 202 || !report.published) throw new Error(`timesheet upload refused (${response.status}): ${JSON.stringify(report)}`);
  return publishedTotal({ published: report.published });
}

/** Publishes the corrected export through the topics, as `recon replay` would (a bench without the stack's ingestion services). */
export async function publishArrival(files: Record<string, string>, brokers: string[], prefix: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'presend-arrival-'));
  const bus = new KafkaEventBus({ brokers, clientId: 'presend-bench-arrival' });
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await bus.connect();
    const report = await replayBundle(bus, dir, { prefix });
    return publishedTotal(report);
  } finally {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
