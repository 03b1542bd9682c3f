/**
 * End-to-end: the console driven in Debian's Chromium (playwright-core), against the app
 * started in-process on a random port, a fresh workflow/audit schema in closegap_test and a
 * small generated bundle run through the workflow. Screenshots go to test-artifacts/console.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { workflowRun } from '../../recon/src/commands/workflow';
import { Harness, USERS, ensureChromium, sampleBundle, screenshot, signIn, startHarness } from './test/harness';

jest.setTimeout(180_000);

describe('operations console (Chromium)', () => {
  let h: Harness;
  let bundle: string;
  let outDir: string;

  beforeAll(async () => {
    ensureChromium();
    h = await startHarness();
    const sample = sampleBundle();
    bundle = sample.bundle;
    outDir = join(sample.dir, 'run-1');
    const first = await workflowRun(h.ds, { in: bundle, out: outDir, actor: 'test' });
    expect(first.effects.opened).toBeGreaterThan(10);
  });

  afterAll(async () => {
    await h?.close();
  });

  const idOfFirstRow = async (page: Page): Promise<string> => {
    const id = await page.locator('table[data-testid=exception-table] tbody tr').first().getAttribute('data-exception');
    if (!id) throw new Error('no exception row');
    return id;
  };

  it('signs in with an HttpOnly, SameSite=Strict, expiring session and shows the overview', async () => {
    const { context, page } = await signIn(h, USERS.operations.username);
    const cookie = (await context.cookies()).find((c) => c.name === 'cg_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000);
    await expect(page.locator('[data-testid=current-user]').textContent()).resolves.toBe('Otto');
    await expect(page.locator('[data-testid=kpi-leakage] .v').textContent()).resolves.toMatch(/%$/);
    expect(await page.locator('canvas[data-chart]').count()).toBeGreaterThanOrEqual(5);
    // Chart.js (served by the app) drew into the canvases
    await page.waitForFunction(() => {
      const g = globalThis as unknown as { Chart?: { getChart(c: unknown): unknown }; document: { querySelectorAll(s: string): ArrayLike<unknown> } };
      const chart = g.Chart;
      return chart !== undefined && Array.from(g.document.querySelectorAll('canvas[data-chart]')).every((c) => chart.getChart(c) !== undefined);
    });
    await screenshot(page, 'overview');
    await context.close();
  });

  it('filters and sorts the exception list', async () => {
    const { context, page } = await signIn(h, USERS.operations.username);
    await page.goto('/exceptions');
    const all = Number(await page.locator('[data-testid=list-total] strong').textContent());
    await page.selectOption('select[name=owner]', 'billing');
    await Promise.all([page.waitForURL(/owner=billing/), page.click('form[data-testid=filters] button[type=submit]')]);
    const billing = Number(await page.locator('[data-testid=list-total] strong').textContent());
    expect(billing).toBeGreaterThan(0);
    expect(billing).toBeLessThan(all);
    const owners = await page.locator('table[data-testid=exception-table] tbody tr td:nth-child(5)').allTextContents();
    expect(new Set(owners)).toEqual(new Set(['Billing']));
    await Promise.all([page.waitForURL(/sort=value&dir=asc/), page.click('[data-testid=sort-value]')]);
    const values = (await page.locator('table[data-testid=exception-table] tbody td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value')))));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await page.goto('/exceptions?min_value=1000');
    const big = await page.locator('table[data-testid=exception-table] tbody td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(big.every((v) => v >= 1000)).toBe(true);
    await screenshot(page, 'exceptions');
    await context.close();
  });

  it('opens an exception with the evidence side by side, and dismisses one with a reason', async () => {
    const { context, page } = await signIn(h, USERS.billing.username);
    await page.goto('/exceptions?category=UNBILLED_TIME');
    const id = await idOfFirstRow(page);
    await page.click(`a[href="/exceptions/${id}"]`);
    await page.waitForURL(`**/exceptions/${id}`);
    await expect(page.locator('[data-testid=evidence-timesheets] tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-testid=evidence-rates] tbody tr').count()).resolves.toBeGreaterThan(0);
    expect(await page.locator('[data-testid=evidence]').textContent()).toContain('in force');
    await screenshot(page, 'exception-detail');

    await page.fill('form[data-testid=form-assign] input[name=assignee]', 'bill');
    await Promise.all([page.waitForEvent('load'), page.click('form[data-testid=form-assign] button[type=submit]')]);
    expect(await page.locator('form[data-testid=form-assign] input[name=assignee]').inputValue()).toBe('bill');

    await page.goto('/exceptions?category=DUPLICATE_INVOICE');
    const dup = await idOfFirstRow(page);
    await page.goto(`/exceptions/${dup}`);
    // no reason: refused by the server, the exception stays open
    await page.fill('form[data-testid=form-dismiss] textarea[name=note]', 'rebilled by mistake, void in progress');
    await page.locator('form[data-testid=form-dismiss] select[name=reason]').evaluate((s) => s.removeAttribute('required'));
    await page.click('form[data-testid=form-dismiss] button[type=submit]');
    await page.waitForSelector('#flash.error');
    expect(await page.locator('#flash').textContent()).toMatch(/reason from the list/);
    await page.selectOption('form[data-testid=form-dismiss] select[name=reason]', 'false_positive');
    await Promise.all([page.waitForEvent('load'), page.click('form[data-testid=form-dismiss] button[type=submit]')]);
    await expect(page.locator('[data-testid=detail-status] .v').textContent()).resolves.toBe('dismissed');
    expect(await page.locator('[data-testid=history]').textContent()).toContain('dismissed');
    await screenshot(page, 'exception-dismissed');
    await context.close();
  });

  it('proposes an adjustment as one user and approves it as another (maker-checker)', async () => {
    const maker = await signIn(h, USERS.billing.username);
    await maker.page.goto('/exceptions?category=PERM_FEE_NOT_INVOICED');
    const id = await idOfFirstRow(maker.page);
    await maker.page.goto(`/exceptions/${id}`);
    const value = await maker.page.locator('form[data-testid=form-propose] input[name=amount]').inputValue();
    // more than the exception is worth: refused
    await maker.page.fill('form[data-testid=form-propose] input[name=amount]', String(Number(value) + 100));
    await maker.page.locator('form[data-testid=form-propose] input[name=amount]').evaluate((i) => i.removeAttribute('max'));
    await maker.page.fill('form[data-testid=form-propose] textarea[name=note]', 'perm fee for the March start');
    await maker.page.click('form[data-testid=form-propose] button[type=submit]');
    await maker.page.waitForSelector('#flash.error');
    expect(await maker.page.locator('#flash').textContent()).toMatch(/exceeds the exception's value at risk/);
    await maker.page.fill('form[data-testid=form-propose] input[name=amount]', value);
    await Promise.all([maker.page.waitForEvent('load'), maker.page.click('form[data-testid=form-propose] button[type=submit]')]);
    expect(await maker.page.locator('[data-testid=adjustments]').textContent()).toContain('proposed');

    // the maker sees the queue but no approve button, and the server refuses the call (403)
    await maker.page.goto('/approvals');
    expect(await maker.page.locator('[data-testid^=approve-]').count()).toBe(0);
    const adjustmentId = await maker.page.locator('table[data-testid=approvals] tbody tr').first().getAttribute('data-adjustment');
    const refused = await maker.context.request.post(`/api/adjustments/${adjustmentId}/approve`, { data: {} });
    expect(refused.status()).toBe(403);
    await maker.context.close();

    const checker = await signIn(h, USERS.finance_lead.username);
    await checker.page.goto('/approvals');
    await screenshot(checker.page, 'approvals');
    await Promise.all([checker.page.waitForEvent('load'), checker.page.click(`form[data-testid=approve-${adjustmentId}] button[type=submit]`)]);
    expect(await checker.page.locator('[data-testid=no-approvals]').count()).toBe(1);
    expect(await checker.page.locator('[data-testid=approved]').textContent()).toContain('bill');
    await checker.page.goto(`/exceptions/${id}`);
    expect(await checker.page.locator('[data-testid=adjustments]').textContent()).toContain('fiona');
    await checker.context.close();
  });

  it('confirms an alias in one click, and the next run uses it', async () => {
    const { context, page } = await signIn(h, USERS.operations.username);
    await page.goto('/identity');
    const row = page.locator('table[data-testid=identity-reviews] tr[data-external="Orion Energy"]');
    expect(await row.textContent()).toContain('Orion Energy Industries LLC');
    await screenshot(page, 'identity');
    await Promise.all([page.waitForEvent('load'), row.locator('form[data-testid="confirm-Orion Energy-C1024"] button').click()]);
    expect(await page.locator('[data-testid=aliases]').textContent()).toContain('Orion Energy');
    expect(await page.locator('table[data-testid=identity-reviews] tr[data-external="Orion Energy"]').count()).toBe(0);

    const unresolvedBefore = (await h.ds.query(`SELECT exception_id, status FROM workflow.exceptions WHERE category = 'UNRESOLVED_RECORD' AND record->>'record_id' = 'TL-E2E-1'`)) as { exception_id: string; status: string }[];
    expect(unresolvedBefore).toHaveLength(1);
    expect(unresolvedBefore[0].status).toBe('open');

    const second = await workflowRun(h.ds, { in: bundle, out: join(outDir, '..', 'run-2'), actor: 'test' });
    expect(second.aliases).toBe(1);
    const resolution = parse(readFileSync(join(outDir, '..', 'run-2', 'resolution.csv')), { columns: true }) as Record<string, string>[];
    expect(resolution.find((r) => r.external === 'Orion Energy' && r.system === 'timesheets')).toMatchObject({ resolved_to: 'C1024', method: 'alias' });
    expect(second.exceptions.some((e) => e.record_id === 'TL-E2E-1' && e.category === 'UNRESOLVED_RECORD')).toBe(false);
    const after = (await h.ds.query(`SELECT status, status_note FROM workflow.exceptions WHERE exception_id = $1`, [unresolvedBefore[0].exception_id])) as { status: string; status_note: string }[];
    expect(after[0].status).toBe('resolved');
    expect(after[0].status_note).toContain('no longer in the data');

    await page.goto('/runs');
    expect(await page.locator('table[data-testid=runs] tbody tr').count()).toBe(2);
    expect(await page.locator('table[data-testid=runs]').textContent()).toContain('auto closed');
    await screenshot(page, 'runs');
    await context.close();
  });

  it('gives an auditor the audit log and no actions (the server answers 403)', async () => {
    const { context, page } = await signIn(h, USERS.auditor.username);
    await page.goto('/exceptions?category=UNBILLED_TIME&status=all');
    const id = await idOfFirstRow(page);
    await page.goto(`/exceptions/${id}`);
    expect(await page.locator('[data-testid=no-actions]').count()).toBe(1);
    expect(await page.locator('form[data-testid=form-dismiss]').count()).toBe(0);
    const act = await context.request.post(`/api/exceptions/${id}/actions`, { data: { action: 'acknowledge' } });
    expect(act.status()).toBe(403);
    const confirm = await context.request.post('/api/identity/confirm', { data: { kind: 'client', system: 'timesheets', external: 'X', target_id: 'C1024' } });
    expect(confirm.status()).toBe(403);

    await page.goto('/audit?verify=1');
    expect(await page.locator('[data-testid=verify-result]').textContent()).toMatch(/^Intact: \d+ entries verified\.$/);
    const actions = await page.locator('table[data-testid=audit-log] tbody td:nth-child(4)').allTextContents();
    for (const a of ['run.logged', 'exception.dismissed', 'adjustment.proposed', 'adjustment.approved', 'alias.confirmed', 'rules.changed', 'exception.auto_closed']) expect(actions).toContain(a);
    await screenshot(page, 'audit-log');
    await context.close();

    const billing = await signIn(h, USERS.billing.username);
    const denied = await billing.page.goto('/audit');
    expect(denied?.status()).toBe(403);
    expect((await billing.context.request.get('/api/audit')).status()).toBe(403);
    await billing.context.close();
  });

  it('shows an account manager only their own clients', async () => {
    const { context, page } = await signIn(h, USERS.account_manager.username);
    const res = await context.request.get('/api/exceptions?status=all&limit=500');
    const body = (await res.json()) as { items: { client_id: string | null }[] };
    expect(body.items.length).toBeGreaterThan(0);
    expect(new Set(body.items.map((i) => i.client_id))).toEqual(new Set(['C1024']));
    const other = (await h.ds.query(`SELECT exception_id FROM workflow.exceptions WHERE client_id <> 'C1024' LIMIT 1`)) as { exception_id: string }[];
    expect((await context.request.get(`/api/exceptions/${other[0].exception_id}`)).status()).toBe(404);
    await page.goto('/exceptions');
    await screenshot(page, 'account-manager-exceptions');
    await context.close();
  });

  it('refuses anonymous and cross-site-shaped calls', async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl });
    expect((await context.request.get('/api/exceptions')).status()).toBe(401);
    const page = await context.newPage();
    await page.goto('/exceptions');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=username]', USERS.operations.username);
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    expect(await page.locator('[data-testid=login-error]').count()).toBe(1);
    await context.close();
    const health = await (await h.browser.newContext({ baseURL: h.baseUrl })).request.get('/health');
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' } } });
    const ops = await signIn(h, USERS.operations.username);
    const form = await ops.context.request.post('/api/digest', { form: { x: '1' } });
    expect(form.status()).toBe(415);
    const digest = await ops.context.request.post('/api/digest', { data: {} });
    expect(digest.status()).toBe(200);
    const sent = (await digest.json()) as { to: string; where: string };
    expect(sent.to).toBe('file');
    const message = JSON.parse(readFileSync(sent.where, 'utf8')) as { blocks: { type: string }[]; text: string };
    expect(message.blocks[0].type).toBe('header');
    expect(message.text).toMatch(/active exceptions/);
    await ops.context.close();
  });
});
