/**
 * An undo log for the engine's state, so a what-if (the pre-send check) can apply a draft,
 * evaluate it with the ordinary code path and then take every change back in time
 * proportional to what it touched, instead of evaluating the restored state again.
 *
 * Every Map and Set the engine and the assembler mutate is a JournaledMap / JournaledSet on
 * one Journal. Outside a what-if they behave as Map and Set (one extra field test per write);
 * inside one, each write first records how to undo it.
 */
const MAP_SET = 0;
const MAP_DELETE = 1;
const SET_ADD = 2;
const SET_DELETE = 3;
const RESTORE = 4;

const mapSet = Map.prototype.set;
const mapDelete = Map.prototype.delete;
const setAdd = Set.prototype.add;
const setDelete = Set.prototype.delete;

export class Journal {
  /** flat undo log: op, target, key, old value; undefined when not recording */
  private log: unknown[] | undefined;

  get recording(): boolean {
    return this.log !== undefined;
  }

  begin(): void {
    if (this.log) throw new Error('a what-if is already open on this engine');
    this.log = [];
  }

  /** Takes back every write since begin(), newest first. */
  rollback(): void {
    const log = this.log;
    if (!log) return;
    this.log = undefined;
    for (let i = log.length - 4; i >= 0; i -= 4) {
      const op = log[i] as number;
      const target = log[i + 1];
      const key = log[i + 2];
      const old = log[i + 3];
      if (op === MAP_SET) mapSet.call(target as Map<unknown, unknown>, key, old);
      else if (op === MAP_DELETE) mapDelete.call(target as Map<unknown, unknown>, key);
      else if (op === SET_ADD) setAdd.call(target as Set<unknown>, key);
      else if (op === SET_DELETE) setDelete.call(target as Set<unknown>, key);
      else (old as () => void)();
    }
  }

  /** Undo for state that is not a journaled collection (a cached list, a counter). */
  onRollback(undo: () => void): void {
    this.log?.push(RESTORE, undefined, undefined, undo);
  }

  /** @internal */
  note(op: number, target: unknown, key: unknown, old: unknown): void {
    (this.log as unknown[]).push(op, target, key, old);
  }
}

/**
 * Keys added during a what-if live in a small side map, dropped whole at rollback: inserting
 * into the big tables and deleting again made V8 rehash them now and then, and a table left
 * behind by a rehash keeps the what-if's young objects alive through the next minor collections
 * (they were promoted to the old generation, then collected by a full one).
 */
export class JournaledMap<K, V> extends Map<K, V> {
  private added?: Map<K, V>;

  constructor(readonly journal: Journal) {
    super();
  }

  override get(key: K): V | undefined {
    const added = this.added;
    if (added !== undefined && added.has(key)) return added.get(key);
    return super.get(key);
  }

  override has(key: K): boolean {
    return super.has(key) || (this.added !== undefined && this.added.has(key));
  }

  override get size(): number {
    return super.size + (this.added === undefined ? 0 : this.added.size);
  }

  override set(key: K, value: V): this {
    if (!this.journal.recording) return super.set(key, value);
    if (super.has(key)) {
      this.journal.note(MAP_SET, this, key, super.get(key));
      return super.set(key, value);
    }
    let added = this.added;
    if (added === undefined) {
      added = this.added = new Map();
      this.journal.onRollback(() => (this.added = undefined));
    }
    added.set(key, value);
    return this;
  }

  override delete(key: K): boolean {
    if (this.added !== undefined && this.added.delete(key)) return true;
    if (this.journal.recording && super.has(key)) this.journal.note(MAP_SET, this, key, super.get(key));
    return super.delete(key);
  }

  override clear(): void {
    if (this.journal.recording) for (const [k, v] of super.entries()) this.journal.note(MAP_SET, this, k, v);
    this.added?.clear();
    super.clear();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  override entries(): MapIterator<[K, V]> {
    return this.added === undefined ? super.entries() : (chain(super.entries(), this.added.entries()) as MapIterator<[K, V]>);
  }

  override keys(): MapIterator<K> {
    return this.added === undefined ? super.keys() : (chain(super.keys(), this.added.keys()) as MapIterator<K>);
  }

  override values(): MapIterator<V> {
    return this.added === undefined ? super.values() : (chain(super.values(), this.added.values()) as MapIterator<V>);
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

function* chain<T>(a: Iterator<T>, b: Iterator<T>): Generator<T, undefined, unknown> {
  for (let r = a.next(); !r.done; r = a.next()) yield r.value;
  for (let r = b.next(); !r.done; r = b.next()) yield r.value;
  return undefined;
}

export class JournaledSet<T> extends Set<T> {
  constructor(readonly journal: Journal) {
    super();
  }

  override add(value: T): this {
    if (this.journal.recording && !super.has(value)) this.journal.note(SET_DELETE, this, value, undefined);
    return super.add(value);
  }

  override delete(value: T): boolean {
    if (this.journal.recording && super.has(value)) this.journal.note(SET_ADD, this, value, undefined);
    return super.delete(value);
  }

  override clear(): void {
    if (this.journal.recording) for (const v of this) this.journal.note(SET_ADD, this, v, undefined);
    super.clear();
  }
}
