import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../../dist/apps/recon/src/main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `recon` CLI as a user would. */
export function recon(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const fixture = (...parts: string[]): string => join(__dirname, ...parts);
