/**
 * The token inspector in the browser, as a tester uses it: real tokens from the demo "Orders API"
 * (client credentials for the Fulfilment Service; the code flow for ada@example.com) pasted in,
 * decoded, verified with the workspace's keys, a pasted JWKS and an issuer URL, each claim
 * explained; malformed input explained; introspection, revocation, and introspection again.
 * Screenshots (light and dark) go to test-results/token-inspector-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../../src-server/app.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';
import { launchChromium } from '../helpers/chromium.js';
import { openWorkbench } from '../helpers/workbench.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
// E2E_RENDERER_DIR: a renderer build of your own, when other builds keep replacing out/renderer.
const RENDERER_DIR = process.env.E2E_RENDERER_DIR ?? join(ROOT, 'out', 'renderer');
const RESULTS_DIR = join(ROOT, 'test-results');
const TOKEN = 'e2e-admin-token-inspector-0123456789';
const REDIRECT = 'http://localhost:3000/authorization-code/callback';

let dir: string;
let server: RunningServer;
let browser: Browser;
let issuer = '';
let ordersId = '';
const apps: Record<string, { clientId: string; secret?: string }> = {};

async function admin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `SSWS ${TOKEN}`, Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  expect(res.ok, `${init.method ?? 'GET'} ${path}: ${res.status}`).toBe(true);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A client-credentials access token for the Fulfilment Service. */
async function serviceToken(): Promise<string> {
  const f = apps['Fulfilment Service']!;
  const res = await fetch(`${issuer}/v1/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read orders:write', client_id: f.clientId, client_secret: f.secret! }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Ada signs in to the Orders Portal (authn sessionToken -> /authorize -> /token). */
async function adaTokens(): Promise<{ access_token: string; id_token: string; refresh_token: string }> {
  const authn = await fetch(`${server.url}/api/v1/authn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ada@example.com', password: DEMO_PASSWORD }) });
  const { sessionToken } = (await authn.json()) as { sessionToken: string };
  const portal = apps['Orders Portal']!;
  const url = new URL(`${issuer}/v1/authorize`);
  const q = { client_id: portal.clientId, response_type: 'code', scope: 'openid profile email offline_access groups orders:read', redirect_uri: REDIRECT, state: 'st', nonce: 'n-ada-1', sessionToken };
  for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
  const r = await fetch(url, { redirect: 'manual' });
  const code = new URL(r.headers.get('location')!).searchParams.get('code');
  expect(code).toBeTruthy();
  const res = await fetch(`${issuer}/v1/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${portal.clientId}:${portal.secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; id_token: string; refresh_token: string };
}

async function introspectAsService(token: string): Promise<{ active: boolean }> {
  const f = apps['Fulfilment Service']!;
  const res = await fetch(`${issuer}/v1/introspect`, { method: 'POST', body: new URLSearchParams({ token, client_id: f.clientId, client_secret: f.secret! }) });
  return (await res.json()) as { active: boolean };
}

const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-inspector-'));
  server = await startServer({ db: join(dir, 'workspace.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'demo', logLevel: 'silent', rendererDir: RENDERER_DIR });
  browser = await launchChromium();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const servers = await admin<{ id: string; name: string; issuer: string }[]>('/authorizationServers');
  const orders = servers.find((s) => s.name === 'Orders API')!;
  issuer = orders.issuer;
  ordersId = orders.id;
  for (const a of await admin<{ label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]>('/apps')) {
    apps[a.label] = { clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The whole screen: the page scrolls inside .content, so the viewport is grown to its height for the picture. */
async function shot(page: Page, name: string) {
  const height = await page.evaluate(() => {
    const c = document.querySelector('.content');
    return c ? c.scrollHeight : 800;
  });
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(height, 4000)) });
  await page.screenshot({ path: join(RESULTS_DIR, `token-inspector-${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The workbench on the inspector, with its problems recorded. */
async function openInspector(colorScheme: 'light' | 'dark' = 'light') {
  const w = await openWorkbench(browser, server.uiLoginUrl(), colorScheme);
  await w.page.getByRole('link', { name: 'Token Inspector' }).click();
  await w.page.getByRole('heading', { level: 1, name: 'Token Inspector' }).waitFor();
  return w;
}

const tokenBox = (page: Page) => page.getByRole('textbox', { name: 'Token' });
const checks = (page: Page) => page.getByRole('list', { name: 'Checks' });
const claimRow = (page: Page, name: string) => page.getByRole('table', { name: 'Claims' }).locator('tr', { has: page.locator(`code.ti-claim-name:text-is("${name}")`) });

async function paste(page: Page, token: string) {
  await tokenBox(page).fill(token);
}

async function expectCheck(list: Locator, text: string | RegExp) {
  await list.getByText(text).first().waitFor({ timeout: 10_000 });
}

describe('token inspector', () => {
  test("ada's access token: decoded, verified with the workspace's keys, each claim explained", { timeout: 90_000 }, async () => {
    const { context, page, problems } = await openInspector('light');
    try {
      await page.getByText('No token yet').waitFor();
      const tokens = await adaTokens();
      await paste(page, tokens.access_token);

      const summary = page.getByLabel('What this token is');
      await summary.getByText('Access token', { exact: true }).waitFor();
      expect(await summary.innerText()).toContain(kidOf(tokens.access_token));
      await expectCheck(checks(page), `Signature verified with key ${kidOf(tokens.access_token)}`);
      await expectCheck(checks(page), 'Issuer matches Orders API');
      await expectCheck(checks(page), 'Audience matches Orders API');
      await expectCheck(checks(page), /Valid for another (59 min|60 min|1 h)$/);
      expect(await page.getByLabel('Authorization server').inputValue()).toBe('auto');
      expect(await page.getByLabel('Authorization server').locator('option:checked').innerText()).toContain('Automatic: Orders API');

      // Claims: a definition with its expression and scope condition, the standard meaning, dates, scopes.
      await claimRow(page, 'department').waitFor();
      const dept = await claimRow(page, 'department').innerText();
      expect(dept).toContain('"Research"');
      expect(dept).toContain('Claim definition');
      expect(dept).toContain('user.department');
      expect(dept).toContain('Included whatever scopes are granted.');
      expect(await claimRow(page, 'email').innerText()).toContain('Included when any of orders:read, orders:write is granted (here: orders:read).');
      const sub = await claimRow(page, 'sub').innerText();
      expect(sub).toContain('System claim');
      expect(sub).toContain('(appuser != null) ? appuser.userName : app.clientId');
      const scp = await claimRow(page, 'scp').innerText();
      expect(scp).toContain('orders:read');
      expect(scp).toContain('Read your orders');
      expect(scp).toContain('Allows this application to access your data when you are not present.');
      expect(await claimRow(page, 'exp').innerText()).toMatch(/\(in (59 min|60 min|1 h)\)/);
      expect(await claimRow(page, 'cid').innerText()).toContain('The client id of “Orders Portal”.');
      expect(await claimRow(page, 'ver').innerText()).toContain("The version of Okta's token format");
      expect(await page.getByRole('table', { name: 'Header parameters' }).innerText()).toContain('Key id');
      await shot(page, 'access-light');

      // Against another server of the workspace: the issuer and audience checks say why not, and its keys do not have the kid.
      await page.getByLabel('Authorization server').selectOption({ label: `default · ${server.url}/oauth2/default` });
      await expectCheck(checks(page), 'Issued by Orders API, not default');
      await expectCheck(checks(page), "Audience is not default's");
      await expectCheck(checks(page), `No key with kid ${kidOf(tokens.access_token)}`);

      // The ID token: its audience is the client, its groups claim an IDENTITY definition.
      await paste(page, tokens.id_token);
      await summary.getByText('ID token', { exact: true }).waitFor();
      await expectCheck(checks(page), `Signature verified with key ${kidOf(tokens.id_token)}`);
      await expectCheck(checks(page), 'Audience is the client “Orders Portal”');
      const groups = await claimRow(page, 'groups').innerText();
      expect(groups).toContain('"Orders Staff"');
      expect(groups).toContain("the user's groups whose names start with “Orders”");
      expect(await claimRow(page, 'nonce').innerText()).toContain('n-ada-1');
      // It introspects for its own client (its aud, chosen already), and is not revoked.
      await page.getByText('An ID token introspects only for the client it was issued to').waitFor();
      expect(await page.getByRole('button', { name: 'Revoke…' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Introspect' }).click();
      const idAnswer = page.getByLabel('Introspection response');
      await idAnswer.waitFor();
      expect(await idAnswer.innerText()).toContain('"id_token"');
      await page.getByText('ACTIVE', { exact: true }).waitFor();

      // The refresh token is opaque: introspection as the client that holds it.
      await paste(page, tokens.refresh_token);
      await page.getByRole('heading', { name: 'An opaque token' }).waitFor();
      await page.getByLabel('Authorization server').selectOption({ label: `Orders API · ${issuer}` });
      await page.getByLabel('As the client').selectOption({ label: 'Orders Portal (client_secret_basic)' });
      await page.getByRole('button', { name: 'Introspect' }).click();
      const answer = page.getByLabel('Introspection response');
      await answer.waitFor();
      expect(await answer.innerText()).toContain('ada@example.com');
      expect(await answer.innerText()).toContain('"openid profile email offline_access groups orders:read"');
      await page.getByText('ACTIVE', { exact: true }).waitFor();
      await shot(page, 'refresh-light');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a service token: introspect, revoke with a confirm, introspect again shows inactive', { timeout: 90_000 }, async () => {
    const { context, page, problems } = await openInspector('dark');
    try {
      const token = await serviceToken();
      await paste(page, token);
      await expectCheck(checks(page), `Signature verified with key ${kidOf(token)}`);
      expect(await claimRow(page, 'sub').innerText()).toContain('The client id of “Fulfilment Service”.');
      // The client is chosen from the token's cid.
      expect(await page.getByLabel('As the client').locator('option:checked').innerText()).toContain('Fulfilment Service');
      await page.getByRole('button', { name: 'Introspect' }).click();
      await page.getByText('ACTIVE', { exact: true }).waitFor();
      expect(await page.getByLabel('Introspection response').innerText()).toContain('orders:read orders:write');

      await page.getByRole('button', { name: 'Revoke…' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Revoke this token?' });
      await confirm.waitFor();
      // Cancel changes nothing.
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      expect(await introspectAsService(token)).toMatchObject({ active: true });
      await page.getByRole('button', { name: 'Revoke…' }).click();
      await page.getByRole('alertdialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
      await page.getByText('Revoked.').waitFor();
      await page.getByText('INACTIVE', { exact: true }).waitFor();
      expect(await page.getByLabel('Introspection response').innerText()).toMatch(/^active[^\n]*\s+false\s*$/);
      expect(await introspectAsService(token)).toEqual({ active: false });
      await shot(page, 'revoked-dark');

      // Scrolled to the top, for the dark screenshot of the decoded token.
      await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
      await shot(page, 'service-dark');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("keys from a pasted JWKS and from issuer URLs (this server, another one through the relay, one that does not answer)", { timeout: 90_000 }, async () => {
    const { context, page, problems } = await openInspector('light');
    try {
      const token = await serviceToken();
      await paste(page, token);
      await page.getByRole('radio', { name: 'A pasted JWKS' }).check();
      const jwks = page.getByRole('textbox', { name: 'JWKS' });
      await jwks.fill('{"keys": [');
      await page.locator('.field-error').getByText(/This is not JSON/).waitFor();
      await expectCheck(checks(page), 'Signature not checked');
      const otherKeys = await (await fetch(`${server.url}/oauth2/default/v1/keys`)).text();
      await jwks.fill(otherKeys);
      await expectCheck(checks(page), `No key with kid ${kidOf(token)}`);
      const ordersKeys = await (await fetch(`${issuer}/v1/keys`)).text();
      await jwks.fill(ordersKeys);
      await expectCheck(checks(page), `Signature verified with key ${kidOf(token)}`);
      await expectCheck(checks(page), 'RS256, against the pasted JWKS');

      await page.getByRole('radio', { name: "An issuer's published keys" }).check();
      const url = page.getByRole('textbox', { name: 'Issuer URL' });
      await url.fill(issuer);
      await page.getByRole('button', { name: 'Fetch keys' }).click();
      await page.getByText(`2 keys from ${issuer}/v1/keys`).waitFor();
      await expectCheck(checks(page), `Signature verified with key ${kidOf(token)}`);

      // Another issuer (a second Gatehouse, another origin): read through this server, since the page
      // may only talk to its own; its keys do not verify this token.
      const other = await startServer({ db: join(dir, 'other.db'), port: 0, host: '127.0.0.1', apiToken: TOKEN, seed: 'none', logLevel: 'silent' });
      try {
        await url.fill(`${other.url}/oauth2/default`);
        await page.getByRole('button', { name: 'Fetch keys' }).click();
        await page.getByText(new RegExp(`^\\d+ keys? from ${other.url.replace(/\./g, '\\.')}/oauth2/default/v1/keys$`)).waitFor();
        await expectCheck(checks(page), `No key with kid ${kidOf(token)}`);
      } finally {
        await other.close();
      }
      // An issuer that does not answer is explained.
      await url.fill('http://127.0.0.1:9/oauth2/default');
      await page.getByRole('button', { name: 'Fetch keys' }).click();
      await page.getByText(/http:\/\/127\.0\.0\.1:9 could not be reached\. Check the URL, or paste the JWKS instead\./).waitFor();
      await shot(page, 'keys-light');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('malformed input: garbage, alg none, a JWE, two parts, bad JSON, a token response; none crashes the screen', { timeout: 90_000 }, async () => {
    const { context, page, problems } = await openInspector('light');
    try {
      const problem = page.locator('.ti-problem');
      await paste(page, 'hello world');
      await problem.getByRole('heading', { name: 'Not a token' }).waitFor();
      expect(await problem.innerText()).toContain('a space at position 6');

      const claims = { ver: 1, jti: 'AT.forged', iss: issuer, aud: 'api://orders', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, cid: apps['Fulfilment Service']!.clientId, scp: ['orders:admin'], sub: 'mallory' };
      await paste(page, `${b64({ alg: 'none' })}.${b64(claims)}.`);
      await page.getByLabel('What this token is').getByText('UNSIGNED').waitFor();
      await expectCheck(checks(page), 'Not signed (alg: none)');
      await page.getByText(/Unsigned token \(alg: none\): anyone can write one/).waitFor();
      await expectCheck(checks(page), 'Issuer matches Orders API');
      await shot(page, 'alg-none-light');

      await paste(page, `${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' })}.a2V5.aXY.Y2lwaGVy.dGFn`);
      await page.getByRole('heading', { name: 'An encrypted token (JWE)' }).waitFor();
      expect(await page.locator('.ti-problem').innerText()).toContain('It is encrypted with RSA-OAEP-256 and A256GCM.');

      const real = await serviceToken();
      await paste(page, real.split('.').slice(0, 2).join('.'));
      await problem.getByRole('heading', { name: 'Not a JWT: 2 parts instead of 3' }).waitFor();

      await paste(page, `${b64({ alg: 'RS256' })}.${Buffer.from('{"sub": "x",').toString('base64url')}.c2ln`);
      await problem.getByRole('heading', { name: 'Payload is not JSON' }).waitFor();
      await paste(page, `${real.split('.')[0]}.${real.split('.')[1]!.replace(/-/g, '+')}+.${real.split('.')[2]}`);
      await problem.getByRole('heading', { name: 'Payload is not base64url' }).waitFor();
      expect(await problem.innerText()).toContain('standard base64');
      await shot(page, 'malformed-light');

      // A whole token response: each token is offered, and opens with where it came from.
      await paste(page, JSON.stringify({ token_type: 'Bearer', access_token: real, scope: 'orders:read' }));
      await page.getByRole('button', { name: 'Inspect the access_token' }).click();
      await page.getByText('Received from').waitFor();
      expect(await page.locator('.ti-origin').innerText()).toContain('the access_token of the pasted response');
      await expectCheck(checks(page), `Signature verified with key ${kidOf(real)}`);

      // The token stays while the tester looks elsewhere.
      await page.getByRole('link', { name: 'System Log' }).click();
      await page.getByRole('heading', { level: 1, name: 'System Log' }).waitFor();
      await page.getByRole('link', { name: 'Token Inspector' }).click();
      await expectCheck(checks(page), `Signature verified with key ${kidOf(real)}`);
      expect(await tokenBox(page).inputValue()).toBe(real);

      await page.getByRole('button', { name: 'Clear' }).click();
      await page.getByText('No token yet').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
