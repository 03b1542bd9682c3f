import { createHmac, timingSafeEqual } from 'node:crypto';
import { asArray, isRecord, text } from '../core/values';

/**
 * QuickBooks webhook bodies, legacy (`eventNotifications[].dataChangeEvent.entities[]`) and
 * CloudEvents (an array of `{type: "qbo.invoice.created.v1", intuitentityid, ...}`), reduced to
 * entity -> ids to re-fetch, each id once.
 */
export function parseQboWebhook(body: unknown): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (entity: string | undefined, id: string | undefined): void => {
    if (!entity || !id) return;
    (out.get(entity) ?? out.set(entity, new Set()).get(entity)!).add(id);
  };
  if (isRecord(body)) {
    for (const n of asArray(body.eventNotifications)) {
      if (!isRecord(n) || !isRecord(n.dataChangeEvent)) continue;
      for (const e of asArray(n.dataChangeEvent.entities)) if (isRecord(e)) add(text(e.name), text(e.id));
    }
  }
  for (const e of asArray(body)) {
    if (!isRecord(e)) continue;
    const m = /^qbo\.([a-z]+)\./.exec(text(e.type) ?? '');
    if (!m) continue;
    const name = QBO_NAMES[m[1]] ?? m[1];
    add(name, text(e.intuitentityid));
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v]]));
}

const QBO_NAMES: Record<string, string> = { invoice: 'Invoice', creditmemo: 'CreditMemo', payment: 'Payment', customer: 'Customer', item: 'Item' };

/** `intuit-signature`: base64 HMAC-SHA256 of the raw body with the app's verifier token. */
export function verifyQboSignature(rawBody: string | Buffer, signature: string | undefined, verifierToken: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
