import type { Client, IsoDate, Placement, TimeRateType } from '@closegap/domain';

/** Which records sit in one placement-week-rate-type cell (keys into the engine's record maps). */
export interface CellState {
  key: string;
  placement: Placement;
  client: Client;
  week: IsoDate;
  rateType: TimeRateType;
  timesheetKeys: Set<string>;
  invoiceKeys: Set<string>;
  payKeys: Set<string>;
}

export function addToIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

export function removeFromIndex<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
