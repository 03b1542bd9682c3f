import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlackMessage } from '../domain/digest';

export interface DigestDelivery {
  /** Slack incoming-webhook URL; when absent the digest is written to `outDir` */
  webhookUrl?: string;
  outDir: string;
  fetchImpl?: typeof fetch;
}

/** Posts the digest to Slack's incoming webhook, or writes it to OUTDIR/digest-YYYY-MM-DD.json. */
export async function deliverDigest(message: SlackMessage, delivery: DigestDelivery, day = new Date()): Promise<{ to: 'slack' | 'file'; where: string }> {
  if (delivery.webhookUrl) {
    const res = await (delivery.fetchImpl ?? fetch)(delivery.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Slack webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return { to: 'slack', where: new URL(delivery.webhookUrl).host };
  }
  mkdirSync(delivery.outDir, { recursive: true });
  const path = join(delivery.outDir, `digest-${day.toISOString().slice(0, 10)}.json`);
  writeFileSync(path, JSON.stringify(message, null, 2) + '\n');
  return { to: 'file', where: path };
}
