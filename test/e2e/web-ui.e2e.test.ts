/**
 * The workbench in a browser, as a person sees it: the server (in-process, demo workspace) serves
 * the built renderer (out/renderer, built by the global setup), headless Chromium signs in with
 * the one-time URL and walks through the screens. Screenshots go to test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-admin-token-0123456789';

let dir: string;
let server: RunningServer;
let browser: Browser;
let ordersId = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const servers = (await (await fetch(`${server.url}/api/v1/authorizationServers`, { headers: { Authorization: `SSWS ${TOKEN}` } })).json()) as { id: string; name: string }[];
  ordersId = servers.find((s) => s.name === 'Orders API')!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A browser context with its console errors, failed and foreign requests recorded. */
async function open(viewport = { width: 1280, height: 800 }, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1') problems.push(`foreign request: ${req.url()}`);
  });
  page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  return { context, page, problems };
}

async function signIn(page: Page): Promise<void> {
  const res = await page.goto(server.uiLoginUrl(), { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.getByRole('heading', { level: 1, name: 'Authorization Servers' }).waitFor({ timeout: 10_000 });
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS_DIR, `web-ui-${name}.png`), fullPage: true });

describe('signing in', () => {
  test('without the one-time link the workbench says how to get in, and the admin API stays closed', async () => {
    const { context, page, problems } = await open();
    try {
      await page.goto(server.url, { waitUntil: 'load' });
      await page.getByRole('heading', { level: 1, name: 'Sign in to the workbench' }).waitFor({ timeout: 10_000 });
      expect(await page.getByText('Open the link that gatehouse serve printed', { exact: false }).count()).toBe(1);
      await shot(page, 'signed-out');
      // The probe of the session is a 401 the page expects; nothing else failed.
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the one-time link signs the browser in: navigation, the server URL, the servers list', async () => {
    const { context, page, problems } = await open();
    try {
      await signIn(page);
      expect(await page.getByTestId('server-url').innerText()).toBe(server.url);
      const nav = page.getByRole('navigation', { name: 'Workbench' });
      for (const label of ['Authorization Servers', 'Applications', 'Users', 'Groups', 'Simulator', 'Token Inspector', 'System Log', 'Settings']) {
        expect(await nav.getByRole('link', { name: label }).count(), label).toBe(1);
      }
      const rows = page.getByRole('row');
      await page.getByRole('link', { name: 'Orders API' }).waitFor();
      expect(await rows.filter({ hasText: 'api://orders' }).count()).toBe(1);
      expect(await rows.filter({ hasText: 'default' }).count()).toBeGreaterThan(0);
      await shot(page, 'servers');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('an authorization server', () => {
  test('each tab has its own URL; scopes, claims and keys show what the server holds', async () => {
    const { context, page, problems } = await open();
    try {
      await signIn(page);
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/scopes`);
      const scopes = page.getByRole('table', { name: 'Scopes' });
      await scopes.waitFor();
      for (const name of ['orders:read', 'orders:write', 'orders:admin', 'openid']) expect(await scopes.getByText(name, { exact: true }).count(), name).toBe(1);
      expect(await scopes.getByRole('row').filter({ hasText: 'orders:admin' }).getByText('Consent required').count()).toBe(1);
      await shot(page, 'scopes');

      await page.getByRole('link', { name: 'Claims' }).click();
      expect(page.url()).toContain(`/authorization-servers/${ordersId}/claims`);
      const claims = page.getByRole('table', { name: 'Claims' });
      await claims.waitFor();
      expect(await claims.getByText('user.department').count()).toBe(1);

      await page.getByRole('link', { name: 'Keys' }).click();
      const keys = page.getByRole('table', { name: 'Signing keys' });
      await keys.waitFor();
      const status = (name: string) => keys.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
      const before = await status('ACTIVE').locator('code').innerText();
      await page.getByRole('button', { name: 'Rotate keys now' }).click();
      await expect.poll(async () => status('EXPIRED').count()).toBeGreaterThan(0);
      expect(await status('EXPIRED').locator('code').first().innerText()).toBe(before);
      expect(await status('ACTIVE').locator('code').innerText()).not.toBe(before);
      await shot(page, 'keys');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a new scope is validated as you type, refused with the server\'s reason next to the field, then saved', async () => {
    const { context, page, problems } = await open();
    try {
      await signIn(page);
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/scopes`);
      await page.getByRole('button', { name: 'Add scope' }).click();
      const form = page.getByRole('form', { name: 'New scope' });
      const name = form.getByLabel('Name', { exact: true });
      await name.fill('has space');
      expect(await form.getByText('No spaces, quotes or backslashes in a scope name.').count()).toBe(1);
      expect(await form.getByRole('button', { name: 'Add scope' }).isDisabled()).toBe(true);
      // A name the server refuses (it exists already): its cause appears beside the field.
      await name.fill('orders:read');
      await form.getByRole('button', { name: 'Add scope' }).click();
      await form.getByRole('alert').first().waitFor();
      const fieldError = await form.locator('#scope-name-error').innerText();
      expect(fieldError.length).toBeGreaterThan(0);
      await shot(page, 'scope-refused');
      await name.fill('orders:export');
      await form.getByLabel('Description').fill('Export orders as CSV');
      await form.getByRole('button', { name: 'Add scope' }).click();
      const scopes = page.getByRole('table', { name: 'Scopes' });
      await scopes.getByText('orders:export', { exact: true }).waitFor();
      const stored = (await (await fetch(`${server.url}/api/v1/authorizationServers/${ordersId}/scopes`, { headers: { Authorization: `SSWS ${TOKEN}` } })).json()) as { name: string; description?: string }[];
      expect(stored.find((s) => s.name === 'orders:export')?.description).toBe('Export orders as CSV');
      // The refused attempt was a 400 the page handled; nothing else failed.
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the System Log', () => {
  test('a token decision shows up with its trace in words', async () => {
    const apps = (await (await fetch(`${server.url}/api/v1/apps`, { headers: { Authorization: `SSWS ${TOKEN}` } })).json()) as { label: string; credentials: { oauthClient: { client_id: string; client_secret: string } } }[];
    const f = apps.find((a) => a.label === 'Fulfilment Service')!.credentials.oauthClient;
    const tok = await fetch(`${server.url}/oauth2/${ordersId}/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read', client_id: f.client_id, client_secret: f.client_secret }) });
    expect(tok.status).toBe(200);
    const { context, page, problems } = await open({ width: 1280, height: 800 }, 'dark');
    try {
      await signIn(page);
      await page.getByRole('link', { name: 'System Log' }).click();
      const table = page.getByRole('table', { name: 'Events' });
      const row = table.getByRole('row').filter({ hasText: 'Fulfilment Service' }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      await page.getByText('Matched by its rule "Fulfilment reads and updates orders".', { exact: false }).waitFor();
      expect(await page.getByText('Skipped: the policy does not apply to "Fulfilment Service".', { exact: false }).count()).toBe(1);
      await shot(page, 'system-log-dark');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
