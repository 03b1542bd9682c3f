import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { IngestFile, IngestReport } from '../ingestion/pipeline';

export interface DropFolderOptions {
  dir: string;
  /** quiet period after the last file event before the files are taken as one upload */
  settleMs?: number;
  ingest: (files: IngestFile[]) => Promise<IngestReport>;
  log: (message: string) => void;
}

/**
 * A watched drop folder: bundle files written into it are taken together as one upload once
 * nothing has changed for `settleMs`, then moved to processed/<upload_id>/ (or failed/<stamp>/
 * with error.txt). Sub-folders are left alone.
 */
export class DropFolder {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private running = Promise.resolve();

  constructor(private readonly options: DropFolderOptions) {}

  async start(): Promise<void> {
    const { dir } = this.options;
    mkdirSync(join(dir, 'processed'), { recursive: true });
    mkdirSync(join(dir, 'failed'), { recursive: true });
    this.watcher = watch(dir, { depth: 0, ignoreInitial: false, awaitWriteFinish: { stabilityThreshold: 300, pollInterval: 50 }, ignored: (p) => /(^|[/\\])\../.test(p.slice(dir.length)) });
    this.watcher.on('add', () => this.schedule()).on('change', () => this.schedule());
    await new Promise<void>((resolve) => this.watcher?.once('ready', () => resolve()));
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.watcher?.close();
    await this.running;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(() => this.take()).catch((err) => this.options.log(`drop folder: ${(err as Error).message}`));
    }, this.options.settleMs ?? 1_000);
  }

  private async take(): Promise<void> {
    const { dir } = this.options;
    const names = readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isFile());
    if (names.length === 0) return;
    const files = names.map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    try {
      const report = await this.options.ingest(files);
      this.moveAll(names, join(dir, 'processed', report.uploadId));
      this.options.log(`drop folder: ${names.join(', ')} -> upload ${report.uploadId}`);
    } catch (err) {
      const target = join(dir, 'failed', stamp);
      this.moveAll(names, target);
      writeFileSync(join(target, 'error.txt'), `${(err as Error).message}\n`);
      this.options.log(`drop folder: ${names.join(', ')} rejected: ${(err as Error).message}`);
    }
  }

  private moveAll(names: string[], target: string): void {
    mkdirSync(target, { recursive: true });
    for (const name of names) if (existsSync(join(this.options.dir, name))) renameSync(join(this.options.dir, name), join(target, name));
  }
}
