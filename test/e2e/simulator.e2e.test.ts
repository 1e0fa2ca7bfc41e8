/**
 * The flow simulator and scenarios in the browser, as a tester uses them (issue #6): an
 * authorization code + PKCE flow sent step by step, the verifier tampered with and refused with its
 * trace; the flow run whole; two scenarios saved; a policy changed through the admin API so one of
 * them fails; the suite run with its diff shown; the access token handed to the inspector.
 * Screenshots (light and dark) go to test-results/simulator-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';
import { launchChromium } from '../helpers/chromium.js';
import { copyRenderer } from '../helpers/renderer.js';
import { openWorkbench } from '../helpers/workbench.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-simulator-token-0123456789';

let dir: string;
let server: RunningServer;
let browser: Browser;
let ordersId = '';

async function admin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-simulator-'));
  const rendererDir = await copyRenderer(join(dir, 'renderer'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  ordersId = (await admin<{ id: string; name: string }[]>('/authorizationServers')).find((s) => s.name === 'Orders API')!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The whole screen: the workbench scrolls inside its main column, so the window grows to fit it for the picture. */
async function shot(page: Page, name: string) {
  const height = await page.locator('#main').evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 4000)) });
  await page.screenshot({ path: join(RESULTS_DIR, `simulator-${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Opens the simulator and sets up Orders Portal → Orders API, code + PKCE, ada, openid orders:read. */
async function setUpAda(page: Page, scopes = ['openid', 'orders:read']) {
  await nav(page, 'Simulator').click();
  await page.getByRole('heading', { level: 1, name: 'Flow simulator' }).waitFor();
  await page.getByText('No flow yet').waitFor();
  await page.getByLabel('Authorization server').selectOption({ label: 'Orders API' });
  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Orders Portal (web)' });
  expect(await page.getByLabel('Flow', { exact: true }).locator('option:checked').innerText()).toBe('Authorization code');
  // Flows the app's grant types do not allow are there, disabled, with the reason.
  expect(await page.getByLabel('Flow', { exact: true }).locator('option', { hasText: 'Client credentials' }).innerText()).toContain('needs the client_credentials grant type');
  expect(await page.getByLabel('Flow', { exact: true }).locator('option', { hasText: 'Client credentials' }).isDisabled()).toBe(true);
  await page.getByLabel('User', { exact: true }).fill('ada@example.com');
  expect(await page.getByLabel('Password').inputValue()).toBe('');
  await page.getByText('Demo users have the password Gatehouse-Demo-1').waitFor();
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  expect(await page.getByLabel('PKCE').locator('option:checked').innerText()).toBe('S256 (recommended)');
  for (const s of scopes) await page.getByRole('group', { name: 'Scopes' }).getByRole('button', { name: s }).click();
  await page.getByRole('heading', { name: 'Step 1 of 3: Sign in (Authentication API)' }).waitFor();
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Workbench' }).getByRole('link', { name, exact: true });
const step = (page: Page, n: number, title: string) => page.getByRole('region', { name: `Step ${n}: ${title}` });

describe('the flow simulator', () => {
  test('step by step, a wrong verifier is refused with its trace; run all gives tokens; two scenarios saved; a policy change fails one; the access token inspected', { timeout: 180_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());

    await setUpAda(page);
    const seq = page.getByRole('region', { name: 'Sequence' });
    expect(await seq.getByRole('button').allInnerTexts()).toEqual([
      expect.stringContaining('Sign in (Authentication API)'), expect.stringContaining('Authorization request'), expect.stringContaining('Token request'),
    ]);
    expect(await seq.getByRole('button', { name: /^Step 1: .*next to send$/ }).getAttribute('aria-current')).toBe('step');

    // Step 1: what will be sent, the password masked until revealed.
    const body = page.getByRole('table', { name: 'JSON body' });
    expect(await body.getByRole('textbox', { name: 'Value of body parameter username' }).inputValue()).toBe('ada@example.com');
    expect(await body.getByRole('textbox', { name: 'Value of body parameter password (masked)' }).inputValue()).toBe('••••••••');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await step(page, 1, 'Sign in (Authentication API)').getByText('Signed in as ada@example.com').waitFor();

    // Step 2: the authorization request, its query as a table.
    await page.getByRole('heading', { name: 'Step 2 of 3: Authorization request' }).waitFor();
    const query = page.getByRole('table', { name: 'Query parameters' });
    expect(await query.getByRole('textbox', { name: 'Value of query parameter scope' }).inputValue()).toBe('openid orders:read');
    expect(await query.getByRole('textbox', { name: 'Value of query parameter code_challenge_method' }).inputValue()).toBe('S256');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await step(page, 2, 'Authorization request').getByText('Succeeded').waitFor();

    // Step 3: the token request, tampered: a wrong PKCE verifier, one click away.
    await page.getByRole('heading', { name: 'Step 3 of 3: Token request' }).waitFor();
    const form = page.getByRole('table', { name: 'Form body' });
    const verifier = await form.getByRole('textbox', { name: 'Value of body parameter code_verifier' }).inputValue();
    await page.getByRole('button', { name: 'Wrong PKCE verifier' }).click();
    const wrong = await form.getByRole('textbox', { name: 'Value of body parameter code_verifier' }).inputValue();
    expect(wrong).not.toBe(verifier);
    expect(wrong).toHaveLength(43);
    await page.getByText('edited', { exact: true }).waitFor();
    await shot(page, 'tamper-light');
    // The client secret is masked in the Authorization header.
    expect(await page.getByRole('table', { name: 'Headers' }).getByRole('textbox', { name: 'Value of header Authorization (masked)' }).inputValue()).toBe('Basic ••••••••');
    await page.getByRole('button', { name: 'Send', exact: true }).click();

    const refused = step(page, 3, 'Token request');
    await refused.getByText('Refused', { exact: true }).waitFor();
    expect(await refused.getByText('invalid_grant', { exact: true }).first().isVisible()).toBe(true);
    await refused.getByText('PKCE verification failed.').first().waitFor();
    expect(await refused.getByText('tampered', { exact: true }).isVisible()).toBe(true);
    const decided = refused.getByRole('region', { name: 'What the server decided' });
    expect(await decided.innerText()).toContain('✗ PKCE verification failed.');
    expect(await seq.getByRole('button', { name: 'Step 3: Token request, refused' }).isVisible()).toBe(true);
    expect(await seq.getByRole('button', { name: 'Step 2: Authorization request, succeeded' }).isVisible()).toBe(true);
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await shot(page, 'refused-light');

    // Reset, then run all untampered: tokens.
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('heading', { name: 'Step 1 of 3: Sign in (Authentication API)' }).waitFor();
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await seq.getByRole('button', { name: 'Step 3: Token request, succeeded' }).click();
    const ok = step(page, 3, 'Token request');
    await ok.getByText('Succeeded', { exact: true }).waitFor();
    expect(await ok.getByRole('region', { name: 'Tokens' }).getByText('Access token', { exact: true }).isVisible()).toBe(true);
    expect(await ok.getByRole('region', { name: 'Tokens' }).getByText('ID token', { exact: true }).isVisible()).toBe(true);
    expect(await ok.locator('.sim-scopes').innerText()).toContain('orders:read');

    // Scenario 1: success and the granted scopes, prefilled from what happened.
    await page.getByRole('button', { name: 'Save as scenario' }).click();
    const save = page.getByRole('region', { name: 'Save as scenario' });
    expect(await save.getByRole('textbox', { name: 'Expected scopes of Token request' }).inputValue()).toBe('openid orders:read');
    await save.getByRole('button', { name: 'Save scenario' }).isDisabled();
    await save.getByLabel('Name').fill('Ada reads orders');
    await save.getByLabel('Description').fill('Orders Staff read orders through the portal');
    await save.getByText(/^Claims to check/).click();
    await save.getByRole('checkbox', { name: 'access token · sub' }).check();
    expect(await save.getByRole('textbox', { name: 'Expected value of access_token claim sub' }).inputValue()).toBe('"ada@example.com"');
    await shot(page, 'save-light');
    await save.getByRole('button', { name: 'Save scenario' }).click();
    await page.getByText('Scenario “Ada reads orders” saved').waitFor();
    await page.getByRole('region', { name: 'Saved' }).getByRole('button', { name: 'Close' }).click();

    // Scenario 2: the same with orders:write. The changed setup waits for Reset.
    const scopes = page.getByRole('group', { name: 'Scopes' });
    await scopes.getByRole('button', { name: 'orders:read' }).click();
    await scopes.getByRole('button', { name: 'orders:write' }).click();
    await page.getByText('The setup changed after steps were sent.').waitFor();
    await page.getByRole('button', { name: 'Reset now' }).click();
    await page.getByRole('heading', { name: 'Step 1 of 3: Sign in (Authentication API)' }).waitFor();
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await page.getByRole('button', { name: 'Save as scenario' }).click();
    expect(await save.getByRole('textbox', { name: 'Expected scopes of Token request' }).inputValue()).toBe('openid orders:write');
    await save.getByLabel('Name').fill('Ada reads orders');
    await save.getByRole('button', { name: 'Save scenario' }).click();
    // The server's refusal is shown beside the name; nothing else is saved.
    expect(await save.getByRole('alert').filter({ hasText: 'A scenario with this name already exists' }).count()).toBeGreaterThan(0);
    await save.getByLabel('Name').fill('Ada writes orders');
    await save.getByRole('button', { name: 'Save scenario' }).click();
    await page.getByText('Scenario “Ada writes orders” saved').waitFor();

    const saved = await admin<{ name: string; setup: { scopes: string[] }; tampers: unknown[]; expectations: { step: string; outcome?: string; scopes?: string[] }[] }[]>('/gatehouse/scenarios');
    expect(saved.map((s) => s.name).sort()).toEqual(['Ada reads orders', 'Ada writes orders']);
    const writes = saved.find((s) => s.name === 'Ada writes orders')!;
    expect(writes.setup.scopes).toEqual(['openid', 'orders:write']);
    expect(writes.tampers).toEqual([]);
    expect(writes.expectations.find((x) => x.step === 'token')).toEqual({ step: 'token', outcome: 'success', scopes: ['openid', 'orders:write'] });
    const reads = saved.find((s) => s.name === 'Ada reads orders')!;
    expect(reads.expectations).toEqual([
      { step: 'sign_in', outcome: 'success' },
      { step: 'authorize', outcome: 'success' },
      { step: 'token', outcome: 'success', scopes: ['openid', 'orders:read'], claims: [{ token: 'access_token', claim: 'sub', equals: 'ada@example.com' }] },
    ]);

    // An architect switches off the rule that let staff write.
    const policy = (await admin<{ id: string; name: string }[]>(`/authorizationServers/${ordersId}/policies`)).find((p) => p.name === 'Orders apps')!;
    const rule = (await admin<{ id: string; name: string }[]>(`/authorizationServers/${ordersId}/policies/${policy.id}/rules`)).find((r) => r.name === 'Staff may read and write orders')!;
    await admin(`/authorizationServers/${ordersId}/policies/${policy.id}/rules/${rule.id}/lifecycle/deactivate`, { method: 'POST' });

    // The suite: one passes, one fails, with its diff in words.
    await nav(page, 'Scenarios').click();
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    const list = page.getByRole('table', { name: 'Saved scenarios' });
    expect(await list.locator('tbody tr').count()).toBe(2);
    expect(await list.innerText()).toContain('not run yet');
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByText('1 passed').waitFor({ timeout: 30_000 });
    await page.getByText('1 failed').waitFor();
    const matrix = page.getByRole('table', { name: 'Results by scenario and step' });
    expect(await matrix.getByRole('button', { name: 'Ada reads orders, token: passed' }).isVisible()).toBe(true);
    const failure = page.getByRole('region', { name: 'Failures' });
    expect(await failure.innerText()).toContain('Ada writes orders');
    expect(await failure.innerText()).not.toContain('Ada reads orders');
    const failedCells = matrix.getByRole('button', { name: /^Ada writes orders, .*: failed$/ });
    expect(await failedCells.count()).toBeGreaterThan(0);
    await failedCells.first().click();
    const detail = page.getByRole('region', { name: /^Ada writes orders · step \d:/ });
    await detail.getByText('Expectation not met').waitFor();
    await detail.getByRole('region', { name: 'What the server decided' }).waitFor();
    await shot(page, 'scenarios-light');

    // Back in the simulator, the last run is still there: inspect its access token.
    await nav(page, 'Simulator').click();
    await page.getByRole('region', { name: 'Sequence' }).getByRole('button', { name: 'Step 3: Token request, succeeded' }).click();
    await page.getByRole('button', { name: 'Inspect the access token' }).click();
    await page.getByRole('heading', { level: 1, name: 'Token Inspector' }).waitFor();
    await page.getByText('Access token from step 3 (Token request) of the simulation').waitFor();
    const claims = page.getByRole('table', { name: 'Claims' });
    await claims.waitFor();
    const scp = await claims.locator('tr', { has: page.locator('code.ti-claim-name:text-is("scp")') }).innerText();
    expect(scp).toContain('orders:write');
    expect(scp).toContain('Create and change orders');
    expect(await claims.locator('tr', { has: page.locator('code.ti-claim-name:text-is("cid")') }).innerText()).toContain('The client id of “Orders Portal”.');

    // The one 400 is the duplicate name refused on purpose above (Chromium logs every 4xx).
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.context().close();
  });

  test('dark theme: a refused step with its trace, and the scenarios matrix with a failure', { timeout: 120_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl(), 'dark');
    await setUpAda(page);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('heading', { name: 'Step 2 of 3: Authorization request' }).waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('heading', { name: 'Step 3 of 3: Token request' }).waitFor();
    await page.getByRole('button', { name: 'Wrong PKCE verifier' }).click();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await step(page, 3, 'Token request').getByText('PKCE verification failed.').first().waitFor();
    await shot(page, 'refused-dark');

    await nav(page, 'Scenarios').click();
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByText('1 failed').waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: 'Results by scenario and step' }).getByRole('button', { name: /^Ada writes orders, .*: failed$/ }).first().click();
    await page.getByText('Expectation not met').waitFor();
    await shot(page, 'scenarios-dark');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('scenarios are edited (expectations checked as typed) and deleted after a confirmation', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await nav(page, 'Scenarios').click();
    await page.getByRole('button', { name: 'Edit Ada writes orders' }).click();
    const editor = page.getByRole('region', { name: 'Edit “Ada writes orders”' });
    const json = editor.getByLabel('Expectations (JSON)');
    await json.fill('[{ "step": "authorize", "outcome": "refused" }');
    await editor.getByText(/^Not valid JSON/).waitFor();
    expect(await editor.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await json.fill('[{ "step": "authorize", "outcome": "maybe" }]');
    await editor.getByText('Expectation 1: "outcome" is "success" or "error"').waitFor();
    await json.fill('[{ "step": "authorize", "outcome": "error", "error": "access_denied" }]');
    await editor.getByLabel('Description').fill('Since the staff rule is off, staff may not write');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.waitFor({ state: 'detached' });
    const saved = (await admin<{ id: string; name: string; description?: string; expectations: unknown[] }[]>('/gatehouse/scenarios')).find((s) => s.name === 'Ada writes orders')!;
    expect(saved.description).toBe('Since the staff rule is off, staff may not write');
    expect(saved.expectations).toEqual([{ step: 'authorize', outcome: 'error', error: 'access_denied' }]);

    await page.getByRole('button', { name: 'Run Ada writes orders' }).click();
    await page.getByRole('table', { name: 'Saved scenarios' }).locator('tr', { hasText: 'Ada writes orders' }).getByText('passed').waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Delete Ada writes orders' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete “Ada writes orders”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await admin<unknown[]>('/gatehouse/scenarios')).length).toBe(2);
    await page.getByRole('button', { name: 'Delete Ada writes orders' }).click();
    await confirm.getByRole('button', { name: 'Delete scenario' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('table', { name: 'Saved scenarios' }).locator('tbody tr').count()).toBe(1);
    expect((await admin<{ name: string }[]>('/gatehouse/scenarios')).map((s) => s.name)).toEqual(['Ada reads orders']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('an app that asks for consent: the user allows by default, and the consent steps lead to tokens', { timeout: 60_000 }, async () => {
    // Staff may write orders again (the story above switched that rule off).
    const policy = (await admin<{ id: string; name: string }[]>(`/authorizationServers/${ordersId}/policies`)).find((p) => p.name === 'Orders apps')!;
    const rule = (await admin<{ id: string; name: string }[]>(`/authorizationServers/${ordersId}/policies/${policy.id}/rules`)).find((r) => r.name === 'Staff may read and write orders')!;
    await admin(`/authorizationServers/${ordersId}/policies/${policy.id}/rules/${rule.id}/lifecycle/activate`, { method: 'POST' });
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await nav(page, 'Simulator').click();
    await page.getByLabel('Authorization server').selectOption({ label: 'Orders API' });
    await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Orders SPA (single-page)' });
    expect(await page.getByLabel('If asked for consent').locator('option:checked').innerText()).toBe('The user allows');
    await page.getByLabel('User', { exact: true }).fill('grace@example.com');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    for (const sc of ['openid', 'orders:write']) await page.getByRole('group', { name: 'Scopes' }).getByRole('button', { name: sc }).click();
    await page.getByRole('heading', { name: 'Step 1 of 5: Sign in (Authentication API)' }).waitFor();
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await page.getByText('5 of 5 steps succeeded', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Step 2: Authorization request, succeeded' }).click();
    await page.getByText('The server asks grace@example.com to allow Orders SPA: orders:write.').waitFor();
    await page.getByRole('button', { name: 'Step 3: Consent, succeeded' }).click();
    await page.getByText('The user allowed access; the browser goes back to /authorize.').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('sign-in by a person: the authorize URL to open, and the address they landed on pasted back', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUpAda(page);
    await page.getByLabel('Sign-in').selectOption({ label: 'By a person, in their browser' });
    await page.getByRole('heading', { name: 'Step 1 of 2: Authorization request' }).waitFor();
    await page.getByRole('button', { name: 'Open in browser' }).waitFor();
    const url = new URL(await page.locator('.sim-person code').innerText());
    expect(url.pathname).toBe(`/oauth2/${ordersId}/v1/authorize`);
    const landed = page.getByLabel('Address you landed on');
    await landed.fill('http://localhost:3000/nothing-here');
    await page.getByText('That address carries no code=').waitFor();
    await landed.fill(`${url.searchParams.get('redirect_uri')}?code=not-a-real-code&state=${url.searchParams.get('state')}`);
    await page.getByRole('button', { name: 'Continue with this address' }).click();
    await page.getByRole('heading', { name: 'Step 2 of 2: Token request' }).waitFor();
    expect(await page.getByRole('table', { name: 'Form body' }).getByRole('textbox', { name: 'Value of body parameter code', exact: true }).inputValue()).toBe('not-a-real-code');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await step(page, 2, 'Token request').getByText('invalid_grant', { exact: true }).first().waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
