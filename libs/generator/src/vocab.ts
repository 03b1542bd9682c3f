import type { RateType, TimeRateType } from '@closegap/domain';
import type { ClientRec } from './model';

/** Timesheet rate codes per client code style; recon.yaml rate_type_map maps them back. */
const CODES: readonly Partial<Record<TimeRateType, string>>[] = [
  { standard: 'REG', overtime: 'OT', double_time: 'DT', night: 'NGT', weekend: 'WKND', travel_time: 'TRV', on_call: 'ONCALL' },
  { standard: 'ST', overtime: 'OT1.5', double_time: 'DT', night: 'NIGHT', weekend: 'SAT/SUN', travel_time: 'TRAVEL', on_call: 'OC' },
  {},
];
const DAY_CODE = 'DAY';

/** Finance item names per client item style; recon.yaml item_map maps them back. */
type ItemKey = TimeRateType | 'day' | 'perm_fee';
const ITEMS: readonly Partial<Record<ItemKey, string>>[] = [
  { standard: 'Regular Hours', overtime: 'OT Hours', double_time: 'Double Time', night: 'Night Shift Hours', weekend: 'Weekend Hours', travel_time: 'Travel Time', on_call: 'On-Call Hours', day: 'Day Rate', perm_fee: 'Placement Fee' },
  { standard: 'Standard Time', overtime: 'Overtime 1.5x', double_time: 'Double Time 2x', night: 'Night Premium Hours', weekend: 'Weekend Premium', travel_time: 'Travel Hours', on_call: 'Standby Hours', day: 'Daily Rate', perm_fee: 'Permanent Placement Fee' },
  { standard: 'Labour - Standard', overtime: 'Labour - Overtime', double_time: 'Labour - Double Time', night: 'Labour - Nights', weekend: 'Labour - Weekend', travel_time: 'Labour - Travel', on_call: 'Labour - On Call', day: 'Consulting Day', perm_fee: 'Perm Fee' },
];

export function rateCode(client: ClientRec, rt: TimeRateType, unit: 'hour' | 'day'): string {
  if (unit === 'day' && rt === 'standard' && client.codeStyle !== 2) return DAY_CODE;
  return CODES[client.codeStyle][rt] ?? rt;
}

export function itemName(client: ClientRec, rt: RateType, unit: 'hour' | 'day'): string {
  const key: ItemKey = unit === 'day' && rt === 'standard' ? 'day' : rt;
  return ITEMS[client.itemStyle][key] ?? rt.replace('_', ' ');
}

export function rateTypeMap(): Record<string, string> {
  const map: Record<string, string> = { [DAY_CODE]: 'standard' };
  for (const codes of CODES) for (const [rt, code] of Object.entries(codes)) if (code) map[code] = rt;
  return map;
}

export function itemMap(): Record<string, string> {
  const map: Record<string, string> = {};
  for (const items of ITEMS) {
    for (const [key, name] of Object.entries(items)) if (name) map[name] = key === 'day' ? 'standard' : key;
  }
  return map;
}
