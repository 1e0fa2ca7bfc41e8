/**
 * The Directory screens as a person uses them: 10,000 people in a list that stays quick (only the
 * rows in view are in the page), search, a new user refused then created, a custom attribute
 * edited, group membership from both sides, the built-in Everyone group. Every change is checked
 * through the admin API. Screenshots (light and dark) go to test-results/directory-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { insertUser } from '../../src-server/directory/service.js';
import { parseCreateUser } from '../../src-server/directory/users.js';
import { launchChromium } from '../helpers/chromium.js';
import { copyRenderer } from '../helpers/renderer.js';
import { openWorkbench } from '../helpers/workbench.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-directory-token-0123456789';
const BULK = 10_000;

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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-directory-'));
  const rendererDir = await copyRenderer(join(dir, 'renderer'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir });
  // 10,000 more people, straight into the store (through the same parser and insert as the API).
  const now = new Date().toISOString();
  server.store.tx(() => {
    for (let i = 1; i <= BULK; i++) {
      const n = String(i).padStart(5, '0');
      const login = `bulk${n}@bulk.example`;
      insertUser(server.store, parseCreateUser({ profile: { login, email: login, firstName: 'Bulk', lastName: `Person ${i}`, department: i % 2 ? 'Sales' : 'Support' } }), null, i % 3 !== 0, now);
    }
  });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A signed-in page, with its problems recorded (test/helpers/workbench.ts). */
function open(colorScheme: 'light' | 'dark' = 'light') {
  return openWorkbench(browser, server.uiLoginUrl(), colorScheme);
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(RESULTS_DIR, `directory-${name}.png`), fullPage });

describe('the users list', () => {
  test('10,000 people: scrolling reaches the last one while the page holds only the rows in view', async () => {
    const { context, page, problems } = await open();
    try {
      await page.getByRole('navigation', { name: 'Workbench' }).getByRole('link', { name: 'Users' }).click();
      const grid = page.getByRole('grid', { name: 'Users' });
      await grid.getByRole('row').filter({ hasText: 'ada@example.com' }).waitFor();
      expect(await grid.getByRole('row').filter({ hasText: 'Ada Lovelace' }).getByText('ACTIVE').count()).toBe(1);
      await shot(page, 'users-light');

      const viewport = page.getByTestId('users-viewport');
      const started = Date.now();
      // Okta paging: each scroll to the end reads the next page, until the server says there is none.
      const count = () => page.locator('.dir-count').innerText();
      let seen = await count();
      for (let i = 0; i < 80 && !/^[\d,]+ people$/.test(seen); i++) {
        await viewport.evaluate((el) => { el.scrollTop = el.scrollHeight; });
        await page.waitForFunction((prev) => document.querySelector('.dir-count')?.textContent !== prev, seen, { timeout: 15_000 });
        seen = await count();
      }
      await page.getByText(`All ${(BULK + 4).toLocaleString('en-US')} people`).waitFor({ timeout: 30_000 });
      const elapsed = Date.now() - started;
      await viewport.evaluate((el) => { el.scrollTop = el.scrollHeight; });
      const last = grid.getByRole('row').filter({ hasText: `Person ${BULK}` });
      await last.waitFor();
      expect(await last.getByText(`bulk${BULK}@bulk.example`).count()).toBe(1);
      // The whole count is known now; the DOM holds a window of it.
      expect(await grid.getAttribute('aria-rowcount')).toBe(String(BULK + 4 + 1));
      const rowsInDom = await grid.getByRole('row').count();
      expect(rowsInDom).toBeLessThan(60);
      expect(rowsInDom).toBeGreaterThan(5);
      console.log(`users list: scrolled through ${BULK + 4} people in ${elapsed} ms; ${rowsInDom} rows in the DOM`);
      await shot(page, 'users-bottom');

      // A person opens from the list; back at the list, the same place, without reading it again.
      await last.getByRole('link', { name: `Bulk Person ${BULK}` }).click();
      await page.getByRole('heading', { level: 1, name: `Bulk Person ${BULK}` }).waitFor();
      let reads = 0;
      page.on('request', (r) => { if (r.url().includes('/api/v1/users?')) reads++; });
      const back = Date.now();
      await page.goBack();
      await grid.getByRole('row').filter({ hasText: `bulk${BULK}@bulk.example` }).waitFor();
      console.log(`users list: back to row ${BULK} in ${Date.now() - back} ms`);
      expect(await page.locator('.dir-count').innerText()).toBe(`${(BULK + 4).toLocaleString('en-US')} people`);
      expect(reads).toBe(0);

      // The keyboard: one tab stop, Home goes back to the first person, Enter opens them.
      await grid.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  test('quick search, status filter and search expressions, with a bad expression explained beside it', async () => {
    const { context, page, problems } = await open();
    try {
      await page.goto(`${server.url}/#/users`);
      const grid = page.getByRole('grid', { name: 'Users' });
      await grid.getByRole('row').filter({ hasText: 'ada@example.com' }).waitFor();
      const search = page.getByRole('searchbox', { name: 'Search users' });
      await search.fill('Person 9999');
      await page.getByRole('status').filter({ hasText: '1 match' }).waitFor();
      expect(await grid.getByRole('row').filter({ hasText: 'bulk09999@bulk.example' }).count()).toBe(1);

      await search.fill('gr');
      await grid.getByRole('row').filter({ hasText: 'Grace Hopper' }).waitFor();
      await page.getByRole('status').filter({ hasText: '1 match' }).waitFor();
      expect(await grid.getByRole('row').filter({ hasText: 'bulk' }).count()).toBe(0);

      // Staged people only (every third bulk person was not activated).
      await search.fill('bulk0000');
      await page.getByRole('status').filter({ hasText: '9 matches' }).waitFor();
      await page.getByLabel('Status').selectOption('STAGED');
      await page.getByRole('status').filter({ hasText: '3 matches' }).waitFor();
      for (const n of ['00003', '00006', '00009']) expect(await grid.getByRole('row').filter({ hasText: `bulk${n}@` }).getByText('STAGED').count(), n).toBe(1);

      await page.getByRole('button', { name: 'Expression' }).click();
      const expr = page.getByRole('textbox', { name: 'Search expression' });
      await expr.fill('profile.department eq Research');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const err = page.locator('#user-search-error');
      await err.waitFor();
      expect(await err.innerText()).toContain('double quotes');
      expect(await expr.getAttribute('aria-invalid')).toBe('true');
      await shot(page, 'users-bad-expression');
      await expr.fill('profile.department eq "Research"');
      await expr.press('Enter');
      await page.getByRole('status').filter({ hasText: '2 matches' }).waitFor();
      expect(await grid.getByRole('row').filter({ hasText: 'Ada Lovelace' }).count()).toBe(1);
      expect(await grid.getByRole('row').filter({ hasText: 'Alan Turing' }).count()).toBe(1);
      await shot(page, 'users-expression');
      // The refused expression was a 400 the page explained; nothing else failed.
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('a new user', () => {
  test('validated as you type, refused with the server\'s reason beside the field, then created, edited and grouped', async () => {
    const { context, page, problems } = await open();
    try {
      await page.goto(`${server.url}/#/users`);
      await page.getByRole('button', { name: 'New user' }).click();
      const form = page.getByRole('form', { name: 'New user' });
      const login = form.getByLabel('Username');
      await login.fill('ada');
      expect(await form.locator('#nu-login-error').innerText()).toContain('email address');
      expect(await form.getByLabel('Email').inputValue()).toBe('ada');
      // The server refuses a username that is taken: its cause stands beside the field.
      await login.fill('ada@example.com');
      expect(await form.locator('#nu-login-error').count()).toBe(0);
      await form.getByLabel('First name').fill('Marie');
      await form.getByLabel('Last name').fill('Curie');
      await form.getByRole('button', { name: 'Create user' }).click();
      await form.locator('#nu-login-error').waitFor();
      expect(await form.locator('#nu-login-error').innerText()).toContain('already exists');
      expect(await form.getByText('Check the fields marked below.').count()).toBe(1);
      await shot(page, 'new-user-refused');

      await login.fill('marie@example.com');
      expect(await form.locator('#nu-login-error').count()).toBe(0);
      const password = form.getByLabel('Password (optional)');
      await password.fill('marie');
      expect(await form.locator('#nu-password-error').innerText()).toContain('at least 8 characters');
      await password.fill('Polonium-1898');
      expect(await form.locator('#nu-password-error').count()).toBe(0);
      expect(await form.getByText('The user will be').innerText()).toContain('ACTIVE');
      await form.getByLabel('Orders Staff').check();
      await form.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('heading', { level: 1, name: 'Marie Curie' }).waitFor();
      await page.getByText('Created marie@example.com. Status ACTIVE').waitFor();
      const created = await admin<{ id: string; status: string; profile: Record<string, unknown> }>('/users/marie@example.com');
      expect(created.status).toBe('ACTIVE');
      const groups = await admin<{ profile: { name: string } }[]>(`/users/${created.id}/groups`);
      expect(groups.map((g) => g.profile.name)).toEqual(['Everyone', 'Orders Staff']);

      // A custom attribute: added, saved, then edited; the API has the new value and type.
      const profile = page.getByRole('form', { name: 'Profile' });
      const add = profile.getByRole('group', { name: 'Add an attribute' });
      await add.getByLabel('Name').fill('2fast');
      expect(await add.locator('#new-attr-name-error').innerText()).toContain('not starting with a digit');
      await add.getByLabel('Name').fill('badgeColour');
      await add.getByLabel('Value').fill('green');
      await add.getByRole('button', { name: 'Add attribute' }).click();
      await add.getByLabel('Name').fill('clearanceLevel');
      await add.getByLabel('Type').selectOption('number');
      await add.getByLabel('Value').fill('3');
      await add.getByRole('button', { name: 'Add attribute' }).click();
      await profile.getByRole('button', { name: 'Save profile' }).click();
      await page.getByText('Profile saved: added badgeColour, clearanceLevel.').waitFor();
      let stored = await admin<{ profile: Record<string, unknown> }>(`/users/${created.id}`);
      expect(stored.profile.badgeColour).toBe('green');
      expect(stored.profile.clearanceLevel).toBe(3);

      const colour = page.getByRole('form', { name: 'Profile' }).getByLabel('Badge colour');
      await colour.fill('blue');
      const level = page.getByRole('form', { name: 'Profile' }).getByLabel('Clearance level');
      await level.fill('three');
      expect(await page.locator('#attr-clearanceLevel-error').innerText()).toContain('not a number');
      expect(await page.getByRole('button', { name: 'Save profile' }).isDisabled()).toBe(true);
      await level.fill('4');
      await page.getByRole('form', { name: 'Profile' }).getByLabel('Email', { exact: true }).fill('marie.curie@example.com');
      await shot(page, 'user-profile-editing');
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByText('Profile saved: changed email, badgeColour, clearanceLevel.').waitFor();
      stored = await admin<{ profile: Record<string, unknown> }>(`/users/${created.id}`);
      expect(stored.profile).toMatchObject({ badgeColour: 'blue', clearanceLevel: 4, email: 'marie.curie@example.com', login: 'marie@example.com' });
      await shot(page, 'user-profile');

      // Into a group from the person's side…
      await page.getByRole('link', { name: 'Groups', exact: true }).last().click();
      const memberships = page.getByRole('table', { name: 'Group memberships' });
      await memberships.getByRole('link', { name: 'Orders Staff' }).waitFor();
      const picker = page.getByRole('combobox', { name: 'Add to a group' });
      await picker.fill('Eng');
      await page.getByRole('option', { name: /Engineering/ }).click();
      await page.getByText('Added Marie Curie to Engineering.').waitFor();
      await memberships.getByRole('link', { name: 'Engineering' }).waitFor();
      expect(await memberships.getByRole('row').filter({ hasText: 'Everyone' }).getByText('Every user is in it').count()).toBe(1);
      await shot(page, 'user-groups');

      // …and seen from the group's side.
      await memberships.getByRole('link', { name: 'Engineering' }).click();
      await page.getByRole('heading', { level: 1, name: 'Engineering' }).waitFor();
      const members = page.getByRole('grid', { name: 'Members of Engineering' });
      await members.getByRole('row').filter({ hasText: 'marie@example.com' }).waitFor();
      const engineering = (await admin<{ id: string; profile: { name: string } }[]>('/groups?q=Engineering'))[0]!;
      const inGroup = await admin<{ profile: { login: string } }[]>(`/groups/${engineering.id}/users`);
      expect(inGroup.map((u) => u.profile.login)).toContain('marie@example.com');

      // Suspend asks first, then says what happened; the API agrees.
      await page.goto(`${server.url}/#/users/${created.id}`);
      await page.getByRole('button', { name: 'Suspend' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Suspend Marie Curie?' });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: 'Suspend' }).click();
      await page.getByText('Marie Curie is now SUSPENDED').waitFor();
      expect((await admin<{ status: string }>(`/users/${created.id}`)).status).toBe('SUSPENDED');
      await page.getByRole('button', { name: 'Unsuspend' }).click();
      await page.getByText('Marie Curie is now ACTIVE').waitFor();

      // A password set by an admin: the policy checked as typed, and what happened said plainly.
      await page.getByRole('link', { name: 'Password', exact: true }).click();
      const pw = page.getByRole('form', { name: 'Set a password' });
      await pw.getByLabel('New password').fill('Marie-Rules-99');
      expect(await pw.locator('#pw-new-error').innerText()).toContain('no part of the username');
      await pw.getByLabel('New password').fill('Sklodowska-1867');
      await pw.getByLabel('Type it again').fill('Sklodowska-1867');
      await pw.getByRole('button', { name: 'Set password' }).click();
      await page.getByText('Password set for Marie Curie').waitFor();
      expect(await page.getByText('They sign in with it from now on.', { exact: false }).count()).toBe(1);
      const after = await admin<{ passwordChanged: string | null }>(`/users/${created.id}`);
      expect(after.passwordChanged).not.toBeNull();
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('leaving', () => {
  test('deactivating asks first and says what it means; a deactivated user can then be deleted for good', async () => {
    const temp = await admin<{ id: string }>('/users?activate=true', { method: 'POST', body: { profile: { login: 'temp.worker@example.com', email: 'temp.worker@example.com', firstName: 'Temp', lastName: 'Worker' }, credentials: { password: { value: 'Seasonal-2024x' } } } });
    const { context, page, problems } = await open();
    try {
      await page.goto(`${server.url}/#/users/${temp.id}`);
      await page.getByRole('heading', { level: 1, name: 'Temp Worker' }).waitFor();
      expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Deactivate' }).click();
      const ask = page.getByRole('alertdialog', { name: 'Deactivate Temp Worker?' });
      expect(await ask.innerText()).toContain('will not be able to sign in');
      // Escape cancels; nothing changed.
      await page.keyboard.press('Escape');
      expect(await ask.count()).toBe(0);
      expect((await admin<{ status: string }>(`/users/${temp.id}`)).status).toBe('ACTIVE');
      await page.getByRole('button', { name: 'Deactivate' }).click();
      await ask.getByRole('button', { name: 'Deactivate' }).click();
      await page.getByText('Temp Worker is now DEPROVISIONED').waitFor();
      expect((await admin<{ status: string }>(`/users/${temp.id}`)).status).toBe('DEPROVISIONED');
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('alertdialog', { name: 'Delete Temp Worker for good?' }).getByRole('button', { name: 'Delete user' }).click();
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await page.getByText('Deleted temp.worker@example.com for good.').waitFor();
      const gone = await fetch(`${server.url}/api/v1/users/${temp.id}`, { headers: { Authorization: `SSWS ${TOKEN}` } });
      expect(gone.status).toBe(404);
      // A link to the deleted user says so in words.
      await page.goto(`${server.url}/#/users/${temp.id}`);
      await page.getByText('There is no such user (deleted, or a wrong link)').waitFor();
      expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('groups', () => {
  test('a group is created, described, given a member; Everyone says it cannot be edited', async () => {
    const { context, page, problems } = await open();
    try {
      await page.getByRole('navigation', { name: 'Workbench' }).getByRole('link', { name: 'Groups' }).click();
      const grid = page.getByRole('grid', { name: 'Groups' });
      await grid.getByRole('row').filter({ hasText: 'Orders Staff' }).waitFor();
      await shot(page, 'groups-light');
      await page.getByRole('button', { name: 'New group' }).click();
      const form = page.getByRole('form', { name: 'New group' });
      await form.getByLabel('Name').fill('Engineering');
      await form.getByRole('button', { name: 'Create group' }).click();
      await form.locator('#ng-name-error').waitFor();
      expect(await form.locator('#ng-name-error').innerText()).toContain('already exists');
      await form.getByLabel('Name').fill('Orders Auditors');
      await form.getByLabel('Description').fill('Read every order');
      await form.getByRole('button', { name: 'Create group' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orders Auditors' }).waitFor();
      await page.getByText('Created the group Orders Auditors.').waitFor();
      await page.getByText('Nobody in this group yet').waitFor();

      const picker = page.getByRole('combobox', { name: 'Add a member' });
      await picker.fill('kath');
      await page.getByRole('option', { name: /Katherine Johnson/ }).click();
      const members = page.getByRole('grid', { name: 'Members of Orders Auditors' });
      await members.getByRole('row').filter({ hasText: 'katherine@example.com' }).waitFor();

      const about = page.getByRole('form', { name: 'About this group' });
      await about.getByLabel('Description').fill('Read every order, change none');
      await about.getByRole('button', { name: 'Save' }).click();
      await page.getByText("Saved the group's description.").waitFor();
      const auditors = (await admin<{ id: string; profile: { description: string } }[]>('/groups?q=Orders%20Auditors'))[0]!;
      expect(auditors.profile.description).toBe('Read every order, change none');
      expect((await admin<{ profile: { login: string } }[]>(`/groups/${auditors.id}/users`)).map((u) => u.profile.login)).toEqual(['katherine@example.com']);

      // Remove asks first.
      await members.getByRole('button', { name: 'Remove Katherine Johnson' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Remove from group' }).click();
      await page.getByText('Removed Katherine Johnson from Orders Auditors.').waitFor();
      expect(await admin<unknown[]>(`/groups/${auditors.id}/users`)).toEqual([]);

      // The apps a group is assigned to.
      await page.goto(`${server.url}/#/groups`);
      await grid.getByRole('link', { name: 'Orders Staff' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orders Staff' }).waitFor();
      const apps = page.getByRole('region', { name: 'Assigned to apps' });
      const assigned = await admin<{ label: string }[]>(`/groups/${(await admin<{ id: string }[]>('/groups?q=Orders%20Staff'))[0]!.id}/apps`);
      if (assigned.length) await apps.getByRole('link', { name: assigned[0]!.label }).waitFor();
      else await apps.getByText('Not assigned to any app').waitFor();
      await shot(page, 'group-light');

      // Everyone is built in: said plainly, nothing to edit, every user a member.
      await page.goto(`${server.url}/#/groups`);
      await grid.getByRole('link', { name: 'Everyone' }).click();
      await page.getByText('Everyone is built in').waitFor();
      expect(await page.getByRole('button', { name: 'Delete group' }).count()).toBe(0);
      expect(await page.getByRole('combobox', { name: 'Add a member' }).count()).toBe(0);
      expect(await page.getByRole('form', { name: 'About this group' }).getByLabel('Name').getAttribute('readonly')).not.toBeNull();
      await page.getByRole('grid', { name: 'Members of Everyone' }).getByRole('row').filter({ hasText: 'ada@example.com' }).waitFor();
      await shot(page, 'everyone');
      expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('in the dark theme', () => {
  test('the list, a person and a group read well', async () => {
    const { context, page, problems } = await open('dark');
    try {
      await page.goto(`${server.url}/#/users`);
      await page.getByRole('grid', { name: 'Users' }).getByRole('row').filter({ hasText: 'ada@example.com' }).waitFor();
      await page.getByRole('grid', { name: 'Users' }).focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await shot(page, 'users-dark');
      const grace = await admin<{ id: string }>('/users/grace@example.com');
      await page.goto(`${server.url}/#/users/${grace.id}`);
      await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
      await page.getByRole('form', { name: 'Profile' }).waitFor();
      await shot(page, 'user-dark');
      await page.goto(`${server.url}/#/users/${grace.id}/password`);
      await page.getByRole('form', { name: 'Set a password' }).getByLabel('New password').fill('short');
      await shot(page, 'user-password-dark');
      await page.goto(`${server.url}/#/users/new`);
      await page.getByRole('form', { name: 'New user' }).getByLabel('Username').fill('nobody');
      await shot(page, 'new-user-dark');
      const staff = (await admin<{ id: string }[]>('/groups?q=Orders%20Staff'))[0]!;
      await page.goto(`${server.url}/#/groups/${staff.id}`);
      await page.getByRole('grid', { name: 'Members of Orders Staff' }).getByRole('row').filter({ hasText: 'ada@example.com' }).waitFor();
      await shot(page, 'group-dark');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
