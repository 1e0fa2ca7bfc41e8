/**
 * The Workspace screen in the browser: export (YAML, JSON, with secrets marked), import with a
 * preview of what will change, a broken document's problems, the comparison with a file, and a push
 * to a second Gatehouse standing in for an Okta org, with its plan and a confirmation. Every change
 * is checked on the server. Screenshots (light and dark) go to test-results/workspace-*.png.
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
// E2E_RENDERER_DIR: a renderer build of your own, when other builds keep replacing out/renderer.
const RENDERER_DIR = process.env.E2E_RENDERER_DIR ?? join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-admin-token-workspace-0123456789';
const REMOTE_TOKEN = 'e2e-remote-token-workspace-987654';

let dir: string;
let server: RunningServer;
let remote: RunningServer;
let browser: Browser;

async function yamlExport(): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/gatehouse/workspace/export?format=yaml`, { headers: { Authorization: `SSWS ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-workspace-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  remote = await startServer({ db: join(dir, 'remote.db'), port: 0, host: '127.0.0.1', apiToken: REMOTE_TOKEN, seed: 'none', logLevel: 'silent' });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  delete process.env.HTTPS_PROXY;
  delete process.env.https_proxy;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await remote?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS_DIR, `workspace-${name}.png`) });

async function goTo(page: Page, tab: string) {
  await page.getByRole('link', { name: 'Workspace' }).click();
  await page.getByRole('heading', { level: 1, name: 'Workspace' }).waitFor();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: tab }).click();
}

describe('workspace screen', () => {
  test('export: YAML by default, JSON and Okta JSON on request, secrets only when asked and then marked', async () => {
    const { page, problems, context } = await openWorkbench(browser, server.uiLoginUrl());
    await goTo(page, 'Export');
    const text = page.getByRole('textbox', { name: 'Exported document' });
    await expect.poll(() => text.inputValue()).toContain('gatehouse: 1');
    expect(await text.inputValue()).toContain('- name: Orders API');
    expect(await text.inputValue()).not.toMatch(/passwordHash|clientSecret/);
    await expect.poll(() => page.getByText(/gatehouse\.yaml · \d+ lines/).count()).toBe(1);
    await shot(page, 'export-light');

    await page.getByRole('checkbox', { name: 'Include secrets' }).check();
    await expect.poll(() => text.inputValue()).toMatch(/^# CONTAINS SECRETS/);
    expect(await page.getByRole('note').textContent()).toContain('Keep it like a password');
    await page.getByRole('radio', { name: /Okta's JSON/ }).check();
    await page.getByRole('combobox', { name: 'Authorization server' }).selectOption('Orders API');
    await expect.poll(async () => JSON.parse(await text.inputValue()).authorizationServers.map((s: { name: string }) => s.name)).toEqual(['Orders API']);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Download okta-orders-api\.json/ }).click();
    expect((await download).suggestedFilename()).toBe('okta-orders-api.json');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('import: the preview lists each change by name, the import writes them; a broken document lists its problems', async () => {
    const { page, problems, context } = await openWorkbench(browser, server.uiLoginUrl());
    await goTo(page, 'Import');
    const doc = (await yamlExport())
      .replace('groups:\n', 'groups:\n  - name: Auditors\n    description: Read-only reviewers\n')
      .replace('description: Read your orders', 'description: Read every order you placed');
    await page.getByRole('textbox', { name: 'Document' }).fill(doc);
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const plan = page.getByRole('table', { name: 'Changes the import makes' });
    await plan.waitFor();
    expect(await plan.locator('tbody tr').allInnerTexts()).toEqual([
      'Create\tGroup\tAuditors\t',
      'Update\tScope\tOrders API / orders:read\tdescription',
    ].map((r) => expect.stringContaining(r.split('\t').slice(2, 3)[0]!)));
    await expect.poll(() => page.getByRole('status').filter({ hasText: '1 to create' }).count()).toBe(1);
    await shot(page, 'import-preview-light');
    // The preview wrote nothing.
    expect(server.store.groups.getByName('Auditors')).toBeUndefined();

    await page.getByRole('button', { name: 'Import 2 changes' }).click();
    await page.getByText('2 changes written in one transaction.').waitFor();
    expect(server.store.groups.getByName('Auditors')?.profile.description).toBe('Read-only reviewers');

    await page.getByRole('textbox', { name: 'Document' }).fill('gatehouse: 1\ngroups:\n  - name: Auditors\n    colour: red\nusers:\n  - login: nobody\n    profile: {}\n');
    await page.getByRole('button', { name: 'Preview changes' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'nothing was changed' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("groups[0].colour unknown field 'colour'");
    await shot(page, 'import-problems-light');
    // The refused document is the server's 400, shown in words: not a problem of the page.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    await context.close();
  });

  test('compare: the workspace against a file, in the dark theme', async () => {
    const { page, problems, context } = await openWorkbench(browser, server.uiLoginUrl(), 'dark');
    await goTo(page, 'Compare with a file');
    const current = await yamlExport();
    await page.getByRole('textbox', { name: 'Document' }).fill(current);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByText('The workspace matches the file.').waitFor();
    const edited = current
      .replace(/  - login: alan@example\.com\n(    .*\n|      .*\n)+/, '')
      .replace('groups:\n', 'groups:\n  - name: Reviewers\n')
      .replace('accessTokenLifetimeMinutes: 30', 'accessTokenLifetimeMinutes: 20');
    await page.getByRole('textbox', { name: 'Document' }).fill(edited);
    await page.getByRole('button', { name: 'Compare' }).click();
    const table = page.getByRole('table', { name: 'Differences' });
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.startsWith('− Delete') && r.includes('alan@example.com'))).toBe(true);
    expect(rows.some((r) => r.startsWith('+ Create') && r.includes('Reviewers'))).toBe(true);
    expect(rows.some((r) => r.includes('Everyone may read orders') && r.includes('actions.token'))).toBe(true);
    await shot(page, 'compare-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('push to Okta: connect, review the plan, confirm; the org then has the server and a second plan is empty', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems, context } = await openWorkbench(browser, server.uiLoginUrl(), theme);
      await goTo(page, 'Push to Okta');
      if (theme === 'light') {
        await page.getByRole('textbox', { name: 'Okta org URL' }).fill('not a url');
        await page.getByText('The org URL, such as https://dev-123456.okta.com (no path).').waitFor();
      }
      await page.getByRole('textbox', { name: 'Okta org URL' }).fill(remote.url);
      await page.getByLabel('API token').fill(REMOTE_TOKEN);
      await page.getByRole('combobox', { name: 'Authorization server' }).selectOption('Orders API');
      await page.getByRole('button', { name: 'Show the plan' }).click();
      if (theme === 'dark') {
        await page.getByText('The org already matches: nothing to push.').waitFor();
        await shot(page, 'push-nothing-dark');
        expect(problems).toEqual([]);
        await context.close();
        continue;
      }
      const plan = page.getByRole('table', { name: 'Changes to the remote org' });
      await plan.waitFor();
      expect(await plan.innerText()).toContain('Orders API / orders:read');
      await shot(page, 'push-plan-light');
      expect(remote.store.authServers.all().map((s) => s.name)).toEqual(['default']);
      await page.getByRole('button', { name: /^Push \d+ changes$/ }).click();
      await page.getByRole('alertdialog', { name: 'Confirm push' }).waitFor();
      await shot(page, 'push-confirm-light');
      await page.getByRole('button', { name: 'Yes, push' }).click();
      await page.getByText(`Pushed to ${remote.url}`).waitFor();
      expect(remote.store.authServers.all().map((s) => s.name)).toEqual(['default', 'Orders API']);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('pull from Okta: a wrong token is said in words', async () => {
    const { page, problems, context } = await openWorkbench(browser, server.uiLoginUrl());
    await goTo(page, 'Pull from Okta');
    await page.getByText('Nothing fetched yet').waitFor();
    await page.getByRole('textbox', { name: 'Okta org URL' }).fill(remote.url);
    await page.getByLabel('API token').fill('wrong-token-0000');
    await page.getByRole('textbox', { name: 'Authorization server' }).fill('Orders API');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await page.getByText(/refused the token \(401\)/).waitFor();
    await shot(page, 'pull-error-light');
    // The failed call is the server's 502, reported in words: not a console problem of the page.
    expect(problems.filter((p) => !p.includes('502'))).toEqual([]);
    await context.close();
  });
});
