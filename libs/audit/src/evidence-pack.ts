import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export interface PackFile {
  name: string;
  content: string;
  rows: number;
}

export interface PackSummary {
  kind: 'closegap.audit-export';
  version: 1;
  generated_at: string;
  generated_by: string;
  period: { from: string; to: string };
  files: { name: string; rows: number; sha256: string }[];
  chain: { ok: boolean; checked: number; head_seq?: number; head_hash?: string; first_broken?: string };
  /** sha256 over the canonical JSON of everything above */
  manifest_sha256: string;
  /** HMAC-SHA256 of manifest_sha256 with AUDIT_SIGNING_KEY; absent when no key was given */
  signature?: { algorithm: 'HMAC-SHA256'; key_id: string; value: string };
}

export type UnsignedSummary = Omit<PackSummary, 'files' | 'manifest_sha256' | 'signature'>;

/** A short fingerprint of the key, so an auditor can tell which key signed without seeing it. */
export function keyId(key: string): string {
  return createHash('sha256').update('closegap-audit-key:' + key).digest('hex').slice(0, 16);
}

/** The signed summary of an export: a SHA-256 per file, one over the manifest, an HMAC over that. */
export function signPack(files: readonly PackFile[], meta: UnsignedSummary, signingKey: string | undefined): PackSummary {
  const listed = files.map((f) => ({ name: f.name, rows: f.rows, sha256: createHash('sha256').update(f.content).digest('hex') }));
  const manifest = { ...meta, files: listed };
  const manifestSha = createHash('sha256').update(canonicalJson(manifest)).digest('hex');
  const summary: PackSummary = { ...manifest, manifest_sha256: manifestSha };
  if (signingKey) summary.signature = { algorithm: 'HMAC-SHA256', key_id: keyId(signingKey), value: createHmac('sha256', signingKey).update(manifestSha).digest('hex') };
  return summary;
}

export interface PackCheck {
  ok: boolean;
  problems: string[];
}

/** Re-checks an export: every file's hash, the manifest hash and (with the key) the signature. */
export function checkPack(summary: PackSummary, readFile: (name: string) => string | undefined, signingKey?: string): PackCheck {
  const problems: string[] = [];
  for (const f of summary.files) {
    const content = readFile(f.name);
    if (content === undefined) problems.push(`${f.name} is missing`);
    else if (createHash('sha256').update(content).digest('hex') !== f.sha256) problems.push(`${f.name} does not match its sha256`);
  }
  const { manifest_sha256: manifestSha, signature, ...manifest } = summary;
  if (createHash('sha256').update(canonicalJson(manifest)).digest('hex') !== manifestSha) problems.push('the manifest hash does not match the summary');
  if (signingKey) {
    const want = createHmac('sha256', signingKey).update(manifestSha).digest('hex');
    if (!signature) problems.push('the summary is not signed');
    else if (signature.value !== want) problems.push('the signature does not match (other key, or the summary was changed)');
  }
  return { ok: problems.length === 0, problems };
}
