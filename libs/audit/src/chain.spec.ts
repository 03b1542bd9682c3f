import { canonicalJson } from './canonical-json';
import { ChainVerifier, ChainedEntry, GENESIS_HASH, entryHash } from './chain';
import { checkPack, signPack } from './evidence-pack';

function chain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = { seq: i, at: `2026-03-0${i}T00:00:00.000Z`, actor: 'ann', action: 'exception.dismissed', entity_type: 'exception', entity_id: `EX-${i}`, reason: 'false_positive', data: { b: 1, a: [i] } };
    const hash = entryHash(prev, fields);
    out.push({ ...fields, prev_hash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('canonical JSON', () => {
  it('sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: 'x' }, z: [1, undefined] })).toBe('{"a":{"c":"x"},"b":1,"z":[1,null]}');
  });
});

describe('hash chain', () => {
  it('verifies an intact chain', () => {
    const v = new ChainVerifier();
    expect(chain(5).every((e) => v.push(e))).toBe(true);
    expect(v.checked).toBe(5);
  });
  it('names the first edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], reason: 'write_off' };
    const v = new ChainVerifier();
    entries.forEach((e) => v.push(e));
    expect(v.broken).toMatchObject({ seq: 3, problem: 'hash_mismatch' });
  });
  it('notices deleted and re-hashed entries', () => {
    const gap = chain(5).filter((e) => e.seq !== 2);
    const v = new ChainVerifier();
    gap.forEach((e) => v.push(e));
    expect(v.broken).toMatchObject({ seq: 3, problem: 'missing_entries' });
    const entries = chain(3);
    entries[1] = { ...entries[1], data: { forged: true } };
    entries[1].hash = entryHash(entries[1].prev_hash, entries[1]);
    const w = new ChainVerifier();
    entries.forEach((e) => w.push(e));
    expect(w.broken).toMatchObject({ seq: 3, problem: 'prev_hash_mismatch' });
  });
});

describe('signed export summary', () => {
  const files = [{ name: 'runs.csv', content: 'run_id\nr1\n', rows: 1 }];
  const meta = { kind: 'closegap.audit-export' as const, version: 1 as const, generated_at: '2026-03-20T00:00:00Z', generated_by: 'auditor', period: { from: '2026-03-01', to: '2026-03-31' }, chain: { ok: true, checked: 3 } };
  it('signs with an HMAC and detects a changed file or a wrong key', () => {
    const summary = signPack(files, meta, 'secret');
    expect(summary.signature?.value).toMatch(/^[0-9a-f]{64}$/);
    expect(checkPack(summary, () => 'run_id\nr1\n', 'secret')).toEqual({ ok: true, problems: [] });
    expect(checkPack(summary, () => 'run_id\nr2\n', 'secret').problems).toEqual(['runs.csv does not match its sha256']);
    expect(checkPack(summary, () => 'run_id\nr1\n', 'other').ok).toBe(false);
    expect(checkPack({ ...summary, period: { from: '2026-01-01', to: '2026-03-31' } }, () => 'run_id\nr1\n').problems).toEqual(['the manifest hash does not match the summary']);
  });
});
