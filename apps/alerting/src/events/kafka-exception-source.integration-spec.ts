import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { AuditLog } from '@closegap/audit';
import type { ExceptionEvent, ExceptionRecord } from '@closegap/domain';
import { WorkflowQueries, WorkflowService } from '@closegap/workflow';
import { freshWorkflowDatabase } from '../../../../libs/workflow/src/test/db';
import { KafkaExceptionSource } from './kafka-exception-source';

const BROKERS = ['127.0.0.1:9092'];

const record: ExceptionRecord = {
  exception_id: 'EX-KAFKA0000000001',
  category: 'BILL_RATE_VARIANCE',
  severity: 'high',
  client_id: 'C1',
  client_name: 'Allied',
  invoice_number: 'INV-1',
  line_no: '1',
  value_at_risk: '3000.00',
  currency: 'USD',
  retroactive: false,
  recurring: false,
  owner_team: 'account_management',
  suggested_action: 'Rebill at the contract rate',
  source: 'invoices',
};

const event = (type: ExceptionEvent['type'], sequence: number, patch: Partial<ExceptionRecord> = {}): ExceptionEvent => ({
  schema: 'closegap.exception-event',
  version: 1,
  event_id: `${record.exception_id}:${sequence}`,
  type,
  sequence,
  occurred_at: new Date(Date.UTC(2026, 2, 20, 0, sequence)).toISOString(),
  exception: { ...record, ...patch },
});

async function until<T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('exception events from Kafka (closegap.exceptions.v1)', () => {
  let ds: DataSource;
  let source: KafkaExceptionSource;
  const topic = `t${randomUUID().slice(0, 8)}.closegap.exceptions.v1`;
  const kafka = new Kafka({ clientId: 'alerting-test', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const invalid: string[] = [];

  beforeAll(async () => {
    ds = await freshWorkflowDatabase();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  });

  afterAll(async () => {
    await source?.stop();
    await producer.disconnect();
    await ds?.destroy();
  });

  it('opens, updates, closes with evidence and reopens, ignoring stale and invalid messages', async () => {
    const workflow = new WorkflowService(ds, new AuditLog(ds));
    const queries = new WorkflowQueries(ds, new AuditLog(ds));
    const fin = { username: 'f', role: 'finance_lead' as const };
    const send = (value: string, key = record.exception_id) => producer.send({ topic, messages: [{ key, value }] });

    await send(JSON.stringify(event('opened', 1)));
    await send('{"not":"an event"}', 'junk');
    await send(JSON.stringify(event('updated', 2, { value_at_risk: '3500.00' })));
    source = new KafkaExceptionSource({ brokers: BROKERS, clientId: 'alerting-test', groupId: `g-${randomUUID()}`, topic });
    await source.start(
      (e) => workflow.ingestEvent(e).then(() => undefined),
      (reason) => invalid.push(reason),
    );
    await until(async () => ((await queries.exceptionDetail(fin, record.exception_id))?.value_at_risk === '3500.00' ? true : undefined));
    expect(invalid).toHaveLength(1);

    await send(JSON.stringify(event('updated', 1, { value_at_risk: '1.00' }))); // stale: ignored
    await send(JSON.stringify(event('closed', 3)));
    const closed = await until(async () => {
      const d = await queries.exceptionDetail(fin, record.exception_id);
      return d?.status === 'resolved' ? d : undefined;
    });
    expect(closed.value_at_risk).toBe('3500.00');
    expect(closed.status_note).toContain('closed event #3');

    await send(JSON.stringify(event('opened', 4)));
    const reopened = await until(async () => {
      const d = await queries.exceptionDetail(fin, record.exception_id);
      return d?.status === 'open' ? d : undefined;
    });
    expect(reopened.history.map((h) => h.action)).toEqual(['exception.opened', 'exception.updated', 'exception.auto_closed', 'exception.reopened']);
    await source.ping();
  });
});
