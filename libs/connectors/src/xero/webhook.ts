import { createHmac, timingSafeEqual } from 'node:crypto';
import { asArray, isRecord, text } from '../core/values';

const CATEGORY: Record<string, string> = { INVOICE: 'Invoices', CREDITNOTE: 'CreditNotes', CONTACT: 'Contacts' };

/** Xero webhook body `{events: [...]}` -> entity -> ids to re-fetch, each once (events carry ids only). */
export function parseXeroWebhook(body: unknown, tenantId?: string): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  if (!isRecord(body)) return {};
  for (const e of asArray(body.events)) {
    if (!isRecord(e)) continue;
    if (tenantId && text(e.tenantId) !== tenantId) continue;
    const entity = CATEGORY[text(e.eventCategory) ?? ''];
    const id = text(e.resourceId);
    if (!entity || !id) continue;
    (out.get(entity) ?? out.set(entity, new Set()).get(entity)!).add(id);
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v]]));
}

/** `x-xero-signature`: base64 HMAC-SHA256 of the raw body with the webhook key. */
export function verifyXeroSignature(rawBody: string | Buffer, signature: string | undefined, webhookKey: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', webhookKey).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
