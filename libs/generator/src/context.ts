import type { Calendar } from './calendar';
import type { Candidate, Cell, ClientRec, Credit, Invoice, InvLine, PayRun, Placement, RateRow, Timesheet } from './model';
import type { Rng } from './prng';
import type { TruthDraft } from './truth';
import { RateBook } from './rates';
import { Reservations } from './reserve';

export interface Ctx {
  rng: Rng;
  scale: number;
  cal: Calendar;
  clients: ClientRec[];
  candidates: Candidate[];
  placements: Placement[];
  rates: RateRow[];
  book: RateBook;
  sheets: Timesheet[];
  invoices: Invoice[];
  runs: Map<string, PayRun>;
  credits: Credit[];
  /** the fee line of each invoiced permanent placement */
  feeLines: Map<string, InvLine>;
  cells: Map<string, Cell>;
  cellsByPlacement: Map<string, Cell[]>;
  truth: TruthDraft[];
  reserve: Reservations;
  /** names that must never appear on a resolvable record (kept for UNRESOLVED_RECORD) */
  ambiguousNames: { name: string; clients: ClientRec[] }[];
  /** person keys of every candidate: names are unique in any word order */
  usedPeople: Set<string>;
  counters: Record<string, number>;
}

export function newCtx(rng: Rng, scale: number, cal: Calendar): Ctx {
  return {
    rng,
    scale,
    cal,
    clients: [],
    candidates: [],
    placements: [],
    rates: [],
    book: new RateBook(),
    sheets: [],
    invoices: [],
    runs: new Map(),
    credits: [],
    feeLines: new Map(),
    cells: new Map(),
    cellsByPlacement: new Map(),
    truth: [],
    reserve: new Reservations(),
    ambiguousNames: [],
    usedPeople: new Set(),
    counters: {},
  };
}

export function nextSeq(ctx: Ctx, name: string): number {
  const n = (ctx.counters[name] ?? 0) + 1;
  ctx.counters[name] = n;
  return n;
}

export function cellKey(placementId: string, week: string): string {
  return placementId + '|' + week;
}
