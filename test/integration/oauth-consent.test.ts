import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * The consent page's form: its CSRF token is bound to the session that shows it, so a planted
 * CSRF cookie (the weakness of a plain double-submit cookie) or another session's token is refused.
 */

let s: TestServer;
let issuer = '';
let spa = '';
const REDIRECT = 'http://localhost:5173/login/callback';

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  issuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  const apps = (await (await s.api('/api/v1/apps')).json()) as { label: string; credentials: { oauthClient: { client_id: string } } }[];
  spa = apps.find((a) => a.label === 'Orders SPA')!.credentials.oauthClient.client_id;
});
afterAll(async () => {
  await s.close();
});

interface ConsentPage { cookies: Record<string, string>; csrf: string; fromURI: string }

/** Signs Grace (an Orders Admin) in with a sessionToken on an SPA request that needs consent; returns the consent form. */
async function consentPage(): Promise<ConsentPage> {
  const authn = await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username: 'grace@example.com', password: DEMO_PASSWORD }) });
  const url = new URL(`${issuer}/v1/authorize`);
  const verifier = randomBytes(32).toString('base64url');
  for (const [k, v] of Object.entries({
    client_id: spa, response_type: 'code', scope: 'openid orders:read orders:admin', redirect_uri: REDIRECT, state: 'st', prompt: 'consent',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', sessionToken: ((await authn.json()) as { sessionToken: string }).sessionToken,
  })) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  const html = await res.text();
  expect(res.status, html.slice(0, 200)).toBe(200);
  expect(html).toContain('orders:admin');
  const cookies = Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
  const field = (name: string) => /value="([^"]*)"/.exec(html.slice(html.indexOf(`name="${name}"`)))![1]!.replace(/&amp;/g, '&');
  return { cookies, csrf: field('csrf'), fromURI: field('fromURI') };
}

function post(p: ConsentPage, cookies: Record<string, string>, csrf: string): Promise<Response> {
  return fetch(`${s.url}/login/consent`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ csrf, fromURI: p.fromURI, decision: 'allow' }),
  });
}

describe('consent form CSRF', () => {
  test('the form as shown, with its session, is accepted: 303 back to /authorize, which then gives the code', async () => {
    const p = await consentPage();
    expect(p.cookies.gh_sid && p.cookies.gh_csrf).toBeTruthy();
    // The token in the form is not the cookie itself: it is bound to the session.
    expect(p.csrf).not.toBe(p.cookies.gh_csrf);
    const res = await post(p, p.cookies, p.csrf);
    expect(res.status).toBe(303);
    const back = await fetch(new URL(res.headers.get('location')!, s.url), { redirect: 'manual', headers: { Cookie: `gh_sid=${p.cookies.gh_sid}` } });
    expect(back.status).toBe(302);
    expect(new URL(back.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  test('a planted CSRF cookie with the same value in the form (plain double submit) is refused', async () => {
    const p = await consentPage();
    const res = await post(p, { ...p.cookies, gh_csrf: 'attacker-chosen-value-0123456789abcdef' }, 'attacker-chosen-value-0123456789abcdef');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your consent form expired');
  });

  test("another session's form token does not work in this session", async () => {
    const mine = await consentPage();
    const theirs = await consentPage();
    const res = await post(mine, mine.cookies, theirs.csrf);
    expect(res.status).toBe(403);
  });

  test('without the session cookie the form is refused', async () => {
    const p = await consentPage();
    const res = await post(p, { gh_csrf: p.cookies.gh_csrf! }, p.csrf);
    expect(res.status).toBe(403);
  });
});
