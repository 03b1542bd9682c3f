import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TokenStore } from '../http/auth';
import type { ConnectorName, Cursor } from '../core/types';

/** Where each source's incremental position is kept between runs. A Postgres one can replace it. */
export interface CursorStore {
  get(source: ConnectorName): Promise<Cursor | undefined>;
  set(source: ConnectorName, cursor: Cursor): Promise<void>;
}

function writeJsonAtomically(path: string, value: unknown, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2) + '\n', { mode });
  renameSync(temp, path);
  if (mode !== undefined) chmodSync(path, mode);
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** `<stateDir>/cursors/<source>.json` */
export class FileCursorStore implements CursorStore {
  constructor(private readonly stateDir: string) {}

  async get(source: ConnectorName): Promise<Cursor | undefined> {
    return readJson<Cursor>(join(this.stateDir, 'cursors', `${source}.json`));
  }

  async set(source: ConnectorName, cursor: Cursor): Promise<void> {
    writeJsonAtomically(join(this.stateDir, 'cursors', `${source}.json`), cursor);
  }
}

export class MemoryCursorStore implements CursorStore {
  readonly cursors = new Map<ConnectorName, Cursor>();
  async get(source: ConnectorName): Promise<Cursor | undefined> {
    return this.cursors.get(source);
  }
  async set(source: ConnectorName, cursor: Cursor): Promise<void> {
    this.cursors.set(source, { ...cursor });
  }
}

/** `<stateDir>/tokens/<key>.json`, mode 0600: the newest rotated refresh token. */
export class FileTokenStore implements TokenStore {
  constructor(private readonly stateDir: string) {}

  async load(key: string): Promise<string | undefined> {
    return readJson<{ refresh_token?: string }>(join(this.stateDir, 'tokens', `${key}.json`))?.refresh_token;
  }

  async save(key: string, refreshToken: string): Promise<void> {
    writeJsonAtomically(join(this.stateDir, 'tokens', `${key}.json`), { refresh_token: refreshToken, saved_at: new Date().toISOString() }, 0o600);
  }
}

export type RunStatus = 'ok' | 'partial' | 'failed';

/** One line of the run log: every scheduled or manual pull, and every nightly reconciliation. */
export interface RunRecord {
  run_id: string;
  kind: 'sync' | 'reconcile';
  source: ConnectorName | 'all';
  trigger: 'schedule' | 'manual' | 'webhook';
  mode?: 'full' | 'incremental';
  started_at: string;
  finished_at: string;
  status: RunStatus;
  fetched: Record<string, number>;
  written: Record<string, number>;
  rejected: number;
  cursor_before?: Cursor;
  cursor_after?: Cursor;
  warnings: string[];
  error?: string;
  /** reconcile runs: categories not checked, with why */
  not_checked?: { category: string; reason: string }[];
}

export interface RunLog {
  append(record: RunRecord): Promise<void>;
  list(): Promise<RunRecord[]>;
}

/** `<stateDir>/runs.jsonl`, one JSON object per line, append-only. */
export class JsonlRunLog implements RunLog {
  readonly path: string;
  constructor(stateDir: string) {
    this.path = join(stateDir, 'runs.jsonl');
  }

  async append(record: RunRecord): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, JSON.stringify(record) + '\n');
  }

  async list(): Promise<RunRecord[]> {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as RunRecord);
  }
}

export class MemoryRunLog implements RunLog {
  readonly records: RunRecord[] = [];
  async append(record: RunRecord): Promise<void> {
    this.records.push(record);
  }
  async list(): Promise<RunRecord[]> {
    return [...this.records];
  }
}
