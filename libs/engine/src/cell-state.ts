import { JournaledMap, JournaledSet } from './journal';
import type { Client, InvoiceLine, IsoDate, PayLine, Placement, TimeRateType, TimesheetLine } from '@closegap/domain';

/** Which records sit in one placement-week-rate-type cell, by record key. */
export interface CellState {
  key: string;
  placement: Placement;
  client: Client;
  week: IsoDate;
  rateType: TimeRateType;
  timesheetLines: Map<string, TimesheetLine>;
  invoiceLines: Map<string, InvoiceLine>;
  payLines: Map<string, PayLine>;
}

/** Adds to a map of sets; the sets of a journaled map are journaled too. */
export function addToIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = index instanceof JournaledMap ? new JournaledSet<V>(index.journal) : new Set<V>()));
  set.add(value);
}

export function removeFromIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
