import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * RFC 9700 (OAuth 2.0 Security Best Current Practice), the authorization-server checklist: one
 * `describe` per item, each against a real server on the demo org, asserting what a user or an
 * attacker would see. docs/security-bcp.md maps every item to these names. Some items are also
 * covered in more depth elsewhere (oauth-hardening, oauth-errors, oauth-code-flow, oauth-implicit,
 * trusted-origins, local-safety); the tests here are kept small so the checklist stands alone.
 */

type Json = Record<string, unknown>;
interface AppInfo { id: string; clientId: string; secret?: string }

let s: TestServer;
/** Milliseconds added to the server's clock, for idle windows and rotation leeways. */
let offset = 0;
let orders = '';
let def = '';
const apps: Record<string, AppInfo> = {};
let rsaPrivate: CryptoKey;

const PORTAL_CB = 'http://localhost:3000/authorization-code/callback';
const SPA_CB = 'http://localhost:5173/login/callback';
const SPA_ORIGIN = 'http://localhost:5173';
const BROWSER_CB = 'http://localhost:4100/cb';
const NATIVE_CB = 'http://127.0.0.1:4200/cb';
const OTHER_CB = 'http://localhost:4300/cb';

async function createApp(label: string, credentials: Json, oauthClient: Json): Promise<{ status: number; body: Json }> {
  const res = await s.api('/api/v1/apps', {
    method: 'POST',
    body: JSON.stringify({ name: 'oidc_client', label, signOnMode: 'OPENID_CONNECT', credentials: { oauthClient: credentials }, settings: { oauthClient } }),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function makeApp(label: string, credentials: Json, oauthClient: Json): Promise<AppInfo> {
  const r = await createApp(label, credentials, oauthClient);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const everyone = ((await (await s.api('/api/v1/groups?q=Everyone')).json()) as { id: string }[])[0]!;
  expect((await s.api(`/api/v1/apps/${r.body.id as string}/groups/${everyone.id}`, { method: 'PUT', body: '{}' })).status).toBe(200);
  const c = (r.body.credentials as { oauthClient: { client_id: string; client_secret?: string } }).oauthClient;
  return { id: r.body.id as string, clientId: c.client_id, secret: c.client_secret };
}

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo', now: () => Date.now() + offset });
  const servers = (await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string; issuer: string }[];
  orders = servers.find((x) => x.name === 'Orders API')!.issuer;
  def = servers.find((x) => x.id === 'default')!.issuer;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]) {
    apps[a.label] = { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
  // Apps made for these tests, on the default server (its Default Policy serves every client).
  apps.browser = await makeApp('BCP Browser', { token_endpoint_auth_method: 'none' }, { application_type: 'browser', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [BROWSER_CB] });
  apps.native = await makeApp('BCP Native', { token_endpoint_auth_method: 'none' }, { application_type: 'native', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [NATIVE_CB] });
  apps.other = await makeApp('BCP Other Web', { token_endpoint_auth_method: 'client_secret_basic' }, { application_type: 'web', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [OTHER_CB] });
  const keys = await generateKeyPair('RS256', { extractable: true });
  rsaPrivate = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'bcp-1', alg: 'RS256', use: 'sig' };
  apps.keyJwt = await makeApp('BCP Key JWT', { token_endpoint_auth_method: 'private_key_jwt' }, { application_type: 'service', grant_types: ['client_credentials'], jwks: { keys: [jwk] } });
  const scope = await s.api('/api/v1/authorizationServers/default/scopes', { method: 'POST', body: JSON.stringify({ name: 'bcp:read', description: 'BCP test scope' }) });
  expect(scope.status).toBe(201);
});
afterAll(async () => {
  await s.close();
});

// ---------------------------------------------------------------------------------------------
// helpers

async function sessionToken(username = 'ada@example.com'): Promise<string> {
  const res = await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}

function authorizeUrl(issuer: string, params: Record<string, string | undefined>): URL {
  const url = new URL(`${issuer}/v1/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

interface Nav { status: number; location?: URL; html: string; headers: Headers; cookie: string }

/** One browser step without following redirects: status, Location (absolute), body, cookies set. */
async function nav(url: URL | string, init: RequestInit = {}): Promise<Nav> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const loc = res.headers.get('location');
  return {
    status: res.status,
    location: loc ? new URL(loc, s.url) : undefined,
    html: await res.text(),
    headers: res.headers,
    cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '),
  };
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The code flow's front half with a sessionToken: the code that comes back to the redirect URI. */
async function getCode(issuer: string, clientId: string, redirectUri: string, scope: string, opts: { withPkce?: boolean; user?: string } = {}): Promise<{ code: string; verifier?: string; location: URL }> {
  const p = opts.withPkce === false ? undefined : pkce();
  const r = await nav(authorizeUrl(issuer, {
    client_id: clientId, response_type: 'code', scope, redirect_uri: redirectUri, state: 'st-1', nonce: 'n-1',
    code_challenge: p?.challenge, code_challenge_method: p ? 'S256' : undefined, sessionToken: await sessionToken(opts.user),
  }));
  expect(r.status, r.html.slice(0, 300)).toBe(302);
  const code = r.location!.searchParams.get('code');
  expect(code, r.location!.href).toBeTruthy();
  return { code: code!, verifier: p?.verifier, location: r.location! };
}

interface TokenResult { status: number; json: Json; headers: Headers }

async function token(issuer: string, body: Record<string, string>, headers: Record<string, string> = {}, endpoint = 'token'): Promise<TokenResult> {
  const res = await fetch(`${issuer}/v1/${endpoint}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
}

const basic = (a: AppInfo) => ({ Authorization: `Basic ${Buffer.from(`${a.clientId}:${a.secret!}`).toString('base64')}` });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Json;

/** Code flow for a public client on the default server, ending in tokens. */
async function publicTokens(app: AppInfo, redirectUri: string, scope = 'openid offline_access'): Promise<Json> {
  const { code, verifier } = await getCode(def, app.clientId, redirectUri, scope);
  const r = await token(def, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier!, client_id: app.clientId });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

async function refresh(issuer: string, app: AppInfo, refreshToken: string, extra: Record<string, string> = {}): Promise<TokenResult> {
  const body = { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra };
  return app.secret ? token(issuer, body, basic(app)) : token(issuer, { ...body, client_id: app.clientId });
}

async function introspect(issuer: string, app: AppInfo, tok: string): Promise<Json> {
  const r = await token(issuer, { token: tok, client_id: app.clientId, client_secret: app.secret! }, {}, 'introspect');
  expect(r.status).toBe(200);
  return r.json;
}

function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: s.server.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An authorize request for the Portal that reaches the consent screen (prompt=consent, a FLEXIBLE scope). */
async function consentPage(): Promise<Nav & { url: URL }> {
  const url = authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid orders:write', redirect_uri: PORTAL_CB, state: 'c1', prompt: 'consent', sessionToken: await sessionToken() });
  const r = await nav(url);
  expect(r.status).toBe(200);
  expect(r.html).toContain('would like to');
  return { ...r, url };
}

/** The hosted sign-in page that an authorize request without a session is sent to. */
async function signInPage(): Promise<Nav> {
  const first = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: PORTAL_CB, state: 'si' }));
  expect(first.status).toBe(302);
  expect(first.location!.pathname).toBe('/login/login.htm');
  const page = await nav(first.location!);
  expect(page.status).toBe(200);
  return page;
}

const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** A hidden form field's value, as the browser would submit it. */
const field = (html: string, name: string) => unescape(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);

// =============================================================================================

describe('§4.1.3 exact redirect URI match (§2.1); no http redirect URIs except loopback (§2.6)', () => {
  test.each([
    ['a trailing slash', `${PORTAL_CB}/`],
    ['another case in the path', 'http://localhost:3000/authorization-code/Callback'],
    ['an added query', `${PORTAL_CB}?next=https://evil.example`],
    ['another port', 'http://localhost:3001/authorization-code/callback'],
    ['https instead of http', 'https://localhost:3000/authorization-code/callback'],
    ['127.0.0.1 for localhost', 'http://127.0.0.1:3000/authorization-code/callback'],
    ['a dot segment', 'http://localhost:3000/authorization-code/x/../callback'],
    ['a percent-encoded character', 'http://localhost:3000/authorization-code/%63allback'],
    ['userinfo before the host', 'http://evil.example@localhost:3000/authorization-code/callback'],
    ['an upper-case scheme', 'HTTP://localhost:3000/authorization-code/callback'],
  ])('%s is not the registered URI: error page, no redirect', async (_label, uri) => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: uri, state: 's', sessionToken: await sessionToken() }));
    expect(r.status).toBe(400);
    expect(r.location).toBeUndefined();
    expect(r.html).toContain('<dd>invalid_request</dd>');
  });

  test('the registered URI, byte for byte, gets the code', async () => {
    const { location } = await getCode(orders, apps['Orders Portal']!.clientId, PORTAL_CB, 'openid');
    expect(location.origin + location.pathname).toBe(PORTAL_CB);
  });

  test('an http redirect URI on a non-loopback host cannot be registered', async () => {
    const r = await createApp('BCP plain http', { token_endpoint_auth_method: 'client_secret_basic' }, { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['http://app.example.com/callback'] });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.errorCode).toBe('E0000001');
    expect(JSON.stringify(r.body.errorCauses)).toContain('redirect_uris');
  });

  test('http on a loopback address, and https anywhere, can be registered', async () => {
    for (const uri of ['http://localhost:3999/cb', 'http://127.0.0.1:3999/cb', 'http://[::1]:3999/cb', 'https://app.example.com/callback']) {
      const r = await createApp(`BCP ok ${uri}`, { token_endpoint_auth_method: 'client_secret_basic' }, { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: [uri] });
      expect(r.status, `${uri}: ${JSON.stringify(r.body)}`).toBe(200);
    }
  });
});

describe('§4.11.2 no open redirector; unknown client or redirect URI is never redirected to', () => {
  test('an unknown client_id with an attacker redirect URI: error page, no Location, the URI not echoed', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: 'attacker-client', response_type: 'code', scope: 'openid', redirect_uri: 'https://evil.example/cb', state: 's' }));
    expect(r.status).toBe(400);
    expect(r.location).toBeUndefined();
    expect(r.html).toContain('<dd>invalid_client</dd>');
    expect(r.html).not.toContain('evil.example');
  });

  test('a real client_id with an attacker redirect URI: error page, no Location, the URI not echoed', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: 'https://evil.example/cb', state: 's', prompt: 'none' }));
    expect(r.status).toBe(400);
    expect(r.location).toBeUndefined();
    expect(r.html).not.toContain('evil.example');
  });

  test('a valid request without a session goes to the sign-in page, not to the client', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: PORTAL_CB, state: 's' }));
    expect(r.status).toBe(302);
    expect(r.location!.origin).toBe(s.url);
    expect(r.location!.pathname).toBe('/login/login.htm');
  });

  test('the sign-in page will not send anyone to a URL outside this server (GET or a successful POST)', async () => {
    for (const fromURI of ['https://evil.example/oauth2/v1/authorize', '//evil.example/oauth2/v1/authorize', '/oauth2/v1/authorize/../../evil']) {
      const get = await nav(`${s.url}/login/login.htm?fromURI=${encodeURIComponent(fromURI)}`);
      expect([fromURI, get.status, get.location]).toEqual([fromURI, 400, undefined]);
    }
    const page = await signInPage();
    const post = await nav(`${s.url}/login/login.htm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: page.cookie },
      body: new URLSearchParams({ csrf: field(page.html, 'csrf'), fromURI: 'https://evil.example/', username: 'ada@example.com', password: DEMO_PASSWORD }),
    });
    expect(post.status).toBe(400);
    expect(post.location).toBeUndefined();
  });

  test('logout refuses a post_logout_redirect_uri that is not registered', async () => {
    const portal = apps['Orders Portal']!;
    const { code } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid', { withPkce: false });
    const t = await token(orders, { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB }, basic(portal));
    const r = await nav(`${orders}/v1/logout?${new URLSearchParams({ id_token_hint: t.json.id_token as string, post_logout_redirect_uri: 'https://evil.example/' })}`);
    expect(r.status).toBe(400);
    expect(r.location).toBeUndefined();
  });

  test('an error found after the client and redirect URI are validated goes only to the registered URI', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid no-such-scope', redirect_uri: PORTAL_CB, state: 's' }));
    expect(r.status).toBe(302);
    expect(r.location!.origin + r.location!.pathname).toBe(PORTAL_CB);
    expect(r.location!.searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('§4.12 credentials are never forwarded: 303 after a credential POST, never 307', () => {
  test('the sign-in form answers 303 to this server\'s authorize URL', async () => {
    const page = await signInPage();
    const r = await nav(`${s.url}/login/login.htm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: page.cookie },
      body: new URLSearchParams({ csrf: field(page.html, 'csrf'), fromURI: field(page.html, 'fromURI'), username: 'ada@example.com', password: DEMO_PASSWORD }),
    });
    expect(r.status).toBe(303);
    expect(r.location!.origin).toBe(s.url);
    expect(r.location!.pathname).toMatch(/^\/oauth2\/[^/]+\/v1\/authorize$/);
  });

  test('the consent form answers 303', async () => {
    const page = await consentPage();
    const r = await nav(`${s.url}/login/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: page.cookie },
      body: new URLSearchParams({ csrf: field(page.html, 'csrf'), fromURI: field(page.html, 'fromURI'), decision: 'allow' }),
    });
    expect(r.status).toBe(303);
    expect(r.location!.origin).toBe(s.url);
  });

  test('POST /authorize carrying a sessionToken answers 303 (not 302 or 307) to the redirect URI', async () => {
    const body = new URLSearchParams({ client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: PORTAL_CB, state: 'p', sessionToken: await sessionToken() });
    const r = await nav(`${orders}/v1/authorize`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    expect(r.location!.origin + r.location!.pathname).toBe(PORTAL_CB);
    expect(r.status).toBe(303);
  });
});

describe('§4.8 PKCE: supported, enforced, no downgrade, required for public clients, S256 only', () => {
  test('both metadata documents advertise code_challenge_methods_supported: [S256]', async () => {
    for (const doc of ['openid-configuration', 'oauth-authorization-server']) {
      const meta = (await (await fetch(`${orders}/.well-known/${doc}`)).json()) as Json;
      expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    }
  });

  test('a code issued with a challenge needs the right verifier', async () => {
    const portal = apps['Orders Portal']!;
    const { code, verifier } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid');
    const base = { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB };
    const none = await token(orders, base, basic(portal));
    expect([none.status, none.json.error]).toEqual([400, 'invalid_request']);
    const wrong = await token(orders, { ...base, code_verifier: pkce().verifier }, basic(portal));
    expect([wrong.status, wrong.json.error, wrong.json.error_description]).toEqual([400, 'invalid_grant', 'PKCE verification failed.']);
    expect(none.json.access_token ?? wrong.json.access_token).toBeUndefined();
    const right = await token(orders, { ...base, code_verifier: verifier! }, basic(portal));
    expect(right.status).toBe(200);
  });

  test('downgrade: a code_verifier for a code issued without a challenge is refused', async () => {
    const portal = apps['Orders Portal']!;
    const { code } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid', { withPkce: false });
    const r = await token(orders, { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB, code_verifier: pkce().verifier }, basic(portal));
    expect([r.status, r.json.error]).toEqual([400, 'invalid_request']);
    expect(r.json.access_token).toBeUndefined();
  });

  test('a public client without a code_challenge is sent back an error, not a code', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders SPA']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: SPA_CB, state: 's', sessionToken: await sessionToken() }));
    expect(r.location!.searchParams.get('code')).toBeNull();
    expect(r.location!.searchParams.get('error_description')).toBe('PKCE code challenge is required by the application.');
  });

  test("the 'plain' method is refused", async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: PORTAL_CB, state: 's', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain', sessionToken: await sessionToken() }));
    expect(r.location!.searchParams.get('code')).toBeNull();
    expect(r.location!.searchParams.get('error')).toBe('invalid_request');
  });

  test('a public client cannot be registered with PKCE turned off', async () => {
    const r = await createApp('BCP no PKCE', { token_endpoint_auth_method: 'none', pkce_required: false }, { application_type: 'native', grant_types: ['authorization_code'], redirect_uris: ['http://127.0.0.1:4999/cb'] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errorCauses)).toContain('pkce_required');
  });
});

describe('§4.2.4 (RFC 6749 §4.1.2) authorization codes: single use, replay revokes, bound to client and redirect URI', () => {
  test('a replayed code is refused and what its first exchange issued is revoked', async () => {
    const portal = apps['Orders Portal']!;
    const { code, verifier } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid offline_access orders:read');
    const body = { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB, code_verifier: verifier! };
    const first = await token(orders, body, basic(portal));
    expect(first.status).toBe(200);
    expect((await introspect(orders, apps['Fulfilment Service']!, first.json.access_token as string)).active).toBe(true);
    const replay = await token(orders, body, basic(portal));
    expect([replay.status, replay.json.error, replay.json.error_description]).toEqual([400, 'invalid_grant', 'The authorization code is invalid or has expired.']);
    expect((await introspect(orders, apps['Fulfilment Service']!, first.json.access_token as string)).active).toBe(false);
    const r = await refresh(orders, portal, first.json.refresh_token as string);
    expect([r.status, r.json.error]).toEqual([400, 'invalid_grant']);
  });

  test('another client, or another redirect URI, cannot redeem the code', async () => {
    const portal = apps['Orders Portal']!;
    const { code, verifier } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid');
    const body = { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB, code_verifier: verifier! };
    const stolen = await token(orders, { ...body, redirect_uri: OTHER_CB }, basic(apps.other!));
    expect([stolen.status, stolen.json.error]).toEqual([400, 'invalid_grant']);
    const moved = await token(orders, { ...body, redirect_uri: `${PORTAL_CB}/x` }, basic(portal));
    expect([moved.status, moved.json.error]).toEqual([400, 'invalid_grant']);
    expect(stolen.json.access_token ?? moved.json.access_token).toBeUndefined();
  });
});

describe('§4.4 mix-up defence: iss in the authorization response (RFC 9207), advertised', () => {
  test('a successful code response carries iss = the issuer', async () => {
    const { location } = await getCode(orders, apps['Orders Portal']!.clientId, PORTAL_CB, 'openid');
    expect(location.searchParams.get('iss')).toBe(orders);
  });

  test('an error response carries iss too', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: PORTAL_CB, state: 's', prompt: 'none' }));
    expect(r.location!.searchParams.get('error')).toBe('login_required');
    expect(r.location!.searchParams.get('iss')).toBe(orders);
  });

  test('metadata says authorization_response_iss_parameter_supported: true', async () => {
    for (const doc of ['openid-configuration', 'oauth-authorization-server']) {
      const meta = (await (await fetch(`${orders}/.well-known/${doc}`)).json()) as Json;
      expect([doc, meta.authorization_response_iss_parameter_supported]).toEqual([doc, true]);
    }
  });
});

describe('§2.1.2 implicit and other front-channel token responses can be disabled per client', () => {
  test.each(['token', 'id_token token', 'code token'])('an app without the implicit grant gets no token for response_type=%s', async (responseType) => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: responseType, scope: 'openid', nonce: 'n', redirect_uri: PORTAL_CB, state: 's', sessionToken: await sessionToken() }));
    const answer = new URLSearchParams(r.location!.hash.slice(1) || r.location!.search.slice(1));
    expect(answer.get('access_token')).toBeNull();
    expect(answer.get('id_token')).toBeNull();
    expect(answer.get('error')).toBe('unsupported_response_type');
  });

  test('an app registered without listing implicit has only the code response type', async () => {
    const app = (await (await s.api(`/api/v1/apps/${apps.other!.id}`)).json()) as { settings: { oauthClient: { response_types: string[]; grant_types: string[] } } };
    expect(app.settings.oauthClient.response_types).toEqual(['code']);
    expect(app.settings.oauthClient.grant_types).not.toContain('implicit');
  });
});

describe('§2.4 ROPC: refused unless the app lists the password grant (Okta allows it when enabled)', () => {
  test.each(['Orders Portal', 'Orders SPA'])('%s (password not in its grant_types) gets no token for the user\'s password', async (label) => {
    const app = apps[label]!;
    const body = { grant_type: 'password', username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid' };
    const r = app.secret ? await token(orders, body, basic(app)) : await token(orders, { ...body, client_id: app.clientId });
    expect([r.status, r.json.error]).toEqual([400, 'unauthorized_client']);
    expect(r.json.access_token).toBeUndefined();
  });

  test('an app that does list the password grant gets tokens, as in Okta (documented difference)', async () => {
    const kiosk = await makeApp('BCP Kiosk', { token_endpoint_auth_method: 'client_secret_basic' }, { application_type: 'native', grant_types: ['authorization_code', 'password'], redirect_uris: ['com.example.kiosk:/cb'] });
    const r = await token(def, { grant_type: 'password', username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid' }, basic(kiosk));
    expect(r.status).toBe(200);
    expect(r.json.access_token).toBeTruthy();
  });

  test('a browser app cannot be given the password grant at all', async () => {
    const r = await createApp('BCP SPA with ROPC', { token_endpoint_auth_method: 'none' }, { application_type: 'browser', grant_types: ['authorization_code', 'password'], redirect_uris: ['http://localhost:4998/cb'] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errorCauses)).toContain("'password' is not allowed for browser applications");
  });
});

describe('§2.2.1 sender-constrained access tokens (DPoP / mTLS): not built, and never pretended', () => {
  test('metadata advertises neither DPoP nor certificate-bound tokens', async () => {
    for (const doc of ['openid-configuration', 'oauth-authorization-server']) {
      const meta = (await (await fetch(`${orders}/.well-known/${doc}`)).json()) as Json;
      expect(meta.dpop_signing_alg_values_supported).toBeUndefined();
      expect(meta.tls_client_certificate_bound_access_tokens).toBeUndefined();
    }
  });

  test('a token request with a DPoP header gets a plain Bearer token, without a cnf claim', async () => {
    const svc = apps['Fulfilment Service']!;
    const r = await token(orders, { grant_type: 'client_credentials', scope: 'orders:read', client_id: svc.clientId, client_secret: svc.secret! }, { DPoP: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' });
    expect(r.status).toBe(200);
    expect(r.json.token_type).toBe('Bearer');
    expect(claims(r.json.access_token as string).cnf).toBeUndefined();
  });

  test('an app marked dpop_bound_access_tokens never silently gets unbound Bearer tokens', async () => {
    const created = await createApp('BCP DPoP', { token_endpoint_auth_method: 'client_secret_post' }, { application_type: 'service', grant_types: ['client_credentials'], dpop_bound_access_tokens: true });
    if (created.status !== 200) {
      // Refusing the setting is an honest answer for a server without DPoP.
      expect(created.status).toBe(400);
      return;
    }
    const c = (created.body.credentials as { oauthClient: { client_id: string; client_secret: string } }).oauthClient;
    const r = await token(def, { grant_type: 'client_credentials', scope: 'bcp:read', client_id: c.client_id, client_secret: c.client_secret });
    expect(r.json.access_token, `a Bearer token was issued: ${JSON.stringify({ status: r.status, token_type: r.json.token_type })}`).toBeUndefined();
    expect(r.status).toBe(400);
  });
});

describe('§4.14 refresh tokens: public clients rotated with reuse detection; bound to client, scope and server; idle expiry', () => {
  test('a browser (public) client: each refresh rotates; reusing an old token after the leeway revokes the whole family', async () => {
    const app = apps.browser!;
    const t1 = await publicTokens(app, BROWSER_CB);
    const unrelated = await publicTokens(app, BROWSER_CB);
    const r2 = await refresh(def, app, t1.refresh_token as string);
    expect(r2.status).toBe(200);
    expect(r2.json.refresh_token).toBeTruthy();
    expect(r2.json.refresh_token).not.toBe(t1.refresh_token);
    try {
      offset += 31_000; // past the default 30 s leeway
      const reuse = await refresh(def, app, t1.refresh_token as string);
      expect([reuse.status, reuse.json.error]).toEqual([400, 'invalid_grant']);
      // The attacker's (or the victim's) current token of that family is dead too.
      const current = await refresh(def, app, r2.json.refresh_token as string);
      expect([current.status, current.json.error]).toEqual([400, 'invalid_grant']);
      expect((await refresh(def, app, unrelated.refresh_token as string)).status).toBe(200);
    } finally {
      offset = 0;
    }
  });

  test('a native (public) client registered with defaults gets rotated refresh tokens', async () => {
    const app = apps.native!;
    const t1 = await publicTokens(app, NATIVE_CB);
    const r2 = await refresh(def, app, t1.refresh_token as string);
    expect(r2.status).toBe(200);
    expect(r2.json.refresh_token, 'the same refresh token came back: a public client with a non-rotating, unbound refresh token').not.toBe(t1.refresh_token);
  });

  test('a public client cannot be set to non-rotating (STATIC) refresh tokens', async () => {
    const r = await createApp('BCP static public', { token_endpoint_auth_method: 'none' }, { application_type: 'native', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['http://127.0.0.1:4997/cb'], refresh_token: { rotation_type: 'STATIC', leeway: 0 } });
    if (r.status === 200) {
      expect((r.body.settings as { oauthClient: { refresh_token: { rotation_type: string } } }).oauthClient.refresh_token.rotation_type).toBe('ROTATE');
    } else {
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.errorCauses)).toContain('refresh_token');
    }
  });

  test('a refresh token works only for its client, its scopes and its authorization server; a tampered one not at all', async () => {
    const t = await publicTokens(apps.browser!, BROWSER_CB);
    const rt = t.refresh_token as string;
    const otherClient = await refresh(def, apps.native!, rt);
    expect([otherClient.status, otherClient.json.error]).toEqual([400, 'invalid_grant']);
    const otherServer = await refresh(orders, apps.browser!, rt);
    expect([otherServer.status, otherServer.json.error]).toEqual([400, 'invalid_grant']);
    const wider = await refresh(def, apps.browser!, rt, { scope: 'openid offline_access profile' });
    expect([wider.status, wider.json.error]).toEqual([400, 'access_denied']);
    const tampered = await refresh(def, apps.browser!, `${rt.slice(0, -2)}${rt.endsWith('AA') ? 'BB' : 'AA'}`);
    expect([tampered.status, tampered.json.error]).toEqual([400, 'invalid_grant']);
    // All of that left the token good for its own client.
    expect((await refresh(def, apps.browser!, rt)).status).toBe(200);
  });

  test('an unused refresh token expires after its idle window (7 days on the default rule)', async () => {
    const early = await publicTokens(apps.browser!, BROWSER_CB);
    const late = await publicTokens(apps.browser!, BROWSER_CB);
    try {
      offset = (7 * 24 * 60 - 1) * 60_000;
      expect((await refresh(def, apps.browser!, early.refresh_token as string)).status).toBe(200);
      offset = (7 * 24 * 60 + 1) * 60_000;
      const r = await refresh(def, apps.browser!, late.refresh_token as string);
      expect([r.status, r.json.error]).toEqual([400, 'invalid_grant']);
    } finally {
      offset = 0;
    }
  });
});

describe('§2.3 audience-restricted, least-privilege access tokens', () => {
  test('the token names its one audience and only the scopes asked for', async () => {
    const svc = apps['Fulfilment Service']!;
    const r = await token(orders, { grant_type: 'client_credentials', scope: 'orders:read', client_id: svc.clientId, client_secret: svc.secret! });
    expect(r.status).toBe(200);
    const at = claims(r.json.access_token as string);
    expect(at.aud).toBe('api://orders');
    // The policy would also allow orders:write; it is not added.
    expect(at.scp).toEqual(['orders:read']);
  });

  test('a resource parameter (RFC 8707) cannot move the audience to another API', async () => {
    const svc = apps['Fulfilment Service']!;
    const r = await token(orders, { grant_type: 'client_credentials', scope: 'orders:read', resource: 'https://evil.example/api', client_id: svc.clientId, client_secret: svc.secret! });
    if (r.status === 200) expect(claims(r.json.access_token as string).aud).toBe('api://orders');
    else expect(r.json.error).toBe('invalid_target');
  });

  test("another authorization server (another API) does not accept the token", async () => {
    const svc = apps['Fulfilment Service']!;
    const r = await token(orders, { grant_type: 'client_credentials', scope: 'orders:read', client_id: svc.clientId, client_secret: svc.secret! });
    expect((await introspect(def, svc, r.json.access_token as string)).active).toBe(false);
    expect((await introspect(orders, svc, r.json.access_token as string)).active).toBe(true);
  });
});

describe('§2.5 client authentication enforced; private_key_jwt supported', () => {
  test('a confidential client presenting only its client_id is refused', async () => {
    const portal = apps['Orders Portal']!;
    const { code, verifier } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid');
    const r = await token(orders, { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB, code_verifier: verifier!, client_id: portal.clientId });
    expect([r.status, r.json.error]).toEqual([401, 'invalid_client']);
    expect(r.json.access_token).toBeUndefined();
  });

  test('a secret sent by a method the client is not registered for is refused', async () => {
    const svc = apps['Fulfilment Service']!; // client_secret_post
    const r = await token(orders, { grant_type: 'client_credentials', scope: 'orders:read' }, basic(svc));
    expect([r.status, r.json.error]).toEqual([401, 'invalid_client']);
  });

  test('private_key_jwt is advertised and works; a replayed assertion is refused', async () => {
    const meta = (await (await fetch(`${def}/.well-known/oauth-authorization-server`)).json()) as Json;
    expect(meta.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    const id = apps.keyJwt!.clientId;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ iss: id, sub: id, aud: `${def}/v1/token`, jti: randomBytes(12).toString('hex'), iat: now, exp: now + 300 }).setProtectedHeader({ alg: 'RS256', kid: 'bcp-1' }).sign(rsaPrivate);
    const body = { grant_type: 'client_credentials', scope: 'bcp:read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
    const ok = await token(def, body);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(claims(ok.json.access_token as string).cid).toBe(id);
    const again = await token(def, body);
    expect([again.status, again.json.error]).toEqual([401, 'invalid_client']);
  });
});

describe('§2.6 RFC 8414 authorization server metadata is published', () => {
  test('both metadata locations answer with the issuer and its endpoints', async () => {
    const asId = orders.split('/').pop()!;
    const pathForm = (await (await fetch(`${s.url}/.well-known/oauth-authorization-server/oauth2/${asId}`)).json()) as Json;
    const suffixForm = (await (await fetch(`${orders}/.well-known/oauth-authorization-server`)).json()) as Json;
    expect(pathForm).toEqual(suffixForm);
    expect(pathForm.issuer).toBe(orders);
    for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'revocation_endpoint', 'introspection_endpoint']) {
      expect(String(pathForm[k]).startsWith(`${orders}/v1/`), k).toBe(true);
    }
    expect(pathForm.response_types_supported).toContain('code');
    expect(pathForm.grant_types_supported).toContain('authorization_code');
  });

  test('the org authorization server publishes its metadata at the root', async () => {
    const meta = (await (await fetch(`${s.url}/.well-known/oauth-authorization-server`)).json()) as Json;
    expect(meta.issuer).toBe(s.url);
    expect(meta.token_endpoint).toBe(`${s.url}/oauth2/v1/token`);
  });
});

describe('§4.15 clients cannot pick a client_id or claims that pass for a user', () => {
  test('there is no dynamic client registration endpoint', async () => {
    const before = ((await (await s.api('/api/v1/apps')).json()) as unknown[]).length;
    for (const url of [`${s.url}/oauth2/v1/clients`, `${orders}/v1/clients`]) {
      const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_name: 'x', client_id: 'ada@example.com', redirect_uris: ['https://evil.example/cb'] }) });
      expect([url, r.status]).toEqual([url, 404]);
    }
    expect(((await (await s.api('/api/v1/apps')).json()) as unknown[]).length).toBe(before);
  });

  test("even the admin cannot give an app a user's login as its client_id", async () => {
    const r = await createApp('BCP impersonator', { client_id: 'ada@example.com', token_endpoint_auth_method: 'client_secret_post' }, { application_type: 'service', grant_types: ['client_credentials'] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errorCauses)).toContain('client_id');
  });

  test("a client's own token and a user's token are told apart: uid only on a user's", async () => {
    const svc = apps['Fulfilment Service']!;
    const machine = claims((await token(orders, { grant_type: 'client_credentials', scope: 'orders:read', client_id: svc.clientId, client_secret: svc.secret! })).json.access_token as string);
    expect(machine.sub).toBe(svc.clientId);
    expect(machine.uid).toBeUndefined();
    const portal = apps['Orders Portal']!;
    const { code, verifier } = await getCode(orders, portal.clientId, PORTAL_CB, 'openid');
    const user = claims((await token(orders, { grant_type: 'authorization_code', code, redirect_uri: PORTAL_CB, code_verifier: verifier! }, basic(portal))).json.access_token as string);
    expect(user.sub).toBe('ada@example.com');
    expect(typeof user.uid).toBe('string');
  });
});

describe('§4.16 clickjacking: frame-ancestors CSP and X-Frame-Options on every interactive or error page', () => {
  const pages: [string, () => Promise<Nav>][] = [
    ['the authorize error page', () => nav(authorizeUrl(orders, { client_id: 'no-such-client', response_type: 'code', redirect_uri: PORTAL_CB, state: 's' }))],
    ['the sign-in page', () => signInPage()],
    ['the consent page', () => consentPage()],
    ['the device activation page', () => nav(`${s.url}/activate`)],
    ['the logout error page', () => nav(`${orders}/v1/logout`)],
  ];
  test.each(pages)('%s cannot be framed', async (_name, open) => {
    const r = await open();
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('§4.2.4 no third-party content on the authorization pages; Referrer-Policy', () => {
  test('the code redirect carries Referrer-Policy: no-referrer', async () => {
    const r = await nav(authorizeUrl(orders, { client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: PORTAL_CB, state: 's', sessionToken: await sessionToken() }));
    expect(r.location!.searchParams.get('code')).toBeTruthy();
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });

  const pages: [string, () => Promise<Nav>][] = [
    ['sign-in', () => signInPage()],
    ['consent', () => consentPage()],
    ['authorize error', () => nav(authorizeUrl(orders, { client_id: 'no-such-client', response_type: 'code', redirect_uri: PORTAL_CB, state: 's' }))],
  ];
  test.each(pages)('the %s page loads and links nothing from another origin, and sends no referrer', async (_name, open) => {
    const r = await open();
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const refs = [...r.html.matchAll(/\b(?:src|href|action)="([^"]*)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref.startsWith('data:') || new URL(unescape(ref), s.url).origin === s.url, ref).toBe(true);
    const policy = r.headers.get('referrer-policy') ?? /<meta name="referrer" content="([^"]+)"/.exec(r.html)?.[1];
    expect(policy).toBe('no-referrer');
  });
});

describe('§2.6 CORS on token, metadata and keys, never on the authorization endpoint', () => {
  const acao = (h: Headers) => h.get('access-control-allow-origin');

  test('token (preflight), keys and metadata allow a registered app origin', async () => {
    const pre = await fetch(`${orders}/v1/token`, { method: 'OPTIONS', headers: { Origin: SPA_ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    expect(acao(pre.headers)).toBe(SPA_ORIGIN);
    for (const path of ['/v1/keys', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      expect([path, acao((await fetch(`${orders}${path}`, { headers: { Origin: SPA_ORIGIN } })).headers)]).toEqual([path, SPA_ORIGIN]);
    }
  });

  test('an origin no app uses gets no CORS permission on the token endpoint', async () => {
    const pre = await fetch(`${orders}/v1/token`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(acao(pre.headers)).toBeNull();
  });

  test('the authorization endpoint and the sign-in page never send CORS headers, even to a registered origin', async () => {
    const params = { client_id: apps['Orders SPA']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: SPA_CB, state: 's', code_challenge: pkce().challenge, code_challenge_method: 'S256' };
    const get = await nav(authorizeUrl(orders, { ...params, sessionToken: await sessionToken() }), { headers: { Origin: SPA_ORIGIN } });
    const post = await nav(`${orders}/v1/authorize`, { method: 'POST', headers: { Origin: SPA_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
    const pre = await nav(`${orders}/v1/authorize`, { method: 'OPTIONS', headers: { Origin: SPA_ORIGIN, 'Access-Control-Request-Method': 'GET' } });
    const login = await nav(`${s.url}/login/login.htm?fromURI=${encodeURIComponent('/oauth2/v1/authorize')}`, { headers: { Origin: SPA_ORIGIN } });
    for (const [name, r] of [['GET', get], ['POST', post], ['OPTIONS', pre], ['sign-in', login]] as const) {
      expect([name, acao(r.headers), r.headers.get('access-control-allow-credentials')]).toEqual([name, null, null]);
    }
  });
});

describe('§4.17 postMessage responses go only to the exact registered origin, never *', () => {
  const postMessageOf = (html: string) => /postMessage\((.*), ("[^"]*")\);/.exec(html);

  test('okta_post_message targets the redirect URI\'s origin, and only that origin may frame the page', async () => {
    const r = await nav(authorizeUrl(orders, {
      client_id: apps['Orders SPA']!.clientId, response_type: 'code', response_mode: 'okta_post_message', scope: 'openid', redirect_uri: SPA_CB, state: 'pm',
      code_challenge: pkce().challenge, code_challenge_method: 'S256', sessionToken: await sessionToken(),
    }));
    expect(r.status).toBe(200);
    const m = postMessageOf(r.html);
    expect(m, r.html).not.toBeNull();
    expect(JSON.parse(m![2]!)).toBe(SPA_ORIGIN);
    expect(JSON.parse(m![1]!)).toMatchObject({ state: 'pm' });
    expect(r.html).not.toMatch(/postMessage\([^)]*,\s*["']\*["']\)/);
    expect(r.headers.get('content-security-policy')).toMatch(new RegExp(`frame-ancestors ${SPA_ORIGIN}(;|$)`));
  });

  test('an error sent by postMessage goes to the same origin', async () => {
    const r = await nav(authorizeUrl(orders, {
      client_id: apps['Orders SPA']!.clientId, response_type: 'code', response_mode: 'okta_post_message', scope: 'openid', redirect_uri: SPA_CB, state: 'pm2', prompt: 'none',
      code_challenge: pkce().challenge, code_challenge_method: 'S256',
    }));
    const m = postMessageOf(r.html);
    expect(JSON.parse(m![2]!)).toBe(SPA_ORIGIN);
    expect(JSON.parse(m![1]!)).toMatchObject({ error: 'login_required', state: 'pm2' });
  });
});

describe('§4.13 TLS and proxy headers: loopback http by design; forwarded headers are not trusted', () => {
  test('the server listens on loopback, and its issuers say so', () => {
    expect(new URL(s.url).hostname).toBe('127.0.0.1');
    expect(new URL(orders).hostname).toBe('127.0.0.1');
  });

  test('X-Forwarded-Host / -Proto / -Prefix do not change the issuer or endpoints', async () => {
    const r = await rawGet(`/oauth2/${orders.split('/').pop()}/.well-known/openid-configuration`, {
      Host: `127.0.0.1:${s.server.port}`, 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Prefix': '/evil', Forwarded: 'host=evil.example;proto=https',
    });
    expect(r.status).toBe(200);
    const meta = JSON.parse(r.body) as Json;
    expect(meta.issuer).toBe(orders);
    expect(meta.authorization_endpoint).toBe(`${orders}/v1/authorize`);
    expect(r.body).not.toContain('evil');
  });

  test('a Host name this server does not answer to is refused on the protocol endpoints', async () => {
    const r = await rawGet(`/oauth2/${orders.split('/').pop()}/.well-known/openid-configuration`, { Host: 'evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('issuer');
  });

  test('X-Forwarded-For is not recorded as the client address', async () => {
    const svc = apps['Fulfilment Service']!;
    const r = await token(orders, { grant_type: 'client_credentials', scope: 'orders:read', client_id: svc.clientId, client_secret: svc.secret! }, { 'X-Forwarded-For': '203.0.113.9' });
    expect(r.status).toBe(200);
    const requestId = r.headers.get('x-okta-request-id')!;
    const events = (await (await s.api(`/api/v1/logs?filter=${encodeURIComponent(`transaction.id eq "${requestId}"`)}`)).json()) as { client: { ipAddress: string | null } }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.client.ipAddress).not.toBe('203.0.113.9');
    expect(JSON.stringify(events)).not.toContain('203.0.113.9');
  });
});
