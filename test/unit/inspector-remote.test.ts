import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { callEndpoint, discoverJwks, fetchJson, localUrl, type ClientCreds } from '../../src-renderer/src/screens/inspector/remote.js';
import { verifySignature } from '../../src-renderer/src/screens/inspector/verify.js';
import { analyze } from '../../src-renderer/src/screens/inspector/decode.js';

/*
 * The inspector's requests, against a real Gatehouse server: discovery and keys, then introspection
 * and revocation as each kind of client (Basic, post, client_secret_jwt signed in the renderer, public).
 */

let s: TestServer;
let issuer = '';
const clients: Record<string, ClientCreds> = {};

interface AppWire { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string; token_endpoint_auth_method: string } } }

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  issuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  // A client that authenticates with client_secret_jwt, which the inspector signs itself.
  const created = await s.api('/api/v1/apps', {
    method: 'POST',
    body: JSON.stringify({
      name: 'oidc_client', label: 'Signed Service', signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_jwt' } },
      settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } },
    }),
  });
  expect(created.status).toBe(200);
  for (const a of (await (await s.api('/api/v1/apps')).json()) as AppWire[]) {
    const c = a.credentials.oauthClient;
    clients[a.label] = { label: a.label, clientId: c.client_id, secret: c.client_secret, method: c.token_endpoint_auth_method };
  }
});
afterAll(async () => {
  await s.close();
});

async function fulfilmentToken(): Promise<string> {
  const f = clients['Fulfilment Service']!;
  const res = await fetch(`${issuer}/v1/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read', client_id: f.clientId, client_secret: f.secret! }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('keys', () => {
  test("discovery finds the server's JWKS, and its key verifies a token it minted", async () => {
    const d = await discoverJwks(`${issuer}/`);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value).toMatchObject({ issuer, jwksUri: `${issuer}/v1/keys`, introspectionEndpoint: `${issuer}/v1/introspect`, notes: [] });
    const token = await fulfilmentToken();
    const a = analyze(token);
    if (a.kind !== 'jwt') throw new Error('not a jwt');
    expect(await verifySignature(token, a.header, d.value.jwks, 'x')).toMatchObject({ ok: true, kid: a.kid, alg: 'RS256' });
  });

  test('a wrong issuer URL, a non-URL, and an unreachable host are said in words', async () => {
    expect(await discoverJwks(`${s.url}/oauth2/nope`)).toMatchObject({ ok: false, error: expect.stringContaining('answered 404') });
    expect(await discoverJwks('not a url')).toMatchObject({ ok: false, error: expect.stringContaining('is not a URL') });
    expect(await discoverJwks('ftp://example.com')).toMatchObject({ ok: false, error: expect.stringContaining('https://') });
    expect(await discoverJwks('')).toMatchObject({ ok: false, error: expect.stringContaining('Type the issuer URL') });
    expect(await discoverJwks('http://127.0.0.1:1')).toMatchObject({ ok: false, error: expect.stringContaining('could not be reached') });
    expect(await fetchJson(`${s.url}/login/signed-out`)).toMatchObject({ ok: false, error: expect.stringContaining('did not answer JSON') });
  });

  test("a URL of this server is requested from the page's own origin", () => {
    expect(localUrl('http://127.0.0.1:4000/oauth2/aus1/v1/keys', 'http://127.0.0.1:4000', 'http://localhost:4000')).toBe('http://localhost:4000/oauth2/aus1/v1/keys');
    expect(localUrl('https://dev-1.okta.com/oauth2/default', 'http://127.0.0.1:4000', 'http://localhost:4000')).toBe('https://dev-1.okta.com/oauth2/default');
    expect(localUrl('http://127.0.0.1:40001/x', 'http://127.0.0.1:4000', 'http://localhost:4000')).toBe('http://127.0.0.1:40001/x');
  });
});

describe('introspection and revocation as a client of this workspace', () => {
  const introspect = (token: string, c: ClientCreds) => callEndpoint(`${issuer}/v1/introspect`, `${issuer}/v1/introspect`, c, { token });
  const revoke = (token: string, c: ClientCreds) => callEndpoint(`${issuer}/v1/revoke`, `${issuer}/v1/revoke`, c, { token });

  test('every way a client authenticates works: post, Basic, client_secret_jwt, public', async () => {
    const token = await fulfilmentToken();
    for (const label of ['Fulfilment Service', 'Orders Portal', 'Signed Service', 'Orders SPA']) {
      const r = await introspect(token, clients[label]!);
      expect(r, label).toMatchObject({ ok: true, body: { active: true, client_id: clients['Fulfilment Service']!.clientId, scope: 'orders:read' } });
    }
  });

  test('a wrong secret is an invalid_client error in words; a private_key_jwt client is refused before sending', async () => {
    const token = await fulfilmentToken();
    const r = await introspect(token, { ...clients['Orders Portal']!, secret: 'wrong' });
    expect(r).toMatchObject({ ok: false, status: 401, oauthError: 'invalid_client', error: expect.stringContaining('Client authentication failed') });
    expect(await introspect(token, { label: 'Key App', clientId: 'x', method: 'private_key_jwt' })).toMatchObject({ ok: false, error: expect.stringContaining('private key') });
    expect(await introspect(token, { label: 'No Secret', clientId: 'x', method: 'client_secret_post' })).toMatchObject({ ok: false, error: '“No Secret” has no client secret to send.' });
  });

  test('only the client the token was issued to revokes it; then it introspects as inactive', async () => {
    const token = await fulfilmentToken();
    expect(await revoke(token, clients['Orders Portal']!)).toMatchObject({ ok: true, status: 200 });
    expect(await introspect(token, clients['Fulfilment Service']!)).toMatchObject({ ok: true, body: { active: true } });
    expect(await revoke(token, clients['Fulfilment Service']!)).toMatchObject({ ok: true, status: 200, body: {} });
    expect(await introspect(token, clients['Fulfilment Service']!)).toEqual({ ok: true, status: 200, body: { active: false } });
  });

  test('an opaque string introspects as inactive; an unreachable server is said', async () => {
    expect(await introspect('not-a-real-token', clients['Fulfilment Service']!)).toMatchObject({ ok: true, body: { active: false } });
    expect(await callEndpoint('http://127.0.0.1:1/v1/introspect', 'x', clients['Fulfilment Service']!, { token: 't' })).toMatchObject({ ok: false, error: expect.stringContaining('cannot be reached') });
  });
});
