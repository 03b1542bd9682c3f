import { loadConfig, maskedConfig, exceptionsTopic } from './config';
import { readCookie, sessionCookie } from './auth/cookies';
import { parseExceptionEvent } from './events/kafka-exception-source';
import { msUntil } from './digest/digest.service';
import { safeNext } from './api/validation';
import { jsonBlock, html } from './pages/html';

describe('config (validated once, at boot)', () => {
  it('applies defaults and composes the shared fragments', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3300, DB_MIGRATE_ON_BOOT: true, KAFKA_ENABLED: false, KAFKA_BROKERS: ['127.0.0.1:9092'], DIGEST_AT: '07:00', SESSION_TTL_MINUTES: 480 });
    expect(exceptionsTopic(loadConfig({ KAFKA_TOPIC_PREFIX: 'e2e' }))).toBe('e2e.closegap.exceptions.v1');
  });
  it('reads the SLA policy from JSON', () => {
    expect(loadConfig({}).SLA_POLICY.tiers[0]).toMatchObject({ name: 'urgent', min_value: '10000', due_within_hours: 24 });
    expect(loadConfig({ SLA_POLICY: '[{"name":"all","min_value":"0","due_within_hours":48}]' }).SLA_POLICY).toEqual({ tiers: [{ name: 'all', min_value: '0', due_within_hours: 48 }] });
    expect(() => loadConfig({ SLA_POLICY: '[{"name":"x"}]' })).toThrow(/SLA_POLICY/);
  });
  it('refuses bad values, naming them', () => {
    expect(() => loadConfig({ DIGEST_AT: '25:00' })).toThrow(/DIGEST_AT/);
    expect(() => loadConfig({ SLACK_WEBHOOK_URL: 'not a url' })).toThrow(/SLACK_WEBHOOK_URL/);
    expect(() => loadConfig({ ADMIN_INITIAL_PASSWORD: 'short' })).toThrow(/ADMIN_INITIAL_PASSWORD/);
  });
  it('masks secrets when printed', () => {
    const masked = maskedConfig(loadConfig({ SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X', ADMIN_INITIAL_PASSWORD: 'a-long-password' }));
    expect(masked).toMatchObject({ SLACK_WEBHOOK_URL: '***', ADMIN_INITIAL_PASSWORD: '***', DATABASE_URL: '***' });
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, with an expiry', () => {
    expect(sessionCookie('tok', 3600, false)).toBe('cg_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600');
    expect(sessionCookie('tok', 60, true)).toContain('; Secure');
    expect(readCookie('a=1; cg_session=abc%3D; b=2', 'cg_session')).toBe('abc=');
    expect(readCookie(undefined, 'cg_session')).toBeUndefined();
  });
  it('only redirects to local paths after sign-in', () => {
    expect(safeNext('/exceptions?x=1')).toBe('/exceptions?x=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
  });
});

describe('exception events', () => {
  it('validates the payload', () => {
    expect(parseExceptionEvent('nope').error).toBe('not JSON');
    expect(parseExceptionEvent(JSON.stringify({ schema: 'closegap.exception-event', version: 1 })).error).toContain('event_id');
    const ok = parseExceptionEvent(
      JSON.stringify({
        schema: 'closegap.exception-event',
        version: 1,
        event_id: 'EX-1:1',
        type: 'opened',
        sequence: 1,
        occurred_at: '2026-03-20T00:00:00Z',
        exception: { exception_id: 'EX-1', category: 'UNBILLED_TIME', severity: 'low', value_at_risk: '1.00', owner_team: 'billing', suggested_action: 'x', source: 'timesheets', retroactive: false, recurring: false, timesheet_id: 'T1' },
      }),
    );
    expect(ok.event?.exception.timesheet_id).toBe('T1');
  });
});

describe('digest schedule', () => {
  it('waits until the next HH:MM UTC', () => {
    expect(msUntil('07:00', new Date('2026-03-20T06:00:00Z'))).toBe(3_600_000);
    expect(msUntil('07:00', new Date('2026-03-20T07:00:00Z'))).toBe(24 * 3_600_000);
  });
});

describe('html', () => {
  it('escapes data and keeps JSON blocks inert', () => {
    expect(html`<p>${'<script>'}</p>`.value).toBe('<p>&lt;script&gt;</p>');
    expect(jsonBlock('x', { a: '</script><script>alert(1)</script>' }).value).not.toContain('</script><script>');
  });
});
