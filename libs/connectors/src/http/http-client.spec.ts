import { inspect } from 'node:util';
import { FAST, startFakeApi } from '../test/fake-api';
import type { FakeApi } from '../test/fake-api';
import { OAuth2RefreshAuth } from './auth';
import { HttpError, MalformedResponseError } from './errors';
import { HttpClient, parseRetryAfter } from './http-client';
import type { HttpEvent } from './http-client';
import { Secret, envValue } from './secret';

describe('HttpClient', () => {
  let api: FakeApi;
  let script: { status: number; headers?: Record<string, string>; json?: unknown; text?: string }[];
  beforeEach(async () => {
    script = [];
    api = await startFakeApi((req) => {
      if (req.path === '/token') return { json: { access_token: 'fresh', refresh_token: 'rotated' } };
      if (req.headers.authorization === 'Bearer stale') return { status: 401, json: { message: 'expired' } };
      return script.shift() ?? { status: 200, json: { ok: true } };
    });
  });
  afterEach(() => api.close());

  it('waits for Retry-After on 429, then succeeds', async () => {
    script.push({ status: 429, headers: { 'retry-after': '2' } });
    const slept: number[] = [];
    const http = new HttpClient({ baseUrl: api.url, ...FAST, sleep: async (ms) => void slept.push(ms) });
    expect(await http.json({ url: 'x' })).toEqual({ ok: true });
    expect(slept).toEqual([2000]);
  });

  it('backs off exponentially with jitter under a cap on 5xx, and gives up after maxAttempts', async () => {
    script.push({ status: 503 }, { status: 502 }, { status: 503 }, { status: 503 });
    const slept: number[] = [];
    const http = new HttpClient({ baseUrl: api.url, retry: { baseDelayMs: 100, maxDelayMs: 250, maxAttempts: 4 }, random: () => 1, sleep: async (ms) => void slept.push(ms) });
    await expect(http.json({ url: 'x' })).rejects.toThrow(HttpError);
    expect(slept).toEqual([100, 200, 250]);
  });

  it('refuses to wait longer than maxRetryAfterMs', async () => {
    script.push({ status: 429, headers: { 'retry-after': '3600' } });
    const http = new HttpClient({ baseUrl: api.url, ...FAST });
    await expect(http.json({ url: 'x' })).rejects.toThrow(/retry after 3600 s/);
  });

  it('refreshes the token once on 401 and stores the rotated refresh token', async () => {
    const saved: string[] = [];
    const auth = new OAuth2RefreshAuth({
      key: 'test',
      tokenUrl: `${api.url}/token`,
      clientId: 'id',
      clientSecret: new Secret('shh'),
      refreshToken: new Secret('r1'),
      accessToken: new Secret('stale'),
      clientAuth: 'basic',
      store: { load: async () => undefined, save: async (_k, t) => void saved.push(t) },
    });
    const events: HttpEvent[] = [];
    const http = new HttpClient({ baseUrl: api.url, auth, ...FAST, onEvent: (e) => events.push(e) });
    expect(await http.json({ url: 'x', query: { access_token: 'secret-in-query' } })).toEqual({ ok: true });
    expect(saved).toEqual(['rotated']);
    expect(events.filter((e) => e.kind === 'refresh')).toHaveLength(1);
    const tokenCall = api.requests.find((r) => r.path === '/token')!;
    expect(tokenCall.headers.authorization).toBe('Basic ' + Buffer.from('id:shh').toString('base64'));
    expect(new URLSearchParams(tokenCall.body).get('refresh_token')).toBe('r1');
    expect(JSON.stringify(events)).not.toContain('secret-in-query');
  });

  it('reports garbage as MalformedResponseError without the query string', async () => {
    script.push({ status: 200, text: '<html>maintenance</html>' });
    const http = new HttpClient({ baseUrl: api.url, ...FAST });
    const err = await http.json({ url: 'x', query: { token: 'abc123' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(String(err)).not.toContain('abc123');
  });

  it('parses Retry-After as seconds or HTTP-date', () => {
    expect(parseRetryAfter('1.5', 0)).toBe(1500);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('Secret', () => {
  it('never prints its value', () => {
    const s = new Secret('hunter2');
    expect(`${s}`).toBe('***');
    expect(JSON.stringify({ s })).toBe('{"s":"***"}');
    expect(inspect({ s })).not.toContain('hunter2');
    expect(s.reveal()).toBe('hunter2');
  });
  it('reads NAME, else the file named by NAME_FILE', () => {
    expect(envValue({ A: 'x', A_FILE: '/nonexistent' }, 'A')).toBe('x');
    expect(envValue({ A_FILE: __filename }, 'A')).toContain('describe(');
  });
});
