import { afterAll, beforeAll, expect, test } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * Okta decides at /authorize: the code carries that decision, and the exchange mints from it. A
 * policy edited while the code waits (up to 300 s) does not change the tokens it gives.
 */

let s: TestServer;
const REDIRECT = 'http://localhost:3000/authorization-code/callback';
let issuer = '';
let asId = '';
let portal = { clientId: '', secret: '' };

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  const servers = (await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string; issuer: string }[];
  ({ id: asId, issuer } = servers.find((x) => x.name === 'Orders API')!);
  const apps = (await (await s.api('/api/v1/apps')).json()) as { label: string; credentials: { oauthClient: { client_id: string; client_secret: string } } }[];
  const p = apps.find((a) => a.label === 'Orders Portal')!.credentials.oauthClient;
  portal = { clientId: p.client_id, secret: p.client_secret };
});
afterAll(async () => {
  await s.close();
});

async function codeFor(username: string, verifier: string): Promise<string> {
  const authn = await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const url = new URL(`${issuer}/v1/authorize`);
  for (const [k, v] of Object.entries({
    client_id: portal.clientId, response_type: 'code', scope: 'openid orders:read', redirect_uri: REDIRECT, state: 'st',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', sessionToken: ((await authn.json()) as { sessionToken: string }).sessionToken,
  })) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  const code = new URL(res.headers.get('location')!).searchParams.get('code');
  expect(code, res.headers.get('location') ?? '').toBeTruthy();
  return code!;
}

async function exchange(code: string, verifier: string): Promise<Response> {
  return fetch(`${issuer}/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${portal.clientId}:${portal.secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }),
  });
}

const lifetime = (jwt: string) => {
  const c = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
  return c.exp - c.iat;
};

test('the exchange mints from the decision made at /authorize, even if the rule changed meanwhile', async () => {
  const policies = (await (await s.api(`/api/v1/authorizationServers/${asId}/policies`)).json()) as { id: string; name: string }[];
  const policy = policies.find((p) => p.name === 'Orders apps')!;
  const rules = (await (await s.api(`/api/v1/authorizationServers/${asId}/policies/${policy.id}/rules`)).json()) as { id: string; name: string; actions: { token: Record<string, number> } }[];
  const admins = rules.find((r) => r.name === 'Admins may administer orders')!;

  // Grace is an Orders Admin: the first rule gives her a 15-minute access token.
  const verifier = randomBytes(32).toString('base64url');
  const code = await codeFor('grace@example.com', verifier);

  const edited = { ...admins, actions: { token: { ...admins.actions.token, accessTokenLifetimeMinutes: 45 } } };
  const put = await s.api(`/api/v1/authorizationServers/${asId}/policies/${policy.id}/rules/${admins.id}`, { method: 'PUT', body: JSON.stringify(edited) });
  expect(put.status).toBe(200);

  const res = await exchange(code, verifier);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  expect(body.expires_in).toBe(15 * 60);
  expect(lifetime(body.access_token)).toBe(15 * 60);

  // A code asked for after the edit gets the new lifetime: the edit itself took effect.
  const verifier2 = randomBytes(32).toString('base64url');
  const later = (await (await exchange(await codeFor('grace@example.com', verifier2), verifier2)).json()) as { access_token: string };
  expect(lifetime(later.access_token)).toBe(45 * 60);

  // The token's System Log event names the rule that decided at /authorize.
  const events = (await (await s.api('/api/v1/logs?filter=' + encodeURIComponent('eventType eq "app.oauth2.as.token.grant.access_token"'))).json()) as { debugContext: { debugData: { ruleId?: string; grantType?: string } } }[];
  const exchanges = events.filter((e) => e.debugContext.debugData.grantType === 'authorization_code');
  expect(exchanges.length).toBeGreaterThanOrEqual(2);
  expect(exchanges.every((e) => e.debugContext.debugData.ruleId === admins.id)).toBe(true);
});
