import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_FILES, BundleError, parseRows, parseRules, rawRecordId, readTable } from '@closegap/contract';
import type { FileSpec, QuarantineEntry, RawRow } from '@closegap/contract';
import type { Client, CreditNote, InvoiceLine, PayLine, Placement, RulesConfig, SourceName, SourcePosition, TimesheetLine } from '@closegap/domain';
import { SOURCE_NAMES } from '@closegap/domain';
import { SOURCE_TOPIC, Topic, UNRESOLVED_KEY, encode } from '@closegap/messaging';
import type { EventBus, OutgoingMessage, QuarantineEvent, RecordEnvelope, RulesEnvelope, RunEvent, TopicName } from '@closegap/messaging';
import { context, inSpan, injectTraceHeaders } from '@closegap/telemetry';
import { ClientKeyer } from './client-keyer';
import type { CrmView, Evidence } from './crm-view';

/** One uploaded bundle file: `timesheets.csv`, `invoices.jsonl`, `recon.yaml` ... */
export interface IngestFile {
  name: string;
  bytes: Buffer;
}

export interface FileReport {
  file: string;
  rows: number;
  published: number;
  quarantined: number;
}

export interface IngestReport {
  uploadId: string;
  files: Partial<Record<SourceName | 'rules', FileReport>>;
  /** messages published per logical topic */
  published: Partial<Record<TopicName, number>>;
  traceId?: string;
}

/** Messages an upload published, all topics together. */
export function publishedTotal(report: Pick<IngestReport, 'published'>): number {
  return Object.values(report.published).reduce((n: number, k) => n + (k ?? 0), 0);
}

/** The upload cannot be used at all (as `recon run` stops with exit code 2): nothing is published. */
export class UploadRejected extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'UploadRejected';
  }
}

export const RULES_FILE = 'recon.yaml';

/** Source publish orders for `recon replay --order` (rules always go first). */
export const SOURCE_ORDERS: Record<string, readonly SourceName[]> = {
  'crm-first': ['clients', 'placements', 'rates', 'timesheets', 'invoices', 'credit_notes', 'pay_lines'],
  'finance-first': ['invoices', 'credit_notes', 'pay_lines', 'timesheets', 'clients', 'placements', 'rates'],
  'rates-last': ['clients', 'placements', 'timesheets', 'invoices', 'credit_notes', 'pay_lines', 'rates'],
  'finance-first-rates-last': ['invoices', 'credit_notes', 'pay_lines', 'timesheets', 'clients', 'placements', 'rates'],
  reverse: ['pay_lines', 'credit_notes', 'invoices', 'timesheets', 'rates', 'placements', 'clients'],
};

export function parseOrder(order: string): readonly SourceName[] {
  const known = SOURCE_ORDERS[order];
  if (known) return known;
  const list = order.split(',').map((s) => s.trim()) as SourceName[];
  const bad = list.filter((s) => !SOURCE_NAMES.includes(s));
  if (bad.length) throw new Error(`unknown source(s) in order: ${bad.join(', ')} (named orders: ${Object.keys(SOURCE_ORDERS).join(', ')})`);
  return [...list, ...SOURCE_NAMES.filter((s) => !list.includes(s))];
}

export interface PipelineOptions {
  service: string;
  /** bundle files this service accepts */
  sources: readonly SourceName[];
  /** whether recon.yaml is accepted (the CRM ingestion service and replay) */
  acceptsRules: boolean;
  topic: (name: TopicName) => string;
  /** keep published records as identity evidence for later uploads (services: yes) */
  rememberEvidence: boolean;
  /** an uploaded rates file replaces the rate truth table: rows no longer present are deleted */
  ratesReplaceTable: boolean;
}

export interface IngestOptions {
  uploadId?: string;
  order?: readonly SourceName[];
  /** publish every message twice (idempotence tests) */
  duplicate?: boolean;
}

interface ParsedFile {
  spec: FileSpec;
  name: string;
  rows: RawRow[];
  records: { record: unknown; pos: SourcePosition }[];
  quarantine: QuarantineEntry[];
}

const specByName = new Map<string, FileSpec>();
for (const spec of BUNDLE_FILES) {
  specByName.set(`${spec.base}.csv`, spec);
  specByName.set(`${spec.base}.jsonl`, spec);
}

/**
 * Ingestion: validates bundle files exactly as `recon run` does (libs/contract's table reader
 * and record builders), resolves each record's client with the engine's Placer, and publishes
 * canonical records to the source topics, bad rows to quarantine, and run events. Shared by
 * the three ingestion services and `recon replay`.
 */
export class IngestionPipeline {
  private readonly evidence: Evidence;

  constructor(
    private readonly bus: EventBus,
    private readonly view: CrmView,
    private readonly options: PipelineOptions,
    evidence?: Evidence,
  ) {
    this.evidence = evidence ?? { timesheets: new Map(), invoices: new Map(), creditNotes: new Map(), payLines: new Map() };
  }

  async ingest(files: readonly IngestFile[], opts: IngestOptions = {}): Promise<IngestReport> {
    const uploadId = opts.uploadId ?? `up-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
    return inSpan(`ingest ${this.options.service}`, context.active(), async (span) => {
      span.setAttribute('closegap.upload_id', uploadId);
      const headers = injectTraceHeaders({ 'content-type': 'application/json' });
      const report: IngestReport = { uploadId, files: {}, published: {}, traceId: span.spanContext().traceId };
      const { rulesText, parsed, rules } = this.validate(files);
      const now = new Date().toISOString();

      await this.send(Topic.Runs, [{ key: uploadId, value: encode(this.runEvent('upload.started', uploadId, {}, now)), headers }], report, opts);

      if (rulesText !== undefined) {
        const env: RulesEnvelope = {
          schema: 'closegap.rules',
          version: 1,
          hash: rules.hash,
          text: rulesText,
          file: RULES_FILE,
          upload_id: uploadId,
          produced_at: now,
        };
        await this.send(Topic.Rules, [{ key: 'rules', value: encode(env), headers }], report, opts);
        report.files.rules = { file: RULES_FILE, rows: 1, published: 1, quarantined: 0 };
      }

      const keyer = this.keyer(parsed, rules);
      const keys = new Map<ParsedFile, string[]>();
      // invoices before credit notes: a credit finds its client through its invoice
      for (const source of ['clients', 'placements', 'rates', 'timesheets', 'invoices', 'pay_lines', 'credit_notes'] as SourceName[]) {
        const file = parsed.get(source);
        if (file) keys.set(file, file.records.map((r) => keyer.keyOf(source, r.record)));
      }

      const order = opts.order ?? SOURCE_ORDERS['crm-first'];
      for (const source of order) {
        const file = parsed.get(source);
        if (!file) continue;
        const fileKeys = keys.get(file) as string[];
        const byLine = new Map(file.rows.map((r) => [r.line, r]));
        const isCrm = source === 'clients' || source === 'placements' || source === 'rates';
        const messages: OutgoingMessage[] = file.records.map((r, i) => {
          const raw = byLine.get(r.pos.line) as RawRow;
          const recordId = rawRecordId(source, raw.values, r.pos.line);
          const env: RecordEnvelope = {
            schema: 'closegap.record',
            version: 1,
            source,
            record_id: recordId,
            row: raw.values,
            pos: r.pos,
            client_key: fileKeys[i],
            upload_id: uploadId,
            produced_at: now,
          };
          return { key: isCrm ? recordId : fileKeys[i], value: encode(env), headers };
        });
        if (source === 'rates' && this.options.ratesReplaceTable) {
          const kept = new Set(file.records.map((r) => `rates:${r.pos.line}`));
          for (const id of this.view.rateIds) if (!kept.has(id)) messages.push({ key: id, value: null, headers });
        }
        await this.send(SOURCE_TOPIC[source], messages, report, opts);
        const quarantine = file.quarantine.map((q) => ({ key: `${q.source}:${q.record_id}`, value: encode(this.quarantineEvent(q, uploadId, now)), headers }));
        await this.send(Topic.Quarantine, quarantine, report, opts);
        report.files[source] = { file: file.name, rows: file.rows.length, published: file.records.length, quarantined: file.quarantine.length };
        if (this.options.rememberEvidence) this.remember(source, file);
      }

      await this.send(Topic.Runs, [{ key: uploadId, value: encode(this.runEvent('upload.completed', uploadId, report.files, new Date().toISOString())), headers }], report, opts);
      return report;
    });
  }

  /** Reads and checks every file first: a structural problem rejects the whole upload, nothing is published. */
  private validate(files: readonly IngestFile[]): { rulesText?: string; parsed: Map<SourceName, ParsedFile>; rules: RulesConfig } {
    const problems: string[] = [];
    let rulesText: string | undefined;
    let rules = this.view.rules;
    const rulesFile = files.find((f) => f.name === RULES_FILE);
    if (rulesFile) {
      if (!this.options.acceptsRules) problems.push(`${RULES_FILE}: the rules file is uploaded to the CRM ingestion service`);
      else {
        rulesText = rulesFile.bytes.toString('utf8');
        try {
          rules = parseRules(rulesText, RULES_FILE);
        } catch (err) {
          problems.push(err instanceof BundleError ? err.message : String(err));
        }
      }
    }
    const parsed = new Map<SourceName, ParsedFile>();
    const dir = mkdtempSync(join(tmpdir(), 'closegap-ingest-'));
    try {
      for (const f of files) {
        if (f.name === RULES_FILE) continue;
        const spec = specByName.get(f.name);
        if (!spec) {
          problems.push(`${f.name}: not a bundle file (expected one of ${[...specByName.keys(), RULES_FILE].join(', ')})`);
          continue;
        }
        if (!this.options.sources.includes(spec.source)) {
          problems.push(`${f.name}: ${spec.source} are not ingested by ${this.options.service} (it takes ${this.options.sources.join(', ')})`);
          continue;
        }
        if (parsed.has(spec.source)) {
          problems.push(`${f.name}: ${spec.source} uploaded twice`);
          continue;
        }
        const path = join(dir, f.name);
        writeFileSync(path, f.bytes);
        try {
          const table = readTable(path, f.name, spec);
          const quarantine: QuarantineEntry[] = [];
          const records = parseRows(spec, f.name, table.rows, rules, quarantine).map((record) => ({ record, pos: (record as { pos: SourcePosition }).pos }));
          parsed.set(spec.source, { spec, name: f.name, rows: table.rows, records, quarantine });
        } catch (err) {
          if (err instanceof BundleError) problems.push(err.message);
          else throw err;
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (problems.length) throw new UploadRejected(problems);
    return { rulesText, parsed, rules };
  }

  private keyer(parsed: Map<SourceName, ParsedFile>, rules: RulesConfig): ClientKeyer {
    const clients = new Map(this.view.clients);
    const placements = new Map(this.view.placements);
    for (const r of parsed.get('clients')?.records ?? []) clients.set((r.record as Client).clientId, r.record as Client);
    for (const r of parsed.get('placements')?.records ?? []) placements.set((r.record as Placement).placementId, r.record as Placement);
    const merged = <T>(remembered: Map<string, T>, source: SourceName): T[] => [...remembered.values(), ...(parsed.get(source)?.records.map((r) => r.record as T) ?? [])];
    return new ClientKeyer(
      clients,
      placements,
      {
        timesheets: merged<TimesheetLine>(this.evidence.timesheets, 'timesheets'),
        invoices: merged<InvoiceLine>(this.evidence.invoices, 'invoices'),
        creditNotes: merged<CreditNote>(this.evidence.creditNotes, 'credit_notes'),
        payLines: merged<PayLine>(this.evidence.payLines, 'pay_lines'),
      },
      rules,
    );
  }

  private remember(source: SourceName, file: ParsedFile): void {
    for (const { record } of file.records) {
      if (source === 'timesheets') this.evidence.timesheets.set((record as TimesheetLine).lineId, record as TimesheetLine);
      if (source === 'invoices') this.evidence.invoices.set(`${(record as InvoiceLine).invoiceNumber}:${(record as InvoiceLine).lineNo}`, record as InvoiceLine);
      if (source === 'credit_notes') this.evidence.creditNotes.set((record as CreditNote).creditNumber, record as CreditNote);
      if (source === 'pay_lines') this.evidence.payLines.set((record as PayLine).lineId, record as PayLine);
    }
  }

  private async send(topic: TopicName, messages: OutgoingMessage[], report: IngestReport, opts: IngestOptions): Promise<void> {
    if (messages.length === 0) return;
    const physical = this.options.topic(topic);
    await this.bus.publish(physical, messages);
    if (opts.duplicate) await this.bus.publish(physical, messages);
    report.published[topic] = (report.published[topic] ?? 0) + messages.length * (opts.duplicate ? 2 : 1);
  }

  private quarantineEvent(q: QuarantineEntry, uploadId: string, now: string): QuarantineEvent {
    return {
      schema: 'closegap.quarantine',
      version: 1,
      service: this.options.service,
      source: q.source,
      record_id: q.record_id,
      file: q.file,
      line: q.line,
      ...(q.column ? { column: q.column } : {}),
      reason: q.reason,
      raw: q.raw,
      upload_id: uploadId,
      occurred_at: now,
    };
  }

  private runEvent(type: RunEvent['type'], uploadId: string, files: IngestReport['files'], now: string): RunEvent {
    return { schema: 'closegap.run', version: 1, type, upload_id: uploadId, service: this.options.service, files: files as RunEvent['files'], occurred_at: now };
  }
}

export const contentHash = (value: unknown): string => createHash('sha1').update(JSON.stringify(value)).digest('hex');
export { UNRESOLVED_KEY };
