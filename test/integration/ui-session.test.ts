import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/*
 * The workbench in a browser: a one-time URL traded for an HttpOnly, SameSite=Strict cookie that
 * the admin API accepts from the server's own origin only (DESIGN: safe by default on a laptop).
 */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
});
afterAll(async () => {
  await s.close();
});

async function signIn(): Promise<string> {
  const res = await fetch(s.server.uiLoginUrl(), { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  const set = res.headers.getSetCookie().find((c) => c.startsWith('gh_admin='))!;
  expect(set).toMatch(/HttpOnly/i);
  expect(set).toMatch(/SameSite=Strict/i);
  return set.split(';')[0]!;
}

const api = (path: string, init: RequestInit = {}) => fetch(`${s.url}/api/v1${path}`, { ...init, headers: { Accept: 'application/json', ...(init.headers as Record<string, string>) } });

describe('one-time sign-in URL', () => {
  test('opening it sets the admin cookie and lands on the workbench; the same URL does not work twice', async () => {
    const url = s.server.uiLoginUrl();
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('has been used or has expired');
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  test('a made-up token gets nothing', async () => {
    const res = await fetch(`${s.url}/gatehouse/login?token=not-a-real-token`, { redirect: 'manual' });
    expect(res.status).toBe(403);
  });

  test('an admin with the token can mint a new URL (for the desktop app or a teammate)', async () => {
    const res = await api('/gatehouse/ui-logins', { method: 'POST', headers: { Authorization: `SSWS ${s.token}` } });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(url.startsWith(`${s.url}/gatehouse/login?token=`)).toBe(true);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
    // Without the token, no URL.
    expect((await api('/gatehouse/ui-logins', { method: 'POST' })).status).toBe(401);
  });
});

describe('the admin cookie on the admin API', () => {
  test('reads and same-origin writes work with the cookie alone', async () => {
    const cookie = await signIn();
    const me = await api('/gatehouse/session', { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ signedIn: true, via: 'cookie', orgUrl: s.url });
    expect((await api('/users', { headers: { Cookie: cookie } })).status).toBe(200);
    const created = await api('/groups', { method: 'POST', headers: { Cookie: cookie, Origin: s.url, 'Content-Type': 'application/json' }, body: JSON.stringify({ profile: { name: 'Made in the workbench' } }) });
    expect(created.status).toBe(200);
  });

  test('a write without an Origin, or from another site, is refused; nothing is written', async () => {
    const cookie = await signIn();
    const body = JSON.stringify({ profile: { name: 'Should not exist' } });
    const noOrigin = await api('/groups', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body });
    expect(noOrigin.status).toBe(401);
    const foreign = await api('/groups', { method: 'POST', headers: { Cookie: cookie, Origin: 'http://evil.example', 'Content-Type': 'application/json' }, body });
    expect(foreign.status).toBe(403);
    const crossSite = await api('/users', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.status).toBe(401);
    const groups = (await (await api('/groups', { headers: { Authorization: `SSWS ${s.token}` } })).json()) as { profile: { name: string } }[];
    expect(groups.some((g) => g.profile.name === 'Should not exist')).toBe(false);
  });

  test('signing out ends the session', async () => {
    const cookie = await signIn();
    const out = await api('/gatehouse/session', { method: 'DELETE', headers: { Cookie: cookie, Origin: s.url } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join(';')).toMatch(/gh_admin=;/);
    expect((await api('/users', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  test('a forged cookie is worth nothing', async () => {
    expect((await api('/users', { headers: { Cookie: 'gh_admin=forged-value' } })).status).toBe(401);
  });
});
