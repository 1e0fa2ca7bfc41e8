/**
 * Token Preview and Access Matrix, as an architect uses them: the demo workspace served in-process
 * with the built renderer (out/renderer, built by the global setup), headless Chromium signed in
 * with the one-time URL. What the screens show is checked against the admin API's own answers.
 * Screenshots (light and dark) go to test-results/preview-matrix-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { launchChromium } from '../helpers/chromium.js';
import { openWorkbench } from '../helpers/workbench.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-preview-matrix-token-0123456789';

let dir: string;
let server: RunningServer;
let browser: Browser;
let ordersId = '';
let apps: { id: string; label: string; credentials: { oauthClient: { client_id: string } } }[] = [];

async function admin<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}
const clientId = (label: string) => apps.find((a) => a.label === label)!.credentials.oauthClient.client_id;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-pm-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const servers = await admin<{ id: string; name: string }[]>('/authorizationServers');
  ordersId = servers.find((s) => s.name === 'Orders API')!.id;
  apps = await admin('/apps');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A signed-in page, with its problems recorded (test/helpers/workbench.ts). */
function open(colorScheme: 'light' | 'dark' = 'light') {
  return openWorkbench(browser, server.uiLoginUrl(), colorScheme);
}

/** A screenshot of the whole screen: the workbench scrolls inside its content pane, so the window grows to fit it first. */
async function shot(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const c = document.querySelector('.content');
    return c ? c.scrollHeight : document.documentElement.scrollHeight;
  });
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 4000) });
  await page.screenshot({ path: join(RESULTS_DIR, `preview-matrix-${name}.png`) });
  await page.setViewportSize(viewport);
}

/** Chooses an option of one of the workbench's search pickers, as a person would: type, then click. */
async function pick(page: Page, label: string, typed: string, option: RegExp) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe('Token Preview', () => {
  test('Grace on the Orders Portal asking for openid orders:read: the rule that decides, the tokens, each claim with its source', async () => {
    const expected = await admin<{ decision: { rule: { id: string; name: string }; policy: { id: string } } }>(`/authorizationServers/${ordersId}/preview`, {
      clientId: clientId('Orders Portal'), grantType: 'authorization_code', userId: 'grace@example.com', scopes: ['openid', 'orders:read'],
    });
    const { context, page, problems } = await open('light');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/preview`);
      await page.getByText('Nothing previewed yet').waitFor();
      const form = page.getByRole('form', { name: 'Token preview request' });

      // Asking too early says what is missing, beside the field.
      await form.getByRole('button', { name: 'Preview tokens' }).click();
      expect(await form.getByText('Choose the client that asks for the token.').count()).toBe(1);

      await pick(page, 'Client', 'Orders P', /^Orders Portal/);
      // Only the grants the client has are offered.
      const grants = await form.getByLabel('Grant type').locator('option').allInnerTexts();
      expect(grants).toEqual(['Authorization Code', 'Refresh Token']);
      await form.getByLabel('Grant type').selectOption('authorization_code');
      await form.getByRole('button', { name: 'Preview tokens' }).click();
      expect(await form.getByText('The Authorization Code grant needs a user: search by name or login.').count()).toBe(1);

      await pick(page, 'User', 'grace', /Grace Hopper/);
      expect(await form.getByText('needs a user', { exact: false }).count()).toBe(0);
      await form.getByRole('button', { name: 'openid', exact: true }).click();
      await form.getByRole('button', { name: 'orders:read', exact: true }).click();
      expect(await form.getByRole('button', { name: 'orders:read', exact: true }).getAttribute('aria-pressed')).toBe('true');
      await form.getByRole('button', { name: 'Preview tokens' }).click();

      const decision = page.getByRole('region', { name: 'Decision' });
      await decision.getByText('Tokens would be minted').waitFor();
      // The deciding rule, named and linked to its place in the policies, as the API decided.
      const ruleLink = decision.getByRole('link', { name: expected.decision.rule.name });
      expect(await ruleLink.count()).toBe(1);
      expect(await ruleLink.getAttribute('href')).toBe(`#/authorization-servers/${ordersId}/policies/${expected.decision.policy.id}/${expected.decision.rule.id}`);
      expect(await decision.getByText('Lives 15 minutes').count()).toBe(1);
      // The trace, in words.
      expect(await decision.getByText('Matched: Authorization Code grant, the user is one of its people', { exact: false }).count()).toBe(1);

      // The access token's claims, each with where it came from.
      const claims = page.getByRole('table', { name: 'Access token claims' });
      const department = claims.getByRole('row').filter({ has: page.getByText('department', { exact: true }) });
      expect(await department.innerText()).toContain('Engineering');
      expect(await department.getByRole('link', { name: '“department”' }).count()).toBe(1);
      expect(await department.getByText('user.department', { exact: true }).count()).toBe(1);
      expect(await department.getAttribute('title')).toBe('From the claim definition "department": the expression user.department.');
      const scp = claims.getByRole('row').filter({ has: page.getByText('scp', { exact: true }) });
      expect(await scp.innerText()).toContain('Authorization server');
      // The ID token is there, and says which claim definitions were left out and why.
      const idToken = page.getByRole('region', { name: 'ID token' });
      expect(await idToken.getByText('None of its scopes (groups) was granted.', { exact: false }).count()).toBe(1);
      await shot(page, 'preview-granted');

      // The JSON view colours the keys by source too, and copies.
      const accessToken = page.getByRole('region', { name: 'Access token' });
      await accessToken.getByRole('button', { name: 'JSON', exact: true }).click();
      expect(await accessToken.locator('.pm-key.pm-src-definition').allInnerTexts()).toEqual(['"department"', '"email"']);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await accessToken.getByRole('button', { name: 'Copy payload' }).click();
      await accessToken.getByRole('button', { name: 'Copied' }).waitFor();
      const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>;
      expect(copied.department).toBe('Engineering');
      expect(copied.scp).toEqual(['openid', 'orders:read']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('Katherine asking for orders:admin: the exact error the token endpoint would give, and why (dark)', async () => {
    const expected = await admin<{ result: string; error: { error: string; error_description: string } }>(`/authorizationServers/${ordersId}/preview`, {
      clientId: clientId('Orders Portal'), grantType: 'authorization_code', userId: 'katherine@example.com', scopes: ['orders:admin'],
    });
    expect(expected.result).toBe('denied');
    const { context, page, problems } = await open('dark');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/preview`);
      const form = page.getByRole('form', { name: 'Token preview request' });
      await form.waitFor();
      await pick(page, 'Client', 'Orders', /^Orders Portal/);
      await pick(page, 'User', 'kath', /Katherine Johnson/);
      await form.getByRole('button', { name: 'orders:admin', exact: true }).click();
      await form.getByRole('button', { name: 'Preview tokens' }).click();

      const decision = page.getByRole('region', { name: 'Decision' });
      await decision.getByText('The token endpoint would refuse this request').waitFor();
      expect(await decision.getByText(expected.error.error, { exact: true }).count()).toBe(1);
      expect(await decision.getByLabel('Error description').innerText()).toBe(expected.error.error_description);
      expect(expected.error.error_description).toBe('Policy evaluation failed for this request, please check the policy configurations.');
      expect(await decision.getByText('It does not allow the scope orders:admin', { exact: false }).count()).toBe(1);
      expect(await page.getByRole('region', { name: 'Access token' }).count()).toBe(0);
      await shot(page, 'preview-denied-dark');

      // Client credentials: no user to pick.
      await form.getByRole('combobox', { name: 'Client' }).click();
      await form.getByRole('combobox', { name: 'Client' }).fill('Fulf');
      await page.getByRole('option', { name: /^Fulfilment Service/ }).click();
      expect(await form.getByRole('combobox', { name: 'User' }).isDisabled()).toBe(true);
      expect(await form.getByText('Client credentials tokens have no user.').count()).toBe(1);
      expect(await page.getByText('The request above has changed since this preview.', { exact: false }).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

interface MatrixWire {
  scopes: string[];
  subjects: { name: string }[];
  clients: { clientId: string; label: string }[];
  rules: { policyId: string; ruleId: string; ruleName: string }[];
  rows: { clientId: string; subject: number; denied?: string; cells: number[] }[];
}

describe('Access Matrix', () => {
  test('authorization code, "who can get orders:write?": the cells that light up are those the API grants', async () => {
    const m = await admin<MatrixWire>(`/authorizationServers/${ordersId}/matrix`, { grantTypes: ['authorization_code'] });
    const w = m.scopes.indexOf('orders:write');
    const label = (id: string) => m.clients.find((c) => c.clientId === id)!.label;
    const expectedHits = m.rows.filter((r) => !r.denied && r.cells[w] >= 0).map((r) => `${label(r.clientId)} × ${m.subjects[r.subject].name}`).sort();
    expect(expectedHits.length).toBeGreaterThan(0);

    for (const scheme of ['light', 'dark'] as const) {
      const { context, page, problems } = await open(scheme);
      try {
        await page.goto(`${server.url}/#/authorization-servers/${ordersId}/matrix`);
        const grid = page.getByRole('table', { name: 'Access matrix' });
        await grid.waitFor();
        expect(await page.getByLabel('Grant type').inputValue()).toBe('authorization_code');
        // Clients as rows, groups as columns.
        for (const c of m.clients) expect(await grid.getByRole('rowheader').filter({ hasText: c.label }).count(), c.label).toBe(1);
        for (const s of m.subjects) expect(await grid.getByRole('columnheader').filter({ hasText: s.name }).count(), s.name).toBe(1);
        expect(await grid.locator('td').count()).toBe(m.clients.length * m.subjects.length);

        await page.getByLabel('Who can get', { exact: true }).selectOption('orders:write');
        const lit = grid.locator('td[data-hit="true"]');
        await expect.poll(() => lit.count()).toBe(expectedHits.length);
        const hits = await lit.evaluateAll((tds) => tds.map((td) => `${td.getAttribute('data-client')} × ${td.getAttribute('data-subject')}`));
        expect(hits.sort()).toEqual(expectedHits);
        const answer = await page.getByRole('status', { name: 'Who can get it' }).innerText();
        expect(answer).toContain(`${expectedHits.length} of ${m.clients.length * m.subjects.length}`);
        for (const h of expectedHits) expect(answer).toContain(h);

        // The deciding rule on hover, and a click through to it.
        const staff = grid.locator('td[data-client="Orders Portal"][data-subject="Orders Staff"]');
        const row = m.rows.find((r) => r.clientId === clientId('Orders Portal') && m.subjects[r.subject].name === 'Orders Staff')!;
        const rule = m.rules[row.cells[w]];
        expect(await staff.getByRole('button').getAttribute('title')).toContain(`through the rule "${rule.ruleName}"`);
        const link = staff.getByRole('link', { name: rule.ruleName });
        expect(await link.getAttribute('href')).toBe(`#/authorization-servers/${ordersId}/policies/${rule.policyId}/${rule.ruleId}`);
        // Turned away before the policies, in words.
        const spaEveryone = grid.locator('td[data-client="Orders SPA"][data-subject="Everyone"]');
        expect(await spaEveryone.innerText()).toContain('Not assigned');
        await shot(page, `matrix-${scheme}`);

        if (scheme === 'light') {
          // Arrow keys move between cells.
          await staff.getByRole('button').focus();
          await page.keyboard.press('ArrowRight');
          expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Orders Portal × Orders Admins:/);
          await page.keyboard.press('ArrowDown');
          expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Orders SPA × Orders Admins: turned away/);

          // A cell opens in full: every scope, through which rule or why not.
          await staff.getByRole('button').click();
          const dialog = page.getByRole('dialog', { name: 'Orders Portal × Orders Staff' });
          await dialog.waitFor();
          const admin = dialog.getByRole('row').filter({ has: page.getByText('orders:admin', { exact: true }) });
          expect(await admin.innerText()).toContain('not granted');
          expect(await dialog.getByText('switch the columns to named users', { exact: false }).count()).toBe(1);
          await shot(page, 'matrix-cell');
          await page.keyboard.press('Escape');
          await expect.poll(() => dialog.count()).toBe(0);

          await link.click();
          await expect.poll(() => page.url()).toContain(`/policies/${rule.policyId}/${rule.ruleId}`);
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  test('named users as columns; a cell previews its token', async () => {
    const { context, page, problems } = await open('light');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/matrix`);
      const grid = page.getByRole('table', { name: 'Access matrix' });
      await grid.waitFor();
      await page.getByRole('radio', { name: 'Named users' }).click();
      // A few people to start with; everyone else through the search.
      await grid.getByRole('columnheader').filter({ hasText: 'grace@example.com' }).waitFor();
      const m = await admin<MatrixWire>(`/authorizationServers/${ordersId}/matrix`, { grantTypes: ['authorization_code'], groupIds: [], userIds: ['grace@example.com'] });
      const a = m.scopes.indexOf('orders:admin');
      const graceRow = m.rows.find((r) => r.clientId === clientId('Orders Portal'))!;
      expect(graceRow.cells[a]).toBeGreaterThanOrEqual(0);
      await page.getByLabel('Who can get', { exact: true }).selectOption('orders:admin');
      const grace = grid.locator('td[data-client="Orders Portal"][data-subject="grace@example.com"]');
      expect(await grace.getAttribute('data-hit')).toBe('true');
      expect(await grid.locator('td[data-client="Orders Portal"][data-subject="katherine@example.com"]').getAttribute('data-hit')).toBe('false');
      await shot(page, 'matrix-users');

      await grace.getByRole('button').click();
      await page.getByRole('dialog').getByRole('button', { name: 'Preview this token' }).click();
      await expect.poll(() => page.url()).toContain(`/authorization-servers/${ordersId}/preview`);
      const decision = page.getByRole('region', { name: 'Decision' });
      await decision.getByText('Tokens would be minted').waitFor();
      expect(await decision.getByRole('link', { name: m.rules[graceRow.cells[a]].ruleName }).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
