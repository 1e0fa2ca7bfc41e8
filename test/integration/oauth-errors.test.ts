/*
 * The error paths of the OAuth protocol endpoints (token, introspect, revoke, userinfo) as a client
 * sees them on the wire: status, Okta's `error` / `error_description` byte for byte (reference §2.2,
 * §2.5, §2.6, §2.7, §2.9, §5.7), `Cache-Control: no-store`, and — because a refused request must not
 * half-happen — an unchanged database (a refused token request writes one System Log event with its
 * reason, so those compare every table but `log_events`). All protocol requests are raw form-encoded fetches.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { snapshot, startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

type Json = Record<string, any>;

let s: TestServer;
/** The server's clock (ms); tests only ever move it forward. */
let clock = Date.parse('2026-03-01T10:00:00.000Z');
const nowSec = () => Math.floor(clock / 1000);

interface Client {
  id: string;
  clientId: string;
  secret?: string;
}
const apps: Record<string, Client> = {};
const ids: Record<string, string> = {};
let rsaPrivate: CryptoKey;
let otherRsaPrivate: CryptoKey;

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const AUTH_FAILED = 'Client authentication failed. Either the client or the client credentials are invalid.';
const UNKNOWN_CLIENT = "Invalid value for 'client_id' parameter.";
const INVALID_REFRESH = 'The refresh token is invalid or expired.';
const NO_POLICY = 'Policy evaluation failed for this request, please check the policy configurations.';
const BEARER_INVALID = 'Bearer error="invalid_token", error_description="The access token is invalid"';
const BEARER_SCOPE =
  'Bearer error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - profile, email, address or phone"';
const TEST_PASSWORD = 'Gatehouse-Test-9';

// ---------------------------------------------------------------------------------------------
// HTTP helpers

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Json | undefined;
}

type Params = Record<string, string> | [string, string][];

interface CallOptions {
  /** `Authorization` header value. */
  auth?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A raw body instead of a form (with its own content type in `headers`). */
  raw?: string;
}

const asPath = (as: string | null) => (as === null ? '/oauth2/v1' : `/oauth2/${as}/v1`);
const endpoint = (as: string | null, name: string) => `${s.url}${asPath(as)}/${name}`;

async function call(as: string | null, name: string, params: Params, o: CallOptions = {}): Promise<Reply> {
  const url = new URL(endpoint(as, name));
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...o.headers };
  if (o.auth) headers.Authorization = o.auth;
  const res = await fetch(url, { method: 'POST', headers, body: o.raw ?? new URLSearchParams(params).toString() });
  const text = await res.text();
  let body: Json | undefined;
  try {
    body = text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const token = (as: string | null, params: Params, o?: CallOptions) => call(as, 'token', params, o);
const introspect = (as: string | null, params: Params, o?: CallOptions) => call(as, 'introspect', params, o);
const revoke = (as: string | null, params: Params, o?: CallOptions) => call(as, 'revoke', params, o);

/** `Authorization: Basic` — form-urlencoded parts (RFC 6749 §2.3.1) unless `raw`. */
function basic(id: string, secret: string, raw = false): string {
  const enc = (x: string) => (raw ? x : encodeURIComponent(x));
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`, 'utf8').toString('base64')}`;
}
const basicOf = (c: Client) => basic(c.clientId, c.secret!);
/** Client-authentication options for a client_secret_basic app. */
const as = (c: Client): CallOptions => ({ auth: basicOf(c) });
/** Client-authentication form fields for a client_secret_post app. */
const postCreds = (c: Client) => ({ client_id: c.clientId, client_secret: c.secret! });

function expectNoStore(r: Reply) {
  expect(r.headers.get('cache-control')).toBe('no-store');
}

function expectOAuthError(r: Reply, status: number | number[], error: string, description?: string | RegExp) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `status ${r.status}: ${r.text}`).toContain(r.status);
  expectNoStore(r);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(r.body ?? {}).sort()).toEqual(['error', 'error_description']);
  expect(r.body!.error).toBe(error);
  if (typeof description === 'string') expect(r.body!.error_description).toBe(description);
  else if (description) expect(r.body!.error_description).toMatch(description);
}

function expectTokens(r: Reply) {
  expect(r.status, r.text).toBe(200);
  expectNoStore(r);
  expect(r.body!.token_type).toBe('Bearer');
  expect(typeof r.body!.access_token).toBe('string');
  return r.body as { access_token: string; refresh_token?: string; id_token?: string; scope: string };
}

// ---------------------------------------------------------------------------------------------
// Database comparisons

/** Every table but the ones named; with columns dropped from some tables. */
function tables(skip: string[] = ['log_events'], dropColumns: Record<string, string[]> = {}): Record<string, Json[]> {
  const all = JSON.parse(snapshot(s)) as Record<string, Json[]>;
  for (const t of skip) delete all[t];
  for (const [t, cols] of Object.entries(dropColumns)) {
    all[t] = (all[t] ?? []).map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !cols.includes(k))));
  }
  return all;
}
const logCount = () => (s.server.store.db.prepare('SELECT COUNT(*) AS n FROM log_events').get() as { n: number }).n;

/**
 * Runs `fn` and asserts that no table changed, except that the System Log may have gained the
 * refusal (every refused token request is recorded there, with its reason, as Okta does).
 */
async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = tables();
  const events = logCount();
  const out = await fn();
  expect(tables(), 'the database changed').toEqual(before);
  const added = s.server.store.db.prepare('SELECT outcome FROM log_events ORDER BY seq DESC LIMIT ?').all(logCount() - events) as { outcome: string }[];
  expect(added.every((e) => e.outcome === 'FAILURE'), 'only refusals are logged').toBe(true);
  expect(added.length).toBeLessThanOrEqual(1);
  return out;
}

/** Runs `fn` (a refused token decision) and asserts it wrote one log event and changed nothing else. */
async function onlyLogged<T>(fn: () => Promise<T>, dropColumns: Record<string, string[]> = {}): Promise<T> {
  const before = tables(['log_events'], dropColumns);
  const count = logCount();
  const out = await fn();
  expect(tables(['log_events'], dropColumns)).toEqual(before);
  expect(logCount()).toBe(count + 1);
  return out;
}

async function logs(eventType: string): Promise<Json[]> {
  const res = await s.api(`/api/v1/logs?limit=1000&filter=${encodeURIComponent(`eventType eq "${eventType}"`)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Json[];
}

// ---------------------------------------------------------------------------------------------
// Admin setup

async function adminJson(path: string, init: RequestInit = {}): Promise<any> {
  const res = await s.api(path, init);
  const text = await res.text();
  if (res.status >= 300) throw new Error(`setup: ${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function createApp(body: Json, assignEveryone: boolean): Promise<Client> {
  const app = await adminJson('/api/v1/apps', { method: 'POST', body: JSON.stringify({ name: 'oidc_client', signOnMode: 'OPENID_CONNECT', ...body }) });
  if (assignEveryone) await adminJson(`/api/v1/apps/${app.id}/groups/${ids.everyone}`, { method: 'PUT', body: '{}' });
  return { id: app.id, clientId: app.credentials.oauthClient.client_id, secret: app.credentials.oauthClient.client_secret };
}

const passwordApp = (label: string, refresh: Json = { rotation_type: 'STATIC' }) => ({
  label,
  credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
  settings: {
    oauthClient: {
      application_type: 'native',
      grant_types: ['authorization_code', 'password', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1:9999/callback'],
      refresh_token: refresh,
    },
  },
});

const serviceApp = (label: string, oauthClient: Json, settings: Json = {}) => ({
  label,
  credentials: { oauthClient },
  settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], ...settings } },
});

async function createUser(login: string): Promise<string> {
  const [first] = login.split('@');
  const u = await adminJson('/api/v1/users?activate=true', {
    method: 'POST',
    body: JSON.stringify({ profile: { firstName: first, lastName: 'Tester', email: login, login }, credentials: { password: { value: TEST_PASSWORD } } }),
  });
  return u.id as string;
}

async function setLeeway(c: Client, leeway: number) {
  const app = await adminJson(`/api/v1/apps/${c.id}`);
  app.settings.oauthClient.refresh_token = { rotation_type: 'ROTATE', leeway };
  const updated = await adminJson(`/api/v1/apps/${c.id}`, { method: 'PUT', body: JSON.stringify(app) });
  expect(updated.settings.oauthClient.refresh_token).toEqual({ rotation_type: 'ROTATE', leeway });
}

// ---------------------------------------------------------------------------------------------
// Token helpers

/** A password grant on the `default` server (its Default Policy Rule allows it for everyone). */
async function passwordTokens(c: Client, scope = 'openid profile offline_access', username = 'ada@example.com', password = DEMO_PASSWORD) {
  return expectTokens(await token('default', { grant_type: 'password', username, password, scope }, as(c)));
}

let shared: ReturnType<typeof passwordTokens> | undefined;
/** Ada's tokens from the password client, for tests that only read them (never revoked; STATIC). */
const sharedTokens = () => (shared ??= passwordTokens(apps.pw!));

async function refresh(c: Client, refreshToken: string, extra: Record<string, string> = {}) {
  return token('default', { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, as(c));
}

/** Client credentials for the Fulfilment Service on the Orders API (client_secret_post). */
async function fulfilmentToken(scope = 'orders:read') {
  return expectTokens(await token(ids.ordersApi!, { grant_type: 'client_credentials', scope, ...postCreds(apps.service!) }));
}

async function isActive(asId: string | null, c: Client, tok: string, hint?: string): Promise<boolean> {
  const r = await introspect(asId, { token: tok, ...(hint ? { token_type_hint: hint } : {}) }, as(c));
  expect(r.status, r.text).toBe(200);
  expectNoStore(r);
  if (r.body!.active === false) expect(r.body).toEqual({ active: false });
  return r.body!.active as boolean;
}

function standardClaims(clientId: string, aud = endpoint('default', 'token')): Json {
  return { iss: clientId, sub: clientId, aud, iat: nowSec(), exp: nowSec() + 300, jti: randomUUID() };
}
const hmacAssertion = (claims: Json, secret: string, alg = 'HS256') => new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
const rsaAssertion = (claims: Json, key: CryptoKey = rsaPrivate, kid = 'k1') => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
const assertionForm = (assertion: string): Record<string, string> => ({
  grant_type: 'client_credentials',
  scope: 'reports:read',
  client_assertion_type: ASSERTION_TYPE,
  client_assertion: assertion,
});

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo', now: () => clock });

  const users = await adminJson('/api/v1/users');
  for (const u of users as Json[]) ids[u.profile.login.split('@')[0]] = u.id;
  const groups = (await adminJson('/api/v1/groups')) as Json[];
  ids.everyone = groups.find((g) => g.profile.name === 'Everyone')!.id;
  const seeded = (await adminJson('/api/v1/apps?limit=200')) as Json[];
  const seededApp = (label: string): Client => {
    const a = seeded.find((x) => x.label === label)!;
    return { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  };
  apps.portal = seededApp('Orders Portal');
  apps.spa = seededApp('Orders SPA');
  apps.service = seededApp('Fulfilment Service');
  apps.cli = seededApp('Orders CLI');
  const servers = (await adminJson('/api/v1/authorizationServers')) as Json[];
  ids.ordersApi = servers.find((x) => x.name === 'Orders API')!.id;

  // A custom scope on `default`, so client credentials work there for the clients made below.
  await adminJson('/api/v1/authorizationServers/default/scopes', { method: 'POST', body: JSON.stringify({ name: 'reports:read', description: 'Read reports' }) });
  // A consent-REQUIRED scope on the Orders API.
  await adminJson(`/api/v1/authorizationServers/${ids.ordersApi}/scopes`, {
    method: 'POST',
    body: JSON.stringify({ name: 'orders:audit', description: 'Audit orders', consent: 'REQUIRED' }),
  });

  const [main, other] = await Promise.all([generateKeyPair('RS256', { extractable: true }), generateKeyPair('RS256', { extractable: true })]);
  rsaPrivate = main.privateKey;
  otherRsaPrivate = other.privateKey;
  const jwk = { ...(await exportJWK(main.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };

  apps.pw = await createApp(passwordApp('Password Client'), true);
  apps.rot = await createApp(passwordApp('Rotating Client', { rotation_type: 'ROTATE', leeway: 60 }), true);
  apps.unassigned = await createApp(passwordApp('Unassigned Password Client'), false);
  apps.doomed = await createApp(passwordApp('Soon Deactivated Client'), true);
  apps.hs = await createApp(serviceApp('HMAC Service', { token_endpoint_auth_method: 'client_secret_jwt', client_secret: 'x'.repeat(20) + 'abcdefghij0123456789' }), false);
  apps.hsShort = await createApp(serviceApp('Short HMAC Service', { token_endpoint_auth_method: 'client_secret_jwt', client_secret: 'short-secret-20chars' }), false);
  apps.pk = await createApp(serviceApp('Key Service', { token_endpoint_auth_method: 'private_key_jwt' }, { jwks: { keys: [jwk] } }), false);
  apps.enc = await createApp(serviceApp('Odd Secret Service', { token_endpoint_auth_method: 'client_secret_basic', client_secret: 'Sec/ret:with=odd&chars@[x]!' }), false);
  apps.plusId = await createApp(
    serviceApp('Plus Id Service', { token_endpoint_auth_method: 'client_secret_basic', client_id: 'svc+plus.client', client_secret: 'plain-secret-0123456789' }),
    false,
  );
  apps.plusSecret = await createApp(serviceApp('Plus Secret Service', { token_endpoint_auth_method: 'client_secret_basic', client_secret: 'Plus+and%41percent/x=' }), false);

  ids.pat = await createUser('pat@example.com');
  ids.quinn = await createUser('quinn@example.com');
});

afterAll(async () => {
  await s?.close();
});

describe('setup sanity', () => {
  test('the clients made for these tests are what the tests assume', () => {
    expect(apps.hs!.secret).toHaveLength(40);
    expect(apps.hsShort!.secret).toHaveLength(20);
    expect(apps.pk!.secret).toBeUndefined();
    expect(apps.enc!.secret).toBe('Sec/ret:with=odd&chars@[x]!');
    expect(encodeURIComponent(apps.enc!.secret!)).not.toBe(apps.enc!.secret);
    expect(apps.plusId!.clientId).toBe('svc+plus.client');
    expect(apps.plusSecret!.secret).toBe('Plus+and%41percent/x=');
  });
});

// =============================================================================================
// §2.2 client authentication

describe('client authentication (§2.2)', () => {
  const cc = { grant_type: 'client_credentials', scope: 'reports:read' };

  test('a correct client_secret_post, client_secret_basic, client_secret_jwt and private_key_jwt all authenticate', async () => {
    expectTokens(await token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read', ...postCreds(apps.service!) }));
    expectTokens(await token('default', cc, as(apps.enc!)));
    expectTokens(await token('default', assertionForm(await hmacAssertion(standardClaims(apps.hs!.clientId), apps.hs!.secret!))));
    expectTokens(await token('default', assertionForm(await hmacAssertion(standardClaims(apps.hs!.clientId), apps.hs!.secret!, 'HS512'))));
    expectTokens(await token('default', assertionForm(await rsaAssertion(standardClaims(apps.pk!.clientId)))));
  });

  test('no credentials at all → 401 "No client credentials found."', async () => {
    const r = await unchanged(() => token('default', cc));
    expectOAuthError(r, 401, 'invalid_client', 'No client credentials found.');
  });

  test("an unknown client_id → 401 \"Invalid value for 'client_id' parameter.\" (post body and Basic)", async () => {
    const r1 = await unchanged(() => token('default', { ...cc, client_id: '0oaNoSuchClient00000', client_secret: 'whatever-secret-1234' }));
    expectOAuthError(r1, 401, 'invalid_client', UNKNOWN_CLIENT);
    const r2 = await unchanged(() => token('default', cc, { auth: basic('0oaNoSuchClient00000', 'whatever-secret-1234') }));
    expectOAuthError(r2, 401, 'invalid_client', UNKNOWN_CLIENT);
  });

  test('a wrong secret → 401 client authentication failed (post body and Basic)', async () => {
    const r1 = await unchanged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read', client_id: apps.service!.clientId, client_secret: `${apps.service!.secret}x` }));
    expectOAuthError(r1, 401, 'invalid_client', AUTH_FAILED);
    const r2 = await unchanged(() => token('default', cc, { auth: basic(apps.enc!.clientId, 'not-the-secret-at-all') }));
    expectOAuthError(r2, 401, 'invalid_client', AUTH_FAILED);
  });

  test("the right secret by the wrong method (Basic for a client_secret_post app, post for a Basic app) → 401", async () => {
    const r1 = await unchanged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read' }, { auth: basicOf(apps.service!) }));
    expectOAuthError(r1, 401, 'invalid_client', AUTH_FAILED);
    const r2 = await unchanged(() => token('default', { ...cc, ...postCreds(apps.enc!) }));
    expectOAuthError(r2, 401, 'invalid_client', AUTH_FAILED);
    // A confidential client that sends only its client_id, like a public client.
    const r3 = await unchanged(() => token('default', { ...cc, client_id: apps.enc!.clientId }));
    expectOAuthError(r3, 401, 'invalid_client', AUTH_FAILED);
  });

  test('a malformed Basic header → 401 "Found Authentication header but was not valid client credentials."', async () => {
    for (const auth of [`Basic ${Buffer.from('no-colon-in-here').toString('base64')}`, `Basic ${Buffer.from(':secret-without-id').toString('base64')}`]) {
      const r = await unchanged(() => token('default', cc, { auth }));
      expectOAuthError(r, 401, 'invalid_client', 'Found Authentication header but was not valid client credentials.');
    }
  });

  test('credentials in two places (Basic + body secret) → invalid_request "Cannot supply multiple client credentials..."', async () => {
    const r = await unchanged(() => token('default', { ...cc, client_id: apps.enc!.clientId, client_secret: apps.enc!.secret! }, as(apps.enc!)));
    // HTTP 400 in the API reference, 401 in the catalog (reference §2.2).
    expectOAuthError(
      r,
      [400, 401],
      'invalid_request',
      'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.',
    );
    // Basic + a client assertion is two places too.
    const assertion = await hmacAssertion(standardClaims(apps.hs!.clientId), apps.hs!.secret!);
    const r2 = await unchanged(() => token('default', assertionForm(assertion), as(apps.enc!)));
    expectOAuthError(r2, [400, 401], 'invalid_request', /^Cannot supply multiple client credentials\./);
  });

  test('client_secret in the query string → 400 "Client credentials cannot be supplied via query parameters."', async () => {
    const r = await unchanged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read', client_id: apps.service!.clientId }, { query: { client_secret: apps.service!.secret! } }));
    expectOAuthError(r, 400, 'invalid_request', 'Client credentials cannot be supplied via query parameters.');
  });

  test('a client_assertion in the query string → 400 "Client credentials cannot be supplied via query parameters."', async () => {
    const assertion = await hmacAssertion(standardClaims(apps.hs!.clientId), apps.hs!.secret!);
    const r = await unchanged(() => token('default', { ...cc, client_assertion_type: ASSERTION_TYPE }, { query: { client_assertion: assertion } }));
    expectOAuthError(r, 400, 'invalid_request', 'Client credentials cannot be supplied via query parameters.');
  });

  test('a bad client_assertion_type → 400 "The client_assertion_type is invalid."', async () => {
    const assertion = await hmacAssertion(standardClaims(apps.hs!.clientId), apps.hs!.secret!);
    const r = await unchanged(() => token('default', { ...assertionForm(assertion), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }));
    expectOAuthError(r, 400, 'invalid_request', 'The client_assertion_type is invalid.');
  });

  describe('client assertions (client_secret_jwt / private_key_jwt)', () => {
    const hs = (claims: Json) => hmacAssertion(claims, apps.hs!.secret!);
    const bad = async (assertion: string, description: string) => {
      const r = await unchanged(() => token('default', assertionForm(assertion)));
      expectOAuthError(r, 401, 'invalid_client', description);
    };

    test('iss that is not a client', async () => {
      await bad(await hs({ ...standardClaims(apps.hs!.clientId), iss: 'not-a-client-id' }), 'The issuer claim for client_assertion is not a valid client_id.');
    });
    test('sub ≠ iss', async () => {
      await bad(await hs({ ...standardClaims(apps.hs!.clientId), sub: apps.pk!.clientId }), 'The subject claim for client_assertion is not a valid client_id.');
      const { sub: _sub, ...noSub } = standardClaims(apps.hs!.clientId);
      await bad(await hs(noSub), 'The subject claim for client_assertion is not a valid client_id.');
    });
    test('wrong aud (another endpoint, another server)', async () => {
      const audience = 'The audience claim for client_assertion must be the endpoint invoked for the request.';
      await bad(await hs(standardClaims(apps.hs!.clientId, endpoint('default', 'introspect'))), audience);
      await bad(await hs(standardClaims(apps.hs!.clientId, endpoint(ids.ordersApi!, 'token'))), audience);
      await bad(await rsaAssertion(standardClaims(apps.pk!.clientId, `${s.url}/oauth2/v1/token`)), audience);
    });
    test('missing exp', async () => {
      const { exp: _exp, ...noExp } = standardClaims(apps.hs!.clientId);
      await bad(await hs(noExp), "The client_assertion must contain the 'exp' claim as seconds since epoch.");
    });
    test('expired', async () => {
      await bad(await hs({ ...standardClaims(apps.hs!.clientId), iat: nowSec() - 600, exp: nowSec() - 60 }), 'The client_assertion token is expired.');
    });
    test('exp more than an hour ahead', async () => {
      await bad(await hs({ ...standardClaims(apps.hs!.clientId), exp: nowSec() + 3600 + 120 }), 'The client_assertion token has an expiration too far into the future.');
    });
    test('iat in the future', async () => {
      await bad(await hs({ ...standardClaims(apps.hs!.clientId), iat: nowSec() + 120 }), 'The client_assertion token must be issued before the current time.');
    });
    test('a replayed jti: the first use works, the second fails', async () => {
      const assertion = await rsaAssertion(standardClaims(apps.pk!.clientId));
      expectTokens(await token('default', assertionForm(assertion)));
      await bad(assertion, 'The client_assertion token has already been used.');
      // Same for client_secret_jwt.
      const hmac = await hs(standardClaims(apps.hs!.clientId));
      expectTokens(await token('default', assertionForm(hmac)));
      await bad(hmac, 'The client_assertion token has already been used.');
    });
    test('an assertion without jti may be used again (jti is optional)', async () => {
      const { jti: _jti, ...noJti } = standardClaims(apps.hs!.clientId);
      const assertion = await hs(noJti);
      expectTokens(await token('default', assertionForm(assertion)));
      expectTokens(await token('default', assertionForm(assertion)));
    });
    test('a bad signature (wrong HMAC secret; right kid, wrong RSA key)', async () => {
      await bad(await hmacAssertion(standardClaims(apps.hs!.clientId), 'y'.repeat(40)), 'The client_assertion signature is invalid.');
      await bad(await rsaAssertion(standardClaims(apps.pk!.clientId), otherRsaPrivate, 'k1'), 'The client_assertion signature is invalid.');
      // A tampered payload under a valid signature.
      const good = await hs(standardClaims(apps.hs!.clientId));
      const [h, , sig] = good.split('.');
      const payload = Buffer.from(JSON.stringify({ ...standardClaims(apps.hs!.clientId), scope: 'x' })).toString('base64url');
      await bad(`${h}.${payload}.${sig}`, 'The client_assertion signature is invalid.');
    });
    test('an unparsable assertion', async () => {
      await bad('not-a-jwt', 'The parsing of the client_assertion failed.');
      await bad('bm90.anNvbg.c2ln', 'The parsing of the client_assertion failed.');
    });
    test('an unknown kid', async () => {
      await bad(await rsaAssertion(standardClaims(apps.pk!.clientId), rsaPrivate, 'k2'), 'The client_assertion JWT kid is invalid.');
    });
    test('a client_secret_jwt app whose secret is shorter than 32 characters', async () => {
      await bad(await hmacAssertion(standardClaims(apps.hsShort!.clientId), apps.hsShort!.secret!), 'The client secret is too short to verify a JWT HMAC.');
    });
    test('an assertion for a client whose method is not a JWT method', async () => {
      await bad(await hmacAssertion(standardClaims(apps.enc!.clientId), apps.enc!.secret!.padEnd(32, 'z')), AUTH_FAILED);
    });
  });

  test('Basic credentials are accepted URL-encoded and raw (secret with characters encodeURIComponent changes)', async () => {
    expectTokens(await token('default', cc, { auth: basic(apps.enc!.clientId, apps.enc!.secret!) }));
    expectTokens(await token('default', cc, { auth: basic(apps.enc!.clientId, apps.enc!.secret!, true) }));
  });

  // Reference §2.2 defines Basic as `base64(client_id:client_secret)`, the raw values; RFC 6749 §2.3.1
  // form-encodes them first. '+' and '%' are legal in client ids and secrets, so a raw '+' must not
  // be taken for an encoded space, nor a raw '%41' for an encoded 'A'.
  test("Basic: a client_id containing '+' is accepted URL-encoded and raw", async () => {
    expectTokens(await token('default', cc, { auth: basic(apps.plusId!.clientId, apps.plusId!.secret!) }));
    expectTokens(await token('default', cc, { auth: basic(apps.plusId!.clientId, apps.plusId!.secret!, true) }));
  });

  test("Basic: a client_secret containing '+' and '%41' is accepted URL-encoded and raw", async () => {
    expectTokens(await token('default', cc, { auth: basic(apps.plusSecret!.clientId, apps.plusSecret!.secret!) }));
    expectTokens(await token('default', cc, { auth: basic(apps.plusSecret!.clientId, apps.plusSecret!.secret!, true) }));
  });
});

// =============================================================================================
// §2.5 token endpoint

describe('token endpoint (§2.5)', () => {
  test("no grant_type → invalid_request with Okta's list of valid values", async () => {
    const r = await unchanged(() => token(ids.ordersApi!, { scope: 'orders:read', ...postCreds(apps.service!) }));
    expectOAuthError(
      r,
      400,
      'invalid_request',
      "The token request must specify a 'grant_type'. Valid values: [authorization_code, password, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:device_code, urn:ietf:params:oauth:grant-type:token-exchange, urn:ietf:params:oauth:grant-type:saml2-bearer, urn:ietf:params:oauth:grant-type:jwt-bearer, interaction_code, urn:openid:params:grant-type:ciba]",
    );
    // An empty grant_type is no grant_type.
    const r2 = await unchanged(() => token(ids.ordersApi!, { grant_type: '', scope: 'orders:read', ...postCreds(apps.service!) }));
    expectOAuthError(r2, 400, 'invalid_request', /^The token request must specify a 'grant_type'\. Valid values: \[authorization_code, /);
  });

  test('a grant type the server does not know → unsupported_grant_type listing the configured ones', async () => {
    for (const grant of ['urn:ietf:params:oauth:grant-type:saml2-bearer', 'magic']) {
      const r = await unchanged(() => token(ids.ordersApi!, { grant_type: grant, scope: 'orders:read', ...postCreds(apps.service!) }));
      expectOAuthError(r, 400, 'unsupported_grant_type', /^The authorization grant type is not supported by the authorization server\. Configured grant types: \[[^\]]+\]\.$/);
      const list = /\[(.*)\]/.exec(r.body!.error_description)![1]!.split(', ');
      expect(list).toEqual(expect.arrayContaining(['client_credentials', 'password', 'refresh_token']));
      expect(list).not.toContain(grant);
    }
  });

  test('a grant not enabled on the app → unauthorized_client listing the app’s grant types as [a, b]', async () => {
    const r = await unchanged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read' }, as(apps.portal!)));
    expectOAuthError(r, 400, 'unauthorized_client', 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].');
    const r2 = await unchanged(() => token('default', { grant_type: 'password', username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid' }, as(apps.portal!)));
    expectOAuthError(r2, 400, 'unauthorized_client', 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].');
    const r3 = await unchanged(() => token('default', { grant_type: 'password', username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid', ...postCreds(apps.service!) }));
    expectOAuthError(r3, 400, 'unauthorized_client', 'The client is not authorized to use the provided grant type. Configured grant types: [client_credentials].');
  });

  test('a parameter given twice → invalid_request naming it', async () => {
    const r = await unchanged(() =>
      token(ids.ordersApi!, [
        ['grant_type', 'client_credentials'],
        ['scope', 'orders:read'],
        ['scope', 'orders:write'],
        ['client_id', apps.service!.clientId],
        ['client_secret', apps.service!.secret!],
      ]),
    );
    expectOAuthError(r, 400, 'invalid_request', /'scope'/);
    const r2 = await unchanged(() =>
      token(ids.ordersApi!, [
        ['grant_type', 'client_credentials'],
        ['grant_type', 'client_credentials'],
        ['scope', 'orders:read'],
        ['client_id', apps.service!.clientId],
        ['client_secret', apps.service!.secret!],
      ]),
    );
    expectOAuthError(r2, 400, 'invalid_request', /'grant_type'/);
  });

  test('a body that is not application/x-www-form-urlencoded → invalid_request', async () => {
    const json = JSON.stringify({ grant_type: 'client_credentials', scope: 'orders:read', ...postCreds(apps.service!) });
    const r = await unchanged(() => token(ids.ordersApi!, {}, { raw: json, headers: { 'Content-Type': 'application/json' } }));
    expectOAuthError(r, 400, 'invalid_request');
    const r2 = await unchanged(() => token(ids.ordersApi!, {}, { raw: new URLSearchParams({ grant_type: 'client_credentials', ...postCreds(apps.service!) }).toString(), headers: { 'Content-Type': 'text/plain' } }));
    expectOAuthError(r2, 400, 'invalid_request');
  });

  test("client_credentials asking for openid → invalid_scope \"Cannot request 'openid' scopes using client credentials.\"", async () => {
    const r = await onlyLogged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'openid orders:read', ...postCreds(apps.service!) }));
    expectOAuthError(r, 400, 'invalid_scope', "Cannot request 'openid' scopes using client credentials.");
  });

  test('an unknown scope → invalid_scope "One or more scopes are not configured for the authorization server resource."', async () => {
    const r = await onlyLogged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read orders:teleport', ...postCreds(apps.service!) }));
    expectOAuthError(r, 400, 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
  });

  test('consent-REQUIRED scopes with client credentials → consent_required listing them as [a, b]', async () => {
    const r = await onlyLogged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:audit', ...postCreds(apps.service!) }));
    expectOAuthError(r, 400, 'consent_required', 'The following scopes require user consent and cannot be granted for the client credentials grant type: [orders:audit].');
    const r2 = await onlyLogged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read orders:audit orders:admin', ...postCreds(apps.service!) }));
    expectOAuthError(r2, 400, 'consent_required', 'The following scopes require user consent and cannot be granted for the client credentials grant type: [orders:audit, orders:admin].');
  });

  test('no matching policy → access_denied, and a grant_failure event with reason no_matching_policy', async () => {
    const before = (await logs('app.oauth2.as.authorize.token.grant_failure')).length;
    // The Fulfilment rule allows orders:read and orders:write only; `groups` exists but is not in it.
    const r = await onlyLogged(() => token(ids.ordersApi!, { grant_type: 'client_credentials', scope: 'orders:read groups', ...postCreds(apps.service!) }));
    // The catalog lists 401; whether Okta answers 400 or 401 is unconfirmed (reference §2.5).
    expectOAuthError(r, [400, 401], 'access_denied', NO_POLICY);
    const events = await logs('app.oauth2.as.authorize.token.grant_failure');
    expect(events).toHaveLength(before + 1);
    const e = events[events.length - 1]!;
    expect(e.outcome).toEqual({ result: 'FAILURE', reason: 'no_matching_policy' });
    expect(e.actor.id).toBe(apps.service!.clientId);
    expect(JSON.stringify(e)).not.toContain(apps.service!.secret!);
  });

  test("client_credentials on the org authorization server → unsupported_grant_type", async () => {
    const r = await unchanged(() => token(null, { grant_type: 'client_credentials', scope: 'orders:read', ...postCreds(apps.service!) }));
    expectOAuthError(r, 400, 'unsupported_grant_type', "'client_credentials' grant type can only be used with a custom authorization server.");
  });

  test("an unknown authorization server → 404 with Okta's E0000007 error object", async () => {
    const r = await unchanged(() => token('ausNoSuchServer00000', { grant_type: 'client_credentials', scope: 'orders:read', ...postCreds(apps.service!) }));
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: ausNoSuchServer00000 (AuthorizationServer)',
      errorLink: 'E0000007',
      errorId: expect.stringMatching(/^oae/),
      errorCauses: [],
    });
    // The other endpoints of an unknown server answer the same.
    for (const name of ['introspect', 'revoke']) {
      const other = await unchanged(() => call('ausNoSuchServer00000', name, { token: 'x', ...postCreds(apps.service!) }));
      expect(other.status).toBe(404);
      expect(other.body!.errorCode).toBe('E0000007');
    }
  });

  test('a deactivated authorization server → 404', async () => {
    const server = await adminJson('/api/v1/authorizationServers', { method: 'POST', body: JSON.stringify({ name: 'Short Lived', description: 'deactivated by a test', audiences: ['api://short'] }) });
    await adminJson(`/api/v1/authorizationServers/${server.id}/lifecycle/deactivate`, { method: 'POST' });
    const r = await unchanged(() => token(server.id, { grant_type: 'client_credentials', scope: 'orders:read', ...postCreds(apps.service!) }));
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${server.id} (AuthorizationServer)`, errorLink: 'E0000007', errorCauses: [] });
  });
});

// =============================================================================================
// password grant

describe('password grant', () => {
  const pw = (params: Record<string, string>, c = apps.pw!) => token('default', { grant_type: 'password', scope: 'openid', ...params }, as(c));

  test('a correct request works (baseline)', async () => {
    const t = await passwordTokens(apps.pw!);
    expect(t.refresh_token).toBeTruthy();
    expect(t.id_token).toBeTruthy();
  });

  test("a missing username or password → invalid_request \"The required parameter '…' is missing.\"", async () => {
    const r1 = await unchanged(() => pw({ password: DEMO_PASSWORD }));
    expectOAuthError(r1, 400, 'invalid_request', "The required parameter 'username' is missing.");
    const r2 = await unchanged(() => pw({ username: 'ada@example.com' }));
    expectOAuthError(r2, 400, 'invalid_request', "The required parameter 'password' is missing.");
  });

  test('a wrong password → invalid_grant "The credentials provided were invalid." (only the failed-login counter moves)', async () => {
    const before = tables(['log_events'], { users: ['failed_logins'] });
    const r = await pw({ username: 'alan@example.com', password: 'Not-The-Password-1' });
    expectOAuthError(r, 400, 'invalid_grant', 'The credentials provided were invalid.');
    expect(tables(['log_events'], { users: ['failed_logins'] })).toEqual(before);
    // An unknown user gets the same answer.
    const r2 = await unchanged(() => pw({ username: 'nobody@example.com', password: DEMO_PASSWORD }));
    expectOAuthError(r2, 400, 'invalid_grant', 'The credentials provided were invalid.');
    // The right password still works afterwards (the counter resets).
    await passwordTokens(apps.pw!, 'openid', 'alan@example.com');
  });

  test('an expired password → invalid_grant "Password has expired."', async () => {
    await adminJson(`/api/v1/users/${ids.pat}/lifecycle/expire_password`, { method: 'POST' });
    const before = tables(['log_events'], { users: ['last_login', 'failed_logins'] });
    const r = await pw({ username: 'pat@example.com', password: TEST_PASSWORD });
    expectOAuthError(r, 400, 'invalid_grant', 'Password has expired.');
    expect(tables(['log_events'], { users: ['last_login', 'failed_logins'] })).toEqual(before);
    expect(s.server.store.db.prepare('SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ?').get(ids.pat)).toEqual({ n: 0 });
  });

  test('a user not assigned to the app → access_denied "User is not assigned to the client application."', async () => {
    const r = await onlyLogged(() => pw({ username: 'ada@example.com', password: DEMO_PASSWORD, scope: 'openid offline_access' }, apps.unassigned!), { users: ['last_login', 'failed_logins'] });
    expectOAuthError(r, 400, 'access_denied', 'User is not assigned to the client application.');
  });
});

// =============================================================================================
// refresh_token grant (§5.7)

describe('refresh_token grant (§5.7)', () => {
  test('an unknown refresh token → invalid_grant "The refresh token is invalid or expired."', async () => {
    const r = await unchanged(() => refresh(apps.pw!, 'no-such-refresh-token'));
    expectOAuthError(r, 400, 'invalid_grant', INVALID_REFRESH);
    const r2 = await unchanged(() => token('default', { grant_type: 'refresh_token' }, as(apps.pw!)));
    expectOAuthError(r2, 400, 'invalid_request', "The required parameter 'refresh_token' is missing.");
  });

  test("another client's refresh token → invalid_grant, and it stays usable by its own client", async () => {
    const t = await sharedTokens();
    const r = await unchanged(() => refresh(apps.rot!, t.refresh_token!));
    expectOAuthError(r, 400, 'invalid_grant', INVALID_REFRESH);
    expectTokens(await refresh(apps.pw!, t.refresh_token!));
  });

  test('a refresh token of another authorization server → invalid_grant', async () => {
    const t = await sharedTokens();
    const r = await unchanged(() => token(ids.ordersApi!, { grant_type: 'refresh_token', refresh_token: t.refresh_token! }, as(apps.pw!)));
    expectOAuthError(r, 400, 'invalid_grant', INVALID_REFRESH);
  });

  test('widening the scopes → access_denied "... Denied scopes: [a, b]."', async () => {
    const t = await passwordTokens(apps.pw!, 'openid offline_access');
    const r = await unchanged(() => refresh(apps.pw!, t.refresh_token!, { scope: 'openid offline_access email' }));
    expectOAuthError(r, 400, 'access_denied', 'Some of the scopes requested for the refresh request were not granted in the original authorize request. Denied scopes: [email].');
    const r2 = await unchanged(() => refresh(apps.pw!, t.refresh_token!, { scope: 'openid email phone' }));
    expectOAuthError(r2, 400, 'access_denied', 'Some of the scopes requested for the refresh request were not granted in the original authorize request. Denied scopes: [email, phone].');
    // Narrowing is fine.
    const narrowed = expectTokens(await refresh(apps.pw!, t.refresh_token!, { scope: 'openid' }));
    expect(narrowed.scope).toBe('openid');
  });

  test('after revocation → invalid_grant', async () => {
    const t = await passwordTokens(apps.pw!);
    const rv = await revoke('default', { token: t.refresh_token!, token_type_hint: 'refresh_token' }, as(apps.pw!));
    expect(rv.status).toBe(200);
    const r = await unchanged(() => refresh(apps.pw!, t.refresh_token!));
    expectOAuthError(r, 400, 'invalid_grant', INVALID_REFRESH);
  });

  test('a STATIC app gets the same refresh token string back, with a new access token', async () => {
    const t = await passwordTokens(apps.pw!);
    clock += 1000;
    const r1 = expectTokens(await refresh(apps.pw!, t.refresh_token!));
    expect(r1.refresh_token).toBe(t.refresh_token);
    expect(r1.access_token).not.toBe(t.access_token);
    const r2 = expectTokens(await refresh(apps.pw!, t.refresh_token!));
    expect(r2.refresh_token).toBe(t.refresh_token);
  });

  test('ROTATE, leeway 60: the old token works within the leeway; presented after it, the whole chain is revoked and reuse is logged', async () => {
    await setLeeway(apps.rot!, 60);
    const t0 = await passwordTokens(apps.rot!, 'openid offline_access');
    const t1 = expectTokens(await refresh(apps.rot!, t0.refresh_token!));
    expect(t1.refresh_token).toBeTruthy();
    expect(t1.refresh_token).not.toBe(t0.refresh_token);

    clock += 30_000; // within the 60 s grace period
    const t2 = expectTokens(await refresh(apps.rot!, t0.refresh_token!));
    expect(t2.refresh_token).not.toBe(t0.refresh_token);
    expect(await isActive('default', apps.rot!, t2.access_token)).toBe(true);

    const reuseBefore = (await logs('app.oauth2.as.token.detect_reuse')).length;
    clock += 31_000; // 61 s after the rotation: past the grace period
    const r = await refresh(apps.rot!, t0.refresh_token!);
    expectOAuthError(r, 400, 'invalid_grant', INVALID_REFRESH);

    // The newest refresh tokens stop working too ...
    for (const rt of [t1.refresh_token!, t2.refresh_token!]) {
      expectOAuthError(await refresh(apps.rot!, rt), 400, 'invalid_grant', INVALID_REFRESH);
      expect(await isActive('default', apps.rot!, rt, 'refresh_token')).toBe(false);
    }
    // ... and so do the access tokens minted from the chain.
    for (const at of [t0.access_token, t1.access_token, t2.access_token]) expect(await isActive('default', apps.rot!, at)).toBe(false);

    const events = await logs('app.oauth2.as.token.detect_reuse');
    expect(events).toHaveLength(reuseBefore + 1);
    expect(events[events.length - 1]!.actor.id).toBe(apps.rot!.clientId);
    expect(events[events.length - 1]!.outcome.result).toBe('FAILURE');
  });

  test('ROTATE, leeway 0: one second after the rotation the old token is reuse, and the chain dies', async () => {
    await setLeeway(apps.rot!, 0);
    const t0 = await passwordTokens(apps.rot!, 'openid offline_access');
    const t1 = expectTokens(await refresh(apps.rot!, t0.refresh_token!));
    expect(t1.refresh_token).not.toBe(t0.refresh_token);
    clock += 1000;
    const reuseBefore = (await logs('app.oauth2.as.token.detect_reuse')).length;
    expectOAuthError(await refresh(apps.rot!, t0.refresh_token!), 400, 'invalid_grant', INVALID_REFRESH);
    expectOAuthError(await refresh(apps.rot!, t1.refresh_token!), 400, 'invalid_grant', INVALID_REFRESH);
    expect(await isActive('default', apps.rot!, t1.access_token)).toBe(false);
    expect(await logs('app.oauth2.as.token.detect_reuse')).toHaveLength(reuseBefore + 1);
  });

  test('ROTATE: an unrelated chain of the same client and user is untouched by reuse detection', async () => {
    await setLeeway(apps.rot!, 0);
    const other = await passwordTokens(apps.rot!, 'openid offline_access');
    const t0 = await passwordTokens(apps.rot!, 'openid offline_access');
    expectTokens(await refresh(apps.rot!, t0.refresh_token!));
    clock += 1000;
    expectOAuthError(await refresh(apps.rot!, t0.refresh_token!), 400, 'invalid_grant', INVALID_REFRESH);
    expect(await isActive('default', apps.rot!, other.access_token)).toBe(true);
    expectTokens(await refresh(apps.rot!, other.refresh_token!));
  });
});

// =============================================================================================
// §2.6 introspect

describe('introspect (§2.6)', () => {
  test("a missing token → invalid_request \"The 'token' parameter is required.\"", async () => {
    const r = await unchanged(() => introspect('default', {}, as(apps.pw!)));
    expectOAuthError(r, 400, 'invalid_request', "The 'token' parameter is required.");
    const r2 = await unchanged(() => introspect('default', { token: '' }, as(apps.pw!)));
    expectOAuthError(r2, 400, 'invalid_request', "The 'token' parameter is required.");
  });

  test('client authentication is required', async () => {
    const t = await sharedTokens();
    const r = await unchanged(() => introspect('default', { token: t.access_token }));
    expectOAuthError(r, 401, 'invalid_client', 'No client credentials found.');
    const r2 = await unchanged(() => introspect('default', { token: t.access_token }, { auth: basic(apps.pw!.clientId, 'wrong-secret-value') }));
    expectOAuthError(r2, 401, 'invalid_client', AUTH_FAILED);
  });

  test('a public client authenticates with its client_id alone (body or query)', async () => {
    const variants: { params: Record<string, string>; query?: Record<string, string> }[] = [
      { params: { token: 'garbage', client_id: apps.cli!.clientId } },
      { params: { token: 'garbage' }, query: { client_id: apps.cli!.clientId } },
    ];
    for (const o of variants) {
      const r = await unchanged(() => introspect(ids.ordersApi!, o.params, { query: o.query }));
      expect(r.status, r.text).toBe(200);
      expect(r.body).toEqual({ active: false });
    }
  });

  test('garbage → 200 {"active":false}', async () => {
    for (const garbage of ['garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      const r = await unchanged(() => introspect('default', { token: garbage }, as(apps.pw!)));
      expect(r.status).toBe(200);
      expectNoStore(r);
      expect(r.body).toEqual({ active: false });
    }
  });

  test('an active access token introspects with its claims (baseline)', async () => {
    const t = await sharedTokens();
    const r = await introspect('default', { token: t.access_token }, as(apps.pw!));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ active: true, token_type: 'Bearer', client_id: apps.pw!.clientId, username: 'ada@example.com', uid: ids.ada, sub: 'ada@example.com' });
    const rr = await introspect('default', { token: t.refresh_token!, token_type_hint: 'refresh_token' }, as(apps.pw!));
    expect(rr.body).toMatchObject({ active: true, client_id: apps.pw!.clientId, username: 'ada@example.com' });
  });

  test('an expired access token → {"active":false}', async () => {
    const t = await fulfilmentToken();
    const creds = postCreds(apps.service!);
    expect((await introspect(ids.ordersApi!, { token: t.access_token, ...creds })).body!.active).toBe(true);
    clock += 11 * 60_000; // the Fulfilment rule gives 10-minute access tokens
    const r = await unchanged(() => introspect(ids.ordersApi!, { token: t.access_token, ...creds }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ active: false });
  });

  test('a revoked access token → {"active":false}', async () => {
    const t = await passwordTokens(apps.pw!);
    expect((await revoke('default', { token: t.access_token }, as(apps.pw!))).status).toBe(200);
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(false);
  });

  test("another server's tokens → {\"active\":false}", async () => {
    const t = await sharedTokens();
    // Orders Portal may introspect at the Orders API; pw's tokens come from `default`.
    expect(await isActive(ids.ordersApi!, apps.portal!, t.access_token)).toBe(false);
    expect(await isActive(null, apps.pw!, t.access_token)).toBe(false);
    const f = await fulfilmentToken();
    expect(await isActive('default', apps.pw!, f.access_token)).toBe(false);
  });

  test("another client's refresh token → inactive; an access token minted for another client → active", async () => {
    const t = await sharedTokens();
    expect(await isActive('default', apps.rot!, t.refresh_token!, 'refresh_token')).toBe(false);
    expect(await isActive('default', apps.rot!, t.refresh_token!)).toBe(false);
    const r = await introspect('default', { token: t.access_token }, as(apps.rot!));
    expect(r.body).toMatchObject({ active: true, client_id: apps.pw!.clientId });
    // A resource server introspecting the Fulfilment Service's token with the Portal's credentials.
    const f = await fulfilmentToken();
    const r2 = await introspect(ids.ordersApi!, { token: f.access_token }, as(apps.portal!));
    expect(r2.body).toMatchObject({ active: true, client_id: apps.service!.clientId, sub: apps.service!.clientId });
  });

  test('after the user is deactivated → inactive', async () => {
    const t = await passwordTokens(apps.pw!, 'openid offline_access', 'quinn@example.com', TEST_PASSWORD);
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(true);
    expect(await isActive('default', apps.pw!, t.refresh_token!, 'refresh_token')).toBe(true);
    await adminJson(`/api/v1/users/${ids.quinn}/lifecycle/deactivate`, { method: 'POST' });
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(false);
    expect(await isActive('default', apps.pw!, t.refresh_token!, 'refresh_token')).toBe(false);
    expectOAuthError(await unchanged(() => refresh(apps.pw!, t.refresh_token!)), 400, 'invalid_grant', INVALID_REFRESH);
  });

  test('after the client is deactivated → inactive, and the client cannot authenticate', async () => {
    const t = await passwordTokens(apps.doomed!);
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(true);
    await adminJson(`/api/v1/apps/${apps.doomed!.id}/lifecycle/deactivate`, { method: 'POST' });
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(false);
    const r = await unchanged(() => introspect('default', { token: t.refresh_token! }, as(apps.doomed!)));
    expectOAuthError(r, 401, 'invalid_client', UNKNOWN_CLIENT);
    expectOAuthError(await unchanged(() => refresh(apps.doomed!, t.refresh_token!)), 401, 'invalid_client', UNKNOWN_CLIENT);
  });
});

// =============================================================================================
// §2.7 revoke

describe('revoke (§2.7)', () => {
  const expectEmpty200 = (r: Reply) => {
    expect(r.status, r.text).toBe(200);
    expect(r.text).toBe('');
  };

  test('always 200 with an empty body: valid, invalid, already revoked', async () => {
    const t = await passwordTokens(apps.pw!);
    expectEmpty200(await revoke('default', { token: t.access_token, token_type_hint: 'access_token' }, as(apps.pw!)));
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(false);
    expectEmpty200(await unchanged(() => revoke('default', { token: 'not-a-token' }, as(apps.pw!))));
    expectEmpty200(await unchanged(() => revoke('default', { token: 'not-a-token', token_type_hint: 'refresh_token' }, as(apps.pw!))));
    expectEmpty200(await revoke('default', { token: t.access_token }, as(apps.pw!)));
    expectEmpty200(await revoke('default', { token: t.refresh_token! }, as(apps.pw!)));
    expectEmpty200(await revoke('default', { token: t.refresh_token! }, as(apps.pw!)));
    expect(await isActive('default', apps.pw!, t.refresh_token!, 'refresh_token')).toBe(false);
  });

  test("another client's token: 200 with an empty body, and the token stays active", async () => {
    const t = await sharedTokens();
    expectEmpty200(await unchanged(() => revoke('default', { token: t.access_token }, as(apps.rot!))));
    expectEmpty200(await unchanged(() => revoke('default', { token: t.refresh_token! }, as(apps.rot!))));
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(true);
    expect(await isActive('default', apps.pw!, t.refresh_token!, 'refresh_token')).toBe(true);
    expectTokens(await refresh(apps.pw!, t.refresh_token!));
    // The Fulfilment Service's token, revoked by the Portal at the same server.
    const f = await fulfilmentToken();
    expectEmpty200(await unchanged(() => revoke(ids.ordersApi!, { token: f.access_token }, as(apps.portal!))));
    expect(await isActive(ids.ordersApi!, apps.portal!, f.access_token)).toBe(true);
  });

  test('client authentication is required, and the token parameter too', async () => {
    const t = await sharedTokens();
    expectOAuthError(await unchanged(() => revoke('default', { token: t.access_token })), 401, 'invalid_client', 'No client credentials found.');
    expectOAuthError(await unchanged(() => revoke('default', { token: t.access_token }, { auth: basic(apps.pw!.clientId, 'wrong-secret-value') })), 401, 'invalid_client', AUTH_FAILED);
    expectOAuthError(await unchanged(() => revoke('default', {}, as(apps.pw!))), 400, 'invalid_request', "The 'token' parameter is required.");
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(true);
  });

  test('revoking a refresh token revokes the access tokens minted from it', async () => {
    const t = await passwordTokens(apps.pw!);
    const again = expectTokens(await refresh(apps.pw!, t.refresh_token!));
    expect(await isActive('default', apps.pw!, again.access_token)).toBe(true);
    expectEmpty200(await revoke('default', { token: t.refresh_token!, token_type_hint: 'refresh_token' }, as(apps.pw!)));
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(false);
    expect(await isActive('default', apps.pw!, again.access_token)).toBe(false);
    expectOAuthError(await refresh(apps.pw!, t.refresh_token!), 400, 'invalid_grant', INVALID_REFRESH);
  });

  test('revoking an access token leaves its refresh token usable', async () => {
    const t = await passwordTokens(apps.pw!);
    expectEmpty200(await revoke('default', { token: t.access_token }, as(apps.pw!)));
    expect(await isActive('default', apps.pw!, t.access_token)).toBe(false);
    expect(await isActive('default', apps.pw!, t.refresh_token!, 'refresh_token')).toBe(true);
    const next = expectTokens(await refresh(apps.pw!, t.refresh_token!));
    expect(await isActive('default', apps.pw!, next.access_token)).toBe(true);
  });
});

// =============================================================================================
// §2.9 userinfo

describe('userinfo (§2.9)', () => {
  const userinfo = (init: RequestInit = {}) => fetch(endpoint('default', 'userinfo'), init);
  const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });

  async function expectBearerError(res: Response, status: number, header: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('www-authenticate')).toBe(header);
    expect(await res.text()).toBe('');
  }

  test('a good token works (baseline), by GET and by POST with the token in the body', async () => {
    const t = await passwordTokens(apps.pw!, 'openid profile email');
    const get = await userinfo(bearer(t.access_token));
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ sub: ids.ada, email: 'ada@example.com', preferred_username: 'ada@example.com' });
    const post = await unchanged(() =>
      userinfo({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ access_token: t.access_token }).toString() }),
    );
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ sub: ids.ada, email: 'ada@example.com' });
  });

  test('no token → 401 with the invalid_token header and no body', async () => {
    await expectBearerError(await unchanged(() => userinfo()), 401, BEARER_INVALID);
    await expectBearerError(await userinfo({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' }), 401, BEARER_INVALID);
  });

  test('a garbage token → 401', async () => {
    await expectBearerError(await unchanged(() => userinfo(bearer('garbage'))), 401, BEARER_INVALID);
    await expectBearerError(await userinfo(bearer('a.b.c')), 401, BEARER_INVALID);
  });

  test('a revoked token → 401', async () => {
    const t = await passwordTokens(apps.pw!, 'openid profile');
    expect((await revoke('default', { token: t.access_token }, as(apps.pw!))).status).toBe(200);
    await expectBearerError(await unchanged(() => userinfo(bearer(t.access_token))), 401, BEARER_INVALID);
  });

  test("another server's token → 401", async () => {
    const t = await sharedTokens();
    await expectBearerError(await fetch(endpoint(ids.ordersApi!, 'userinfo'), bearer(t.access_token)), 401, BEARER_INVALID);
  });

  test('a token without openid → 403 insufficient_scope with the exact header', async () => {
    const t = await passwordTokens(apps.pw!, 'profile email');
    await expectBearerError(await unchanged(() => userinfo(bearer(t.access_token))), 403, BEARER_SCOPE);
  });

  test('a client credentials token → 401', async () => {
    const cc = expectTokens(await token('default', { grant_type: 'client_credentials', scope: 'reports:read' }, as(apps.enc!)));
    await expectBearerError(await unchanged(() => userinfo(bearer(cc.access_token))), 401, BEARER_INVALID);
    const f = await fulfilmentToken();
    await expectBearerError(await fetch(endpoint(ids.ordersApi!, 'userinfo'), bearer(f.access_token)), 401, BEARER_INVALID);
  });
});
