import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OktaAuth, TokenKind, buildAuthorizeParams, getOAuthUrls, getWellKnown, type Tokens, type TokenParams } from '@okta/okta-auth-js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * Okta's own browser SDK, @okta/okta-auth-js 8.0.1, run in Node against a real Gatehouse: what an
 * SPA built on it sees. Its Node build (esm/node) talks through global fetch and keeps tokens in an
 * in-memory cache, and needs no https option: it never checks the issuer's scheme outside a browser
 * (features.isHTTPS() is only consulted to word an error), so an http://127.0.0.1 issuer works as is.
 *
 * What it cannot do in Node: getWithoutPrompt / getWithPopup / renewTokens without a refresh token
 * all go through response_mode=okta_post_message, which listens on `window` for a message from a
 * hidden iframe or popup (oidc/util/browser.js). In Node getWithoutPrompt rejects with
 * "ReferenceError: document is not defined" and leaves an unhandled "window is not defined" rejection
 * behind (which would fail this run), so it is not called here; okta_post_message needs a browser
 * test. Instead, the sign-in builds the same /authorize URL auth-js would put in that iframe (its own
 * prepareTokenParams + buildAuthorizeParams: PKCE, sessionToken, prompt=none) but with the default
 * query response mode, follows the 302 with fetch, and hands the code to auth-js.
 */

let s: TestServer;
let issuer = '';
let spaClientId = '';
let adaId = '';
// The Orders SPA: a public (token_endpoint_auth_method none) browser app, what auth-js is for.
const REDIRECT = 'http://localhost:5173/login/callback';
// No orders:write: it is FLEXIBLE consent and the SPA requires consent, so it would stop at a consent page.
const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'orders:read'];

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  issuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  const apps = (await (await s.api('/api/v1/apps')).json()) as { label: string; credentials: { oauthClient: { client_id: string } } }[];
  spaClientId = apps.find((a) => a.label === 'Orders SPA')!.credentials.oauthClient.client_id;
  adaId = ((await (await s.api('/api/v1/users/ada@example.com')).json()) as { id: string }).id;
});
afterAll(async () => {
  await s.close();
});

let clients = 0;
/** A fresh client. auth-js's Node storage is one process-wide cache: own keys keep clients apart (and silence its warning). */
function authClient(issuerUrl = issuer): OktaAuth {
  const key = `gatehouse-test-${++clients}`;
  return new OktaAuth({
    issuer: issuerUrl, clientId: spaClientId, redirectUri: REDIRECT, scopes: SCOPES,
    tokenManager: { storageKey: `${key}-tokens` },
    storageManager: { transaction: { storageKey: `${key}-tx` } },
  });
}

/** Classic embedded sign-in, then the code flow as auth-js would run it in its hidden iframe (see the top). */
async function signIn(auth: OktaAuth): Promise<{ tokens: Tokens; params: TokenParams }> {
  const tx = await auth.signInWithCredentials({ username: 'ada@example.com', password: DEMO_PASSWORD });
  const params = await auth.token.prepareTokenParams({ sessionToken: tx.sessionToken, prompt: 'none' });
  const res = await fetch(getOAuthUrls(auth).authorizeUrl + buildAuthorizeParams(params), { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(REDIRECT);
  expect(back.searchParams.get('state')).toBe(params.state);
  const { tokens } = await auth.token.exchangeCodeForTokens({ ...params, authorizationCode: back.searchParams.get('code')! });
  return { tokens, params };
}

/** RFC 7662 the plain way (client_id in the body, method none), independent of auth-js. */
async function introspect(token: string, hint: 'access_token' | 'refresh_token'): Promise<Record<string, unknown>> {
  const res = await fetch(`${issuer}/v1/introspect`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ token, token_type_hint: hint, client_id: spaClientId }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** auth-js puts the response headers on every parsed body; drop them to compare with the server's JSON. */
function withoutHeaders<T extends object>(body: T): Omit<T, 'headers'> {
  const { headers: _headers, ...rest } = body as T & { headers?: unknown };
  return rest;
}

describe('@okta/okta-auth-js 8.0.1 in Node', () => {
  test('signInWithCredentials (POST /api/v1/authn): SUCCESS with a sessionToken; a wrong password is E0000004', async () => {
    const auth = authClient();
    const tx = await auth.signInWithCredentials({ username: 'ada@example.com', password: DEMO_PASSWORD });
    expect(tx.status).toBe('SUCCESS');
    expect(tx.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(tx.user).toMatchObject({ id: adaId, profile: { login: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' } });

    // auth-js turns Okta's error body into an AuthApiError; the user sees errorSummary as the message.
    await expect(auth.signInWithCredentials({ username: 'ada@example.com', password: 'Wrong-Password-1' })).rejects.toMatchObject({
      name: 'AuthApiError', message: 'Authentication failed', errorCode: 'E0000004', errorSummary: 'Authentication failed',
      errorLink: 'E0000004', errorCauses: [], xhr: { status: 401 },
    });
  });

  test('code + PKCE with a sessionToken: exchangeCodeForTokens returns tokens it has verified', async () => {
    const auth = authClient();
    const { tokens, params } = await signIn(auth);
    // auth-js made the PKCE pair itself (it requires S256 in discovery's code_challenge_methods_supported).
    expect(params).toMatchObject({ responseType: 'code', codeChallengeMethod: 'S256', pkce: true });
    expect(params.codeVerifier).toMatch(/^[0-9a-f]{43,}$/);

    // exchangeCodeForTokens already checked iss, aud, nonce, lifetime, the RS256 signature by kid and at_hash.
    const id = tokens.idToken!;
    expect(id.claims).toMatchObject({
      sub: adaId, aud: spaClientId, iss: issuer, nonce: params.nonce, amr: ['pwd'],
      name: 'Ada Lovelace', email: 'ada@example.com', preferred_username: 'ada@example.com',
    });
    expect(id.claims.exp! - id.claims.iat!).toBe(60 * 60);
    expect(id).toMatchObject({ issuer, clientId: spaClientId, scopes: SCOPES, authorizeUrl: `${issuer}/v1/authorize` });

    const at = tokens.accessToken!;
    expect(at).toMatchObject({ tokenType: 'Bearer', scopes: SCOPES, userinfoUrl: `${issuer}/v1/userinfo` });
    const claims = auth.token.decode(at.accessToken).payload as Record<string, unknown>;
    // Access-token sub is the login, uid the user id (reference §10.1); Ada is staff: the 60-minute rule.
    expect(claims).toMatchObject({ iss: issuer, aud: 'api://orders', cid: spaClientId, uid: adaId, sub: 'ada@example.com', scp: SCOPES });
    expect((claims.exp as number) - (claims.iat as number)).toBe(60 * 60);
    expect(tokens.refreshToken).toMatchObject({ scopes: SCOPES, tokenUrl: `${issuer}/v1/token`, issuer });

    // token.verify in Node: WebCrypto against the server's JWKS. A changed claim must break it.
    await expect(auth.token.verify(id)).resolves.toBe(id);
    const [h, p, sig] = id.idToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), name: 'Mallory' })).toString('base64url');
    await expect(auth.token.verify({ ...id, idToken: `${h}.${forged}.${sig}` })).rejects.toMatchObject({
      name: 'AuthSdkError', errorSummary: 'The token signature is not valid',
    });
  });

  test('a wrong code verifier is refused with the OAuth error auth-js shows', async () => {
    const auth = authClient();
    const tx = await auth.signInWithCredentials({ username: 'ada@example.com', password: DEMO_PASSWORD });
    const params = await auth.token.prepareTokenParams({ sessionToken: tx.sessionToken });
    const res = await fetch(getOAuthUrls(auth).authorizeUrl + buildAuthorizeParams(params), { redirect: 'manual' });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    await expect(auth.token.exchangeCodeForTokens({ ...params, codeVerifier: 'f'.repeat(43), authorizationCode: code })).rejects.toMatchObject({
      name: 'OAuthError', errorCode: 'invalid_grant', errorSummary: 'PKCE verification failed.',
    });
  });

  test('renewTokens and renew use the refresh token; getUserInfo agrees with the ID token', async () => {
    const auth = authClient();
    const { tokens } = await signIn(auth);
    auth.tokenManager.setTokens(tokens);
    const renewed = await auth.token.renewTokens();
    expect(renewed.accessToken!.accessToken).not.toBe(tokens.accessToken!.accessToken);
    expect(renewed.accessToken!.scopes).toEqual(SCOPES);
    expect(renewed.idToken!.claims).toMatchObject({ sub: adaId, aud: spaClientId, iss: issuer });
    // Gatehouse rotates refresh tokens; auth-js stores the new one in its token manager.
    expect(renewed.refreshToken!.refreshToken).not.toBe(tokens.refreshToken!.refreshToken);
    expect(auth.getRefreshToken()).toBe(renewed.refreshToken!.refreshToken);
    const one = await auth.token.renew(renewed.accessToken!);
    expect(one).toMatchObject({ tokenType: 'Bearer', scopes: SCOPES });

    const info = await auth.token.getUserInfo(renewed.accessToken!, renewed.idToken!);
    expect(withoutHeaders(info)).toMatchObject({
      sub: adaId, name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace',
      preferred_username: 'ada@example.com', email: 'ada@example.com', email_verified: true, locale: 'en_US',
    });
  });

  // auth-js authenticates a public client to /introspect and /revoke as `Authorization: Basic base64(client_id)`
  // (no colon, no secret: oidc/introspect.js, oidc/revokeToken.js); signOut() revokes that way by default.
  test('token.introspect reports a live access token with its claims', async () => {
    const auth = authClient();
    const { tokens } = await signIn(auth);
    const result = await auth.token.introspect(TokenKind.ACCESS, tokens.accessToken);
    expect(withoutHeaders(result as object)).toMatchObject({
      active: true, token_type: 'Bearer', scope: SCOPES.join(' '), client_id: spaClientId, username: 'ada@example.com', uid: adaId, aud: 'api://orders', iss: issuer,
    });
  });

  test('revokeAccessToken: the access token is then inactive, its refresh token still works', async () => {
    const auth = authClient();
    const { tokens } = await signIn(auth);
    expect(await introspect(tokens.accessToken!.accessToken, 'access_token')).toMatchObject({ active: true });
    // RFC 7009: 200 with an empty body, which auth-js resolves as ''.
    await expect(auth.revokeAccessToken(tokens.accessToken)).resolves.toBe('');
    expect(await introspect(tokens.accessToken!.accessToken, 'access_token')).toEqual({ active: false });
    const renewed = await auth.token.renewTokensWithRefresh({}, tokens.refreshToken!);
    expect(await introspect(renewed.accessToken!.accessToken, 'access_token')).toMatchObject({ active: true });
  });

  test('revokeRefreshToken: the chain dies, with the access tokens minted from it', async () => {
    const auth = authClient();
    const { tokens } = await signIn(auth);
    await expect(auth.revokeRefreshToken(tokens.refreshToken)).resolves.toBe('');
    expect(await introspect(tokens.refreshToken!.refreshToken, 'refresh_token')).toEqual({ active: false });
    expect(await introspect(tokens.accessToken!.accessToken, 'access_token')).toEqual({ active: false });
    await expect(auth.token.renewTokensWithRefresh({}, tokens.refreshToken!)).rejects.toMatchObject({
      name: 'OAuthError', errorCode: 'invalid_grant', errorSummary: 'The refresh token is invalid or expired.',
    });
  });

  test('token.decode, getIssuerOrigin and the discovery auth-js fetches match the server', async () => {
    const auth = authClient();
    const { tokens } = await signIn(auth);
    const jwt = auth.token.decode(tokens.idToken!.idToken);
    expect(jwt.payload).toEqual(tokens.idToken!.claims);
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    const jwks = (await (await fetch(discovery.jwks_uri!)).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwt.header).toMatchObject({ alg: 'RS256' });
    expect(jwks.keys.filter((k) => k.kid === jwt.header.kid)).toHaveLength(1);

    // /api/v1/authn is posted to the origin; discovery is read from the issuer and cached by auth-js.
    expect(auth.getIssuerOrigin()).toBe(s.url);
    expect(withoutHeaders(await getWellKnown(auth))).toEqual(discovery);
    // auth-js does not read endpoints from discovery: it derives them from the issuer. They must coincide.
    const orgDiscovery = (await (await fetch(`${s.url}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    for (const [issuerUrl, doc] of [[issuer, discovery], [s.url, orgDiscovery]] as const) {
      const urls = getOAuthUrls(authClient(issuerUrl));
      expect(urls).toEqual({
        issuer: doc.issuer, authorizeUrl: doc.authorization_endpoint, tokenUrl: doc.token_endpoint, userinfoUrl: doc.userinfo_endpoint,
        revokeUrl: doc.revocation_endpoint, logoutUrl: doc.end_session_endpoint,
      });
    }
  });
});
