/**
 * npm run bench:batch: `recon generate --scale 10` then `recon run` in a child process, and
 * reports input lines per second, wall time, peak memory (max RSS of the run) and each phase.
 * Last line: `batch lines=... lines_per_s=... wall_ms=... peak_rss_mb=... <phase>_ms=...`.
 */
import { spawnSync } from 'node:child_process';
import { runCommand } from '../commands/run';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const scale = process.env.BENCH_SCALE ?? '10';
const root = resolve(__dirname, '../../../../..');
const cli = join(root, 'dist/apps/recon/src/main.js');
const work = join(root, 'out/bench');
rmSync(work, { recursive: true, force: true });

const gen = spawnSync(process.execPath, [cli, 'generate', '--out', join(work, 'sample'), '--scale', scale, '--seed', '7'], { encoding: 'utf8' });
if (gen.status !== 0) throw new Error(`generate failed: ${gen.stderr}`);
process.stderr.write(gen.stdout);

// the run happens in this process (generation was a child), so maxRSS is the run's peak
const t0 = performance.now();
const stdout = process.stdout.write.bind(process.stdout);
process.stdout.write = (() => true) as typeof process.stdout.write;
runCommand({ in: join(work, 'sample/bundle'), out: join(work, 'run'), quiet: true });
process.stdout.write = stdout;
const wallMs = Math.round(performance.now() - t0);
const peakKb = process.resourceUsage().maxRSS;
const summary = JSON.parse(readFileSync(join(work, 'run/summary.json'), 'utf8')) as {
  inputs: Record<string, { rows: number }>;
  timings_ms: Record<string, number>;
  totals: { exceptions: number };
};
const lines = Object.values(summary.inputs).reduce((n, i) => n + i.rows, 0);
const phases = Object.entries(summary.timings_ms).map(([k, v]) => `${k}_ms=${v}`);
process.stderr.write(`scale ${scale}: ${lines.toLocaleString('en-US')} input lines, ${summary.totals.exceptions} exceptions, ${wallMs} ms wall, peak ${(peakKb / 1024).toFixed(0)} MB\n`);
console.log(`batch scale=${scale} lines=${lines} lines_per_s=${Math.round(lines / (wallMs / 1000))} wall_ms=${wallMs} peak_rss_mb=${(peakKb / 1024).toFixed(0)} ${phases.join(' ')}`);
