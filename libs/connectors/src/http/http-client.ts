import { HttpError, MalformedResponseError, TransportError, safePath } from './errors';

export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  /** cap of one backoff delay */
  maxDelayMs: number;
  /** a Retry-After longer than this is not waited for: the call fails (QBO asks for 60 s) */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** Adds credentials to a request; `refresh` is called once when the API answers 401. */
export interface AuthProvider {
  headers(): Promise<Record<string, string>>;
  refresh?(): Promise<void>;
  /** the base URL may change after a login (Bullhorn's restUrl) */
  baseUrl?(): Promise<string | undefined>;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT';
  /** absolute, or relative to the auth provider's / client's base URL */
  url: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** What the client reports about its calls: never a header value, never a query string. */
export type HttpEvent =
  | { kind: 'request'; method: string; path: string; attempt: number }
  | { kind: 'retry'; method: string; path: string; status: number | 'network'; delayMs: number; attempt: number }
  | { kind: 'refresh'; method: string; path: string };

export interface HttpClientOptions {
  baseUrl?: string;
  auth?: AuthProvider;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
  onEvent?: (event: HttpEvent) => void;
  userAgent?: string;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one HTTP layer every API connector uses: fetch with a timeout, 429 honouring Retry-After,
 * exponential backoff with full jitter and a cap for 5xx and network errors, and one token
 * refresh on 401. It never logs; `onEvent` gets method, path (no query) and status only.
 */
export class HttpClient {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.fetchFn = options.fetch ?? fetch;
  }

  async json(request: HttpRequest): Promise<unknown> {
    return (await this.send(request)).body;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const method = request.method ?? 'GET';
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const url = await this.resolveUrl(request);
      const path = safePath(url);
      this.options.onEvent?.({ kind: 'request', method, path, attempt });
      let response: Response;
      try {
        response = await this.fetchFn(url, {
          method,
          headers: await this.headers(request),
          body: request.json !== undefined ? JSON.stringify(request.json) : request.form ? new URLSearchParams(request.form).toString() : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        if (attempt >= this.retry.maxAttempts) {
          throw new TransportError(`${method} ${path} failed after ${attempt} attempt(s): ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`);
        }
        const delayMs = this.backoff(attempt);
        this.options.onEvent?.({ kind: 'retry', method, path, status: 'network', delayMs, attempt });
        await this.sleep(delayMs);
        continue;
      }

      if (response.status === 401 && this.options.auth?.refresh && !refreshed) {
        await response.body?.cancel();
        refreshed = true;
        this.options.onEvent?.({ kind: 'refresh', method, path });
        await this.options.auth.refresh();
        attempt--; // the refresh does not use up an attempt
        continue;
      }

      if (RETRYABLE.has(response.status) && attempt < this.retry.maxAttempts) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        await response.body?.cancel();
        if (retryAfter !== undefined && retryAfter > this.retry.maxRetryAfterMs) {
          throw new HttpError(response.status, method, path, `asked to retry after ${Math.round(retryAfter / 1000)} s, more than the ${Math.round(this.retry.maxRetryAfterMs / 1000)} s allowed`);
        }
        const delayMs = retryAfter ?? this.backoff(attempt);
        this.options.onEvent?.({ kind: 'retry', method, path, status: response.status, delayMs, attempt });
        await this.sleep(delayMs);
        continue;
      }

      const raw = await response.text();
      if (!response.ok) throw new HttpError(response.status, method, path, excerpt(raw));
      if (raw.trim() === '') return { status: response.status, headers: response.headers, body: undefined };
      try {
        return { status: response.status, headers: response.headers, body: JSON.parse(raw) as unknown };
      } catch {
        throw new MalformedResponseError(`${method} ${path} answered ${response.status} with a body that is not JSON: ${excerpt(raw)}`);
      }
    }
  }

  /** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * ceiling);
  }

  private async resolveUrl(request: HttpRequest): Promise<string> {
    const base = (await this.options.auth?.baseUrl?.()) ?? this.options.baseUrl;
    const url = /^https?:\/\//.test(request.url) ? new URL(request.url) : new URL(request.url.replace(/^\//, ''), ensureSlash(base));
    for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  private async headers(request: HttpRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.options.userAgent ?? 'closegap-connectors' };
    if (request.json !== undefined) headers['content-type'] = 'application/json';
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    Object.assign(headers, await this.options.auth?.headers(), request.headers);
    return headers;
  }
}

function ensureSlash(base: string | undefined): string {
  if (!base) throw new Error('relative URL without a base URL');
  return base.endsWith('/') ? base : base + '/';
}

/** Retry-After is delta-seconds or an HTTP-date; returns milliseconds. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function excerpt(raw: string): string {
  const oneLine = raw.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? oneLine.slice(0, 200) + '...' : oneLine;
}
