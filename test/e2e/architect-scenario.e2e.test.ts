/**
 * The acceptance scenario of the workbench (issue 5), end to end against a real `gatehouse serve`
 * process on a fresh org (`--seed none`): an architect, using only the UI in Chromium, builds the
 * directory and an app, then an API authorization server from scratch (scopes, a claim written in the
 * expression editor with a deliberate error the editor flags, two policies with rules, a reorder),
 * previews a token and reads its trace, and reads the access matrix. Every object is checked through
 * the admin API. Screenshots go to test-results/architect-*.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'out', 'server', 'cli.js');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-architect-scenario-token-0123456789';
const START_TIMEOUT_MS = 30_000;

const GROUP = 'Payments Staff';
const USER = { login: 'pat.payer@example.com', first: 'Pat', last: 'Payer', password: 'Ledger-Balance-42' };
const APP = 'Payments Portal';
const SERVER = 'Payments API';
const AUDIENCE = 'api://payments';
const CLAIM = 'payer_email';
const PORTAL_POLICY = 'Payments Portal access';
const PORTAL_RULE = 'Staff read payments in the portal';
const BACK_OFFICE_POLICY = 'Payments back office';
const BACK_OFFICE_RULE = 'Staff write payments';

let dir = '';
let proc: ChildProcess | undefined;
let baseUrl = '';
let loginUrl = '';
let stdout = '';
let stderr = '';
let browser: Browser | undefined;

function withTimeout<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-architect-'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: join(dir, 'xdg') };
  delete env.GATEHOUSE_CLI;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', join(dir, 'ws.db'), '--seed', 'none', '--api-token', TOKEN, '--log-level', 'warn'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc = child;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ready = new Promise<void>((resolveReady, reject) => {
    const check = () => {
      const link = /open the workbench \(signed in; the link works once\): (\S+)\s*$/m.exec(stdout);
      const listening = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(stdout);
      if (link && listening) {
        loginUrl = link[1]!;
        baseUrl = listening[1]!;
        resolveReady();
      }
    };
    child.stdout!.on('data', check);
    child.once('close', (code, signal) => reject(new Error(`gatehouse serve exited (code ${code}, signal ${signal}) before listening\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
  });
  await withTimeout(ready, START_TIMEOUT_MS, () => `gatehouse serve printed no sign-in link and 'listening on' line within ${START_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  expect(loginUrl.startsWith(`${baseUrl}/`)).toBe(true);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const gone = new Promise((r) => proc!.once('close', r));
    proc.kill('SIGTERM');
    await withTimeout(gone, 10_000, () => `gatehouse serve (pid ${proc!.pid}) did not stop on SIGTERM`).catch((e) => {
      proc!.kill('SIGKILL');
      throw e;
    });
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, { headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json' } });
  const text = await res.text();
  expect(res.status, `GET ${path}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

interface Named { id: string; name: string }
interface GroupWire { id: string; profile: { name: string; description?: string } }
interface UserWire { id: string; status: string; profile: { login: string; firstName: string; lastName: string; email: string } }
interface AppWire {
  id: string;
  label: string;
  status: string;
  credentials: { oauthClient: { client_id: string; token_endpoint_auth_method: string } };
  settings: { oauthClient: { application_type: string; grant_types: string[]; redirect_uris: string[] } };
}
interface ServerWire extends Named { audiences: string[]; status: string }
interface ScopeWire extends Named { description?: string }
interface ClaimWire extends Named { value: string; valueType: string; claimType: string; status: string }
interface PolicyWire extends Named { priority: number; status: string; conditions: { clients: { include: string[] } } }
interface RuleWire extends Named {
  priority: number;
  conditions: { grantTypes: { include: string[] }; people: { users: { include: string[] }; groups: { include: string[] } }; scopes: { include: string[] } };
}

/** A screenshot of the whole work area: the window grows to the content's height for the picture. */
async function shot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const c = document.querySelector('.content');
    return c ? c.scrollHeight : document.documentElement.scrollHeight;
  });
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height + 20, 4000) });
  await page.screenshot({ path: join(RESULTS_DIR, `architect-${name}.png`) });
  await page.setViewportSize(viewport);
}

/** Types into one of the workbench's search pickers (a combobox) and picks the matching suggestion. */
async function pick(page: Page, scope: Page | Locator, label: string, text: string, option: RegExp): Promise<void> {
  const box = scope.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(text);
  await page.getByRole('option', { name: option }).first().waitFor();
  await page.getByRole('option', { name: option }).first().click();
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Workbench' }).getByRole('link', { name, exact: true }).click();
const cardOf = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const rowsOf = (page: Page, policy: string) => page.getByRole('table', { name: `Rules of ${policy}` }).locator('tbody tr');
const editorText = async (form: Locator) => (await form.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');

describe('the architect scenario, against gatehouse serve --seed none', () => {
  test('directory and app, then an API server from scratch: scopes, a claim, two policies reordered, a token preview and the access matrix', { timeout: 180_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (!['data:', 'blob:', 'about:'].includes(url.protocol) && url.hostname !== '127.0.0.1') problems.push(`foreign request: ${req.url()}`);
    });
    // Searches and expression checks superseded by the next keystroke are cancelled on purpose.
    page.on('requestfailed', (req) => {
      if (req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`);
    });

    try {
      // ---- signed in by the link the process printed ----
      const res = await page.goto(loginUrl, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Authorization Servers' }).waitFor();
      expect(await page.getByTestId('server-url').innerText()).toBe(baseUrl);
      await page.getByRole('link', { name: 'default', exact: true }).waitFor();

      // ---- 1a. a group ----
      await nav(page, 'Groups');
      await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
      await page.getByRole('button', { name: 'New group' }).click();
      const gform = page.getByRole('form', { name: 'New group' });
      await gform.getByLabel('Name').fill(GROUP);
      await gform.getByLabel('Description').fill('People who run payments');
      await gform.getByRole('button', { name: 'Create group' }).click();
      await page.getByRole('heading', { level: 1, name: GROUP }).waitFor();
      const groups = await admin<GroupWire[]>(`/groups?q=${encodeURIComponent(GROUP)}`);
      expect(groups.map((g) => g.profile)).toEqual([{ name: GROUP, description: 'People who run payments' }]);
      const group = groups[0]!;

      // ---- 1b. a user in it ----
      await nav(page, 'Users');
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await page.getByRole('button', { name: 'New user' }).click();
      const uform = page.getByRole('form', { name: 'New user' });
      await uform.getByLabel('Username').fill(USER.login);
      await uform.getByLabel('First name').fill(USER.first);
      await uform.getByLabel('Last name').fill(USER.last);
      await uform.getByLabel('Password (optional)').fill(USER.password);
      await uform.getByLabel(GROUP).check();
      await uform.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('heading', { level: 1, name: `${USER.first} ${USER.last}` }).waitFor();
      const user = await admin<UserWire>(`/users/${encodeURIComponent(USER.login)}`);
      expect(user.status).toBe('ACTIVE');
      expect(user.profile).toMatchObject({ login: USER.login, email: USER.login, firstName: USER.first, lastName: USER.last });
      expect((await admin<GroupWire[]>(`/users/${user.id}/groups`)).map((g) => g.profile.name).sort()).toEqual(['Everyone', GROUP]);
      expect((await admin<UserWire[]>(`/groups/${group.id}/users`)).map((u) => u.profile.login)).toEqual([USER.login]);

      // ---- 1c. a web app, assigned to the group ----
      await nav(page, 'Applications');
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      await page.getByRole('link', { name: 'New application' }).click();
      await page.getByRole('link', { name: /^Web application/ }).click();
      const aform = page.getByRole('form', { name: 'New web application' });
      await aform.getByLabel('Name', { exact: true }).fill(APP);
      await aform.getByRole('textbox', { name: 'Redirect URI 1' }).fill('https://payments.example.com/callback');
      await aform.getByRole('button', { name: 'Create application' }).click();
      await page.getByRole('heading', { level: 1, name: APP }).waitFor();
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Assignments' }).click();
      await page.getByText('No groups assigned').waitFor();
      await page.getByRole('button', { name: 'Assign a group' }).click();
      await page.getByRole('searchbox', { name: 'Find a group to assign' }).fill('Pay');
      await page.getByRole('button', { name: `Assign ${GROUP}` }).click();
      await page.getByRole('table', { name: 'Assigned groups' }).getByRole('link', { name: GROUP }).waitFor();
      await page.getByRole('table', { name: 'People who can use the app' }).getByRole('row').filter({ hasText: USER.login }).getByText('Via a group').waitFor();
      await page.getByRole('button', { name: 'Done' }).click();
      await shot(page, '1-app-assignments');
      const apps = await admin<AppWire[]>('/apps');
      expect(apps.map((a) => a.label)).toEqual([APP]);
      const app = apps[0]!;
      expect(app.status).toBe('ACTIVE');
      expect(app.settings.oauthClient).toMatchObject({ application_type: 'web', redirect_uris: ['https://payments.example.com/callback'] });
      expect(app.settings.oauthClient.grant_types).toContain('authorization_code');
      expect(app.credentials.oauthClient.token_endpoint_auth_method).toBe('client_secret_basic');
      expect((await admin<{ id: string }[]>(`/apps/${app.id}/groups`)).map((g) => g.id)).toEqual([group.id]);
      const clientId = app.credentials.oauthClient.client_id;

      // ---- 2. the authorization server ----
      await nav(page, 'Authorization Servers');
      await page.getByRole('heading', { level: 1, name: 'Authorization Servers' }).waitFor();
      await page.getByRole('button', { name: 'New authorization server' }).click();
      const sform = page.getByRole('form', { name: 'New authorization server' });
      await sform.getByLabel('Name').fill(SERVER);
      await sform.getByLabel('Audience').fill(AUDIENCE);
      await sform.getByLabel('Description').fill('Payments, read and written');
      await sform.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { level: 1, name: SERVER }).waitFor();
      const servers = await admin<ServerWire[]>('/authorizationServers');
      expect(servers.map((s) => s.name).sort()).toEqual([SERVER, 'default']);
      const server = servers.find((s) => s.name === SERVER)!;
      expect(server.audiences).toEqual([AUDIENCE]);
      expect(server.status).toBe('ACTIVE');
      const sid = server.id;
      expect(page.url()).toContain(`#/authorization-servers/${sid}`);

      // ---- 3. two scopes ----
      await page.getByRole('link', { name: 'Scopes', exact: true }).click();
      const scopesTable = page.getByRole('table', { name: 'Scopes' });
      await scopesTable.waitFor();
      for (const [name, description] of [['payments:read', 'Read payments'], ['payments:write', 'Make and change payments']] as const) {
        await page.getByRole('button', { name: 'Add scope' }).click();
        const form = page.getByRole('form', { name: 'New scope' });
        await form.getByLabel('Name', { exact: true }).fill(name);
        await form.getByLabel('Description').fill(description);
        await form.getByRole('button', { name: 'Add scope' }).click();
        await scopesTable.getByText(name, { exact: true }).waitFor();
        await form.waitFor({ state: 'detached' });
      }
      await shot(page, '3-scopes');
      const scopes = await admin<ScopeWire[]>(`/authorizationServers/${sid}/scopes`);
      expect(scopes.find((s) => s.name === 'payments:read')?.description).toBe('Read payments');
      expect(scopes.find((s) => s.name === 'payments:write')?.description).toBe('Make and change payments');

      // ---- 4. a claim, written in the expression editor: a deliberate error, flagged, then fixed ----
      await page.getByRole('link', { name: 'Claims', exact: true }).click();
      await page.getByRole('button', { name: 'Add claim' }).click();
      const cform = page.getByRole('form', { name: 'New claim' });
      await cform.getByLabel('Name', { exact: true }).fill(CLAIM);
      await cform.getByRole('textbox', { name: 'Expression (Okta Expression Language)' }).waitFor({ state: 'attached', timeout: 30_000 });
      await cform.locator('.monaco-editor').waitFor();
      await cform.locator('.el-workspace').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      await cform.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('End');
      await page.keyboard.type('user.email +', { delay: 20 });
      await page.keyboard.press('Escape');
      expect(await editorText(cform)).toBe('user.email +');
      const problemsList = cform.getByRole('list', { name: 'Problems in the expression' });
      await expect
        .poll(async () => ((await problemsList.count()) ? problemsList.innerText() : ''), { timeout: 15_000 })
        .toContain("Expected a value after '+', but the expression ended.");
      await cform.locator('.monaco-editor .squiggly-error').first().waitFor();
      expect(await cform.getByRole('button', { name: 'Add claim' }).isDisabled()).toBe(true);
      expect(await cform.getByText('Fix the expression to save the claim.').count()).toBe(1);
      await shot(page, '4-claim-error');

      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Escape');
      await expect.poll(() => editorText(cform)).toBe('user.email');
      await cform.getByText('The expression is valid.').waitFor({ timeout: 15_000 });
      await expect.poll(() => cform.locator('.monaco-editor .squiggly-error').count(), { timeout: 15_000 }).toBe(0);
      // The live value, for the user just created.
      await cform.getByLabel('User', { exact: true }).fill(USER.login);
      const liveValue = cform.getByTestId('live-value');
      await expect.poll(async () => ((await liveValue.count()) ? liveValue.innerText() : ''), { timeout: 15_000 }).toBe(`"${USER.login}"`);
      await cform.getByRole('button', { name: 'Add claim' }).click();
      await page.getByRole('table', { name: 'Claims' }).getByText(CLAIM, { exact: true }).waitFor();
      const claim = (await admin<ClaimWire[]>(`/authorizationServers/${sid}/claims`)).find((c) => c.name === CLAIM);
      expect(claim).toMatchObject({ valueType: 'EXPRESSION', claimType: 'RESOURCE', value: 'user.email', status: 'ACTIVE' });

      // ---- 5. two policies with a rule each, then a reorder by keyboard ----
      await page.getByRole('link', { name: 'Access Policies', exact: true }).click();
      await page.getByText('No access policies yet').waitFor();
      await page.getByRole('button', { name: 'Add policy' }).first().click();
      let pform = page.getByRole('form', { name: 'New policy' });
      await pform.getByLabel('Name', { exact: true }).fill(PORTAL_POLICY);
      await pform.getByLabel('Description').fill('The portal, for payments staff');
      await pform.getByLabel('The following clients').check();
      await pick(page, pform, 'Clients', 'Paym', /Payments Portal/);
      await pform.getByRole('button', { name: 'Create policy' }).click();
      await cardOf(page, PORTAL_POLICY).waitFor();

      await cardOf(page, PORTAL_POLICY).getByRole('button', { name: 'Add the first rule' }).click();
      let rform = page.getByRole('form', { name: `New rule in ${PORTAL_POLICY}` });
      await rform.getByLabel('Rule name').fill(PORTAL_RULE);
      expect(await rform.getByRole('checkbox', { name: 'Authorization Code' }).isChecked()).toBe(true);
      await rform.getByLabel('These users or groups').check();
      await pick(page, rform, 'Users and groups', 'Paym', /^Payments Staff/);
      await rform.getByLabel('Only these scopes').check();
      await pick(page, rform, 'Scopes', 'openid', /^openid/);
      await pick(page, rform, 'Scopes', 'payments:re', /^payments:read/);
      await rform.getByRole('button', { name: 'Create rule' }).click();
      await rowsOf(page, PORTAL_POLICY).filter({ hasText: PORTAL_RULE }).waitFor();

      await page.getByRole('button', { name: 'Add policy' }).first().click();
      pform = page.getByRole('form', { name: 'New policy' });
      await pform.getByLabel('Name', { exact: true }).fill(BACK_OFFICE_POLICY);
      await pform.getByLabel('Description').fill('Every client, for writing payments');
      await pform.getByRole('button', { name: 'Create policy' }).click();
      await cardOf(page, BACK_OFFICE_POLICY).waitFor();
      await cardOf(page, BACK_OFFICE_POLICY).getByRole('button', { name: 'Add the first rule' }).click();
      rform = page.getByRole('form', { name: `New rule in ${BACK_OFFICE_POLICY}` });
      await rform.getByLabel('Rule name').fill(BACK_OFFICE_RULE);
      await rform.getByLabel('These users or groups').check();
      await pick(page, rform, 'Users and groups', 'Paym', /^Payments Staff/);
      await rform.getByLabel('Only these scopes').check();
      await pick(page, rform, 'Scopes', 'openid', /^openid/);
      await pick(page, rform, 'Scopes', 'payments:wr', /^payments:write/);
      await rform.getByRole('button', { name: 'Create rule' }).click();
      await rowsOf(page, BACK_OFFICE_POLICY).filter({ hasText: BACK_OFFICE_RULE }).waitFor();

      const list = page.getByRole('list', { name: 'Access policies in priority order' });
      expect(await list.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual([PORTAL_POLICY, BACK_OFFICE_POLICY]);
      const policies = () => admin<PolicyWire[]>(`/authorizationServers/${sid}/policies`);
      expect((await policies()).map((p) => [p.name, p.priority])).toEqual([[PORTAL_POLICY, 1], [BACK_OFFICE_POLICY, 2]]);

      // Alt+↑ on the second policy's handle moves it to the top.
      const grip = page.getByRole('button', { name: new RegExp(`^Reorder policy ${BACK_OFFICE_POLICY}`) });
      await grip.focus();
      await page.keyboard.press('Alt+ArrowUp');
      await expect.poll(() => list.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual([BACK_OFFICE_POLICY, PORTAL_POLICY]);
      await expect.poll(async () => (await policies()).map((p) => [p.name, p.priority])).toEqual([[BACK_OFFICE_POLICY, 1], [PORTAL_POLICY, 2]]);
      await page.locator('main.content').evaluate((e) => { e.scrollTop = 0; });
      await shot(page, '5-policies');

      const stored = await policies();
      const portalPolicy = stored.find((p) => p.name === PORTAL_POLICY)!;
      const backOffice = stored.find((p) => p.name === BACK_OFFICE_POLICY)!;
      expect(portalPolicy.status).toBe('ACTIVE');
      expect(portalPolicy.conditions.clients.include).toEqual([clientId]);
      expect(backOffice.conditions.clients.include).toEqual(['ALL_CLIENTS']);
      const portalRules = await admin<RuleWire[]>(`/authorizationServers/${sid}/policies/${portalPolicy.id}/rules`);
      expect(portalRules.map((r) => r.name)).toEqual([PORTAL_RULE]);
      expect(portalRules[0]!.conditions.grantTypes.include).toEqual(['authorization_code']);
      expect(portalRules[0]!.conditions.people.groups.include).toEqual([group.id]);
      expect([...portalRules[0]!.conditions.scopes.include].sort()).toEqual(['openid', 'payments:read']);
      const backRules = await admin<RuleWire[]>(`/authorizationServers/${sid}/policies/${backOffice.id}/rules`);
      expect(backRules.map((r) => r.name)).toEqual([BACK_OFFICE_RULE]);
      expect(backRules[0]!.conditions.people.groups.include).toEqual([group.id]);
      expect([...backRules[0]!.conditions.scopes.include].sort()).toEqual(['openid', 'payments:write']);

      // ---- 6. Token Preview, and its trace ----
      await page.getByRole('link', { name: 'Token Preview', exact: true }).click();
      await page.getByText('Nothing previewed yet').waitFor();
      const preview = page.getByRole('form', { name: 'Token preview request' });
      await pick(page, page, 'Client', 'Paym', /^Payments Portal/);
      await preview.getByLabel('Grant type').selectOption('authorization_code');
      await pick(page, page, 'User', 'pat', /Pat Payer/);
      await preview.getByRole('button', { name: 'openid', exact: true }).click();
      await preview.getByRole('button', { name: 'payments:read', exact: true }).click();
      expect(await preview.getByRole('button', { name: 'payments:read', exact: true }).getAttribute('aria-pressed')).toBe('true');
      await preview.getByRole('button', { name: 'Preview tokens' }).click();
      const decision = page.getByRole('region', { name: 'Decision' });
      await decision.getByText('Tokens would be minted').waitFor();
      // The rule that decided, named and linked to its place; the first policy was passed over.
      const ruleLink = decision.getByRole('link', { name: PORTAL_RULE });
      expect(await ruleLink.count()).toBe(1);
      expect(await ruleLink.getAttribute('href')).toBe(`#/authorization-servers/${sid}/policies/${portalPolicy.id}/${portalRules[0]!.id}`);
      const decisionText = await decision.innerText();
      expect(decisionText).toContain(BACK_OFFICE_POLICY);
      // The claim is in the access token, with its value for this user.
      const claimRow = page.getByRole('table', { name: 'Access token claims' }).getByRole('row').filter({ has: page.getByText(CLAIM, { exact: true }) });
      expect(await claimRow.count()).toBe(1);
      expect(await claimRow.innerText()).toContain(USER.login);
      const scp = page.getByRole('table', { name: 'Access token claims' }).getByRole('row').filter({ has: page.getByText('scp', { exact: true }) });
      expect(await scp.innerText()).toContain('payments:read');
      expect(await scp.innerText()).not.toContain('payments:write');
      await shot(page, '6-preview');

      // ---- 7. the Access Matrix ----
      await page.getByRole('link', { name: 'Access Matrix', exact: true }).click();
      const grid = page.getByRole('table', { name: 'Access matrix' });
      await grid.waitFor();
      expect(await page.getByLabel('Grant type').inputValue()).toBe('authorization_code');
      const cell = grid.locator(`td[data-client="${APP}"][data-subject="${GROUP}"]`);
      await cell.waitFor();
      expect(await cell.innerText()).toContain('payments:read');
      expect(await cell.getByRole('button').getAttribute('title')).toContain(`through the rule "${PORTAL_RULE}"`);
      expect(await cell.getByRole('button').getAttribute('aria-label')).toMatch(new RegExp(`^${APP} × ${GROUP}: .*payments:read`));
      await page.getByLabel('Who can get', { exact: true }).selectOption('payments:read');
      await expect.poll(() => cell.getAttribute('data-hit')).toBe('true');
      await shot(page, '7-matrix');

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
