import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { delayMs } from '../event-loop';

/**
 * A fixed-rate (open-loop) HTTP load: request i is due at start + i / rps whatever happened to
 * the ones before, and its latency is counted from when it was due, not from when it was sent,
 * so a stall on either side shows in the figures instead of slowing the load down (coordinated
 * omission). Not autocannon: at a fixed overall rate autocannon paces each connection on its
 * own timer, all in phase, so N connections arrive as bursts of N every N / rps seconds (an
 * empty Node server measured p99 21 ms at 500 rps over 8 connections, 2 ms over 1), and one
 * connection is closed-loop: a slow answer delays the next request instead of counting.
 *
 * Requests go over `connections` keep-alive sockets opened before the clock starts, taken in
 * turn (first-in first-out), like that many independent clients. Node's agent otherwise reuses
 * the socket freed last, so at a modest rate one socket carries nearly every request, and a
 * server that spreads connections over worker processes (Node cluster) gets all the load on
 * one worker while the other idles: p99 then measures that imbalance, not the server.
 */
export interface OpenLoopOptions {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** the body of request i */
  body: (i: number) => string;
  rps: number;
  seconds: number;
  /** sockets opened before the clock starts and used in turn (default 8) */
  connections?: number;
  /** sockets kept open at most (requests beyond wait for a free one, and that wait is counted) */
  sockets?: number;
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** completed requests per second over the run */
  rps: number;
  latency: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  /** the server's own time per request, from its Server-Timing header (`app;dur=`), when it sends one */
  server?: { p50: number; p99: number; max: number };
  /** the slowest requests: seconds into the run and latency (where to look when p99 is off) */
  worst: { at_s: number; ms: number }[];
  /**
   * how late the load generator's own event loop ran during the run (its 1 ms tick sends the
   * requests): a stall here delays sending and shows as latency the server never saw
   */
  generatorLag: { p99: number; max: number };
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const connections = options.connections ?? 8;
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(connections, options.sockets ?? 32), scheduling: 'fifo' });
  const total = Math.round(options.rps * options.seconds);
  const latencies: number[] = [];
  const serverMs: number[] = [];
  const timeline: { at: number; ms: number }[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  let sent = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));

  const fire = (i: number, due: number, onEnd?: () => void): void => {
    const body = options.body(i);
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path,
        method: 'POST',
        agent,
        timeout: options.timeoutMs ?? 10_000,
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (onEnd) return onEnd();
          const ms = performance.now() - due;
          const dur = /\bapp;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
          if (dur) serverMs.push(Number(dur[1]));
          latencies.push(ms);
          timeline.push({ at: due, ms });
          if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          if (++done === total) finished();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      if (onEnd) return onEnd();
      errors++;
      if (++done === total) finished();
    });
    req.end(body);
  };

  // the clients' connections, open before the clock starts (these requests are not counted)
  await new Promise<void>((resolve) => {
    let open = connections;
    for (let c = 0; c < connections; c++) fire(-1 - c, 0, () => --open === 0 && resolve());
  });
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const start = performance.now() + 20;
  // a 1 ms tick sends whatever is due (several at once only if the client itself fell behind)
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / options.rps <= now) {
        const due = start + (sent * 1000) / options.rps;
        fire(sent++, due);
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 20);
  });
  await allDone;
  lag.disable();
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  serverMs.sort((a, b) => a - b);
  const quantile = (sorted: number[], q: number): number => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const at = (q: number): number => quantile(latencies, q);
  return {
    sent,
    ok,
    non2xx,
    errors,
    rps: round(done / elapsed),
    generatorLag: { p99: delayMs(lag, lag.percentile(99), 1), max: delayMs(lag, lag.max, 1) },
    worst: timeline
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((w) => ({ at_s: round((w.at - start) / 1000), ms: round(w.ms) })),
    ...(serverMs.length ? { server: { p50: quantile(serverMs, 0.5), p99: quantile(serverMs, 0.99), max: round(serverMs[serverMs.length - 1]) } } : {}),
    latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: round(latencies[latencies.length - 1] ?? 0), mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)) },
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Runs the load in a child process of its own, so the caller's heap (a generated bundle, a
 * stack to manage) and its garbage collections never delay a request.
 */
export function openLoopInChild(options: Omit<OpenLoopOptions, 'body'> & { body: string; unique?: { placeholder: string; prefix: string; suffix: string } }): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--open-loop-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as OpenLoopResult));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load generator exited with ${code}`))));
    child.send(options);
  });
}

if (process.argv.includes('--open-loop-child')) {
  process.once('message', (m) => {
    const { body, unique, ...rest } = m as Omit<OpenLoopOptions, 'body'> & { body: string; unique?: { placeholder: string; prefix: string; suffix: string } };
    void openLoop({ ...rest, body: unique ? (i) => body.replace(unique.placeholder, `${unique.prefix}${i + 1}${unique.suffix}`) : () => body }).then((r) => {
      process.send?.(r, () => process.exit(0));
    });
  });
}
