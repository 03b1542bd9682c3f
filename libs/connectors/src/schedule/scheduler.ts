import { errorMessage } from '../http/errors';

/**
 * When a job runs: every N minutes, or daily at HH:MM (UTC), optionally on some weekdays only.
 * A small interval scheduler rather than a cron library: none is installed, and pulls every N
 * minutes plus one nightly reconciliation is all the product's schedule needs.
 */
export type Schedule = { everyMs: number } | { dailyAt: string; weekdays?: readonly number[] };

const DURATION = /^(\d+)\s*(s|m|h|d)$/;

export function parseDuration(value: string): number {
  const m = DURATION.exec(value.trim());
  if (!m) throw new Error(`"${value}" is not a duration (like 15m, 1h, 1d)`);
  const n = Number(m[1]);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new Error(`"${value}" must be positive`);
  return n * unit;
}

/** The first time strictly after `after` at which the schedule fires. */
export function nextRun(schedule: Schedule, after: Date, anchor: Date): Date {
  if ('everyMs' in schedule) {
    const elapsed = after.getTime() - anchor.getTime();
    const periods = Math.floor(elapsed / schedule.everyMs) + 1;
    return new Date(anchor.getTime() + Math.max(1, periods) * schedule.everyMs);
  }
  const m = /^(\d{1,2}):(\d{2})$/.exec(schedule.dailyAt);
  if (!m || +m[1] > 23 || +m[2] > 59) throw new Error(`daily_at "${schedule.dailyAt}" is not HH:MM`);
  const candidate = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), +m[1], +m[2]));
  for (let i = 0; i < 8; i++) {
    const day = new Date(candidate.getTime() + i * 86_400_000);
    const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1; // 1 = Monday ... 7 = Sunday
    if (day > after && (!schedule.weekdays || schedule.weekdays.includes(isoWeekday))) return day;
  }
  throw new Error('weekdays must list at least one day 1-7');
}

export interface ScheduledJob {
  name: string;
  schedule: Schedule;
  run: () => Promise<void>;
}

export interface SchedulerClock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: SchedulerClock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type SchedulerEvent =
  | { kind: 'start'; job: string; at: string }
  | { kind: 'done'; job: string; at: string }
  | { kind: 'error'; job: string; at: string; error: string }
  | { kind: 'skipped'; job: string; at: string; reason: string };

/**
 * Runs each job at its next time, one at a time per job: a run still going when its next time
 * comes is skipped (reported), never doubled. Every run records itself (runSync writes the run log).
 */
export class Scheduler {
  private readonly timers = new Map<string, unknown>();
  private readonly running = new Set<string>();
  private readonly anchor: Date;
  private stopped = false;

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly onEvent: (event: SchedulerEvent) => void = () => undefined,
    private readonly clock: SchedulerClock = realClock,
  ) {
    this.anchor = clock.now();
  }

  start(): void {
    for (const job of this.jobs) this.arm(job);
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
  }

  nextTimes(): Record<string, string> {
    const now = this.clock.now();
    return Object.fromEntries(this.jobs.map((j) => [j.name, nextRun(j.schedule, now, this.anchor).toISOString()]));
  }

  private arm(job: ScheduledJob): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const at = nextRun(job.schedule, now, this.anchor);
    // setTimeout holds at most ~24.8 days; re-arm in steps
    const delay = Math.min(at.getTime() - now.getTime(), 2 ** 31 - 1);
    this.timers.set(job.name, this.clock.setTimeout(() => void this.fire(job), delay));
  }

  private async fire(job: ScheduledJob): Promise<void> {
    const at = this.clock.now().toISOString();
    if (this.running.has(job.name)) {
      this.onEvent({ kind: 'skipped', job: job.name, at, reason: 'previous run still going' });
      this.arm(job);
      return;
    }
    this.running.add(job.name);
    this.arm(job);
    this.onEvent({ kind: 'start', job: job.name, at });
    try {
      await job.run();
      this.onEvent({ kind: 'done', job: job.name, at: this.clock.now().toISOString() });
    } catch (err) {
      this.onEvent({ kind: 'error', job: job.name, at: this.clock.now().toISOString(), error: errorMessage(err) });
    } finally {
      this.running.delete(job.name);
    }
  }
}
