import { PERM_FEE, weekEnding } from '@closegap/domain';
import type { Bundle, Category, Client, SourceName, CreditNote, ExceptionRecord, InvoiceLine, IsoDate, PayLine, Placement, RateRow, RulesConfig, TimesheetLine } from '@closegap/domain';
import { IdentityResolver } from '@closegap/identity';
import type { ResolutionDecision } from '@closegap/identity';
import { RateTruthTable } from '@closegap/rules';
import type { Cell, CheckContext, Finding, PlacedInvoiceLine } from '@closegap/rules';
import { ExceptionAssembler } from './assemble';
import type { ExceptionChange } from './assemble';
export type { ExceptionChange } from './assemble';
import { CellState, addToIndex, removeFromIndex } from './cell-state';
import { Journal, JournaledMap, JournaledSet } from './journal';
import { Placed, Placer } from './placer';
import { cellKey, creditKey, invKey, payKey, tsKey } from './record-keys';
import { evaluateCell, evaluateClientCredits, evaluateClientInvoices, evaluateInvoice, evaluatePlacement, recordFindings } from './scopes';
import type { InvoiceGroup } from '@closegap/rules';

export interface EngineOptions {
  rules: RulesConfig;
  /** the last day of work judged; defaults to the rules' as_of, else the latest approved work day seen */
  asOf?: IsoDate;
  dataFrom?: IsoDate;
  /** checks not run because an input they need is missing (see REQUIRED_SOURCES) */
  skip?: ReadonlySet<Category>;
}

/** What the pre-send check reads of the state (during a what-if: with the draft in). */
export interface StateView {
  /** open exceptions naming this invoice number */
  onInvoice(invoiceNumber: string): ExceptionRecord[];
  /** open UNBILLED_TIME exceptions of one placement-week */
  unbilled(placementId: string, weekEnding: string): ExceptionRecord[];
  hasPlacement(placementId: string): boolean;
}

export interface EngineQuarantine {
  source: string;
  record_id: string;
  file: string;
  line: number;
  reason: string;
}

type RecordKey = string;
type RecordSource = 'ts' | 'inv' | 'pay' | 'cn';

/** Record keys start with their source (`ts:`, `inv:`, `pay:`, `cn:`); this reads it without slicing. */
function sourceOf(key: RecordKey): RecordSource {
  switch (key.charCodeAt(0)) {
    case 116: // t
      return 'ts';
    case 105: // i
      return 'inv';
    case 112: // p
      return 'pay';
    default:
      return 'cn';
  }
}
const NOTHING_SKIPPED: ReadonlySet<Category> = new Set();

/**
 * The reconciliation engine. It keeps the inputs keyed by their own ids and the derived
 * state keyed by placement, week and rate type, and re-evaluates only what a new or changed
 * record touches. The batch CLI feeds it everything at once; the services feed it record
 * by record; both call `evaluate()` and read the same exceptions.
 */
export class ReconEngine {
  readonly rates = new RateTruthTable();
  /** every write to the state below can be taken back (whatIf) */
  private readonly journal = new Journal();
  /** false during a what-if: a draft teaches the identity resolver nothing */
  private learning = true;
  private readonly clients = new JournaledMap<string, Client>(this.journal);
  private readonly placements = new JournaledMap<string, Placement>(this.journal);
  private readonly placementsByCandidate = new JournaledMap<string, Placement[]>(this.journal);
  private readonly placementsByClient = new JournaledMap<string, Set<string>>(this.journal);
  private readonly timesheets = new JournaledMap<RecordKey, TimesheetLine>(this.journal);
  private readonly invoiceLines = new JournaledMap<RecordKey, InvoiceLine>(this.journal);
  private readonly credits = new JournaledMap<RecordKey, CreditNote>(this.journal);
  private readonly payLines = new JournaledMap<RecordKey, PayLine>(this.journal);

  private resolver?: IdentityResolver;
  private currentPlacer?: Placer;
  private currentPlacerFor?: IdentityResolver;
  private identityStale = true;
  private readonly identitySignatures = new JournaledSet<string>(this.journal);
  private readonly placed = new JournaledMap<RecordKey, Placed>(this.journal);
  private readonly cells = new JournaledMap<string, CellState>(this.journal);
  private readonly cellViews = new JournaledMap<string, Cell>(this.journal);
  private readonly cellOfRecord = new JournaledMap<RecordKey, string>(this.journal);
  private readonly cellsByPlacement = new JournaledMap<string, Set<string>>(this.journal);
  private readonly feeLinesByPlacement = new JournaledMap<string, Set<RecordKey>>(this.journal);
  private readonly linesByInvoice = new JournaledMap<string, Set<RecordKey>>(this.journal);
  private readonly invoicesByClient = new JournaledMap<string, Set<string>>(this.journal);
  private readonly creditsByClient = new JournaledMap<string, Set<RecordKey>>(this.journal);
  /**
   * invoice number -> its lines as placed for one client (evaluateDuplicates reads every invoice
   * of a client each time). A cache, so not journaled: what a what-if computes for the client's
   * other invoices stays true; the draft's own invoice numbers are forgotten when it ends.
   */
  private readonly invoiceGroups = new Map<string, { clientId: string; group: InvoiceGroup | undefined }>();
  private readonly duplicateInvoices = new JournaledSet<string>(this.journal);
  private readonly currencyMismatch = new JournaledSet<string>(this.journal);
  private readonly assembler: ExceptionAssembler;

  // what to re-evaluate: emptied by replacing, never by clear(). V8 allocates the table of a
  // cleared or growing Set in the generation the Set lives in, so clearing these long-lived
  // sets put ~7 KB a pre-send check straight into the old generation (full collections under load)
  private dirtyRecords = new Set<RecordKey>();
  private dirtyCells = new Set<string>();
  private dirtyPlacements = new Set<string>();
  private dirtyInvoices = new Set<string>();
  private dirtyClientInvoices = new Set<string>();
  private dirtyClientCredits = new Set<string>();
  private latestWorkDay?: IsoDate;
  private earliestWorkDay?: IsoDate;

  constructor(private readonly options: EngineOptions) {
    this.assembler = new ExceptionAssembler(options.rules, options.skip ?? NOTHING_SKIPPED, this.journal);
  }

  get skip(): ReadonlySet<Category> {
    return this.options.skip ?? NOTHING_SKIPPED;
  }

  get rules(): RulesConfig {
    return this.options.rules;
  }

  get asOf(): IsoDate {
    return this.options.asOf ?? this.options.rules.asOf ?? this.latestWorkDay ?? new Date().toISOString().slice(0, 10);
  }

  get dataFrom(): IsoDate | undefined {
    return this.options.dataFrom ?? this.options.rules.dataFrom ?? this.earliestWorkDay;
  }

  /** Feeds a whole bundle (the batch run). */
  load(bundle: Bundle): void {
    bundle.clients.forEach((c) => this.upsertClient(c));
    bundle.placements.forEach((p) => this.upsertPlacement(p));
    bundle.rates?.forEach((r) => this.upsertRate(r));
    bundle.timesheets?.forEach((l) => this.upsertTimesheetLine(l));
    bundle.invoices?.forEach((l) => this.upsertInvoiceLine(l));
    bundle.creditNotes?.forEach((c) => this.upsertCreditNote(c));
    bundle.payLines?.forEach((l) => this.upsertPayLine(l));
  }

  /** Any bundle record by its source (the services feed records as they come off the topics). */
  upsertRecord(source: SourceName, record: unknown): void {
    switch (source) {
      case 'clients':
        return this.upsertClient(record as Client);
      case 'placements':
        return this.upsertPlacement(record as Placement);
      case 'rates':
        return this.upsertRate(record as RateRow);
      case 'timesheets':
        return this.upsertTimesheetLine(record as TimesheetLine);
      case 'invoices':
        return this.upsertInvoiceLine(record as InvoiceLine);
      case 'credit_notes':
        return this.upsertCreditNote(record as CreditNote);
      case 'pay_lines':
        return this.upsertPayLine(record as PayLine);
    }
  }

  upsertClient(client: Client): void {
    this.clients.set(client.clientId, client);
    this.identityStale = true;
    for (const cellKeys of this.placementCellsOfClient(client.clientId)) this.dirtyCells.add(cellKeys);
  }

  upsertPlacement(placement: Placement): void {
    const previous = this.placements.get(placement.placementId);
    if (previous) {
      const list = this.placementsByCandidate.get(previous.candidateId) ?? [];
      this.placementsByCandidate.set(previous.candidateId, list.filter((p) => p.placementId !== placement.placementId));
    }
    if (previous) removeFromIndex(this.placementsByClient, previous.clientId, previous.placementId);
    this.placements.set(placement.placementId, placement);
    addToIndex(this.placementsByClient, placement.clientId, placement.placementId);
    const list = this.placementsByCandidate.get(placement.candidateId) ?? [];
    list.push(placement);
    this.placementsByCandidate.set(placement.candidateId, list);
    this.identityStale = true;
    this.dirtyPlacements.add(placement.placementId);
    for (const key of this.cellsByPlacement.get(placement.placementId) ?? []) this.dirtyCells.add(key);
  }

  /** A rate change re-evaluates the cells it governs back to its (possibly retroactive) effective date. */
  upsertRate(row: RateRow): void {
    const previous = this.rates.remove(row.rateId);
    this.rates.upsert(row);
    this.touchRate(previous ? (previous.effectiveFrom < row.effectiveFrom ? previous : row) : row);
  }

  removeRate(rateId: string): void {
    const previous = this.rates.remove(rateId);
    if (previous) this.touchRate(previous);
  }

  upsertTimesheetLine(line: TimesheetLine): void {
    const key = tsKey(line);
    this.timesheets.set(key, line);
    if (!this.identityStale) this.noteIdentity(timesheetSignature(line));
    if (line.status === 'approved') {
      if (!this.latestWorkDay || line.workDate > this.latestWorkDay) this.latestWorkDay = line.workDate;
    }
    if (!this.earliestWorkDay || line.workDate < this.earliestWorkDay) this.earliestWorkDay = line.workDate;
    this.dirtyRecords.add(key);
  }

  upsertInvoiceLine(line: InvoiceLine): void {
    const key = invKey(line);
    const previous = this.invoiceLines.get(key);
    if (previous && previous.invoiceNumber !== line.invoiceNumber) this.dirtyInvoices.add(previous.invoiceNumber);
    this.invoiceLines.set(key, line);
    addToIndex(this.linesByInvoice, line.invoiceNumber, key);
    if (!this.identityStale) this.noteIdentity(invoiceSignature(line));
    this.dirtyRecords.add(key);
    this.dirtyInvoices.add(line.invoiceNumber);
  }

  upsertCreditNote(credit: CreditNote): void {
    const key = creditKey(credit);
    this.credits.set(key, credit);
    if (!this.identityStale) this.noteIdentity(creditSignature(credit));
    this.dirtyRecords.add(key);
  }

  upsertPayLine(line: PayLine): void {
    const key = payKey(line);
    this.payLines.set(key, line);
    if (!this.identityStale) this.noteIdentity(paySignature(line));
    this.dirtyRecords.add(key);
  }

  /** Forgets a timesheet, invoice, pay or credit record (a tombstone, a deleted draft). */
  removeRecord(source: 'timesheets' | 'invoices' | 'pay_lines' | 'credit_notes', id: string): boolean {
    const key = source === 'timesheets' ? `ts:${id}` : source === 'invoices' ? `inv:${id}` : source === 'pay_lines' ? `pay:${id}` : `cn:${id}`;
    const placed = this.placed.get(key);
    if (placed) this.unindex(key, placed);
    this.placed.delete(key);
    this.dirtyRecords.delete(key);
    const invoice = this.invoiceLines.get(key);
    if (invoice) {
      removeFromIndex(this.linesByInvoice, invoice.invoiceNumber, key);
      this.dirtyInvoices.add(invoice.invoiceNumber);
    }
    return this.timesheets.delete(key) || this.invoiceLines.delete(key) || this.payLines.delete(key) || this.credits.delete(key);
  }

  /**
   * What sending these invoice lines would change, without changing anything (the pre-send
   * check): the lines are added and evaluated on the ordinary path, `inspect` reads the
   * changes and the state with the lines in, then the journal takes every write back. The
   * draft teaches the identity resolver nothing: its lines are placed with what the sent
   * records taught it.
   */
  whatIf<T>(lines: readonly InvoiceLine[], inspect: (changes: ExceptionChange[], after: StateView) => T): T {
    this.evaluate();
    this.journal.begin();
    this.learning = false;
    try {
      for (const line of lines) this.upsertInvoiceLine(line);
      const changes = this.evaluate();
      return inspect(changes, this.view);
    } finally {
      this.journal.rollback();
      this.learning = true;
      this.forgetDirty();
      this.assembler.discardPending();
    }
  }

  private forgetDirty(): void {
    this.dirtyRecords = new Set();
    this.dirtyCells = new Set();
    this.dirtyPlacements = new Set();
    this.dirtyInvoices = new Set();
    this.dirtyClientInvoices = new Set();
    this.dirtyClientCredits = new Set();
  }

  /** How many entries the engine's state holds, nested ones included (tests: a what-if leaves none behind). */
  footprint(): number {
    const collections: Map<unknown, unknown>[] = [this.clients, this.placements, this.placementsByClient, this.timesheets, this.invoiceLines, this.credits, this.payLines, this.placed, this.cells, this.cellViews, this.cellOfRecord, this.cellsByPlacement, this.feeLinesByPlacement, this.linesByInvoice, this.invoicesByClient, this.creditsByClient];
    let n = this.identitySignatures.size + this.duplicateInvoices.size + this.currencyMismatch.size + this.assembler.footprint() + (this.currentPlacer?.settled.size ?? 0);
    for (const c of collections) {
      n += c.size;
      for (const v of c.values()) if (v instanceof Set || v instanceof Map) n += v.size;
    }
    for (const cell of this.cells.values()) n += cell.timesheetLines.size + cell.invoiceLines.size + cell.payLines.size;
    // a cached invoice group of an invoice without lines is a leak too
    for (const number of this.invoiceGroups.keys()) if (!this.linesByInvoice.has(number)) n++;
    return n;
  }

  /** Look-ups on the current exceptions, without listing them all. */
  readonly view: StateView = {
    onInvoice: (invoiceNumber) => this.assembler.onInvoice(invoiceNumber),
    unbilled: (placementId, weekEnding) => this.assembler.unbilled(placementId, weekEnding),
    hasPlacement: (placementId) => this.placements.has(placementId),
  };

  /**
   * Re-evaluates what changed since the last call and returns the exception changes
   * (opened, updated, closed). The full current list is `exceptions()`.
   */
  evaluate(): ExceptionChange[] {
    if (this.identityStale) this.refreshIdentity();
    for (const key of this.dirtyRecords) this.place(key);
    this.dirtyRecords = new Set();

    const ctx = this.context();
    for (const clientId of this.dirtyClientInvoices) this.evaluateDuplicates(clientId);
    this.dirtyClientInvoices = new Set();
    for (const invoiceNumber of this.dirtyInvoices) this.evaluateInvoiceScope(invoiceNumber, ctx);
    this.dirtyInvoices = new Set();
    for (const key of this.dirtyCells) this.evaluateCellScope(key, ctx);
    this.dirtyCells = new Set();
    for (const placementId of this.dirtyPlacements) this.evaluatePlacementScope(placementId, ctx);
    this.dirtyPlacements = new Set();
    for (const clientId of this.dirtyClientCredits) this.evaluateCreditScope(clientId);
    this.dirtyClientCredits = new Set();
    return this.publish();
  }

  exceptions(): ExceptionRecord[] {
    return this.assembler.all();
  }

  identityDecisions(): ResolutionDecision[] {
    const settled = [...(this.currentPlacer?.settled.values() ?? [])].map(({ records: _records, ...d }) => d);
    return [...(this.resolver?.decisions() ?? []), ...settled];
  }

  /** Unresolved records and records with unusable values, with the reason. */
  quarantine(): EngineQuarantine[] {
    const out: EngineQuarantine[] = [];
    for (const [key, placed] of this.placed) {
      if (placed.kind !== 'unresolved' && placed.kind !== 'invalid') continue;
      const record = this.recordOf(key);
      if (!record) continue;
      out.push({ source: record.source, record_id: record.id, file: record.pos.file, line: record.pos.line, reason: placed.reason });
    }
    return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  }

  /** Cells as evaluated, for `matches.csv`. */
  cellViewsList(): Cell[] {
    return [...this.cellViews.values()];
  }

  invoicedRevenue(): { currency: string; amount: import('@closegap/domain').Dec }[] {
    const totals = new Map<string, import('@closegap/domain').Dec>();
    for (const [key, line] of this.invoiceLines) {
      const placed = this.placed.get(key);
      if (!placed || placed.kind === 'ignored' || this.duplicateInvoices.has(line.invoiceNumber)) continue;
      totals.set(line.currency, (totals.get(line.currency) ?? line.amount.minus(line.amount)).plus(line.amount));
    }
    return [...totals].map(([currency, amount]) => ({ currency, amount }));
  }

  context(): CheckContext {
    return { rules: this.options.rules, rates: this.rates, asOf: this.asOf, dataFrom: this.dataFrom, skip: this.skip, currencyMismatchInvoices: this.currencyMismatch };
  }

  // --- identity and placing -------------------------------------------------------------

  private noteIdentity(signature: string | undefined): void {
    if (this.identityStale || signature === undefined || !this.learning) return;
    if (this.identitySignatures.has(signature)) return;
    this.identitySignatures.add(signature);
    this.identityStale = true;
  }

  private remember(signature: string | undefined): void {
    if (signature !== undefined) this.identitySignatures.add(signature);
  }

  private refreshIdentity(): void {
    this.resolver = IdentityResolver.fromRecords(
      {
        clients: [...this.clients.values()],
        placements: [...this.placements.values()],
        timesheets: [...this.timesheets.values()],
        invoices: [...this.invoiceLines.values()],
        creditNotes: [...this.credits.values()],
        payLines: [...this.payLines.values()],
      },
      this.options.rules,
      () => new JournaledMap(this.journal),
    );
    this.identityStale = false;
    // what the resolver has seen: a record bringing a new name or new evidence makes it stale
    this.identitySignatures.clear();
    for (const l of this.timesheets.values()) this.remember(timesheetSignature(l));
    for (const l of this.invoiceLines.values()) this.remember(invoiceSignature(l));
    for (const c of this.credits.values()) this.remember(creditSignature(c));
    for (const l of this.payLines.values()) this.remember(paySignature(l));
    for (const key of this.timesheets.keys()) this.dirtyRecords.add(key);
    for (const key of this.invoiceLines.keys()) this.dirtyRecords.add(key);
    for (const key of this.credits.keys()) this.dirtyRecords.add(key);
    for (const key of this.payLines.keys()) this.dirtyRecords.add(key);
  }

  private placer(): Placer {
    if (!this.resolver) throw new Error('identity resolver not built');
    if (!this.currentPlacer || this.currentPlacerFor !== this.resolver) {
      this.currentPlacer = new Placer({ clients: this.clients, placements: this.placements, placementsByCandidate: this.placementsByCandidate }, this.resolver, this.journal);
      this.currentPlacerFor = this.resolver;
    }
    return this.currentPlacer;
  }

  private place(key: RecordKey): void {
    const placer = this.placer();
    const source = sourceOf(key);
    let next: Placed;
    let record: TimesheetLine | InvoiceLine | PayLine | CreditNote;
    if (source === 'ts') next = placer.timesheetLine((record = this.timesheets.get(key) as TimesheetLine));
    else if (source === 'inv') next = placer.invoiceLine((record = this.invoiceLines.get(key) as InvoiceLine));
    else if (source === 'pay') next = placer.payLine((record = this.payLines.get(key) as PayLine));
    else next = placer.creditNote((record = this.credits.get(key) as CreditNote), (n) => this.clientOfInvoice(n));
    const previous = this.placed.get(key);
    if (previous) this.unindex(key, previous);
    this.placed.set(key, next);
    this.index(key, source, record, next);
  }

  private index(key: RecordKey, source: RecordSource, record: TimesheetLine | InvoiceLine | PayLine | CreditNote, placed: Placed): void {
    if (placed.kind === 'placed' && source !== 'cn') {
      const line = record as TimesheetLine | InvoiceLine | PayLine;
      if (line.rateType === PERM_FEE) {
        addToIndex(this.feeLinesByPlacement, placed.placement.placementId, key);
      } else {
        const rateType = line.rateType;
        const ck = cellKey(placed.placement.placementId, placed.week, rateType);
        let cell = this.cells.get(ck);
        if (!cell) {
          cell = { key: ck, placement: placed.placement, client: placed.client, week: placed.week, rateType, timesheetLines: new JournaledMap(this.journal), invoiceLines: new JournaledMap(this.journal), payLines: new JournaledMap(this.journal) };
          this.cells.set(ck, cell);
          addToIndex(this.cellsByPlacement, placed.placement.placementId, ck);
        }
        if (source === 'ts') cell.timesheetLines.set(key, record as TimesheetLine);
        else if (source === 'inv') cell.invoiceLines.set(key, record as InvoiceLine);
        else cell.payLines.set(key, record as PayLine);
        this.cellOfRecord.set(key, ck);
      }
    }
    const clientId = 'client' in placed && placed.client ? placed.client.clientId : undefined;
    if (source === 'inv') this.forgetGroup((record as InvoiceLine).invoiceNumber);
    if (source === 'inv' && clientId && (placed.kind === 'placed' || placed.kind === 'no_placement')) {
      addToIndex(this.invoicesByClient, clientId, (record as InvoiceLine).invoiceNumber);
    }
    if (source === 'cn' && placed.kind === 'client') addToIndex(this.creditsByClient, placed.client.clientId, key);
    this.recordScope(key, placed);
    this.markScopes(key, placed);
  }

  private unindex(key: RecordKey, placed: Placed): void {
    this.markScopes(key, placed);
    const source = sourceOf(key);
    if (source === 'inv') this.forgetGroup((this.invoiceLines.get(key) as InvoiceLine).invoiceNumber);
    if (placed.kind === 'placed') removeFromIndex(this.feeLinesByPlacement, placed.placement.placementId, key);
    const ck = this.cellOfRecord.get(key);
    if (ck) {
      this.dirtyCells.add(ck);
      this.cellOfRecord.delete(key);
      const cell = this.cells.get(ck);
      if (cell) {
        cell.timesheetLines.delete(key);
        cell.invoiceLines.delete(key);
        cell.payLines.delete(key);
      }
    }
    if (source === 'inv' && 'client' in placed && placed.client) {
      const invoiceNumber = (this.invoiceLines.get(key) as InvoiceLine).invoiceNumber;
      const stillThere = [...(this.linesByInvoice.get(invoiceNumber) ?? [])].some((k) => k !== key && this.clientOf(this.placed.get(k)) === placed.client?.clientId);
      if (!stillThere) removeFromIndex(this.invoicesByClient, placed.client.clientId, invoiceNumber);
    }
    if (source === 'cn' && placed.kind === 'client') removeFromIndex(this.creditsByClient, placed.client.clientId, key);
    this.setFindings(`rec:${key}`, []);
  }

  private markScopes(key: RecordKey, placed: Placed): void {
    const source = sourceOf(key);
    if (placed.kind === 'placed') {
      const ck = this.cellOfRecord.get(key);
      if (ck) this.dirtyCells.add(ck);
      // placement-level checks (margin, missing timesheets, perm fees) read timesheet and fee lines only
      if (source === 'ts' || !ck) this.dirtyPlacements.add(placed.placement.placementId);
    }
    const clientId = this.clientOf(placed);
    if (source === 'inv') {
      this.dirtyInvoices.add((this.invoiceLines.get(key) as InvoiceLine).invoiceNumber);
      if (clientId) this.dirtyClientInvoices.add(clientId);
    }
    if (source === 'cn' && clientId) this.dirtyClientCredits.add(clientId);
  }

  private recordScope(key: RecordKey, placed: Placed): void {
    // only unresolved records and invoice lines without a placement find anything here;
    // unindex() already cleared what the record found before
    if (placed.kind !== 'unresolved' && placed.kind !== 'no_placement') return;
    const record = this.recordOf(key);
    if (!record) return;
    this.setFindings(`rec:${key}`, recordFindings(record, placed));
  }

  // --- scopes -----------------------------------------------------------------------------

  private invoiceGroup(invoiceNumber: string, clientId: string): InvoiceGroup | undefined {
    const cached = this.invoiceGroups.get(invoiceNumber);
    if (cached && cached.clientId === clientId) return cached.group;
    const group = this.buildInvoiceGroup(invoiceNumber, clientId);
    this.invoiceGroups.set(invoiceNumber, { clientId, group });
    return group;
  }

  private forgetGroup(invoiceNumber: string): void {
    this.invoiceGroups.delete(invoiceNumber);
    if (this.journal.recording) this.journal.onRollback(() => this.invoiceGroups.delete(invoiceNumber));
  }

  private buildInvoiceGroup(invoiceNumber: string, clientId: string): InvoiceGroup | undefined {
    const lines: PlacedInvoiceLine[] = [];
    for (const key of this.linesByInvoice.get(invoiceNumber) ?? []) {
      const placed = this.placed.get(key);
      const line = this.invoiceLines.get(key);
      if (!placed || !line || this.clientOf(placed) !== clientId) continue;
      if (placed.kind === 'placed') lines.push({ line, client: placed.client, placement: placed.placement, week: placed.week || undefined });
      else if (placed.kind === 'no_placement') lines.push({ line, client: placed.client });
    }
    if (lines.length === 0) return undefined;
    lines.sort((a, b) => a.line.lineNo - b.line.lineNo);
    return { invoiceNumber, invoiceDate: lines[0].line.invoiceDate, lines };
  }

  private evaluateDuplicates(clientId: string): void {
    const client = this.clients.get(clientId);
    const groups = [...(this.invoicesByClient.get(clientId) ?? [])]
      .map((n) => this.invoiceGroup(n, clientId))
      .filter((g): g is InvoiceGroup => !!g);
    const { duplicates, findings } = client ? evaluateClientInvoices(client, groups) : { duplicates: new Set<string>(), findings: [] };
    for (const g of groups) {
      const was = this.duplicateInvoices.has(g.invoiceNumber);
      const is = duplicates.has(g.invoiceNumber);
      if (was === is) continue;
      if (is) this.duplicateInvoices.add(g.invoiceNumber);
      else this.duplicateInvoices.delete(g.invoiceNumber);
      this.touchInvoiceCells(g.invoiceNumber);
    }
    this.setFindings(`dup:${clientId}`, findings);
  }

  private evaluateInvoiceScope(invoiceNumber: string, ctx: CheckContext): void {
    const keys = this.linesByInvoice.get(invoiceNumber);
    const first = keys ? this.placed.get([...keys][0]) : undefined;
    const clientId = this.clientOf(first) ?? [...(keys ?? [])].map((k) => this.clientOf(this.placed.get(k))).find(Boolean);
    const client = clientId ? this.clients.get(clientId) : undefined;
    const group = client ? this.invoiceGroup(invoiceNumber, client.clientId) : undefined;
    const { findings, currencyMismatch } = client && group ? evaluateInvoice(client, group, ctx) : { findings: [], currencyMismatch: false };
    if (currencyMismatch !== this.currencyMismatch.has(invoiceNumber)) {
      if (currencyMismatch) this.currencyMismatch.add(invoiceNumber);
      else this.currencyMismatch.delete(invoiceNumber);
      this.touchInvoiceCells(invoiceNumber);
    }
    this.setFindings(`invoice:${invoiceNumber}`, findings);
  }

  private evaluateCellScope(key: string, ctx: CheckContext): void {
    const state = this.cells.get(key);
    if (!state || state.timesheetLines.size + state.invoiceLines.size + state.payLines.size === 0) {
      this.cells.delete(key);
      this.cellViews.delete(key);
      if (state) removeFromIndex(this.cellsByPlacement, state.placement.placementId, key);
      this.setFindings(`cell:${key}`, []);
      return;
    }
    const placement = this.placements.get(state.placement.placementId) ?? state.placement;
    const client = this.clients.get(placement.clientId) ?? state.client;
    const cell: Cell = {
      key,
      placement,
      client,
      week: state.week,
      rateType: state.rateType,
      timesheetLines: [],
      invoiceLines: [],
      payLines: [],
      facts: undefined,
    };
    const week = state.week;
    for (const line of state.timesheetLines.values()) cell.timesheetLines.push({ line, placement, client, week });
    for (const line of state.invoiceLines.values()) {
      if (line.status !== 'void' && !this.duplicateInvoices.has(line.invoiceNumber)) cell.invoiceLines.push({ line, client, placement, week });
    }
    for (const line of state.payLines.values()) cell.payLines.push({ line, placement, client, week });
    this.cellViews.set(key, cell);
    this.setFindings(`cell:${key}`, evaluateCell(cell, ctx));
  }

  private evaluatePlacementScope(placementId: string, ctx: CheckContext): void {
    const placement = this.placements.get(placementId);
    const client = placement ? this.clients.get(placement.clientId) : undefined;
    if (!placement || !client) {
      this.setFindings(`placement:${placementId}`, []);
      return;
    }
    const cells = [...(this.cellsByPlacement.get(placementId) ?? [])].map((k) => this.cellViews.get(k)).filter((c): c is Cell => !!c);
    const feeLines: PlacedInvoiceLine[] = [...(this.feeLinesByPlacement.get(placementId) ?? [])]
      .map((k) => this.invoiceLines.get(k) as InvoiceLine)
      .filter((l) => l.status !== 'void')
      .map((line) => ({ line, client, placement }));
    const countedFeeLines = feeLines.filter((l) => !this.duplicateInvoices.has(l.line.invoiceNumber));
    this.setFindings(`placement:${placementId}`, evaluatePlacement(placement, client, cells, feeLines, countedFeeLines, ctx));
  }

  private evaluateCreditScope(clientId: string): void {
    const client = this.clients.get(clientId);
    const credits = [...(this.creditsByClient.get(clientId) ?? [])].map((k) => this.credits.get(k) as CreditNote);
    this.setFindings(`credits:${clientId}`, client ? evaluateClientCredits(client, credits) : []);
  }

  // --- helpers ----------------------------------------------------------------------------

  private setFindings(scope: string, findings: Finding[]): void {
    this.assembler.setScope(scope, findings);
  }

  private publish(): ExceptionChange[] {
    return this.assembler.flush();
  }

  private touchRate(row: RateRow): void {
    const from = weekEnding(row.effectiveFrom);
    const candidates = row.placementId
      ? [this.placements.get(row.placementId)].filter((p): p is Placement => !!p)
      : [...(this.placementsByClient.get(row.clientId ?? '') ?? [])].map((id) => this.placements.get(id)).filter((p): p is Placement => !!p);
    const affected = candidates.filter((p) => this.rates.governs(row, p));
    for (const placement of affected) {
      this.dirtyPlacements.add(placement.placementId);
      for (const key of this.cellsByPlacement.get(placement.placementId) ?? []) {
        const cell = this.cells.get(key);
        if (cell && cell.week >= from) this.dirtyCells.add(key);
      }
    }
  }

  private touchInvoiceCells(invoiceNumber: string): void {
    for (const key of this.linesByInvoice.get(invoiceNumber) ?? []) {
      const placed = this.placed.get(key);
      if (placed) this.markScopes(key, placed);
    }
  }

  private placementCellsOfClient(clientId: string): string[] {
    const keys: string[] = [];
    for (const id of this.placementsByClient.get(clientId) ?? []) keys.push(...(this.cellsByPlacement.get(id) ?? []));
    return keys;
  }

  private clientOf(placed: Placed | undefined): string | undefined {
    return placed && 'client' in placed && placed.client ? placed.client.clientId : undefined;
  }

  private clientOfInvoice(invoiceNumber: string): Client | undefined {
    for (const key of this.linesByInvoice.get(invoiceNumber) ?? []) {
      const clientId = this.clientOf(this.placed.get(key));
      if (clientId) return this.clients.get(clientId);
    }
    return undefined;
  }

  private recordOf(key: RecordKey): RecordRef | undefined {
    const ts = this.timesheets.get(key);
    if (ts) return { source: 'timesheets', id: ts.lineId, pos: ts.pos, record: ts };
    const inv = this.invoiceLines.get(key);
    if (inv) return { source: 'invoices', id: `${inv.invoiceNumber}:${inv.lineNo}`, pos: inv.pos, record: inv };
    const pay = this.payLines.get(key);
    if (pay) return { source: 'pay_lines', id: pay.lineId, pos: pay.pos, record: pay };
    const cn = this.credits.get(key);
    if (cn) return { source: 'credit_notes', id: cn.creditNumber, pos: cn.pos, record: cn };
    return undefined;
  }
}

export type RecordRef =
  | { source: 'timesheets'; id: string; pos: TimesheetLine['pos']; record: TimesheetLine }
  | { source: 'invoices'; id: string; pos: InvoiceLine['pos']; record: InvoiceLine }
  | { source: 'pay_lines'; id: string; pos: PayLine['pos']; record: PayLine }
  | { source: 'credit_notes'; id: string; pos: CreditNote['pos']; record: CreditNote };

/**
 * What a record teaches the identity resolver: only lines carrying a placement_ref add
 * evidence (names without one are resolved on demand and memoised), so only those, and
 * credit notes naming an invoice, can make the resolver stale.
 */
const timesheetSignature = (l: TimesheetLine): string | undefined => (l.placementRef ? `ts|${l.clientRef}|${l.workerId}|${l.workerName}|${l.placementRef}` : undefined);
const invoiceSignature = (l: InvoiceLine): string | undefined => (l.placementRef ? `inv|${l.customerName}|${l.workerName ?? ''}|${l.placementRef}` : undefined);
const creditSignature = (c: CreditNote): string | undefined => (c.invoiceNumber ? `cn|${c.customerName}|${c.invoiceNumber}` : undefined);
const paySignature = (l: PayLine): string | undefined => (l.placementRef ? `pay|${l.workerId}|${l.workerName}|${l.placementRef}` : undefined);
