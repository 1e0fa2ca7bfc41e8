/**
 * The flow simulator's one-click tampers and the other flows, in the browser, as a tester uses them:
 * another redirect URI, a replayed code, a revoked and an expired token, a dropped parameter, the
 * Skip button, the follow-up checkboxes, the device and client credentials flows and form_post.
 * Each test asserts what the tester reads: the step's verdict, the OAuth error and its description,
 * the summary sentence or the trace. Screenshots (light and dark) go to test-results/simulator-tampers-*.png.
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
const TOKEN = 'e2e-simulator-tampers-token-0123456789';

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-sim-tampers-'));
  const rendererDir = await copyRenderer(join(dir, 'renderer'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
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
  await page.screenshot({ path: join(RESULTS_DIR, `simulator-tampers-${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Workbench' }).getByRole('link', { name, exact: true });
const step = (page: Page, n: number, title: string) => page.getByRole('region', { name: `Step ${n}: ${title}` });
const seq = (page: Page) => page.getByRole('region', { name: 'Sequence' });
const send = (page: Page) => page.getByRole('button', { name: 'Send', exact: true }).click();
const next = (page: Page, n: number, of: number, title: string) => page.getByRole('heading', { name: `Step ${n} of ${of}: ${title}` }).waitFor();
/**
 * The admin API calls the server refused, as "status path". Chromium logs each 4xx as a console
 * error; a step that cannot be prepared is such a refusal on purpose, and this names which one it was.
 */
function refusals(page: Page): string[] {
  const out: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 400) out.push(`${res.status()} ${new URL(res.url()).pathname}`);
  });
  return out;
}
const PREPARE_REFUSED = 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';

/** The sequence row of a step, which says its status in words. */
const row = (page: Page, n: number, title: string, status: string) => seq(page).getByRole('button', { name: `Step ${n}: ${title}, ${status}` });

interface Setup {
  client: string;
  flow?: string;
  user?: string;
  scopes: string[];
}

/** Opens the simulator on the Orders API with a client, a flow, a user (password from the demo seed) and scopes. */
async function setUp(page: Page, s: Setup) {
  await nav(page, 'Simulator').click();
  await page.getByRole('heading', { level: 1, name: 'Flow simulator' }).waitFor();
  await page.getByLabel('Authorization server').selectOption({ label: 'Orders API' });
  await page.getByLabel('Client', { exact: true }).selectOption({ label: s.client });
  if (s.flow) await page.getByLabel('Flow', { exact: true }).selectOption({ label: s.flow });
  if (s.user) {
    await page.getByLabel('User', { exact: true }).fill(s.user);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
  }
  for (const sc of s.scopes) await page.getByRole('group', { name: 'Scopes' }).getByRole('button', { name: sc, exact: true }).click();
}

const ada = (scopes = ['openid', 'orders:read']): Setup => ({ client: 'Orders Portal (web)', user: 'ada@example.com', scopes });

/** Sends sign-in and authorize untouched; the token request is next. */
async function upToToken(page: Page, of = 3) {
  await next(page, 1, of, 'Sign in (Authentication API)');
  await send(page);
  await next(page, 2, of, 'Authorization request');
  await send(page);
  await next(page, 3, of, 'Token request');
}

describe('the simulator’s one-click tampers', () => {
  test('another redirect URI: /authorize refuses without sending the browser back; the token step cannot be prepared and is skipped', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    const refused4xx = refusals(page);
    await setUp(page, ada());
    await next(page, 1, 3, 'Sign in (Authentication API)');
    await send(page);
    await next(page, 2, 3, 'Authorization request');

    const query = page.getByRole('table', { name: 'Query parameters' });
    const redirect = query.getByRole('textbox', { name: 'Value of query parameter redirect_uri' });
    expect(await redirect.inputValue()).toBe('http://localhost:3000/authorization-code/callback');
    await page.getByRole('group', { name: 'Common tampers' }).getByRole('button', { name: 'Another redirect URI' }).click();
    expect(await redirect.inputValue()).toBe('https://attacker.example/authorization-code/callback');
    await page.getByText('edited', { exact: true }).waitFor();
    await send(page);

    const refused = step(page, 2, 'Authorization request');
    await refused.getByText('Refused', { exact: true }).waitFor();
    expect(await refused.getByText('tampered', { exact: true }).isVisible()).toBe(true);
    expect(await refused.locator('.sim-error-code').innerText()).toBe('invalid_request');
    expect(await refused.getByText('HTTP 400', { exact: true }).isVisible()).toBe(true);
    expect(await refused.locator('.sim-summary').innerText()).toMatch(/^The server refused the request without sending the browser back to the app \(invalid_request\): .*redirect_uri/i);
    // The server's error page is folded away under the response headers.
    expect(await refused.getByText(/^HTML page, [\d,]+ characters$/).isVisible()).toBe(true);
    expect(await refused.getByLabel('Response body').isVisible()).toBe(false);
    expect(await row(page, 2, 'Authorization request', 'refused').isVisible()).toBe(true);

    // No code came back: the token request says why it cannot be prepared, and the tester skips it.
    await next(page, 3, 3, 'Token request');
    const cannot = page.getByRole('alert').filter({ hasText: 'This step cannot be prepared' });
    await cannot.waitFor();
    // The server's reason, in its own words and nothing else.
    expect(await cannot.locator('span').innerText()).toBe('This step needs an authorization code, and the steps before it did not produce one.');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'redirect-light');
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await page.getByText('1 of 3 steps succeeded, 1 skipped.', { exact: false }).waitFor();
    expect(await row(page, 3, 'Token request', 'skipped').isVisible()).toBe(true);
    // The one refused call is the token step's preparation; /authorize's 400 reached the simulator, not the page.
    expect(refused4xx).toEqual(['400 /api/v1/gatehouse/simulator/prepare']);
    expect(problems).toEqual([PREPARE_REFUSED]);
    await page.context().close();
  });

  test('replay the code: a step is added that sends the same code again; the server refuses it with invalid_grant', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, ada());
    await upToToken(page);
    await page.getByRole('button', { name: 'Replay the code' }).click();
    // The tamper is a follow-up step: the sequence grows and the checkbox says so; the steps sent stay.
    await next(page, 3, 4, 'Token request');
    expect(await page.getByRole('checkbox', { name: /^Replay the authorization code/ }).isChecked()).toBe(true);
    expect(await row(page, 4, 'Replay the authorization code', 'not sent yet').isVisible()).toBe(true);
    expect(await row(page, 2, 'Authorization request', 'succeeded').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Replay the code' }).count()).toBe(0);

    await send(page);
    await step(page, 3, 'Token request').getByText('Succeeded', { exact: true }).waitFor();
    await next(page, 4, 4, 'Replay the authorization code');
    await send(page);
    const replay = step(page, 4, 'Replay the authorization code');
    await replay.getByText('Refused', { exact: true }).waitFor();
    expect(await replay.locator('.sim-error-code').innerText()).toBe('invalid_grant');
    expect(await replay.locator('.sim-summary').innerText()).toBe('Refused with invalid_grant: The authorization code is invalid or has expired.');
    expect(await replay.getByRole('region', { name: 'What the server decided' }).innerText()).toContain('The authorization code is invalid or has expired.');
    await page.getByText('3 of 4 steps succeeded.', { exact: false }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`use a revoked token (${theme}): revoked, introspection says inactive, UserInfo refuses with invalid_token`, { timeout: 60_000 }, async () => {
      const { page, problems } = await openWorkbench(browser, server.uiLoginUrl(), theme);
      await setUp(page, ada());
      await upToToken(page);
      await page.getByRole('button', { name: 'Use a revoked token' }).click();
      await next(page, 3, 6, 'Token request');
      expect(await seq(page).getByRole('button').allInnerTexts()).toEqual([
        expect.stringContaining('Sign in (Authentication API)'), expect.stringContaining('Authorization request'), expect.stringContaining('Token request'),
        expect.stringContaining('Revoke the access token'), expect.stringContaining('Introspect the access token'), expect.stringContaining('UserInfo'),
      ]);
      for (const f of ['Revoke the access token', 'Introspect the access token', 'UserInfo']) expect(await page.getByRole('checkbox', { name: new RegExp(`^${f}`) }).isChecked()).toBe(true);

      await page.getByRole('button', { name: 'Run the rest' }).click();
      await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
      await page.getByText('5 of 6 steps succeeded.', { exact: false }).waitFor();

      await row(page, 4, 'Revoke the access token', 'succeeded').click();
      await step(page, 4, 'Revoke the access token').getByText('The server accepted the revocation.').waitFor();
      await row(page, 5, 'Introspect the access token', 'succeeded').click();
      const introspect = step(page, 5, 'Introspect the access token');
      await introspect.getByText('The token is not active: expired, revoked, or not a token this server issued.').waitFor();
      expect(await introspect.getByText('inactive', { exact: true }).isVisible()).toBe(true);

      await row(page, 6, 'UserInfo', 'refused').click();
      const userinfo = step(page, 6, 'UserInfo');
      await userinfo.getByText('Refused', { exact: true }).waitFor();
      expect(await userinfo.getByText('HTTP 401', { exact: true }).isVisible()).toBe(true);
      expect(await userinfo.locator('.sim-error-code').innerText()).toBe('invalid_token');
      expect(await userinfo.locator('.sim-summary').innerText()).toMatch(/^Refused with invalid_token: \S/);
      await shot(page, `revoked-${theme}`);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }

  test('use an expired token: the workbench re-signs it a minute past exp itself (no request), then introspection and UserInfo refuse it', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, ada());
    await upToToken(page);
    await page.getByRole('button', { name: 'Use an expired token' }).click();
    await next(page, 3, 6, 'Token request');
    await send(page);
    const issued = step(page, 3, 'Token request');
    await issued.getByText('Succeeded', { exact: true }).waitFor();
    const exp = Number(await issued.getByRole('region', { name: 'Tokens' }).locator('.sim-token', { hasText: 'Access token' }).locator('.sim-kv-row', { has: page.locator('dt:text-is("exp")') }).locator('dd').evaluate((el) => el.firstChild?.textContent ?? ''));
    expect(exp).toBeGreaterThan(Date.now() / 1000);

    // A local step: nothing to edit, nothing over the network, a different button.
    await next(page, 4, 6, 'Let the access token expire');
    await page.getByRole('note').filter({ hasText: 'Nothing goes over the network here: the workbench does this step itself.' }).waitFor();
    expect(await page.getByRole('table', { name: 'Form body' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Do it', exact: true }).click();
    const expired = step(page, 4, 'Let the access token expire');
    await expired.getByText('Succeeded', { exact: true }).waitFor();
    const expiredExp = Number(await expired.locator('.sim-token', { hasText: 'Access token' }).locator('.sim-kv-row', { has: page.locator('dt:text-is("exp")') }).locator('dd').evaluate((el) => el.firstChild?.textContent ?? ''));
    expect(expiredExp).toBeLessThan(Date.now() / 1000);

    await next(page, 5, 6, 'Introspect the access token');
    await page.getByRole('button', { name: 'Run the rest' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await row(page, 5, 'Introspect the access token', 'succeeded').click();
    await step(page, 5, 'Introspect the access token').getByText('The token is not active: expired, revoked, or not a token this server issued.').waitFor();
    await row(page, 6, 'UserInfo', 'refused').click();
    expect(await step(page, 6, 'UserInfo').locator('.sim-error-code').innerText()).toBe('invalid_token');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('drop a parameter: the code is shown removed (and can be put back), and the server names it missing', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, ada());
    await upToToken(page);
    const form = page.getByRole('table', { name: 'Form body' });
    await page.getByLabel('Drop a parameter').selectOption('code');
    await form.locator('tr.sim-row-removed', { hasText: 'removed — not sent' }).getByText('code', { exact: true }).waitFor();
    expect(await form.getByRole('textbox', { name: 'Value of body parameter code', exact: true }).count()).toBe(0);
    expect(await form.getByRole('button', { name: 'Put back body parameter code' }).isVisible()).toBe(true);
    // The dropped parameter is no longer offered for dropping.
    expect(await page.getByLabel('Drop a parameter').locator('option').allInnerTexts()).not.toContain('code');
    // Put back, then dropped again: the row comes and goes, the edit marker with it.
    await form.getByRole('button', { name: 'Put back body parameter code' }).click();
    expect(await form.getByRole('textbox', { name: 'Value of body parameter code', exact: true }).inputValue()).not.toBe('');
    await page.getByLabel('Drop a parameter').selectOption('code');
    await form.locator('tr.sim-row-removed').getByText('code', { exact: true }).waitFor();
    await send(page);

    const refused = step(page, 3, 'Token request');
    await refused.getByText('Refused', { exact: true }).waitFor();
    expect(await refused.locator('.sim-error-code').innerText()).toBe('invalid_request');
    expect(await refused.locator('.sim-summary').innerText()).toBe("Refused with invalid_request: The required parameter 'code' is missing.");
    expect(await refused.getByText('tampered', { exact: true }).isVisible()).toBe(true);
    // What was sent: no code among the parameters.
    await refused.getByText(/^Request sent — POST /).click();
    const sentRows = await refused.getByRole('table', { name: 'Parameters sent' }).locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(sentRows).toContain('grant_type');
    expect(sentRows).not.toContain('code');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('skip: a skipped sign-in is marked, and /authorize then sends the browser to the sign-in page', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    const refused4xx = refusals(page);
    await setUp(page, ada());
    await next(page, 1, 3, 'Sign in (Authentication API)');
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await next(page, 2, 3, 'Authorization request');
    expect(await row(page, 1, 'Sign in (Authentication API)', 'skipped').isVisible()).toBe(true);
    // Without the session token there is none in the query.
    expect(await page.getByRole('table', { name: 'Query parameters' }).getByRole('textbox', { name: 'Value of query parameter sessionToken' }).count()).toBe(0);
    await send(page);
    const auth = step(page, 2, 'Authorization request');
    await auth.getByText('Nobody is signed in: the server sends the browser to its sign-in page.').waitFor();
    // With the session-token sign-in there is no sign-in page step: no code, so the token step is skipped too.
    await next(page, 3, 3, 'Token request');
    expect(await page.getByRole('alert').filter({ hasText: 'This step cannot be prepared' }).locator('span').innerText()).toBe('This step needs an authorization code, and the steps before it did not produce one.');
    await page.getByRole('button', { name: 'Skip this step' }).click();
    await page.getByText('1 of 3 steps succeeded, 2 skipped.', { exact: false }).waitFor();
    expect(refused4xx).toEqual(['400 /api/v1/gatehouse/simulator/prepare']);
    expect(problems).toEqual([PREPARE_REFUSED]);
    await page.context().close();
  });
});

describe('follow-ups and the other flows', () => {
  test('follow-up checkboxes: refresh needs offline_access; UserInfo, introspection, refresh and sign-out run in the order ticked', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, ada());
    const refresh = page.getByRole('checkbox', { name: /^Refresh the tokens/ });
    expect(await refresh.isDisabled()).toBe(true);
    expect(await page.locator('label', { has: refresh }).getAttribute('title')).toBe('needs the refresh_token grant type and the offline_access scope');
    await page.getByRole('group', { name: 'Scopes' }).getByRole('button', { name: 'offline_access' }).click();
    await expect.poll(() => refresh.isDisabled()).toBe(false);

    for (const f of ['UserInfo', 'Introspect the access token', 'Refresh the tokens', 'Sign out']) await page.getByRole('checkbox', { name: new RegExp(`^${f}`) }).check();
    expect(await page.getByRole('checkbox', { name: /^Sign out/ }).locator('..').getByLabel('step 4 of the follow-ups').innerText()).toBe('4');
    await next(page, 1, 7, 'Sign in (Authentication API)');
    expect((await seq(page).getByRole('button').allInnerTexts()).map((t) => t.replace(/^\d+\s*/, '').replace(/\s*next$/, '').trim())).toEqual([
      'Sign in (Authentication API)', 'Authorization request', 'Token request', 'UserInfo', 'Introspect the access token', 'Refresh the tokens', 'Sign out',
    ]);

    await page.getByRole('button', { name: 'Run all' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await page.getByText('7 of 7 steps succeeded.', { exact: false }).waitFor();

    await row(page, 3, 'Token request', 'succeeded').click();
    expect(await step(page, 3, 'Token request').locator('.sim-summary').innerText()).toBe('Granted: an access token for openid, orders:read, offline_access, an ID token, a refresh token.');
    await row(page, 4, 'UserInfo', 'succeeded').click();
    const userinfo = step(page, 4, 'UserInfo');
    expect(await userinfo.locator('.sim-summary').innerText()).toMatch(/^The server returned \d+ claims about \S+\.$/);
    expect(await userinfo.getByRole('region', { name: 'Claims returned' }).innerText()).toContain('"sub"');
    await row(page, 5, 'Introspect the access token', 'succeeded').click();
    await step(page, 5, 'Introspect the access token').getByText('The token is active (scopes: openid orders:read offline_access).').waitFor();
    await row(page, 6, 'Refresh the tokens', 'succeeded').click();
    const refreshed = step(page, 6, 'Refresh the tokens');
    expect(await refreshed.getByRole('region', { name: 'Tokens' }).getByText('Refresh token', { exact: true }).isVisible()).toBe(true);
    await row(page, 7, 'Sign out', 'succeeded').click();
    expect(await step(page, 7, 'Sign out').locator('.sim-summary').innerText()).toMatch(/^Signed out; the browser is sent to http:\/\/localhost:3000\/\?state=\S+\.$/);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('follow-ups changed mid-flow: one not sent yet leaves the plan and the next one is prepared; unticking one already sent waits for Reset', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, ada());
    for (const f of ['UserInfo', 'Introspect the access token']) await page.getByRole('checkbox', { name: new RegExp(`^${f}`) }).check();
    await upToToken(page, 5);
    await send(page);
    await next(page, 4, 5, 'UserInfo');

    // UserInfo is prepared next; the tester drops it: the introspection takes its place, prepared for itself.
    await page.getByRole('checkbox', { name: /^UserInfo/ }).uncheck();
    await next(page, 4, 4, 'Introspect the access token');
    const form = page.getByRole('table', { name: 'Form body' });
    await form.getByRole('textbox', { name: 'Value of body parameter token_type_hint' }).waitFor();
    expect(await page.locator('.sim-url').innerText()).toMatch(/\/v1\/introspect$/);
    await send(page);
    await step(page, 4, 'Introspect the access token').getByText('Succeeded', { exact: true }).waitFor();
    await page.getByText('4 of 4 steps succeeded.', { exact: false }).waitFor();

    // Unticking a step that has run would rewrite what happened: the screen asks for a Reset instead.
    await page.getByRole('checkbox', { name: /^Introspect the access token/ }).uncheck();
    await page.getByText('The setup changed after steps were sent.').waitFor();
    expect(await row(page, 4, 'Introspect the access token', 'succeeded').isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: /^Introspect the access token/ }).check();
    await page.getByText('The setup changed after steps were sent.').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('device authorization (Orders CLI, grace): code shown, activation page, sign-in, token', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, { client: 'Orders CLI (native)', flow: 'Device authorization', user: 'grace@example.com', scopes: ['openid', 'orders:read'] });
    await next(page, 1, 4, 'Device authorization request');
    // No browser options for a device: no PKCE, no response mode.
    expect(await page.getByLabel('PKCE').count()).toBe(0);
    await send(page);
    const device = step(page, 1, 'Device authorization request');
    const summary = await device.locator('.sim-summary').innerText();
    expect(summary).toMatch(/^The device shows the code [A-Z]{8} and asks the user to visit http:\/\/127\.0\.0\.1:\d+\/activate\.$/);
    const userCode = /code ([A-Z]{8})/.exec(summary)![1]!;

    await next(page, 2, 4, 'Open the activation page');
    await page.getByRole('button', { name: 'Run the rest' }).click();
    await page.getByRole('heading', { name: 'Flow finished' }).waitFor();
    await page.getByText('4 of 4 steps succeeded.', { exact: false }).waitFor();
    await row(page, 2, 'Open the activation page', 'succeeded').click();
    await step(page, 2, 'Open the activation page').getByText(`The activation page is shown with the code ${userCode}.`).waitFor();
    await row(page, 3, 'Enter the code and sign in', 'succeeded').click();
    await step(page, 3, 'Enter the code and sign in').getByText('The user signed in and allowed the device.').waitFor();
    await row(page, 4, 'Token request', 'succeeded').click();
    const token = step(page, 4, 'Token request');
    expect(await token.locator('.sim-scopes').innerText()).toContain('orders:read');
    expect(await token.getByRole('region', { name: 'Tokens' }).locator('.sim-token', { hasText: 'Access token' }).locator('.sim-kv-row', { has: page.locator('dt:text-is("sub")') }).locator('dd').innerText()).toBe('grace@example.com');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('client credentials (Fulfilment Service): no user asked, one token request, decided by “Service to service”', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, { client: 'Fulfilment Service (service)', scopes: ['orders:read'] });
    expect(await page.getByLabel('Flow', { exact: true }).locator('option:checked').innerText()).toBe('Client credentials');
    expect(await page.getByLabel('User', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Password').count()).toBe(0);
    await next(page, 1, 1, 'Token request');
    const form = page.getByRole('table', { name: 'Form body' });
    expect(await form.getByRole('textbox', { name: 'Value of body parameter grant_type' }).inputValue()).toBe('client_credentials');
    await send(page);
    const token = step(page, 1, 'Token request');
    await token.getByText('Succeeded', { exact: true }).waitFor();
    expect(await token.locator('.sim-summary').innerText()).toBe('Granted: an access token for orders:read.');
    const decided = await token.getByRole('region', { name: 'What the server decided' }).innerText();
    expect(decided).toMatch(/Service to service/);
    await page.getByText('1 of 1 steps succeeded.', { exact: false }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('response mode form_post: /authorize answers with a self-posting form, and the code still reaches the token step', { timeout: 60_000 }, async () => {
    const { page, problems } = await openWorkbench(browser, server.uiLoginUrl());
    await setUp(page, ada());
    await page.getByLabel('Response mode').selectOption('form_post');
    await next(page, 1, 3, 'Sign in (Authentication API)');
    await send(page);
    await next(page, 2, 3, 'Authorization request');
    expect(await page.getByRole('table', { name: 'Query parameters' }).getByRole('textbox', { name: 'Value of query parameter response_mode' }).inputValue()).toBe('form_post');
    await send(page);
    const auth = step(page, 2, 'Authorization request');
    await auth.getByText('Sent back to Orders Portal with an authorization code.').waitFor();
    expect(await auth.getByText('HTTP 200', { exact: true }).isVisible()).toBe(true);
    // The page the browser would post back: folded away, opened on demand, carrying the code and the state.
    await auth.getByText('Response — HTTP 200').click();
    await auth.getByText(/^HTML page, [\d,]+ characters$/).click();
    const html = await auth.getByLabel('Response body').innerText();
    expect(html).toContain('action="http://localhost:3000/authorization-code/callback"');
    expect(html).toMatch(/<input type="hidden" name="code" value="[^"]+">/);
    expect(html).toMatch(/<input type="hidden" name="state" value="[^"]+">/);
    await next(page, 3, 3, 'Token request');
    expect(await page.getByRole('table', { name: 'Form body' }).getByRole('textbox', { name: 'Value of body parameter code', exact: true }).inputValue()).not.toBe('');
    await send(page);
    await step(page, 3, 'Token request').getByText('Succeeded', { exact: true }).waitFor();
    await page.getByText('3 of 3 steps succeeded.', { exact: false }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
