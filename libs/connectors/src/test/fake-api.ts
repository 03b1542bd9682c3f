import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export interface FakeApi {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A local HTTP server answering with the systems' documented payloads (the recorded test data). */
export async function startFakeApi(handler: (req: RecordedRequest) => Reply | Promise<Reply>): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      Promise.resolve(handler(recorded))
        .then((reply) => {
          res.writeHead(reply.status ?? 200, { 'content-type': reply.text !== undefined ? 'text/html' : 'application/json', ...reply.headers });
          res.end(reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json)));
        })
        .catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const TEST_DATA = join(__dirname, '..', '..', 'test-data');

/** The recorded pages of one entity, in order. */
export function pages(system: string, entity: string): unknown[] {
  const dir = join(TEST_DATA, system, entity);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
}

export function fixture<T = unknown>(system: string, file: string): T {
  return JSON.parse(readFileSync(join(TEST_DATA, system, file), 'utf8')) as T;
}

/** Fast retries for tests: no real waiting. */
export const FAST = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 }, sleep: async () => undefined, random: () => 0.5 };
