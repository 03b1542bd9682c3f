import { CATEGORIES, exceptionIdOfKey, exceptionKey, exceptionKeyOf, moneyString } from '@closegap/domain';
import type { Category, ExceptionRecord, RulesConfig } from '@closegap/domain';
import { severityOf } from '@closegap/rules';
import type { Finding } from '@closegap/rules';
import { addToIndex, removeFromIndex } from './cell-state';
import { Journal, JournaledMap } from './journal';

export interface ExceptionChange {
  type: 'opened' | 'updated' | 'closed';
  exception: ExceptionRecord;
  previous?: ExceptionRecord;
}

interface Keyed {
  key: string;
  finding: Finding;
}

interface Merged {
  first: Finding;
  value: Finding['value'];
  weeks: Set<string>;
  details: string[];
  retroactive: boolean;
  group?: string;
}

/**
 * Turns the checks' findings into exception records, incrementally. Findings with the same
 * category and refs become one exception (values summed, whichever scopes they came from);
 * recurrence, severity, owner, id and the suggested action (which names the final value)
 * are added; money is rounded here, once. Only exceptions whose findings changed, and the
 * others of the same placement and category (their recurrence may change), are rebuilt.
 */
export class ExceptionAssembler {
  private readonly scopes: Map<string, Keyed[]>;
  private readonly keyScopes: Map<string, Set<string>>;
  private readonly merged: Map<string, Merged>;
  private readonly groups: Map<string, Set<string>>;
  private readonly records: Map<string, ExceptionRecord>;
  /** exception keys by invoice number, and UNBILLED_TIME keys by placement and week (the pre-send check's look-ups) */
  private readonly byInvoice: Map<string, Set<string>>;
  private readonly unbilledByWeek: Map<string, Set<string>>;
  /** replaced, never cleared (see the engine's dirty sets) */
  private dirtyKeys = new Set<string>();
  private sorted?: ExceptionRecord[];
  private readonly ids: Map<string, string>;

  constructor(
    private readonly rules: RulesConfig,
    private readonly skip: ReadonlySet<Category>,
    private readonly journal: Journal = new Journal(),
  ) {
    this.scopes = new JournaledMap(journal);
    this.keyScopes = new JournaledMap(journal);
    this.merged = new JournaledMap(journal);
    this.groups = new JournaledMap(journal);
    this.records = new JournaledMap(journal);
    this.byInvoice = new JournaledMap(journal);
    this.unbilledByWeek = new JournaledMap(journal);
    this.ids = new JournaledMap(journal);
  }

  /** Replaces everything one scope (a cell, a placement, an invoice ...) found. */
  setScope(scope: string, findings: readonly Finding[]): void {
    for (const { key } of this.scopes.get(scope) ?? []) {
      removeFromIndex(this.keyScopes, key, scope);
      this.dirtyKeys.add(key);
    }
    const keyed = findings.filter((f) => !this.skip.has(f.category)).map((finding) => ({ key: exceptionKeyOf(finding.category as Category, finding.fields), finding }));
    if (keyed.length === 0) {
      this.scopes.delete(scope);
      return;
    }
    this.scopes.set(scope, keyed);
    for (const { key } of keyed) {
      addToIndex(this.keyScopes, key, scope);
      this.dirtyKeys.add(key);
    }
  }

  /** Rebuilds what changed since the last call and returns the changes. */
  flush(): ExceptionChange[] {
    if (this.dirtyKeys.size === 0) return [];
    const dirtyGroups = new Set<string>();
    for (const key of this.dirtyKeys) {
      const before = this.merged.get(key);
      if (before?.group) {
        dirtyGroups.add(before.group);
        removeFromIndex(this.groups, before.group, key);
      }
      const after = this.merge(key);
      if (after) {
        this.merged.set(key, after);
        if (after.group) {
          dirtyGroups.add(after.group);
          addToIndex(this.groups, after.group, key);
        }
      } else this.merged.delete(key);
    }
    const rebuild = new Set(this.dirtyKeys);
    for (const group of dirtyGroups) for (const key of this.groups.get(group) ?? []) rebuild.add(key);
    const changedFindings = new Set(this.dirtyKeys);
    this.dirtyKeys = new Set();
    const recurringOf = new Map<string, boolean>();

    const changes: ExceptionChange[] = [];
    for (const key of rebuild) {
      const previous = this.records.get(key);
      const m = this.merged.get(key);
      // a neighbour in the group whose own findings did not change: only its recurrence can have
      if (m && previous && !changedFindings.has(key) && previous.recurring === this.recurring(m, recurringOf)) continue;
      if (!m) {
        if (previous) {
          this.records.delete(key);
          this.unindexRecord(key, previous);
          changes.push({ type: 'closed', exception: previous });
        }
        continue;
      }
      const record = this.record(m, key, recurringOf);
      this.records.set(key, record);
      if (!previous) {
        this.indexRecord(key, record);
        changes.push({ type: 'opened', exception: record });
      } else if (!sameRecord(previous, record)) {
        if (previous.invoice_number !== record.invoice_number || previous.placement_id !== record.placement_id || previous.week_ending !== record.week_ending) {
          this.unindexRecord(key, previous);
          this.indexRecord(key, record);
        }
        changes.push({ type: 'updated', exception: record, previous });
      }
    }
    if (changes.length && this.sorted) {
      const sorted = this.sorted;
      this.journal.onRollback(() => (this.sorted = sorted));
      this.sorted = undefined;
    }
    return changes.sort((a, b) => compareExceptions(a.exception, b.exception));
  }

  /** Entries held, nested ones included. */
  footprint(): number {
    let n = this.ids.size + this.merged.size + this.records.size + this.scopes.size;
    for (const index of [this.keyScopes, this.groups, this.byInvoice, this.unbilledByWeek]) {
      n += index.size;
      for (const set of index.values()) n += set.size;
    }
    return n;
  }

  /** Forgets findings set since the last flush (a what-if that ended before its flush). */
  discardPending(): void {
    this.dirtyKeys = new Set();
  }

  /** Current exceptions naming this invoice number. */
  onInvoice(invoiceNumber: string): ExceptionRecord[] {
    return this.lookup(this.byInvoice.get(invoiceNumber));
  }

  /** Current UNBILLED_TIME exceptions of one placement-week. */
  unbilled(placementId: string, weekEnding: string): ExceptionRecord[] {
    return this.lookup(this.unbilledByWeek.get(`${placementId}|${weekEnding}`));
  }

  private lookup(keys: Set<string> | undefined): ExceptionRecord[] {
    const out: ExceptionRecord[] = [];
    for (const key of keys ?? []) {
      const r = this.records.get(key);
      if (r) out.push(r);
    }
    return sortExceptions(out);
  }

  private indexRecord(key: string, r: ExceptionRecord): void {
    if (r.invoice_number) addToIndex(this.byInvoice, r.invoice_number, key);
    if (r.category === 'UNBILLED_TIME' && r.placement_id && r.week_ending) addToIndex(this.unbilledByWeek, `${r.placement_id}|${r.week_ending}`, key);
  }

  private unindexRecord(key: string, r: ExceptionRecord): void {
    if (r.invoice_number) removeFromIndex(this.byInvoice, r.invoice_number, key);
    if (r.category === 'UNBILLED_TIME' && r.placement_id && r.week_ending) removeFromIndex(this.unbilledByWeek, `${r.placement_id}|${r.week_ending}`, key);
  }

  /** Every current exception in contract order (cached until the next change). */
  all(): ExceptionRecord[] {
    if (!this.sorted) this.sorted = sortExceptions([...this.records.values()]);
    return this.sorted.slice();
  }

  /** The findings of one exception, in scope order so the result never depends on arrival order. */
  private merge(key: string): Merged | undefined {
    const scopes = [...(this.keyScopes.get(key) ?? [])].sort();
    let m: Merged | undefined;
    for (const scope of scopes) {
      for (const { key: k, finding: f } of this.scopes.get(scope) ?? []) {
        if (k !== key) continue;
        if (!m) {
          m = { first: f, value: f.value, weeks: new Set(f.weeks), details: [f.detail], retroactive: !!f.retroactive, group: f.placementId ? `${f.placementId}|${f.category}` : undefined };
          continue;
        }
        m.value = m.value.plus(f.value);
        for (const w of f.weeks) m.weeks.add(w);
        if (!m.details.includes(f.detail)) m.details.push(f.detail);
        m.retroactive ||= !!f.retroactive;
      }
    }
    return m;
  }

  /** Recurring: the exceptions of its group (placement and category) span more than one week; once per group and flush. */
  private recurring(m: Merged, memo: Map<string, boolean>): boolean {
    if (!m.group) return false;
    let recurring = memo.get(m.group);
    if (recurring === undefined) {
      const weeks = new Set<string>();
      for (const key of this.groups.get(m.group) ?? []) for (const w of this.merged.get(key)?.weeks ?? []) weeks.add(w);
      memo.set(m.group, (recurring = weeks.size > 1));
    }
    return recurring;
  }

  private record(m: Merged, key: string, recurringOf: Map<string, boolean>): ExceptionRecord {
    const f = m.first;
    const recurring = this.recurring(m, recurringOf);
    // one literal with every field of the contract, in contract order: a fast object of one
    // shape (records built by spreading the findings' fields grew past V8's fast-property
    // limit and went to dictionary mode, making every later read and copy several times slower)
    const x = f.fields;
    const record: ExceptionRecord = {
      exception_id: '',
      category: f.category as Category,
      severity: severityOf(m.value, recurring, this.rules),
      client_id: x.client_id,
      client_name: x.client_name,
      placement_id: x.placement_id,
      timesheet_id: x.timesheet_id,
      invoice_number: x.invoice_number,
      line_no: x.line_no,
      credit_number: x.credit_number,
      pay_run_id: x.pay_run_id,
      line_id: x.line_id,
      worker_name: x.worker_name,
      week_ending: x.week_ending,
      rate_type: x.rate_type,
      expected: x.expected,
      actual: x.actual,
      units: x.units,
      value_at_risk: moneyString(m.value),
      currency: f.currency ?? x.currency,
      retroactive: m.retroactive,
      recurring,
      owner_team: this.rules.owners[f.category],
      suggested_action: f.action(m.value),
      source: x.source ?? '',
      record_id: x.record_id,
      detail: m.details.join('; '),
    };
    // the id is a hash of the key alone: computed once per exception, not per rebuild
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = exceptionIdOfKey(key)));
    record.exception_id = id;
    return record;
  }
}

/** Same fields, same values (records hold strings and booleans; an undefined field counts as absent, as in JSON). */
function sameRecord(a: ExceptionRecord, b: ExceptionRecord): boolean {
  const av = a as unknown as Record<string, unknown>;
  const bv = b as unknown as Record<string, unknown>;
  let n = 0;
  for (const key in av) {
    if (av[key] === undefined) continue;
    if (av[key] !== bv[key]) return false;
    n++;
  }
  for (const key in bv) if (bv[key] !== undefined) n--;
  return n === 0;
}

/** Contract order, with each record's key computed once rather than per comparison. */
export function sortExceptions(records: ExceptionRecord[]): ExceptionRecord[] {
  const keyed = records.map((r) => ({ r, rank: CATEGORIES.indexOf(r.category), key: exceptionKey(r) }));
  keyed.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.r);
}

/** Deterministic order: category as listed in the contract, then refs. */
export function compareExceptions(a: ExceptionRecord, b: ExceptionRecord): number {
  if (a.category !== b.category) return CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category);
  const ka = exceptionKey(a);
  const kb = exceptionKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
