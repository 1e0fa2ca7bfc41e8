/**
 * The claim expression editor, as an architect uses it: Monaco bundled with the app (no CDN), the
 * Okta Expression Language highlighted, the server's parser flagging a deliberate error, the live
 * value for a chosen user and client, completion and signature help from the server, and the claim
 * saved (checked through the admin API). Screenshots in light and dark go to test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-expression-token-0123456789';
const EDITOR_LABEL = 'Expression (Okta Expression Language)';

let dir: string;
let server: RunningServer;
let browser: Browser;
let ordersId = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-expr-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const servers = (await admin<{ id: string; name: string }[]>('/authorizationServers'));
  ordersId = servers.find((s) => s.name === 'Orders API')!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** A signed-in page with console errors, failed requests and requests leaving 127.0.0.1 recorded. */
async function open(colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  const problems: string[] = [];
  const workers: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1') problems.push(`foreign request: ${req.url()}`);
  });
  page.on('requestfailed', (req) => {
    // The editor cancels its own stale checks (a newer keystroke, a closed form): not a failure.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && req.url().startsWith(`${server.url}/api/v1/`)) return;
    problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('worker', (w) => workers.push(w.url()));
  const res = await page.goto(server.uiLoginUrl(), { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.getByRole('heading', { level: 1, name: 'Authorization Servers' }).waitFor({ timeout: 10_000 });
  return { context, page, problems, workers };
}

/** Scrolls the editor and its live value into the middle of the window. */
const centre = (form: Locator) => form.locator('.el-workspace').evaluate((el) => el.scrollIntoView({ block: 'center' }));

/** The window as the user sees it, then the whole claim form. */
async function shot(page: Page, form: Locator, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS_DIR, `expression-editor-${name}.png`) });
  await form.screenshot({ path: join(RESULTS_DIR, `expression-editor-${name}-form.png`) });
}

/** Monaco's text area, found by its accessible name as a screen reader would. */
const editorBox = (scope: Page | Locator) => scope.getByRole('textbox', { name: EDITOR_LABEL });

/** The expression as the editor holds it (Monaco renders spaces as non-breaking ones). */
async function editorText(form: Locator): Promise<string> {
  return (await form.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

async function typeInEditor(page: Page, form: Locator, text: string): Promise<void> {
  await form.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('End');
  await page.keyboard.type(text, { delay: 15 });
}

// Typing into Monaco key by key, with the server answering each pause, takes a while on a busy machine.
const SLOW = 120_000;

describe('the claim expression editor', () => {
  test('flags a deliberate error, shows the live value for a user, completes from the directory and saves the claim', async () => {
    const { context, page, problems, workers } = await open('light');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/claims`);
      await page.getByRole('table', { name: 'Claims' }).waitFor();
      await page.getByRole('button', { name: 'Add claim' }).click();
      const form = page.getByRole('form', { name: 'New claim' });
      await form.getByLabel('Name', { exact: true }).fill('team');

      // The editor loads (lazily) and is labelled.
      const box = editorBox(form);
      await box.waitFor({ state: 'attached', timeout: 15_000 });
      await form.locator('.monaco-editor').waitFor();
      await centre(form);
      // An empty expression offers the objects, the namespaces and examples to start from.
      await form.getByRole('group', { name: 'Insert an object or a function namespace' }).getByRole('button', { name: 'user', exact: true }).waitFor();
      expect(await form.getByRole('button', { name: "String.substringBefore(user.email, '@')" }).count()).toBe(1);
      await shot(page, form, 'new-light');

      // A deliberate error: the server's parser flags it under the editor and as a squiggle in it.
      await typeInEditor(page, form, 'user.department +');
      await page.keyboard.press('Escape');
      expect(await editorText(form)).toBe('user.department +');
      const problemsList = form.getByRole('list', { name: 'Problems in the expression' });
      // (Checks run as you type, so an earlier, half-typed state may show first.)
      await expect.poll(async () => ((await problemsList.count()) ? problemsList.innerText() : ''), { timeout: 10_000 }).toContain("Column 18: Expected a value after '+', but the expression ended.");
      await form.locator('.monaco-editor .squiggly-error').first().waitFor();
      expect(await form.getByRole('button', { name: 'Add claim' }).isDisabled()).toBe(true);
      expect(await form.getByText('Fix the expression to save the claim.').count()).toBe(1);
      expect(await form.getByRole('status', { name: 'Live value' }).innerText()).toContain('Fix the expression to see its value.');
      // Monaco highlights the language: the object `user` is its own token.
      expect(await form.locator('.monaco-editor .view-line span', { hasText: /^user$/ }).count()).toBeGreaterThan(0);
      await shot(page, form, 'error-light');

      // Fixed: the problems go, and the live value for grace@example.com shows.
      await typeInEditor(page, form, " ' - ' + user.title");
      await page.keyboard.press('Escape');
      await form.getByText('The expression is valid.').waitFor({ timeout: 10_000 });
      expect(await editorText(form)).toBe("user.department + ' - ' + user.title");
      await expect.poll(() => form.locator('.monaco-editor .squiggly-error').count(), { timeout: 10_000 }).toBe(0);
      await form.getByLabel('User', { exact: true }).fill('grace@example.com');
      const value = form.getByTestId('live-value');
      await expect.poll(async () => (await value.count()) ? value.innerText() : '', { timeout: 10_000 }).toBe('"Engineering - Principal Engineer"');
      expect(await form.getByRole('status', { name: 'Live value' }).innerText()).toContain('In the access token: "team": "Engineering - Principal Engineer"');

      // Completion from the server: after `user.` the directory's profile attributes are offered.
      await typeInEditor(page, form, " + ' / ' + user.");
      const suggest = page.locator('.suggest-widget.visible');
      await suggest.waitFor({ timeout: 10_000 });
      await suggest.getByRole('option', { name: /lastName/ }).waitFor();
      await page.keyboard.type('lastN', { delay: 30 });
      await suggest.getByRole('option', { name: /lastName/ }).waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => editorText(form)).toBe("user.department + ' - ' + user.title + ' / ' + user.lastName");
      await expect.poll(async () => value.innerText(), { timeout: 10_000 }).toBe('"Engineering - Principal Engineer / Hopper"');

      // Hover: the attribute's documentation and its value for the chosen user.
      await form.locator('.monaco-editor .view-line span', { hasText: /^lastName$/ }).hover();
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'user profile attribute' });
      await hover.waitFor({ timeout: 10_000 });
      expect(await hover.innerText()).toContain('"Hopper"');
      await shot(page, form, 'live-value-light');
      await page.mouse.move(5, 5);

      // Saved, and the server really holds it.
      await form.getByRole('button', { name: 'Add claim' }).click();
      await page.getByRole('table', { name: 'Claims' }).getByText('team', { exact: true }).waitFor();
      const claims = await admin<{ name: string; value: string; valueType: string; claimType: string }[]>(`/authorizationServers/${ordersId}/claims`);
      const saved = claims.find((c) => c.name === 'team');
      expect(saved).toMatchObject({ valueType: 'EXPRESSION', claimType: 'RESOURCE', value: "user.department + ' - ' + user.title + ' / ' + user.lastName" });

      // Monaco runs from the app's own assets: any worker it starts is the app's, never a language worker.
      for (const w of workers) expect(w.startsWith(server.url) || w.startsWith('blob:')).toBe(true);
      expect(workers.filter((w) => /ts\.worker|json\.worker|css\.worker|html\.worker/.test(w))).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  test('dark theme, keyboard, function completion with its signature, and an evaluation error in words', async () => {
    const { context, page, problems } = await open('dark');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/claims`);
      const table = page.getByRole('table', { name: 'Claims' });
      await table.getByRole('row').filter({ has: page.locator('code.cell-title', { hasText: /^department$/ }) }).getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('form', { name: 'Edit claim department' });
      await form.locator('.monaco-editor').waitFor({ timeout: 15_000 });
      await centre(form);
      await form.getByText('The expression is valid.').waitFor({ timeout: 10_000 });
      expect(await editorText(form)).toBe('user.department');
      // The editor follows the workbench's dark theme.
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await form.locator('.monaco-editor.vs-dark').count()).toBe(1);

      // Reachable by keyboard: Tab from the field before it enters the editor, and Tab leaves it.
      await form.getByLabel('Only with scopes').focus();
      await page.keyboard.press('Tab');
      expect(await editorBox(form).evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Tab');
      expect(await editorBox(form).evaluate((el) => el === document.activeElement)).toBe(false);

      // Replace the expression from the keyboard; a namespace function is completed with its signature.
      await editorBox(form).focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      // The namespace from the Insert row: the editor gets `Convert.` and lists its functions.
      await form.getByRole('group', { name: 'Insert an object or a function namespace' }).getByRole('button', { name: 'Convert', exact: true }).click();
      const suggest = page.locator('.suggest-widget.visible');
      await suggest.getByRole('option', { name: /toInt/ }).waitFor({ timeout: 10_000 });
      expect(await editorText(form)).toBe('Convert.');
      // Ctrl+Space shows the selected function's signature and documentation beside the list.
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-details-container .suggest-details').filter({ hasText: 'Convert.toInt(' }).waitFor({ timeout: 10_000 });
      await shot(page, form, 'completion-dark');
      await page.keyboard.type('toIn', { delay: 30 });
      await page.keyboard.press('Enter');
      const hints = page.locator('.parameter-hints-widget.visible');
      await hints.waitFor({ timeout: 10_000 });
      expect(await hints.innerText()).toContain('Convert.toInt(');
      await page.keyboard.type('user.department', { delay: 15 });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await expect.poll(() => editorText(form)).toBe('Convert.toInt(user.department)');

      // Valid, but it cannot be evaluated for the chosen user: said in words, and marked in the editor.
      await form.getByLabel('User', { exact: true }).fill('grace@example.com');
      const live = form.getByRole('status', { name: 'Live value' });
      await expect.poll(async () => live.innerText(), { timeout: 10_000 }).toContain('Evaluation fails for grace@example.com');
      expect(await live.innerText()).toContain("Convert.toInt: 'Engineering' is not an integer");
      await form.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 10_000 });
      await shot(page, form, 'evaluation-error-dark');

      // Back to a value; hover docs of a function.
      await editorBox(form).focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type("String.toUpperCase(user.department)", { delay: 10 });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await expect.poll(async () => live.innerText(), { timeout: 10_000 }).toContain('"ENGINEERING"');
      await form.locator('.monaco-editor .view-line span', { hasText: /^toUpperCase$/ }).hover();
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'String.toUpperCase(' });
      await hover.waitFor({ timeout: 10_000 });
      await shot(page, form, 'hover-dark');

      // The editor's theme follows the workbench's when it changes.
      await page.evaluate(() => {
        document.documentElement.dataset.theme = 'light';
      });
      await form.locator('.monaco-editor.vs').waitFor();
      expect(await form.locator('.monaco-editor.vs-dark').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);
});
