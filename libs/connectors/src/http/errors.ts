/** An HTTP answer the connector cannot use. The URL is kept without its query (tokens travel there). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly bodyExcerpt: string,
  ) {
    super(`${method} ${path} answered ${status}${bodyExcerpt ? `: ${bodyExcerpt}` : ''}`);
  }
}

/** The system answered 2xx with something that is not the JSON it documents. */
export class MalformedResponseError extends Error {}

/** Network failure or timeout after every retry. */
export class TransportError extends Error {}

/** Strips the query string and userinfo: what error messages and logs may show of a URL. */
export function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split('?')[0];
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
