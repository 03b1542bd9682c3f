import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCursorStore, FileTokenStore, JsonlRunLog } from './file-state';
import { nextRun, parseDuration, Scheduler } from '../schedule/scheduler';
import type { SchedulerClock } from '../schedule/scheduler';

describe('file state', () => {
  it('keeps cursors, tokens (0600) and an append-only run log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    await new FileCursorStore(dir).set('xero', { Invoices: '2024-01-01T00:00:00.000Z' });
    expect(await new FileCursorStore(dir).get('xero')).toEqual({ Invoices: '2024-01-01T00:00:00.000Z' });
    await new FileTokenStore(dir).save('xero', 'refresh-1');
    expect(statSync(join(dir, 'tokens', 'xero.json')).mode & 0o777).toBe(0o600);
    const log = new JsonlRunLog(dir);
    const record = { run_id: 'r1', kind: 'sync' as const, source: 'xero' as const, trigger: 'manual' as const, started_at: 'a', finished_at: 'b', status: 'ok' as const, fetched: {}, written: {}, rejected: 0, warnings: [] };
    await log.append(record);
    await log.append({ ...record, run_id: 'r2' });
    expect((await log.list()).map((r) => r.run_id)).toEqual(['r1', 'r2']);
    expect(readFileSync(log.path, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});

describe('scheduler', () => {
  it('computes next times for intervals and daily times', () => {
    const anchor = new Date('2024-03-01T00:00:00Z');
    expect(nextRun({ everyMs: parseDuration('15m') }, new Date('2024-03-01T00:20:00Z'), anchor).toISOString()).toBe('2024-03-01T00:30:00.000Z');
    expect(nextRun({ dailyAt: '02:00' }, new Date('2024-03-01T03:00:00Z'), anchor).toISOString()).toBe('2024-03-02T02:00:00.000Z');
    // 2024-03-02 is a Saturday: weekdays only -> Monday
    expect(nextRun({ dailyAt: '02:00', weekdays: [1, 2, 3, 4, 5] }, new Date('2024-03-01T03:00:00Z'), anchor).toISOString()).toBe('2024-03-04T02:00:00.000Z');
    expect(() => parseDuration('soon')).toThrow();
  });

  it('runs jobs when due and skips a run while the previous one is still going', async () => {
    let now = new Date('2024-03-01T00:00:00Z').getTime();
    const timers: { at: number; fn: () => void }[] = [];
    const clock: SchedulerClock = { now: () => new Date(now), setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }), clearTimeout: () => undefined };
    let release: () => void = () => undefined;
    const runs: string[] = [];
    const events: string[] = [];
    const scheduler = new Scheduler([{ name: 'pull', schedule: { everyMs: 60_000 }, run: () => new Promise<void>((r) => (runs.push(new Date(now).toISOString()), (release = r))) }], (e) => events.push(e.kind), clock);
    scheduler.start();
    const tick = async () => {
      timers.sort((a, b) => a.at - b.at);
      const t = timers.shift()!;
      now = t.at;
      t.fn();
      await Promise.resolve();
    };
    await tick();
    await tick(); // still running: skipped
    release();
    await new Promise((r) => setImmediate(r));
    await tick();
    scheduler.stop();
    expect(runs).toEqual(['2024-03-01T00:01:00.000Z', '2024-03-01T00:03:00.000Z']);
    expect(events).toEqual(['start', 'skipped', 'done', 'start']);
  });
});
