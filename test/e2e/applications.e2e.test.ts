/**
 * The Applications screens in a browser, as a tester uses them: the server (in-process, demo
 * workspace) serves the built renderer, headless Chromium signs in with the one-time URL. Every
 * change made in the UI is checked again through the admin API. Screenshots go to test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
// E2E_RENDERER_DIR: a renderer build of your own, when other builds keep replacing out/renderer.
const RENDERER_DIR = process.env.E2E_RENDERER_DIR ?? join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-admin-token-apps-0123456789';

interface WireApp {
  id: string;
  label: string;
  status: string;
  credentials: { oauthClient: { client_id: string; client_secret?: string; token_endpoint_auth_method: string; pkce_required: boolean } };
  settings: { oauthClient: { application_type: string; grant_types: string[]; redirect_uris: string[]; post_logout_redirect_uris: string[]; refresh_token?: unknown } };
}

let dir: string;
let server: RunningServer;
let browser: Browser;

async function admin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
const appByLabel = async (label: string) => (await admin<WireApp[]>('/apps?limit=200')).find((a) => a.label === label)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-apps-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A signed-in browser page with its console errors, failed and foreign requests recorded. */
async function open(colorScheme: 'light' | 'dark' = 'light', options: { clipboard?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
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
  const res = await page.goto(server.uiLoginUrl(), { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.getByRole('heading', { level: 1, name: 'Authorization Servers' }).waitFor({ timeout: 10_000 });
  return { context, page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS_DIR, `applications-${name}.png`), fullPage: true });
/** The whole of a long form: the viewport grows to the content's height for the picture. */
async function shotFull(page: Page, name: string): Promise<void> {
  const vp = page.viewportSize()!;
  const h = await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: vp.width, height: Math.min(Math.max(vp.height, h), 4000) });
  await page.screenshot({ path: join(RESULTS_DIR, `applications-${name}.png`) });
  await page.setViewportSize(vp);
}
const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
};
const appRow = (page: Page, label: string) => page.getByRole('table', { name: 'Applications' }).getByRole('row').filter({ has: page.getByRole('link', { name: label, exact: true }) });

describe('the list', () => {
  test('shows each app with its type, client id, grants, authentication and status; search and filters narrow it', async () => {
    const portal = await appByLabel('Orders Portal');
    for (const scheme of ['light', 'dark'] as const) {
      const { context, page, problems } = await open(scheme);
      try {
        await page.getByRole('navigation', { name: 'Workbench' }).getByRole('link', { name: 'Applications' }).click();
        await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
        await appRow(page, 'Orders Portal').waitFor();
        const portalRow = await appRow(page, 'Orders Portal').innerText();
        expect(portalRow).toContain('Web');
        expect(portalRow).toContain(portal.credentials.oauthClient.client_id);
        expect(portalRow).toContain('Secret · Basic');
        expect(portalRow).toContain('ACTIVE');
        const spaRow = await appRow(page, 'Orders SPA').innerText();
        expect(spaRow).toContain('SPA');
        expect(spaRow).toContain('Public · PKCE');
        expect(spaRow).toContain('http://localhost:5173/login/callback');
        expect(await appRow(page, 'Fulfilment Service').innerText()).toContain('client credentials');
        expect(await appRow(page, 'Orders CLI').innerText()).toContain('device code');
        await shot(page, `list-${scheme}`);
        if (scheme === 'dark') {
          expect(problems).toEqual([]);
          continue;
        }

        // Okta's q: the label starts with it.
        await page.getByRole('searchbox', { name: 'Search applications by name' }).fill('fulf');
        await expect.poll(() => page.getByRole('table', { name: 'Applications' }).getByRole('link').count()).toBe(1);
        expect(await appRow(page, 'Fulfilment Service').count()).toBe(1);
        await page.getByRole('searchbox', { name: 'Search applications by name' }).fill('nothing-like-this');
        await page.getByText('No application\'s name starts with “nothing-like-this”').waitFor();
        await page.getByRole('searchbox', { name: 'Search applications by name' }).fill('');
        await appRow(page, 'Orders Portal').waitFor();
        await page.getByRole('group', { name: 'Filter by type' }).getByRole('button', { name: /^Native/ }).click();
        await expect.poll(() => page.getByRole('table', { name: 'Applications' }).getByRole('link').count()).toBe(1);
        expect(await appRow(page, 'Orders CLI').count()).toBe(1);
        // The label opens the app.
        await page.getByRole('link', { name: 'Orders CLI', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Orders CLI' }).waitFor();
        expect(page.url()).toContain(`#/applications/${(await appByLabel('Orders CLI')).id}`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

describe('creating an app', () => {
  test('a SPA through its form: a refused redirect URI and a taken client id are shown beside their fields, then the app is in the list', async () => {
    const takenClientId = (await appByLabel('Orders SPA')).credentials.oauthClient.client_id;
    const { context, page, problems } = await open();
    try {
      await go(page, '#/applications');
      await page.getByRole('link', { name: 'New application' }).click();
      await page.getByRole('heading', { level: 1, name: 'New application' }).waitFor();
      await shot(page, 'choose-type-light');
      await page.getByRole('link', { name: /^Single-page app/ }).click();
      const form = page.getByRole('form', { name: 'New single-page app' });
      await form.waitFor();
      // The type explains itself: a SPA is public.
      expect(await form.getByText('Public client: no secret; PKCE is required.').count()).toBe(1);
      expect(await form.getByRole('checkbox', { name: 'Require PKCE' }).isDisabled()).toBe(true);
      expect(await form.getByRole('checkbox', { name: 'Require PKCE' }).isChecked()).toBe(true);

      await form.getByLabel('Name', { exact: true }).fill('Inventory SPA');
      const redirect = form.getByRole('textbox', { name: 'Redirect URI 1' });
      await redirect.fill('http://inventory.example.com/callback');
      await redirect.press('Tab');
      const redirectError = form.locator('#new-redirect-0-error');
      expect(await redirectError.innerText()).toContain('Plain http is only allowed on loopback addresses');
      expect(await redirect.getAttribute('aria-invalid')).toBe('true');
      // Not absolute either: the message follows as you type.
      await redirect.fill('inventory/callback');
      expect(await redirectError.innerText()).toContain('Must be an absolute URI');
      await redirect.fill('http://inventory.example.com/callback');
      // Create does not send a form with a refused URI; it takes you to the field.
      await form.getByRole('button', { name: 'Create application' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Redirect URI 1');
      await shotFull(page, 'create-spa-refused-light');

      await redirect.fill('https://inventory.example.com/callback');
      expect(await redirectError.count()).toBe(0);
      await form.getByRole('button', { name: 'Add sign-out uri' }).click();
      await form.getByRole('textbox', { name: 'Sign-out URI 1' }).fill('https://inventory.example.com/');
      // The server refuses a client id that is taken; its cause appears beside the field.
      await form.getByText('Advanced').click();
      await form.getByLabel('Client ID').fill(takenClientId);
      await form.getByRole('button', { name: 'Create application' }).click();
      const clientIdError = form.locator('#new-client-id-error');
      await clientIdError.waitFor();
      expect(await clientIdError.innerText()).toBe('Another application already uses this client ID.');
      await shot(page, 'create-spa-server-refused-light');
      // The focus went to the field the server refused.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-client-id');
      await form.getByLabel('Client ID').fill('');
      await form.getByRole('button', { name: 'Create application' }).click();

      await page.getByRole('heading', { level: 1, name: 'Inventory SPA' }).waitFor();
      const created = await appByLabel('Inventory SPA');
      expect(page.url()).toContain(`#/applications/${created.id}/general`);
      expect(created.status).toBe('ACTIVE');
      expect(created.settings.oauthClient.application_type).toBe('browser');
      expect(created.settings.oauthClient.grant_types).toEqual(['authorization_code', 'refresh_token']);
      expect(created.settings.oauthClient.redirect_uris).toEqual(['https://inventory.example.com/callback']);
      expect(created.settings.oauthClient.post_logout_redirect_uris).toEqual(['https://inventory.example.com/']);
      expect(created.credentials.oauthClient.token_endpoint_auth_method).toBe('none');
      expect(created.credentials.oauthClient.pkce_required).toBe(true);
      expect(created.credentials.oauthClient.client_secret).toBeUndefined();

      await page.getByRole('link', { name: 'Applications', exact: true }).first().click();
      await appRow(page, 'Inventory SPA').waitFor();
      expect(await appRow(page, 'Inventory SPA').innerText()).toContain('SPA');
      // The taken client id was a 400 the page handled; nothing else failed.
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('one app', () => {
  test("a web app's credentials: the secret stays hidden until shown; client id and secret copy", async () => {
    const portal = await appByLabel('Orders Portal');
    const secret = portal.credentials.oauthClient.client_secret!;
    expect(secret.length).toBeGreaterThan(13);
    for (const scheme of ['light', 'dark'] as const) {
      const { context, page, problems } = await open(scheme, { clipboard: true });
      try {
        await go(page, `#/applications/${portal.id}`);
        await page.getByRole('heading', { level: 1, name: 'Orders Portal' }).waitFor();
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Credentials' }).click();
        expect(page.url()).toContain(`#/applications/${portal.id}/credentials`);
        await page.getByTestId('client-id').waitFor();
        expect(await page.getByTestId('client-id').innerText()).toBe(portal.credentials.oauthClient.client_id);
        expect(await page.getByText(secret).count()).toBe(0);
        expect(await page.getByTestId('client-secret').innerText()).toMatch(/^•+$/);
        if (scheme === 'dark') {
          await shot(page, 'credentials-dark');
          expect(problems).toEqual([]);
          break;
        }
        const show = page.getByRole('button', { name: 'Show' });
        await show.click();
        expect(await page.getByTestId('client-secret').innerText()).toBe(secret);
        expect(await page.getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed')).toBe('true');

        await page.getByRole('button', { name: 'Copy client secret' }).click();
        await page.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
        await page.getByRole('button', { name: 'Copy client ID' }).first().click();
        await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(portal.credentials.oauthClient.client_id);
        await shot(page, 'credentials-light');

        await page.getByRole('button', { name: 'Hide' }).click();
        expect(await page.getByText(secret).count()).toBe(0);

        // A new secret replaces the old one, after a question.
        await page.getByRole('button', { name: 'Generate a new secret' }).click();
        await page.getByRole('group', { name: 'Replace the client secret?' }).getByRole('button', { name: 'Yes, replace it' }).click();
        await page.getByText('A new secret is in place; the old one no longer works.').waitFor();
        const rotated = (await admin<WireApp>(`/apps/${portal.id}`)).credentials.oauthClient.client_secret!;
        expect(rotated).not.toBe(secret);
        await expect.poll(() => page.getByTestId('client-secret').innerText()).toBe(rotated);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  test('editing the redirect URIs and grant types of a web app PUTs the whole app, as the admin API confirms', async () => {
    const before = await appByLabel('Orders Portal');
    const { context, page, problems } = await open();
    try {
      await go(page, `#/applications/${before.id}/general`);
      const form = page.getByRole('form', { name: 'Application settings' });
      await form.waitFor();
      expect(await form.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
      await form.getByRole('textbox', { name: 'Redirect URI 1' }).fill('https://portal.example.com/callback');
      await form.getByRole('button', { name: 'Add redirect uri' }).click();
      const second = form.getByRole('textbox', { name: 'Redirect URI 2' });
      await second.fill('http://portal.example.com/callback');
      await second.press('Tab');
      expect(await form.locator('#edit-redirect-1-error').innerText()).toContain('Plain http is only allowed on loopback addresses');
      await second.fill('http://localhost:3000/authorization-code/callback');
      expect(await form.locator('#edit-redirect-1-error').count()).toBe(0);
      await form.getByRole('checkbox', { name: 'Refresh token' }).uncheck();
      await form.getByRole('radio', { name: 'Client secret, in the request body' }).check();
      expect(await form.getByText('Unsaved changes').count()).toBe(1);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await form.getByRole('status').filter({ hasText: 'Saved at' }).waitFor();

      const after = await admin<WireApp>(`/apps/${before.id}`);
      expect(after.settings.oauthClient.redirect_uris).toEqual(['https://portal.example.com/callback', 'http://localhost:3000/authorization-code/callback']);
      expect(after.settings.oauthClient.grant_types).toEqual(['authorization_code']);
      expect(after.settings.oauthClient.refresh_token).toBeUndefined();
      expect(after.settings.oauthClient.post_logout_redirect_uris).toEqual(before.settings.oauthClient.post_logout_redirect_uris);
      expect(after.credentials.oauthClient.token_endpoint_auth_method).toBe('client_secret_post');
      expect(after.credentials.oauthClient.client_id).toBe(before.credentials.oauthClient.client_id);
      expect(after.credentials.oauthClient.client_secret).toBe(before.credentials.oauthClient.client_secret);
      expect(after.label).toBe('Orders Portal');
      // The form starts again from what the server stored.
      expect(await form.getByRole('textbox', { name: 'Redirect URI 2' }).inputValue()).toBe('http://localhost:3000/authorization-code/callback');
      expect(await form.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
      await shotFull(page, 'general-light');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const dark = await open('dark');
    try {
      await go(dark.page, `#/applications/${before.id}/general`);
      await dark.page.getByRole('form', { name: 'Application settings' }).waitFor();
      await shotFull(dark.page, 'general-dark');
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.context.close();
    }
  });

  test('assigning a group and a person, removing the person, then deactivating the app', async () => {
    const spa = await appByLabel('Inventory SPA');
    const groups = await admin<{ id: string; profile: { name: string } }[]>('/groups?q=Engineering');
    const engineering = groups.find((g) => g.profile.name === 'Engineering')!;
    const katherine = (await admin<{ id: string }[]>('/users?q=katherine'))[0]!;
    const { context, page, problems } = await open();
    try {
      await go(page, `#/applications/${spa.id}/assignments`);
      await page.getByRole('heading', { level: 1, name: 'Inventory SPA' }).waitFor();
      await page.getByText('No groups assigned').waitFor();

      await page.getByRole('button', { name: 'Assign a group' }).click();
      await page.getByRole('searchbox', { name: 'Find a group to assign' }).fill('Eng');
      await page.getByRole('button', { name: 'Assign Engineering' }).click();
      const assignedGroups = page.getByRole('table', { name: 'Assigned groups' });
      await assignedGroups.getByRole('link', { name: 'Engineering' }).waitFor();
      expect((await admin<{ id: string }[]>(`/apps/${spa.id}/groups`)).map((g) => g.id)).toEqual([engineering.id]);
      // Its members can now use the app, through the group.
      const people = page.getByRole('table', { name: 'People who can use the app' });
      await people.getByRole('row').filter({ hasText: 'grace@example.com' }).getByText('Via a group').waitFor();
      await page.getByRole('button', { name: 'Done' }).click();

      await page.getByRole('button', { name: 'Assign a person' }).click();
      await page.getByRole('searchbox', { name: 'Find a person to assign' }).fill('kath');
      await page.getByRole('button', { name: 'Assign Katherine Johnson' }).waitFor();
      await shot(page, 'assign-picker-light');
      await page.getByRole('button', { name: 'Assign Katherine Johnson' }).click();
      await people.getByRole('row').filter({ hasText: 'katherine@example.com' }).getByText('Direct', { exact: true }).waitFor();
      expect((await admin<{ scope: string }>(`/apps/${spa.id}/users/${katherine.id}`)).scope).toBe('USER');
      await page.getByRole('button', { name: 'Done' }).click();
      await shot(page, 'assignments-light');

      const katRow = people.getByRole('row').filter({ hasText: 'katherine@example.com' });
      await katRow.getByRole('button', { name: 'Remove' }).click();
      await katRow.getByRole('button', { name: 'Yes, remove' }).click();
      await expect.poll(() => people.getByRole('row').filter({ hasText: 'katherine@example.com' }).count()).toBe(0);
      const gone = await fetch(`${server.url}/api/v1/apps/${spa.id}/users/${katherine.id}`, { headers: { Authorization: `SSWS ${TOKEN}` } });
      expect(gone.status).toBe(404);

      // Deactivate: it asks first, in words.
      await page.getByRole('button', { name: 'Deactivate' }).click();
      const confirm = page.getByRole('group', { name: 'Deactivate Inventory SPA?' });
      expect(await confirm.innerText()).toContain('refuse its sign-in and token requests');
      await shot(page, 'deactivate-confirm-light');
      await confirm.getByRole('button', { name: 'Yes, deactivate' }).click();
      await page.getByText('Inventory SPA is inactive').waitFor();
      expect((await admin<WireApp>(`/apps/${spa.id}`)).status).toBe('INACTIVE');
      expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(1);
      await shot(page, 'deactivated-light');
      // The deliberate 404 above was the test's own fetch, not the page's.
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const dark = await open('dark');
    try {
      await go(dark.page, `#/applications/${spa.id}/assignments`);
      await dark.page.getByRole('table', { name: 'Assigned groups' }).getByRole('link', { name: 'Engineering' }).waitFor();
      await shot(dark.page, 'assignments-dark');
      await go(dark.page, '#/applications/new/native');
      await dark.page.getByRole('form', { name: 'New native app' }).waitFor();
      await shotFull(dark.page, 'create-native-dark');
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.context.close();
    }
  });
});

describe('a large org', () => {
  test('with 500 apps the list renders only the rows in view, and keyboard and search reach any of them', async () => {
    const existing = (await admin<WireApp[]>('/apps?limit=200')).length;
    const wanted = 500 - existing;
    for (let i = 0; i < wanted; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, wanted - i) }, (_, k) => {
          const n = String(i + k + 1).padStart(3, '0');
          return admin('/apps', {
            method: 'POST',
            body: { name: 'oidc_client', label: `Batch job ${n}`, signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } } },
          });
        }),
      );
    }
    const { context, page, problems } = await open();
    try {
      const started = Date.now();
      await go(page, '#/applications');
      await page.getByRole('status').filter({ hasText: '500 applications' }).waitFor();
      const table = page.getByRole('table', { name: 'Applications' });
      await table.getByRole('link', { name: 'Batch job 001' }).waitFor();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(5000);
      expect(await table.getAttribute('aria-rowcount')).toBe('501');
      const rendered = await table.getByRole('row').count();
      expect(rendered).toBeLessThan(40);
      await shot(page, 'list-500-light');

      // End jumps to the last app (sorted by name), scrolling the window there.
      await table.getByRole('link', { name: 'Batch job 001' }).focus();
      await page.keyboard.press('End');
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="row"]')?.getAttribute('aria-rowindex'))).toBe('501');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="row"]')?.getAttribute('aria-rowindex'))).toBe('500');
      expect(await table.getByRole('row').count()).toBeLessThan(40);

      await page.getByRole('searchbox', { name: 'Search applications by name' }).fill('Batch job 49');
      await expect.poll(() => table.getByRole('link').count()).toBe(wanted >= 499 ? 10 : Math.max(0, wanted - 489));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
