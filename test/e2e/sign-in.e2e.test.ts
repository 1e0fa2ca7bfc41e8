/**
 * Real logins in headless Chromium against the hosted sign-in page: an SPA (public client, PKCE,
 * consent, the token call made by the page itself across origins) and a server-style app (code
 * exchanged by the back end with its secret). The apps' own pages are served by Playwright's
 * router, so no request leaves the machine.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as client from 'openid-client';
import { launchChromium } from '../helpers/chromium.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

const RESULTS_DIR = join(resolve(import.meta.dirname, '..', '..'), 'test-results');
let s: TestServer;
let browser: Browser;
let issuer = '';
const apps: Record<string, { id: string; clientId: string; secret?: string }> = {};
const servers: Server[] = [];

/** A stand-in for an app's own web server: answers every request with `html`, records the URLs. */
async function appServer(html: string): Promise<{ origin: string; hits: URL[] }> {
  const hits: URL[] = [];
  const srv = createServer((req, res) => {
    hits.push(new URL(req.url ?? '/', 'http://x'));
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, hits };
}

/** Registers one more redirect URI on a demo app, through the admin API. */
async function addRedirect(appId: string, uri: string) {
  const app = await (await s.api(`/api/v1/apps/${appId}`)).json();
  app.settings.oauthClient.redirect_uris.push(uri);
  const res = await s.api(`/api/v1/apps/${appId}`, { method: 'PUT', body: JSON.stringify(app) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  s = await startTestServer({ seed: 'demo' });
  issuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]) {
    apps[a.label] = { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  for (const srv of servers) srv.close();
});

/** Records what a person would notice: console errors, failed requests, requests leaving loopback. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('request', (r) => {
    const host = new URL(r.url()).hostname;
    if (!['127.0.0.1', 'localhost'].includes(host)) problems.push(`left the machine: ${r.url()}`);
  });
  return problems;
}

test('an SPA signs in, consents, and redeems the code from the browser with PKCE', async () => {
  const spa = apps['Orders SPA']!;
  const verifier = client.randomPKCECodeVerifier();
  const challenge = await client.calculatePKCECodeChallenge(verifier);
  // The SPA's callback page: it takes the code from its URL and calls the token endpoint itself,
  // from its own origin (so through CORS).
  const app = await appServer('placeholder');
  const redirect = `${app.origin}/login/callback`;
  servers.at(-1)!.removeAllListeners('request');
  servers.at(-1)!.on('request', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><html><head><link rel="icon" href="data:,"></head><body><pre id="out">working</pre><script>
        const p = new URLSearchParams(location.search);
        fetch(${JSON.stringify(`${issuer}/v1/token`)}, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: ${JSON.stringify(spa.clientId)}, code: p.get('code'),
            redirect_uri: ${JSON.stringify(redirect)}, code_verifier: ${JSON.stringify(verifier)} }) })
          .then((r) => r.json()).then((j) => { document.getElementById('out').textContent = JSON.stringify({ state: p.get('state'), ...j }); })
          .catch((e) => { document.getElementById('out').textContent = 'error: ' + e; });
      </script></body></html>`);
  });
  await addRedirect(spa.id, redirect);
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  const authorize = new URL(`${issuer}/v1/authorize`);
  for (const [k, v] of Object.entries({ client_id: spa.clientId, response_type: 'code', scope: 'openid profile orders:read orders:write', redirect_uri: redirect, state: 'spa-state', nonce: 'n1', code_challenge: challenge, code_challenge_method: 'S256' })) {
    authorize.searchParams.set(k, v);
  }
  await page.goto(authorize.href);

  await expect(page.getByRole('heading', { name: 'Sign in' }).textContent()).resolves.toBe('Sign in');
  expect(await page.textContent('main')).toContain('to continue to Orders SPA');
  // A wrong password: one message, no hint of which part was wrong, the username kept.
  await page.getByLabel('Username').fill('ada@example.com');
  await page.getByLabel('Password').fill('not-the-password-1A');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').textContent()).resolves.toBe('Sign in failed. Check your username and password and try again.');
  expect(await page.getByLabel('Username').inputValue()).toBe('ada@example.com');
  await page.screenshot({ path: join(RESULTS_DIR, 'sign-in-error.png') });

  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // orders:write is FLEXIBLE and the SPA requires consent: the consent page lists it in words.
  await page.getByRole('button', { name: 'Allow access' }).waitFor();
  expect(await page.textContent('main')).toContain('Orders SPA would like to');
  expect(await page.textContent('ul.scopes')).toContain('Create and change orders');
  await page.screenshot({ path: join(RESULTS_DIR, 'consent.png') });
  await page.getByRole('button', { name: 'Allow access' }).click();

  await page.waitForURL((u) => u.href.startsWith(redirect));
  await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'working');
  const result = JSON.parse((await page.textContent('#out'))!);
  expect(result).toMatchObject({ state: 'spa-state', token_type: 'Bearer', scope: 'openid profile orders:read orders:write' });
  const claims = JSON.parse(Buffer.from(result.id_token.split('.')[1], 'base64url').toString());
  expect(claims).toMatchObject({ nonce: 'n1', aud: spa.clientId, preferred_username: 'ada@example.com', name: 'Ada Lovelace' });
  // The one expected complaint: the wrong-password attempt is answered 401, which Chromium logs.
  expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);

  // Consent is remembered: the next sign-in (same session) goes straight back to the app.
  const again = new URL(authorize);
  again.searchParams.set('state', 'second');
  await page.goto(again.href);
  await page.waitForURL((u) => u.href.startsWith(redirect));
  expect(new URL(page.url()).searchParams.get('state')).toBe('second');
  await context.close();
});

test('a server-style app signs in and its back end exchanges the code with its secret', async () => {
  const portal = apps['Orders Portal']!;
  const app = await appServer('<!doctype html><link rel="icon" href="data:,"><p>Signed in</p>');
  const redirect = `${app.origin}/authorization-code/callback`;
  await addRedirect(portal.id, redirect);
  const config = await client.discovery(new URL(issuer), portal.clientId, undefined, client.ClientSecretBasic(portal.secret!), { execute: [client.allowInsecureRequests] });
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, { redirect_uri: redirect, scope: 'openid email orders:read', state: 'web-state', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', login_hint: 'alan@example.com' });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url.href);
  // login_hint pre-fills the username.
  expect(await page.getByLabel('Username').inputValue()).toBe('alan@example.com');
  await page.screenshot({ path: join(RESULTS_DIR, 'sign-in.png') });
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.href.startsWith(redirect));
  expect(app.hits).toHaveLength(1);
  const tokens = await client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: 'web-state' });
  expect(tokens.claims()).toMatchObject({ email: 'alan@example.com' });
  expect(tokens.scope).toBe('openid email orders:read');
  expect(problems).toEqual([]);
  await context.close();
});
