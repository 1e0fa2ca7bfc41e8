import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * The org authorization server (`/oauth2/v1/...`, issuer = the org URL; reference §3.4, §5.8):
 * its access tokens are signed with a key it never publishes, so apps must treat them as opaque,
 * while its ID tokens verify against GET /oauth2/v1/keys; and an app's own `groups_claim`
 * (Okta's "Groups claim type" on the Sign On tab), which only the org server's ID tokens carry.
 */

let s: TestServer;
let ordersIssuer = '';
const REDIRECT = 'http://localhost:3000/authorization-code/callback';
const apps: Record<string, { id: string; clientId: string; secret?: string }> = {};
const insecure = { execute: [client.allowInsecureRequests] };

type Json = Record<string, any>;

interface GroupsClaim {
  type: string;
  name: string;
  filter_type?: string;
  value: string;
}

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  ordersIssuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]) {
    apps[a.label] = { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
});
afterAll(async () => {
  await s?.close();
});

async function adminJson(path: string, init?: RequestInit): Promise<Json> {
  const res = await s.api(path, init);
  const text = await res.text();
  expect(res.status, `${init?.method ?? 'GET'} ${path} → ${text.slice(0, 500)}`).toBe(200);
  return JSON.parse(text) as Json;
}

async function sessionToken(username: string): Promise<string> {
  const res = await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  return (await res.json()).sessionToken;
}

/**
 * Signs `username` in to Orders Portal (client_secret_basic, PKCE, nonce) through /authorize with a
 * sessionToken, then exchanges the code with openid-client, on the org server or a custom one.
 */
async function signIn(issuer: string, scope: string, username = 'grace@example.com') {
  const portal = apps['Orders Portal']!;
  const config = await client.discovery(new URL(issuer), portal.clientId, undefined, client.ClientSecretBasic(portal.secret!), insecure);
  expect(config.serverMetadata().issuer).toBe(issuer);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope, state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  url.searchParams.set('sessionToken', await sessionToken(username));
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  expect(res.status, `authorize → ${location ?? await res.text()}`).toBe(302);
  const callback = new URL(location!);
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  expect(callback.searchParams.get('error'), callback.searchParams.get('error_description') ?? '').toBeNull();
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  return { config, tokens, idClaims: decodeJwt(tokens.id_token!), atClaims: decodeJwt(tokens.access_token), nonce };
}

const orgKeysUrl = () => new URL(`${s.url}/oauth2/v1/keys`);

async function publishedKids(jwksUrl: URL): Promise<{ kids: string[]; keys: JWK[] }> {
  const res = await fetch(jwksUrl);
  expect(res.status).toBe(200);
  const { keys } = (await res.json()) as { keys: JWK[] };
  expect(keys.length).toBeGreaterThan(0);
  return { kids: keys.map((k) => k.kid!), keys };
}

async function userId(login: string): Promise<string> {
  return (await adminJson(`/api/v1/users/${encodeURIComponent(login)}`)).id as string;
}

/** The names of the user's groups, as the admin API lists them. */
async function groupNames(login: string): Promise<string[]> {
  const groups = (await adminJson(`/api/v1/users/${await userId(login)}/groups`)) as unknown as { profile: { name: string } }[];
  return groups.map((g) => g.profile.name);
}

const sorted = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);

/** Replaces Orders Portal with its current JSON, `groups_claim` set (or removed when undefined). */
async function putGroupsClaim(claim: GroupsClaim | undefined): Promise<Response> {
  const app = await adminJson(`/api/v1/apps/${apps['Orders Portal']!.id}`);
  if (claim) app.settings.oauthClient.groups_claim = claim;
  else delete app.settings.oauthClient.groups_claim;
  return s.api(`/api/v1/apps/${apps['Orders Portal']!.id}`, { method: 'PUT', body: JSON.stringify(app) });
}

async function setGroupsClaim(claim: GroupsClaim | undefined): Promise<void> {
  const res = await putGroupsClaim(claim);
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(200);
  const body = JSON.parse(text) as Json;
  expect(body.settings.oauthClient.groups_claim).toEqual(claim);
  // And it reads back the same.
  expect((await adminJson(`/api/v1/apps/${apps['Orders Portal']!.id}`)).settings.oauthClient.groups_claim).toEqual(claim);
}

describe('org authorization server tokens (reference §3.4, §5.8)', () => {
  beforeAll(async () => {
    await setGroupsClaim(undefined);
  });

  test('code flow: the access token is a JWT signed by an unpublished key; the ID token verifies; introspect, userinfo, revoke accept it', async () => {
    const portal = apps['Orders Portal']!;
    const grace = await userId('grace@example.com');
    const { config, tokens, atClaims, nonce } = await signIn(s.url, 'openid profile groups');
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('openid profile groups');

    // The access token: a JWT, but its kid is not among the org's published keys...
    const { kids, keys } = await publishedKids(orgKeysUrl());
    const atHeader = decodeProtectedHeader(tokens.access_token);
    expect(atHeader.alg).toBe('RS256');
    expect(typeof atHeader.kid).toBe('string');
    expect(kids).not.toContain(atHeader.kid);
    // ...so a resource server that tries to verify it with the org's JWKS fails,
    await expect(jwtVerify(tokens.access_token, createRemoteJWKSet(orgKeysUrl()))).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    // and not only because of the kid: none of the published keys made its signature.
    for (const jwk of keys) {
      await expect(jwtVerify(tokens.access_token, await importJWK(jwk, 'RS256')), `published key ${jwk.kid}`).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    }
    // Nor is it a custom server's key.
    const ordersKids = (await publishedKids(new URL(`${ordersIssuer}/v1/keys`))).kids;
    expect(ordersKids).not.toContain(atHeader.kid);
    // Its claims: iss = aud = the org; 60 minutes, fixed.
    expect(atClaims).toMatchObject({ ver: 1, iss: s.url, aud: s.url, cid: portal.clientId, uid: grace, scp: ['openid', 'profile', 'groups'] });
    expect(atClaims.exp! - atClaims.iat!).toBe(60 * 60);

    // The ID token is signed by a published org key and verifies against /oauth2/v1/keys.
    const idHeader = decodeProtectedHeader(tokens.id_token!);
    expect(kids).toContain(idHeader.kid);
    const { payload: id } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(orgKeysUrl()), { issuer: s.url, audience: portal.clientId, algorithms: ['RS256'] });
    expect(id).toMatchObject({ sub: grace, iss: s.url, aud: portal.clientId, nonce, amr: ['pwd'] });
    // No groups claim is configured on the app: `groups` grants nothing in the ID token.
    expect(id).not.toHaveProperty('groups');

    // The org server itself still accepts its access token.
    const active = await client.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({
      active: true, token_type: 'Bearer', scope: 'openid profile groups', client_id: portal.clientId,
      iss: s.url, aud: s.url, uid: grace, jti: atClaims.jti, exp: atClaims.exp, iat: atClaims.iat,
    });
    const info = await client.fetchUserInfo(config, tokens.access_token, grace);
    expect(info).toMatchObject({ sub: grace, name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper', preferred_username: 'grace@example.com' });

    // A custom server does not take the org's access token.
    const ordersConfig = await client.discovery(new URL(ordersIssuer), portal.clientId, undefined, client.ClientSecretBasic(portal.secret!), insecure);
    expect((await client.tokenIntrospection(ordersConfig, tokens.access_token)).active).toBe(false);

    await client.tokenRevocation(config, tokens.access_token);
    expect(await client.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
    const after = await fetch(`${s.url}/oauth2/v1/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The access token is invalid"');
  });

  test('introspecting an org access token says whose it is: username and sub are the login (§2.6)', async () => {
    const { config, tokens } = await signIn(s.url, 'openid');
    const active = await client.tokenIntrospection(config, tokens.access_token);
    expect(active.active).toBe(true);
    expect({ username: active.username, sub: active.sub }).toEqual({ username: 'grace@example.com', sub: 'grace@example.com' });
  });

  test('the unpublished key is one key for the org, reused across tokens', async () => {
    const a = await signIn(s.url, 'openid');
    const b = await signIn(s.url, 'openid', 'ada@example.com');
    expect(decodeProtectedHeader(a.tokens.access_token).kid).toBe(decodeProtectedHeader(b.tokens.access_token).kid);
    expect(b.atClaims).toMatchObject({ iss: s.url, aud: s.url });
  });

  test('a custom server\'s access token, in contrast, verifies against its own published keys', async () => {
    const { tokens, atClaims } = await signIn(ordersIssuer, 'openid orders:read');
    const { kids } = await publishedKids(new URL(`${ordersIssuer}/v1/keys`));
    expect(kids).toContain(decodeProtectedHeader(tokens.access_token).kid);
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${ordersIssuer}/v1/keys`)), { issuer: ordersIssuer, audience: 'api://orders', algorithms: ['RS256'] });
    expect(payload.scp).toEqual(['openid', 'orders:read']);
    expect(payload.jti).toBe(atClaims.jti);
  });
});

describe('an app\'s groups_claim on the org server (reference §5.8)', () => {
  let graceGroups: string[] = [];
  beforeAll(async () => {
    graceGroups = await groupNames('grace@example.com');
  });
  afterAll(async () => {
    await setGroupsClaim(undefined);
  });

  test('FILTER STARTS_WITH: the ID token carries exactly her matching groups, only when `groups` is granted', async () => {
    const expected = graceGroups.filter((n) => n.toLowerCase().startsWith('orders'));
    // The filter must pick some of her groups and leave others out, or this test proves nothing.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(graceGroups.length);

    await setGroupsClaim({ type: 'FILTER', name: 'groups', filter_type: 'STARTS_WITH', value: 'Orders' });
    const withScope = await signIn(s.url, 'openid groups');
    expect(withScope.tokens.scope).toBe('openid groups');
    // The ID token still verifies against the published keys, with the claim in it.
    const { payload: id } = await jwtVerify(withScope.tokens.id_token!, createRemoteJWKSet(orgKeysUrl()), { issuer: s.url, audience: apps['Orders Portal']!.clientId });
    expect(Array.isArray(id.groups)).toBe(true);
    expect(sorted(id.groups)).toEqual(sorted(expected));
    // It is an ID-token claim: the access token does not carry it.
    expect(withScope.atClaims).not.toHaveProperty('groups');

    const without = await signIn(s.url, 'openid profile');
    expect(without.tokens.scope).toBe('openid profile');
    expect(without.idClaims).not.toHaveProperty('groups');

    // Removing the claim from the app removes it from the next token.
    await setGroupsClaim(undefined);
    const removed = await signIn(s.url, 'openid groups');
    expect(removed.idClaims).not.toHaveProperty('groups');
  });

  test('FILTER REGEX: the whole name must match, case-sensitively', async () => {
    const pattern = '.*(Admins|ing)';
    const re = new RegExp(`^(?:${pattern})$`);
    const expected = graceGroups.filter((n) => re.test(n));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(graceGroups.length);

    await setGroupsClaim({ type: 'FILTER', name: 'app_groups', filter_type: 'REGEX', value: pattern });
    const { idClaims } = await signIn(s.url, 'openid groups');
    expect(sorted(idClaims.app_groups)).toEqual(sorted(expected));
    expect(idClaims).not.toHaveProperty('groups');

    // A part of a name is no match (Java `matches`), and case counts.
    await setGroupsClaim({ type: 'FILTER', name: 'app_groups', filter_type: 'REGEX', value: 'orders.*' });
    expect(graceGroups.some((n) => /^orders/i.test(n))).toBe(true);
    expect((await signIn(s.url, 'openid groups')).idClaims.app_groups ?? []).toEqual([]);
  });

  test('EXPRESSION: Groups.startsWith("OKTA", "Orders", 10) is evaluated for the user', async () => {
    const expected = graceGroups.filter((n) => n.toLowerCase().startsWith('orders'));
    expect(expected.length).toBeGreaterThan(0);
    await setGroupsClaim({ type: 'EXPRESSION', name: 'orders_groups', value: 'Groups.startsWith("OKTA", "Orders", 10)' });
    const grace = await signIn(s.url, 'openid groups');
    expect(sorted(grace.idClaims.orders_groups)).toEqual(sorted(expected));

    // Another user gets her own groups, not Grace's.
    const adaExpected = (await groupNames('ada@example.com')).filter((n) => n.toLowerCase().startsWith('orders'));
    expect(sorted(adaExpected)).not.toEqual(sorted(expected));
    const ada = await signIn(s.url, 'openid groups', 'ada@example.com');
    expect(sorted(ada.idClaims.orders_groups)).toEqual(sorted(adaExpected));

    const without = await signIn(s.url, 'openid');
    expect(without.idClaims).not.toHaveProperty('orders_groups');
  });

  test('userinfo answers the app\'s groups claim too when `groups` is granted (§2.9: "groups (org AS) → groups")', async () => {
    const expected = graceGroups.filter((n) => n.toLowerCase().startsWith('orders'));
    await setGroupsClaim({ type: 'FILTER', name: 'groups', filter_type: 'STARTS_WITH', value: 'Orders' });
    const withScope = await signIn(s.url, 'openid profile groups');
    expect(sorted(withScope.idClaims.groups)).toEqual(sorted(expected));
    const info = await client.fetchUserInfo(withScope.config, withScope.tokens.access_token, withScope.idClaims.sub!);
    expect(info.name).toBe('Grace Hopper');
    expect(sorted(info.groups)).toEqual(sorted(expected));

    const without = await signIn(s.url, 'openid profile');
    expect(await client.fetchUserInfo(without.config, without.tokens.access_token, without.idClaims.sub!)).not.toHaveProperty('groups');
  });

  test('a custom authorization server\'s tokens are unaffected by the app\'s groups_claim', async () => {
    await setGroupsClaim({ type: 'FILTER', name: 'app_groups', filter_type: 'EQUALS', value: 'Engineering' });
    // The org server does use it (so the absence below means something).
    expect((await signIn(s.url, 'openid groups')).idClaims.app_groups).toEqual(['Engineering']);

    const { idClaims, atClaims } = await signIn(ordersIssuer, 'openid groups');
    expect(idClaims.iss).toBe(ordersIssuer);
    expect(idClaims).not.toHaveProperty('app_groups');
    expect(atClaims).not.toHaveProperty('app_groups');
    // The Orders API's own `groups` claim (STARTS_WITH "Orders") still decides its `groups`.
    expect(sorted(idClaims.groups)).toEqual(sorted(graceGroups.filter((n) => n.toLowerCase().startsWith('orders'))));

    // Even a claim named like the custom server's own does not replace it there.
    await setGroupsClaim({ type: 'FILTER', name: 'groups', filter_type: 'EQUALS', value: 'Engineering' });
    const again = await signIn(ordersIssuer, 'openid groups');
    expect(sorted(again.idClaims.groups)).toEqual(sorted(graceGroups.filter((n) => n.toLowerCase().startsWith('orders'))));
  });
});

describe('invalid groups_claim values (reference §4.1 errors)', () => {
  const valid: GroupsClaim = { type: 'FILTER', name: 'groups', filter_type: 'STARTS_WITH', value: 'Orders' };
  beforeEach(async () => {
    await setGroupsClaim(valid);
  });
  afterAll(async () => {
    await setGroupsClaim(undefined);
  });

  test.each([
    ['a FILTER without filter_type', { type: 'FILTER', name: 'groups', value: 'Orders' }, 'groups_claim.filter_type'],
    ['an invalid REGEX', { type: 'FILTER', name: 'groups', filter_type: 'REGEX', value: 'Orders(' }, 'groups_claim.value'],
    ['an unknown type', { type: 'SAML', name: 'groups', value: 'Orders' }, 'groups_claim.type'],
    ['an unknown filter_type', { type: 'FILTER', name: 'groups', filter_type: 'ENDS_WITH', value: 'Orders' }, 'groups_claim.filter_type'],
    ['an empty value', { type: 'FILTER', name: 'groups', filter_type: 'STARTS_WITH', value: '' }, 'groups_claim.value'],
  ] as [string, GroupsClaim, string][])('%s: 400 E0000001 naming the field; the app is unchanged', async (_label, claim, field) => {
    const id = apps['Orders Portal']!.id;
    const before = await adminJson(`/api/v1/apps/${id}`);
    const res = await putGroupsClaim(claim);
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const err = JSON.parse(text) as { errorCode: string; errorSummary: string; errorCauses: { errorSummary: string }[] };
    expect(err.errorCode).toBe('E0000001');
    expect(err.errorSummary).toMatch(/^Api validation failed: /);
    expect(err.errorCauses.length).toBeGreaterThan(0);
    expect(err.errorCauses.map((c) => c.errorSummary).some((c) => c.includes(field)), JSON.stringify(err.errorCauses)).toBe(true);

    const after = await adminJson(`/api/v1/apps/${id}`);
    expect(after).toEqual(before);
    expect(after.settings.oauthClient.groups_claim).toEqual(valid);
    // And tokens still follow the valid claim.
    const { idClaims } = await signIn(s.url, 'openid groups');
    expect(sorted(idClaims.groups)).toEqual(sorted((await groupNames('grace@example.com')).filter((n) => n.toLowerCase().startsWith('orders'))));
  });
});
