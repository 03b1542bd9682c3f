import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';

export interface DelayFigures {
  /** when the window started (ISO time) */
  since: string;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/**
 * How late this process's event loop ran, per minute. A request waits for the loop before
 * any handler sees it, so a late loop is latency the answer's Server-Timing does not include:
 * a long check, a garbage collection, or the process held off the CPU by its neighbours (what
 * the pre-send tail was made of, docs/presend.md). `/v1/status` shows the last full minute and
 * the current one, for the worker that answers.
 */
export class EventLoopDelay {
  private readonly histogram: IntervalHistogram;
  private since = new Date();
  private lastWindow?: DelayFigures;
  private readonly timer: NodeJS.Timeout;

  constructor(
    windowMs = 60_000,
    private readonly resolutionMs = 10,
  ) {
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs).unref();
  }

  figures(): { last_minute?: DelayFigures; current: DelayFigures } {
    return { ...(this.lastWindow ? { last_minute: this.lastWindow } : {}), current: this.read() };
  }

  /** Nest calls it when the app closes */
  onModuleDestroy(): void {
    this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private roll(): void {
    this.lastWindow = this.read();
    this.histogram.reset();
    this.since = new Date();
  }

  private read(): DelayFigures {
    const h = this.histogram;
    const ms = (ns: number): number => delayMs(h, ns, this.resolutionMs);
    return { since: this.since.toISOString(), p50_ms: ms(h.percentile(50)), p99_ms: ms(h.percentile(99)), max_ms: ms(h.max) };
  }
}

/**
 * A value of a `monitorEventLoopDelay` histogram as a delay in ms. Node records the time between
 * the sampling timer's runs, so the delay is what exceeds its interval.
 */
export function delayMs(histogram: IntervalHistogram, ns: number, resolutionMs: number): number {
  return Number.isFinite(ns) && histogram.count > 0 ? Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100) : 0;
}
