import { HttpError, MalformedResponseError, safePath } from './errors';
import type { AuthProvider } from './http-client';
import { Secret } from './secret';

/** A private-app / API-key bearer token that does not expire (HubSpot private apps). */
export class StaticBearerAuth implements AuthProvider {
  constructor(private readonly token: Secret) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${this.token.reveal()}` };
  }
}

/** Where the newest refresh token is kept: QuickBooks and Xero rotate it on every refresh. */
export interface TokenStore {
  load(key: string): Promise<string | undefined>;
  save(key: string, refreshToken: string): Promise<void>;
}

export interface OAuth2RefreshOptions {
  /** store key, e.g. `quickbooks` */
  key: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: Secret;
  /** the refresh token from the environment; a newer one in the store wins */
  refreshToken?: Secret;
  /** a current access token from the environment, used until the API first answers 401 */
  accessToken?: Secret;
  /** how the client authenticates to the token endpoint */
  clientAuth: 'basic' | 'body' | 'query';
  store?: TokenStore;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** client_credentials instead of refresh_token (Xero custom connections) */
  grant?: 'refresh_token' | 'client_credentials';
  scope?: string;
}

/**
 * OAuth2 refresh-token grant (RFC 6749 section 6), the same for HubSpot, QuickBooks, Xero and
 * Bullhorn; only how the client id and secret travel differs. Written here rather than with
 * intuit-oauth / xero-node's openid-client because those fix their token endpoints (or discover
 * them from the vendor's well-known URL), which a local test server cannot answer.
 */
export class OAuth2RefreshAuth implements AuthProvider {
  private accessToken: Secret | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: OAuth2RefreshOptions) {
    this.accessToken = options.accessToken;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${(await this.token()).reveal()}` };
  }

  async token(): Promise<Secret> {
    if (!this.accessToken) await this.refresh();
    if (!this.accessToken) throw new Error(`${this.options.key}: no access token after refresh`);
    return this.accessToken;
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const o = this.options;
    const grant = o.grant ?? 'refresh_token';
    const form: Record<string, string> = { grant_type: grant };
    if (grant === 'refresh_token') {
      const stored = await o.store?.load(o.key);
      const refreshToken = stored ?? o.refreshToken?.reveal();
      if (!refreshToken) throw new Error(`${o.key}: no refresh token (set it in the environment)`);
      form.refresh_token = refreshToken;
    }
    if (o.scope) form.scope = o.scope;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const url = new URL(o.tokenUrl);
    if (o.clientAuth === 'basic') {
      headers.authorization = 'Basic ' + Buffer.from(`${o.clientId}:${o.clientSecret.reveal()}`).toString('base64');
    } else if (o.clientAuth === 'body') {
      form.client_id = o.clientId;
      form.client_secret = o.clientSecret.reveal();
    } else {
      for (const [k, v] of Object.entries(form)) url.searchParams.set(k, v);
      url.searchParams.set('client_id', o.clientId);
      url.searchParams.set('client_secret', o.clientSecret.reveal());
    }
    const response = await (o.fetch ?? fetch)(url.toString(), {
      method: 'POST',
      headers,
      body: o.clientAuth === 'query' ? undefined : new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
    const raw = await response.text();
    // The token endpoint's error body may echo the grant: report the status and error code only.
    if (!response.ok) throw new HttpError(response.status, 'POST', safePath(o.tokenUrl), tokenErrorCode(raw));
    let parsed: { access_token?: unknown; refresh_token?: unknown };
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      throw new MalformedResponseError(`${o.key}: token endpoint answered with a body that is not JSON`);
    }
    if (typeof parsed.access_token !== 'string') throw new MalformedResponseError(`${o.key}: token endpoint answered without access_token`);
    this.accessToken = new Secret(parsed.access_token);
    if (typeof parsed.refresh_token === 'string' && o.store) await o.store.save(o.key, parsed.refresh_token);
  }
}

function tokenErrorCode(raw: string): string {
  try {
    const body = JSON.parse(raw) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : '';
  } catch {
    return '';
  }
}
