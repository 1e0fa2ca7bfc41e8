import { afterAll, beforeAll, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/* Implicit and hybrid responses from /authorize (reference §2.3, §3.3), on the default server. */

let s: TestServer;
let clientId = '';
const REDIRECT = 'http://localhost:4000/cb';

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  const app = await (await s.api('/api/v1/apps', {
    method: 'POST',
    body: JSON.stringify({
      name: 'oidc_client', label: 'Legacy SPA', signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
      settings: { oauthClient: { application_type: 'browser', grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'token', 'id_token'], redirect_uris: [REDIRECT] } },
    }),
  })).json();
  clientId = app.credentials.oauthClient.client_id;
  const everyone = ((await (await s.api('/api/v1/groups?q=Everyone')).json()) as { id: string }[])[0]!;
  await s.api(`/api/v1/apps/${app.id}/groups/${everyone.id}`, { method: 'PUT', body: '{}' });
});
afterAll(async () => {
  await s.close();
});

const half = (v: string) => createHash('sha256').update(v).digest().subarray(0, 16).toString('base64url');
const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

async function authorize(params: Record<string, string>): Promise<URLSearchParams> {
  const token = (await (await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username: 'ada@example.com', password: DEMO_PASSWORD }) })).json()).sessionToken;
  const url = new URL(`${s.url}/oauth2/default/v1/authorize`);
  for (const [k, v] of Object.entries({ client_id: clientId, redirect_uri: REDIRECT, state: 'st', sessionToken: token, ...params })) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(REDIRECT);
  expect(location.search).toBe('');
  return new URLSearchParams(location.hash.slice(1));
}

test('id_token token: both tokens in the fragment; at_hash binds them; Okta\'s verifier accepts them', async () => {
  const f = await authorize({ response_type: 'id_token token', scope: 'openid profile email', nonce: 'n-42' });
  expect(f.get('state')).toBe('st');
  expect(f.get('token_type')).toBe('Bearer');
  expect(f.get('expires_in')).toBe('3600');
  expect(f.get('scope')).toBe('openid profile email');
  const id = decode(f.get('id_token')!);
  expect(id.at_hash).toBe(half(f.get('access_token')!));
  expect(id.nonce).toBe('n-42');
  // With an access token the ID token is thin: no given_name.
  expect(id.given_name).toBeUndefined();
  const verifier = new OktaJwtVerifier({ issuer: `${s.url}/oauth2/default`, testing: { disableHttpsCheck: true } });
  expect((await verifier.verifyIdToken(f.get('id_token')!, clientId, 'n-42')).claims.preferred_username).toBe('ada@example.com');
  expect((await verifier.verifyAccessToken(f.get('access_token')!, 'api://default')).claims.scp).toEqual(['openid', 'profile', 'email']);
});

test('id_token alone is a fat ID token with every profile claim', async () => {
  const f = await authorize({ response_type: 'id_token', scope: 'openid profile', nonce: 'n1' });
  expect(f.get('access_token')).toBeNull();
  expect(decode(f.get('id_token')!)).toMatchObject({ given_name: 'Ada', family_name: 'Lovelace', name: 'Ada Lovelace', nonce: 'n1' });
});

test('code id_token (hybrid): a code and an ID token whose c_hash binds the code; offline_access needs a code', async () => {
  const challenge = createHash('sha256').update('v'.repeat(50)).digest('base64url');
  const f = await authorize({ response_type: 'code id_token', scope: 'openid', nonce: 'n2', code_challenge: challenge, code_challenge_method: 'S256' });
  expect(decode(f.get('id_token')!).c_hash).toBe(half(f.get('code')!));
  const implicit = await authorize({ response_type: 'token', scope: 'openid offline_access', nonce: 'n3' });
  // Without a code, offline_access is ignored (reference §2.3).
  expect(implicit.get('scope')).toBe('openid');
});

test.each([
  [{ response_type: 'token', scope: 'openid' }, 'invalid_request', "The 'nonce' parameter is required for authorize requests with either the 'id_token' or 'token' response types.."],
  [{ response_type: 'id_token', scope: 'email', nonce: 'n' }, 'invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope."],
])('%j is refused in the fragment', async (params, error, description) => {
  const f = await authorize(params);
  expect([f.get('error'), f.get('error_description'), f.get('state')]).toEqual([error, description, 'st']);
});

test("'query' cannot carry tokens", async () => {
  const token = (await (await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username: 'ada@example.com', password: DEMO_PASSWORD }) })).json()).sessionToken;
  const url = new URL(`${s.url}/oauth2/default/v1/authorize`);
  for (const [k, v] of Object.entries({ client_id: clientId, redirect_uri: REDIRECT, state: 'st', sessionToken: token, response_type: 'token', response_mode: 'query', scope: 'openid', nonce: 'x' })) url.searchParams.set(k, v);
  const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
  const f = new URLSearchParams(location.hash.slice(1));
  expect(f.get('error_description')).toBe("'query' response mode cannot be used with either the 'id_token' or 'token' response types.");
});
