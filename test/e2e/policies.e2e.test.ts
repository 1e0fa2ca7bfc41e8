/**
 * Access policies in the browser, as an architect uses them: add a policy with two rules to the
 * Orders API, reorder rules by keyboard and a policy by drag and drop, switch a rule off, and trace
 * a request through the evaluation-order diagram. Every change is checked on the server through the
 * admin API. Screenshots (light and dark) go to test-results/policies-*.png.
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
const TOKEN = 'e2e-admin-token-policies-0123456789';

let dir: string;
let server: RunningServer;
let browser: Browser;
let ordersId = '';

interface PolicyWire { id: string; name: string; priority: number; status: string; conditions: { clients: { include: string[] } } }
interface RuleWire { id: string; name: string; priority: number; status: string; conditions: { people: { users: { include: string[] }; groups: { include: string[] } }; scopes: { include: string[] } }; actions: { token: { accessTokenLifetimeMinutes: number } } }

async function admin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  expect(res.ok, `${init.method ?? 'GET'} ${path}: ${res.status}`).toBe(true);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
const policies = () => admin<PolicyWire[]>(`/authorizationServers/${ordersId}/policies`);
const rulesOf = (policyId: string) => admin<RuleWire[]>(`/authorizationServers/${ordersId}/policies/${policyId}/rules`);
async function policyNamed(name: string): Promise<PolicyWire> {
  const p = (await policies()).find((x) => x.name === name);
  expect(p, name).toBeDefined();
  return p!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-policies-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const servers = await admin<{ id: string; name: string }[]>('/authorizationServers');
  ordersId = servers.find((s) => s.name === 'Orders API')!.id;
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

const shot = (page: Page, name: string) => page.screenshot({ path: join(RESULTS_DIR, `policies-${name}.png`) });

/** Types into a picker (a combobox) and picks the suggestion whose name matches. */
async function pick(page: Page, scope: ReturnType<Page['getByRole']>, label: string, text: string, option: RegExp) {
  const box = scope.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(text);
  await page.getByRole('option', { name: option }).first().waitFor();
  await page.getByRole('option', { name: option }).first().click();
}

const cardOf = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const rowsOf = (page: Page, policy: string) => page.getByRole('table', { name: `Rules of ${policy}` }).locator('tbody tr');

describe('access policies', () => {
  test('an architect adds a policy with two rules, reorders by keyboard and by drag and drop, and switches a rule off', { timeout: 90_000 }, async () => {
    const { context, page, problems } = await open('light');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/policies`);
      const list = page.getByRole('list', { name: 'Access policies in priority order' });
      await list.waitFor();
      expect(await list.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['Orders apps', 'Service to service']);
      // The decision table reads as a sentence: who, which grant, which scopes, how long.
      const admins = rowsOf(page, 'Orders apps').filter({ hasText: 'Admins may administer orders' });
      expect(await admins.innerText()).toMatch(/Authorization Code[\s\S]*Orders Admins[\s\S]*Any scopes[\s\S]*15 minutes[\s\S]*8 hours[\s\S]*ends if unused for 1 hour/);
      expect(await rowsOf(page, 'Orders apps').filter({ hasText: 'Everyone may read orders' }).innerText()).toMatch(/Everyone[\s\S]*30 minutes[\s\S]*Unlimited/);
      await shot(page, 'list-light');

      // ---- a new policy, validated as it is typed ----
      await page.getByRole('button', { name: 'Add policy' }).click();
      const pform = page.getByRole('form', { name: 'New policy' });
      const pname = pform.getByLabel('Name', { exact: true });
      await pname.fill('x');
      await pname.fill('');
      await pform.getByText('Give the policy a name').waitFor();
      await pname.fill('Portal contractors');
      expect(await pform.getByText('Give the policy a name').count()).toBe(0);
      await pform.getByLabel('Description').fill('Contractors working in the orders portal');
      await pform.getByLabel('The following clients').check();
      await pick(page, pform, 'Clients', 'Portal', /Orders Portal/);
      await pform.getByRole('button', { name: 'Create policy' }).click();
      await cardOf(page, 'Portal contractors').waitFor();
      const created = await policyNamed('Portal contractors');
      const apps = await admin<{ label: string; credentials: { oauthClient: { client_id: string } } }[]>('/apps');
      const portalClient = apps.find((a) => a.label === 'Orders Portal')!.credentials.oauthClient.client_id;
      expect(created.conditions.clients.include).toEqual([portalClient]);
      expect(created.priority).toBe(3);

      // ---- its first rule: a named user, chosen scopes, a lifetime checked as it is typed ----
      const card = cardOf(page, 'Portal contractors');
      await card.getByRole('button', { name: 'Add the first rule' }).click();
      let rform = page.getByRole('form', { name: 'New rule in Portal contractors' });
      await rform.getByLabel('Rule name').fill('Contractors read orders');
      expect(await rform.getByRole('checkbox', { name: 'Authorization Code' }).isChecked()).toBe(true);
      await rform.getByLabel('These users or groups').check();
      await pick(page, rform, 'Users and groups', 'alan', /Alan Turing/);
      await rform.getByLabel('Only these scopes').check();
      await pick(page, rform, 'Scopes', 'openid', /^openid/);
      await pick(page, rform, 'Scopes', 'orders:re', /^orders:read/);
      const access = rform.getByLabel('Access token lifetime', { exact: true });
      await access.fill('2');
      await rform.getByLabel('Access token lifetime, unit').selectOption('minutes');
      await rform.getByText('At least 5 minutes.').waitFor();
      await rform.evaluate((e) => e.scrollIntoView());
      await shot(page, 'rule-form-light');
      await access.fill('30');
      expect(await rform.getByText('At least 5 minutes.').count()).toBe(0);
      await rform.getByRole('button', { name: 'Create rule' }).click();
      await rowsOf(page, 'Portal contractors').filter({ hasText: 'Contractors read orders' }).waitFor();

      // ---- its second rule: a group, any scopes ----
      await card.getByRole('button', { name: 'Add rule' }).click();
      rform = page.getByRole('form', { name: 'New rule in Portal contractors' });
      await rform.getByLabel('Rule name').fill('Partners read orders');
      await rform.getByLabel('These users or groups').check();
      await pick(page, rform, 'Users and groups', 'Partn', /^Partners/);
      await rform.getByLabel('Access token lifetime', { exact: true }).fill('15');
      await rform.getByLabel('Access token lifetime, unit').selectOption('minutes');
      await rform.getByRole('button', { name: 'Create rule' }).click();
      await rowsOf(page, 'Portal contractors').filter({ hasText: 'Partners read orders' }).waitFor();
      expect(await rowsOf(page, 'Portal contractors').filter({ hasText: 'Contractors read orders' }).innerText()).toMatch(/Alan Turing[\s\S]*openid[\s\S]*orders:read[\s\S]*30 minutes/);
      const stored = await rulesOf(created.id);
      expect(stored.map((r) => [r.name, r.priority])).toEqual([['Contractors read orders', 1], ['Partners read orders', 2]]);
      expect(stored[1]!.conditions.scopes.include).toEqual(['*']);
      expect(stored[1]!.actions.token.accessTokenLifetimeMinutes).toBe(15);

      // ---- reorder the rules by keyboard: Alt+↑ on the second rule's handle ----
      const grip = page.getByRole('button', { name: /^Reorder rule Partners read orders/ });
      await grip.focus();
      await page.keyboard.press('Alt+ArrowUp');
      await expect.poll(async () => (await rowsOf(page, 'Portal contractors').locator('.pl-rule-name').allInnerTexts())).toEqual(['Partners read orders', 'Contractors read orders']);
      await expect.poll(async () => (await rulesOf(created.id)).map((r) => [r.name, r.priority])).toEqual([['Partners read orders', 1], ['Contractors read orders', 2]]);
      // Focus stays on the moved rule, so the next key press moves it again.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Reorder rule Partners read orders, priority 1 of 2/);

      // ---- reorder the policies by drag and drop: the new one to the top (the list scrolls itself) ----
      const handle = page.getByRole('button', { name: /^Reorder policy Portal contractors/ });
      await handle.scrollIntoViewIfNeeded();
      const from = (await handle.boundingBox())!;
      const content = (await page.locator('main.content').boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + from.width / 2, from.y + (content.y + 8 - from.y) * (i / 10));
      await expect.poll(async () => page.locator('main.content').evaluate((e) => e.scrollTop), { timeout: 10_000 }).toBe(0);
      await page.mouse.move(from.x + from.width / 2, content.y + 6);
      await page.mouse.up();
      await expect.poll(async () => list.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['Portal contractors', 'Orders apps', 'Service to service']);
      await expect.poll(async () => (await policies()).map((p) => [p.name, p.priority])).toEqual([['Portal contractors', 1], ['Orders apps', 2], ['Service to service', 3]]);

      // ---- the Move buttons do the same for those who prefer them ----
      await page.getByRole('button', { name: 'Move policy Service to service up' }).click();
      await expect.poll(async () => (await policies()).map((p) => p.name)).toEqual(['Portal contractors', 'Service to service', 'Orders apps']);
      await page.getByRole('button', { name: 'Move policy Service to service down' }).click();
      await expect.poll(async () => (await policies()).map((p) => p.name)).toEqual(['Portal contractors', 'Orders apps', 'Service to service']);

      // ---- switch a rule off ----
      const ordersApps = await policyNamed('Orders apps');
      const toggle = page.getByRole('switch', { name: 'Active: rule Admins may administer orders' });
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      await toggle.click();
      await expect.poll(async () => toggle.getAttribute('aria-checked')).toBe('false');
      await expect.poll(async () => (await rulesOf(ordersApps.id)).find((r) => r.name === 'Admins may administer orders')?.status).toBe('INACTIVE');
      expect(await rowsOf(page, 'Orders apps').filter({ hasText: 'Admins may administer orders' }).getByText('INACTIVE').count()).toBe(1);

      await page.locator('main.content').evaluate((e) => { e.scrollTop = 0; });
      await shot(page, 'edited-light');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the evaluation diagram lights the path of grace@example.com through the policies and says why each one was passed over', { timeout: 90_000 }, async () => {
    // Runs on the state the previous test left: "Portal contractors" first, the admins rule inactive.
    for (const scheme of ['light', 'dark'] as const) {
      const { context, page, problems } = await open(scheme);
      try {
        await page.goto(`${server.url}/#/authorization-servers/${ordersId}/policies`);
        await page.getByRole('link', { name: 'Evaluation order' }).click();
        expect(page.url()).toContain(`/authorization-servers/${ordersId}/policies/evaluate`);
        const form = page.getByRole('form', { name: 'Request to trace' });
        await form.getByLabel('Client').selectOption({ label: 'Orders Portal' });
        await form.getByLabel('Grant type').selectOption('authorization_code');
        await pick(page, form, 'User', 'grace', /Grace Hopper/);
        await pick(page, form, 'Scopes', 'openid', /^openid/);
        await pick(page, form, 'Scopes', 'orders:re', /^orders:read/);
        await form.getByRole('button', { name: 'Trace this request' }).click();

        const verdict = page.getByRole('status', { name: 'Verdict' });
        await verdict.waitFor();
        expect(await verdict.innerText()).toMatch(/Granted by rule “Staff may read and write orders” of policy “Orders apps”/);

        const diagram = page.getByRole('region', { name: 'Evaluation order diagram' });
        const node = (name: string) => diagram.getByRole('group', { name, exact: true });
        // The matched rule is highlighted and marked as the step that decided.
        const matched = node('Rule 2: Staff may read and write orders, matched');
        expect(await matched.getAttribute('aria-current')).toBe('step');
        expect(await matched.getAttribute('class')).toContain('pl-st-matched');
        expect(await matched.innerText()).toContain('Matched: decides the token');
        expect(await node('Policy 2: Orders apps, matched').count()).toBe(1);
        // The others say why they were passed over, in the server's words.
        expect(await node('Policy 1: Portal contractors, passed over').innerText()).toContain('None of its rules matched');
        expect(await node('Rule 1: Partners read orders, passed over').innerText()).toContain('grace@example.com is not one of its users and in none of its groups.');
        expect(await node('Rule 2: Contractors read orders, passed over').innerText()).toContain('grace@example.com is not one of its users and in none of its groups.');
        expect(await node('Rule 1: Admins may administer orders, passed over').innerText()).toContain('Skipped: the rule is inactive.');
        expect(await node('Rule 3: Everyone may read orders, not reached').innerText()).toContain('Not evaluated: an earlier rule matched.');
        expect(await node('Policy 3: Service to service, not reached').innerText()).toContain('Not evaluated: an earlier policy matched.');
        const result = node('Result: granted');
        expect(await result.innerText()).toMatch(/openid[\s\S]*orders:read[\s\S]*Access token 1 hour/);
        // The path is drawn: lit edges up to the matched rule, then one into the result.
        expect(await diagram.locator('path.pl-edge-lit').count()).toBeGreaterThanOrEqual(6);
        expect(await diagram.locator('path.pl-edge-granted').count()).toBe(1);

        await page.locator('.pl-verdict').evaluate((e) => e.scrollIntoView());
        await shot(page, `diagram-${scheme}`);

        // Each node links to its place in the list, which shows it.
        await matched.getByRole('link', { name: 'Staff may read and write orders' }).click();
        const row = page.getByRole('table', { name: 'Rules of Orders apps' }).locator('tbody tr').filter({ hasText: 'Staff may read and write orders' });
        await row.waitFor();
        expect(await row.getAttribute('class')).toContain('pl-is-target');
        if (scheme === 'dark') await shot(page, 'list-dark');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  test('a server without policies says what that means; the server\'s refusal shows beside its field; deleting confirms first', { timeout: 90_000 }, async () => {
    const empty = await admin<{ id: string }>('/authorizationServers', { method: 'POST', body: { name: 'Empty API', description: 'Nothing yet', audiences: ['api://empty'] } });
    const temp = await admin<{ id: string }>('/users?activate=true', { method: 'POST', body: { profile: { firstName: 'Temp', lastName: 'Contractor', email: 'temp@example.com', login: 'temp@example.com' } } });
    const { context, page, problems } = await open('dark');
    try {
      await page.goto(`${server.url}/#/authorization-servers/${empty.id}/policies`);
      await page.getByText('No access policies yet').waitFor();
      expect(await page.getByRole('button', { name: 'Add policy' }).count()).toBe(2);
      await shot(page, 'empty-dark');

      // A policy for all clients, and a rule naming a user who is deleted before it is saved.
      await page.getByRole('button', { name: 'Add policy' }).first().click();
      const pform = page.getByRole('form', { name: 'New policy' });
      await pform.getByLabel('Name', { exact: true }).fill('Everything');
      await pform.getByLabel('Description').fill('All clients, for now');
      await pform.getByRole('button', { name: 'Create policy' }).click();
      await cardOf(page, 'Everything').getByRole('button', { name: 'Add the first rule' }).click();
      const rform = page.getByRole('form', { name: 'New rule in Everything' });
      await rform.getByLabel('Rule name').fill('Only Temp');
      await rform.getByLabel('These users or groups').check();
      await pick(page, rform, 'Users and groups', 'temp', /Temp Contractor/);
      await admin(`/users/${temp.id}`, { method: 'DELETE' });
      await admin(`/users/${temp.id}`, { method: 'DELETE' });
      await rform.getByRole('button', { name: 'Create rule' }).click();
      const people = rform.getByRole('group', { name: 'AND the user is' });
      await people.getByText(`There is no user with the id “Temp Contractor” (${temp.id})`).waitFor();
      expect(await rform.getByRole('alert').first().innerText()).toMatch(/The rule was not created/);
      await rform.evaluate((e) => e.scrollIntoView());
      await shot(page, 'rule-refused-dark');
      await rform.getByLabel('Anyone assigned the app').check();
      await rform.getByRole('button', { name: 'Create rule' }).click();
      await rowsOf(page, 'Everything').filter({ hasText: 'Only Temp' }).waitFor();

      // Deleting a policy asks first, and says its rules go with it.
      const card = cardOf(page, 'Everything');
      await card.getByRole('button', { name: 'Edit', exact: true }).first().click();
      await page.getByRole('button', { name: 'Delete policy…' }).click();
      const confirm = page.getByRole('group', { name: 'Confirm deletion' });
      expect(await confirm.innerText()).toContain('Delete “Everything” and its 1 rule?');
      expect((await admin<PolicyWire[]>(`/authorizationServers/${empty.id}/policies`)).length).toBe(1);
      await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByText('No access policies yet').waitFor();
      expect(await admin<PolicyWire[]>(`/authorizationServers/${empty.id}/policies`)).toEqual([]);

      // Katherine (Partners) through the Orders CLI, which she is not assigned: refused before any policy.
      await page.goto(`${server.url}/#/authorization-servers/${ordersId}/policies/evaluate`);
      const form = page.getByRole('form', { name: 'Request to trace' });
      await form.getByLabel('Client').selectOption({ label: 'Orders CLI' });
      await pick(page, form, 'User', 'kath', /Katherine Johnson/);
      await form.getByRole('button', { name: 'Trace this request' }).click();
      const verdict = page.getByRole('status', { name: 'Verdict' });
      await verdict.waitFor();
      expect(await verdict.innerText()).toMatch(/Refused/);
      const diagram = page.getByRole('region', { name: 'Evaluation order diagram' });
      expect(await diagram.getByRole('group', { name: 'Checks before the policies: failed' }).innerText()).toContain('is not assigned to "Orders CLI"');
      expect(await diagram.getByRole('group', { name: 'Policy 1: Portal contractors, not reached' }).count()).toBe(1);
      expect(await diagram.locator('path.pl-edge-denied').count()).toBe(1);
      await page.locator('.pl-verdict').evaluate((e) => e.scrollIntoView());
      await shot(page, 'refused-dark');
      // The refused save was a 400 the form handled; nothing else failed.
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
