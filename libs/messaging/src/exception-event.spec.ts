import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { defaultRules } from '@closegap/contract';
import { ReconEngine } from '@closegap/engine';
import { aClient, aPlacement, aRate, aTimesheetLine, anInvoiceLine } from '@closegap/testing';
import { exceptionEvent, exceptionEventJsonSchema, exceptionEventSchema } from './exception-event';

const published = JSON.parse(readFileSync(join(__dirname, '../../../docs/schemas/exception-event.v1.json'), 'utf8'));

function realChanges() {
  const engine = new ReconEngine({ rules: { ...defaultRules(), asOf: '2026-03-15', dataFrom: '2026-03-09' } });
  engine.load({
    clients: [aClient().build()],
    placements: [aPlacement().build()],
    rates: [aRate().build()],
    timesheets: [aTimesheetLine().id('L1').on('2026-03-09').units(8).build(), aTimesheetLine().id('L2').on('2026-03-10').units(8).build()],
    invoices: [anInvoiceLine().week('2026-03-15').priced(4, '99.99').build()],
  });
  return engine.evaluate();
}

describe('exception event schema', () => {
  it('the published JSON Schema is the one the code generates', () => {
    expect(published).toEqual(exceptionEventJsonSchema());
  });

  it('real engine events validate against the published JSON Schema', () => {
    const changes = realChanges();
    expect(changes.length).toBeGreaterThan(0);
    const validate = new Ajv({ allErrors: true }).compile(published);
    changes.forEach((change, i) => {
      const event = JSON.parse(JSON.stringify(exceptionEvent(change.type, i + 1, change.exception, new Date().toISOString(), change.previous)));
      const ok = validate(event);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      expect(exceptionEventSchema.parse(event)).toEqual(event);
    });
  });

  it('rejects an event with an unknown field or a bad value at risk', () => {
    const validate = new Ajv().compile(published);
    const [change] = realChanges();
    const event = JSON.parse(JSON.stringify(exceptionEvent('opened', 1, change.exception, new Date().toISOString())));
    expect(validate({ ...event, extra: 1 })).toBe(false);
    expect(validate({ ...event, exception: { ...event.exception, value_at_risk: '-3' } })).toBe(false);
  });

  it('event ids are exception_id:sequence and updates carry the previous values', () => {
    const [change] = realChanges();
    const event = exceptionEvent('updated', 3, change.exception, '2026-03-16T00:00:00.000Z', { ...change.exception, value_at_risk: '1.00' });
    expect(event.event_id).toBe(`${change.exception.exception_id}:3`);
    expect(event.previous?.value_at_risk).toBe('1.00');
  });
});
