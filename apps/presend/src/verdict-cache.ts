/** Bytes of slab per cached answer: a 20-line draft's answer is ~5-7 KB. */
export const SLAB_BYTES_PER_ENTRY = 8 * 1024;

interface Slot {
  key: string;
  start: number;
  end: number;
}

/**
 * Verdicts of one tenant for the current state version (a repeated check is a lookup), at most
 * `size` answers, first in first out.
 *
 * The answers are UTF-8 bytes in one slab allocated once (a ring), outside the JavaScript heap.
 * As strings, every entry was copied by young collections and promoted, growing the old
 * generation; as a Buffer each, every answer was a new external allocation (~1.5 MB/s per
 * worker at 250 checks/s) that only a full collection frees, and V8 starts one whenever
 * external memory has grown by 64 MB: a full collection every ~40 s of load.
 * The bytes are the answer without its per-check fields.
 */
export class VerdictCache {
  private version = -1;
  private slab?: Buffer;
  private head = 0;
  private readonly entries = new Map<string, Slot>();
  /** slots oldest first from `first`: their order is also their order in the ring from `head` */
  private fifo: Slot[] = [];
  private first = 0;

  constructor(private readonly size: number) {}

  get(version: number, key: string): string | undefined {
    if (version !== this.version || this.slab === undefined) return undefined;
    const slot = this.entries.get(key);
    return slot === undefined ? undefined : this.slab.toString('utf8', slot.start, slot.end);
  }

  set(version: number, key: string, stableJson: string): void {
    if (this.size === 0) return;
    if (version !== this.version) this.reset(version);
    if (this.entries.has(key)) return;
    const slab = (this.slab ??= Buffer.allocUnsafeSlow(this.size * SLAB_BYTES_PER_ENTRY));
    const length = Buffer.byteLength(stableJson, 'utf8');
    if (length > slab.length / 4) return; // an answer this big is not worth a quarter of the cache
    const wraps = this.head + length > slab.length;
    const start = wraps ? 0 : this.head;
    const end = start + length;
    // the region written over: from head to the end of the slab and from 0 when it wraps; the
    // slots in it are the oldest ones, in order
    const overlaps = (s: Slot): boolean => (s.start < end && start < s.end) || (wraps && s.end > this.head);
    while (this.first < this.fifo.length && (this.entries.size >= this.size || overlaps(this.fifo[this.first]))) this.evictOldest();
    slab.write(stableJson, start, length, 'utf8');
    const slot = { key, start, end };
    this.entries.set(key, slot);
    this.fifo.push(slot);
    this.head = end;
  }

  /** How many answers are held (tests). */
  get count(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const slot = this.fifo[this.first++];
    if (this.entries.get(slot.key) === slot) this.entries.delete(slot.key);
    if (this.first > 1_024 && this.first * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.first);
      this.first = 0;
    }
  }

  private reset(version: number): void {
    this.version = version;
    this.entries.clear();
    this.fifo = [];
    this.first = 0;
    this.head = 0;
  }
}
