import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuditLog } from '@closegap/audit';
import { generateSample, writeSample } from '@closegap/generator';
import { AccessService } from '@closegap/workflow';
import { loadConfig } from '../config';
import { createApp } from '../bootstrap';
import type { AppOptions } from '../app.module';
import { TEST_DATABASE_URL, freshWorkflowDatabase } from '../../../../libs/workflow/src/test/db';

export const ROOT = resolve(__dirname, '../../../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const PASSWORD = 'console-e2e-password';

/** One user per role; the account manager is Grace Okafor in the sample CRM. */
export const USERS = {
  billing: { username: 'bill', role: 'billing' },
  payroll: { username: 'paula', role: 'payroll' },
  account_manager: { username: 'grace', role: 'account_manager', account_manager_name: 'Grace Okafor' },
  operations: { username: 'otto', role: 'operations' },
  finance_lead: { username: 'fiona', role: 'finance_lead' },
  auditor: { username: 'audrey', role: 'auditor' },
  admin: { username: 'adam', role: 'admin' },
} as const;

export function ensureChromium(): void {
  execFileSync('bash', [join(ROOT, 'tools', 'ensure-chromium.sh')], { stdio: 'inherit' });
}

/**
 * A small sample bundle (generator, seed 7, scale 0.05) plus one timesheet line whose client
 * ("Orion Energy") fits two CRM clients equally: a question for the identity review.
 */
export function sampleBundle(): { dir: string; bundle: string } {
  const dir = mkdtempSync(join(tmpdir(), 'closegap-console-'));
  const paths = writeSample(dir, generateSample({ seed: 7, scale: 0.05 }));
  appendFileSync(join(paths.bundleDir, 'timesheets.csv'), 'TL-E2E-1,TSH-E2E-1,TS-10219,Mark Wang,Orion Energy,,2026-03-23,ST,8,approved,2026-03-30T10:00:00Z\n');
  return { dir, bundle: paths.bundleDir };
}

export interface Harness {
  ds: DataSource;
  app: INestApplication;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(options: AppOptions = {}): Promise<Harness> {
  const ds = await freshWorkflowDatabase();
  const access = new AccessService(ds, new AuditLog(ds));
  for (const u of Object.values(USERS)) await access.createUser('test-setup', { ...u, password: PASSWORD, display_name: u.username[0].toUpperCase() + u.username.slice(1) });
  const config = loadConfig({ DATABASE_URL: TEST_DATABASE_URL, PORT: '0', DIGEST_AT: 'off', DB_MIGRATE_ON_BOOT: 'false', DIGEST_DIR: join(ARTIFACTS, 'digests'), SESSION_TTL_MINUTES: '30' });
  const app = await createApp(config, { eventSource: null, quiet: true, ...options });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    ds,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await ds.destroy();
    },
  };
}

export async function signIn(h: Harness, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport: { width: 1400, height: 1000 }, baseURL: h.baseUrl });
  const page = await context.newPage();
  await page.goto('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
