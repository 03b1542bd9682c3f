export interface AliasHit {
  target: string;
  key: string;
  normalised: boolean;
}

/**
 * Confirmed aliases: exact key first, then each normalised form in turn. A normalised
 * form claimed by two aliases with different targets is not used.
 */
export class AliasTable {
  private readonly exact = new Map<string, string>();
  private readonly normalised: Map<string, { target: string; key: string } | null>[];

  constructor(
    entries: ReadonlyMap<string, string> | undefined,
    private readonly normalisers: readonly ((s: string) => string)[],
  ) {
    this.normalised = normalisers.map(() => new Map());
    for (const [key, target] of entries ?? []) {
      this.exact.set(key.trim(), target.trim());
      normalisers.forEach((norm, i) => {
        const k = norm(key);
        if (!k) return;
        const map = this.normalised[i];
        const prev = map.get(k);
        if (prev === undefined) map.set(k, { target: target.trim(), key });
        else if (prev !== null && prev.target !== target.trim()) map.set(k, null);
      });
    }
  }

  get size(): number {
    return this.exact.size;
  }

  lookup(external: string): AliasHit | undefined {
    const exact = this.exact.get(external.trim());
    if (exact !== undefined) return { target: exact, key: external.trim(), normalised: false };
    if (this.exact.size === 0) return undefined;
    for (let i = 0; i < this.normalisers.length; i++) {
      const k = this.normalisers[i](external);
      const hit = k ? this.normalised[i].get(k) : undefined;
      if (hit) return { target: hit.target, key: hit.key, normalised: true };
    }
    return undefined;
  }
}
