import { DumpDir } from '../core/page-source';
import { OAuth2RefreshAuth } from '../http/auth';
import { HttpError, MalformedResponseError, safePath } from '../http/errors';
import { HttpClient } from '../http/http-client';
import type { AuthProvider } from '../http/http-client';
import { isRecord } from '../core/values';
import { Secret } from '../http/secret';
import type { BhObject } from './mapper';

/**
 * Bullhorn's login: an OAuth2 access token (refresh-token grant), then
 * `GET {restLoginUrl}/rest-services/login?version=*&access_token=...`, which answers the
 * session's BhRestToken and the swimlane-specific restUrl every later call goes to. On 401 the
 * session is renewed once (new access token, new login).
 */
export class BullhornSession implements AuthProvider {
  private session: { token: Secret; restUrl: string } | undefined;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly oauth: OAuth2RefreshAuth,
    private readonly restLoginUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async headers(): Promise<Record<string, string>> {
    return { BhRestToken: (await this.current()).token.reveal() };
  }

  async baseUrl(): Promise<string> {
    return (await this.current()).restUrl;
  }

  refresh(): Promise<void> {
    this.pending ??= (async () => {
      await this.oauth.refresh();
      await this.login();
    })().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async current(): Promise<{ token: Secret; restUrl: string }> {
    if (!this.session) {
      this.pending ??= this.login().finally(() => (this.pending = undefined));
      await this.pending;
    }
    return this.session!;
  }

  private async login(): Promise<void> {
    const url = new URL('rest-services/login', this.restLoginUrl.endsWith('/') ? this.restLoginUrl : this.restLoginUrl + '/');
    url.searchParams.set('version', '*');
    url.searchParams.set('access_token', (await this.oauth.token()).reveal());
    let response = await this.fetchFn(url.toString(), { method: 'POST', signal: AbortSignal.timeout(30_000) });
    if (response.status === 401) {
      // the access token expired between refresh and login: one more refresh
      await this.oauth.refresh();
      url.searchParams.set('access_token', (await this.oauth.token()).reveal());
      response = await this.fetchFn(url.toString(), { method: 'POST', signal: AbortSignal.timeout(30_000) });
    }
    const raw = await response.text();
    if (!response.ok) throw new HttpError(response.status, 'POST', safePath(url.toString()), '');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new MalformedResponseError('Bullhorn login answered with a body that is not JSON');
    }
    if (!isRecord(body) || typeof body.BhRestToken !== 'string' || typeof body.restUrl !== 'string') {
      throw new MalformedResponseError('Bullhorn login answer lacks BhRestToken / restUrl');
    }
    this.session = { token: new Secret(body.BhRestToken), restUrl: body.restUrl };
  }
}

export interface BullhornFetcher {
  readonly live: boolean;
  /** `where` is JPQL; pages of `count` records until `total` */
  query(entity: string, fields: string, where: string): AsyncGenerator<BhObject[]>;
}

export function parseQueryPage(entity: string, body: unknown): { data: BhObject[]; total?: number } {
  if (!isRecord(body) || !Array.isArray(body.data)) throw new MalformedResponseError(`Bullhorn ${entity} answer has no data array`);
  return { data: body.data.filter(isRecord), total: typeof body.total === 'number' ? body.total : undefined };
}

/**
 * Bullhorn REST `query/{Entity}`. No official Node client exists (only @bullhorn/bullhorn-types,
 * entity interfaces): this is the thin client the API docs describe.
 */
export class BullhornHttpFetcher implements BullhornFetcher {
  readonly live = true;
  constructor(
    private readonly http: HttpClient,
    private readonly pageSize = 500,
  ) {}

  async *query(entity: string, fields: string, where: string): AsyncGenerator<BhObject[]> {
    for (let start = 0; ; ) {
      const body = await this.http.json({ url: `query/${entity}`, query: { where, fields, count: this.pageSize, start, orderBy: 'id' } });
      const page = parseQueryPage(entity, body);
      yield page.data;
      start += page.data.length;
      if (page.data.length === 0 || (page.total !== undefined ? start >= page.total : page.data.length < this.pageSize)) return;
    }
  }
}

/** Saved `query/{Entity}` answers: `<dir>/Placement/*.json` ... The `where` is not re-applied. */
export class BullhornDumpFetcher implements BullhornFetcher {
  readonly live = false;
  constructor(private readonly dump: DumpDir) {}

  async *query(entity: string): AsyncGenerator<BhObject[]> {
    if (!this.dump.has(entity)) throw new HttpError(404, 'GET', `${this.dump.dir}/${entity}`, 'not in the dump');
    for (const body of this.dump.pages(entity)) yield parseQueryPage(entity, body).data;
  }
}

