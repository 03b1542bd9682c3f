import { createHash, randomBytes } from 'node:crypto';
import type { Scope, TenantConfig } from './config';

export interface Principal {
  tenantId: string;
  keyId: string;
  scopes: ReadonlySet<Scope>;
}

export type KeyCheck = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; message: string };

/** The hex SHA-256 stored in the tenants document for a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key (`cgk_` + 32 random bytes, base64url) and the hash to configure. */
export function newApiKey(): { key: string; sha256: string } {
  const key = `cgk_${randomBytes(32).toString('base64url')}`;
  return { key, sha256: hashApiKey(key) };
}

/**
 * API keys, each bound to one tenant, stored only as SHA-256 hashes. Keys are 256-bit random
 * secrets, so a fast hash is enough (a password hash like argon2 would cost milliseconds per
 * request for no gain). A lookup by hash reveals nothing an attacker can use.
 */
export class ApiKeys {
  private readonly byHash = new Map<string, Principal>();

  constructor(tenants: readonly TenantConfig[]) {
    for (const t of tenants) for (const k of t.api_keys) this.byHash.set(k.sha256, { tenantId: t.id, keyId: k.id, scopes: new Set(k.scopes) });
  }

  /** 401 without a valid key, 403 when the key lacks the scope. */
  check(presented: string | undefined, scope: Scope): KeyCheck {
    if (!presented) return { ok: false, status: 401, message: 'an API key is required (header X-Api-Key or Authorization: Bearer)' };
    const principal = this.byHash.get(hashApiKey(presented));
    if (!principal) return { ok: false, status: 401, message: 'unknown API key' };
    if (!principal.scopes.has(scope)) return { ok: false, status: 403, message: `the API key "${principal.keyId}" lacks the scope ${scope}` };
    return { ok: true, principal };
  }
}

/** The key from `X-Api-Key`, else `Authorization: Bearer <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const direct = headers['x-api-key'];
  const one = Array.isArray(direct) ? direct[0] : direct;
  if (one) return one.trim();
  const auth = headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  const m = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return m ? m[1] : undefined;
}
