import { createHmac, timingSafeEqual } from 'node:crypto';
import { asArray, isRecord, text } from '../core/values';

/**
 * A HubSpot webhook POST body (an array of events, possibly a burst of many for the same object)
 * -> object type -> ids to re-fetch, each once. Merge events name the surviving object and the
 * merged-away ones; re-fetching a merged-away id answers 404, which removes it.
 */
export function parseHubSpotWebhook(body: unknown): Record<'companies' | 'deals', string[]> {
  const out = { companies: new Set<string>(), deals: new Set<string>() };
  for (const e of asArray(body)) {
    if (!isRecord(e)) continue;
    const [object] = (text(e.subscriptionType) ?? '').split('.');
    const target = object === 'company' ? out.companies : object === 'deal' ? out.deals : undefined;
    if (!target) continue;
    for (const id of [text(e.objectId), text(e.primaryObjectId), ...asArray(e.mergedObjectIds).map(text)]) if (id) target.add(id);
  }
  return { companies: [...out.companies], deals: [...out.deals] };
}

/**
 * `X-HubSpot-Signature-v3`: base64 HMAC-SHA256 of method + URI + body + timestamp with the app
 * secret; requests older than five minutes are refused.
 */
export function verifyHubSpotSignature(
  args: { method: string; uri: string; body: string; timestamp: string | undefined; signature: string | undefined },
  clientSecret: string,
  nowMs = Date.now(),
): boolean {
  if (!args.signature || !args.timestamp || Math.abs(nowMs - Number(args.timestamp)) > 300_000) return false;
  const expected = createHmac('sha256', clientSecret).update(`${args.method}${args.uri}${args.body}${args.timestamp}`).digest();
  const given = Buffer.from(args.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
