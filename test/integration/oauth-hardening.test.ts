import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/* What the protocol review found, held down: wildcard redirect tricks, narrowed refreshes on
 * rotating tokens, grants browsers may not use, malformed client assertions. */

let s: TestServer;
const ids: Record<string, { id: string; clientId: string; secret?: string }> = {};
beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  const everyone = ((await (await s.api('/api/v1/groups?q=Everyone')).json()) as { id: string }[])[0]!;
  const make = async (label: string, oauthClient: Record<string, unknown>, credentials: Record<string, unknown>) => {
    const app = await (await s.api('/api/v1/apps', { method: 'POST', body: JSON.stringify({ name: 'oidc_client', label, signOnMode: 'OPENID_CONNECT', credentials: { oauthClient: credentials }, settings: { oauthClient } }) })).json();
    await s.api(`/api/v1/apps/${app.id}/groups/${everyone.id}`, { method: 'PUT', body: '{}' });
    ids[label] = { id: app.id, clientId: app.credentials.oauthClient.client_id, secret: app.credentials.oauthClient.client_secret };
  };
  await make('Wild', { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['https://*.example.com/cb'], wildcard_redirect: 'SUBDOMAIN' }, { token_endpoint_auth_method: 'client_secret_basic' });
  await make('Rotating', { application_type: 'native', grant_types: ['authorization_code', 'password', 'refresh_token'], redirect_uris: ['com.example:/cb'], refresh_token: { rotation_type: 'ROTATE', leeway: 0 } }, { token_endpoint_auth_method: 'client_secret_post' });
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]) {
    ids[a.label] ??= { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
});
afterAll(async () => {
  await s.close();
});

const authorizeWith = (redirectUri: string) => {
  const url = new URL(`${s.url}/oauth2/default/v1/authorize`);
  for (const [k, v] of Object.entries({ client_id: ids.Wild!.clientId, response_type: 'code', scope: 'openid', state: 's', prompt: 'none', redirect_uri: redirectUri })) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
};

test.each([
  'https://evil%252ecom%5C.example.com/cb',
  'https://evil%252ecom%23.example.com/cb',
  'https://evil.com\\.example.com/cb',
  'https://a.b.example.com/cb',
  'https://app.example.com/cb/../other',
  'https://app.example.com:8443/cb',
  'http://app.example.com/cb',
  'https://user@app.example.com/cb',
  'https://app.example.com/cb?x=1',
  'https://APP.example.com/cb',
])('a wildcard redirect URI does not admit %s', async (uri) => {
  const res = await authorizeWith(uri);
  expect(res.status).toBe(400);
  expect(res.headers.get('location')).toBeNull();
});

test('a wildcard redirect URI admits one plain label', async () => {
  const res = await authorizeWith('https://app.example.com/cb');
  expect(res.status).toBe(302);
  expect(new URL(res.headers.get('location')!).host).toBe('app.example.com');
});

const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/oauth2/default/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body) });

test('a narrowed refresh on a rotating token keeps the chain: the old token still works, the new one keeps the original scopes', async () => {
  const r = ids.Rotating!;
  const creds = { client_id: r.clientId, client_secret: r.secret! };
  const first = await (await token({ grant_type: 'password', username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid profile offline_access', ...creds })).json();
  // Without offline_access no new refresh token comes back, so the old one must not be retired.
  const narrow = await (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, scope: 'openid', ...creds })).json();
  expect(narrow.refresh_token).toBeUndefined();
  const again = await (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...creds })).json();
  expect(again.scope).toBe('openid profile offline_access');
  expect(again.refresh_token).not.toBe(first.refresh_token);
  // A narrowed rotation hands out a token that still carries the original grant.
  const narrowed = await (await token({ grant_type: 'refresh_token', refresh_token: again.refresh_token, scope: 'openid offline_access', ...creds })).json();
  expect(narrowed.scope).toBe('openid offline_access');
  const wide = await (await token({ grant_type: 'refresh_token', refresh_token: narrowed.refresh_token, ...creds })).json();
  expect(wide.scope).toBe('openid profile offline_access');
});

test('browsers may only use authorization_code (and refresh_token) at the token endpoint', async () => {
  const svc = ids['Fulfilment Service']!;
  const res = await token({ grant_type: 'client_credentials', scope: 'orders:read', client_id: svc.clientId, client_secret: svc.secret! }, { Origin: 'http://localhost:5173' });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: 'unauthorized_client', error_description: 'Browser requests to the token endpoint may only use the authorization_code grant_type.' });
});

test('a client assertion whose payload is JSON null is refused, not a server error', async () => {
  const b64 = (v: string) => Buffer.from(v).toString('base64url');
  const res = await token({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: `${b64('{"alg":"RS256"}')}.${b64('null')}.AAAA` });
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'The parsing of the client_assertion failed.' });
});
