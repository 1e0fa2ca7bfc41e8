import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as client from 'openid-client';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';

/*
 * The authorization code flow: /authorize with a sessionToken (Okta's classic embedded sign-in),
 * then the code exchange, through openid-client; and /authorize's error catalog (reference §2.3).
 */

let s: TestServer;
let ordersIssuer = '';
const REDIRECT = 'http://localhost:3000/authorization-code/callback';
const apps: Record<string, { id: string; clientId: string; secret?: string }> = {};
const insecure = { execute: [client.allowInsecureRequests] };

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  ordersIssuer = ((await (await s.api('/api/v1/authorizationServers')).json()) as { name: string; issuer: string }[]).find((x) => x.name === 'Orders API')!.issuer;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string; client_secret?: string } } }[]) {
    apps[a.label] = { id: a.id, clientId: a.credentials.oauthClient.client_id, secret: a.credentials.oauthClient.client_secret };
  }
});
afterAll(async () => {
  await s.close();
});

async function sessionToken(username = 'grace@example.com'): Promise<string> {
  const res = await s.api('/api/v1/authn', { method: 'POST', auth: false, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return (await res.json()).sessionToken;
}

/** Follows /authorize without a browser: the Location of its 302 (or the HTML page it shows). */
async function authorize(url: URL): Promise<{ status: number; location?: URL; html?: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, s.url) : undefined, html: location ? undefined : await res.text() };
}

describe('authorization code + PKCE through openid-client', () => {
  test('a server-style app signs in with a sessionToken and exchanges the code', async () => {
    const portal = apps['Orders Portal']!;
    const config = await client.discovery(new URL(ordersIssuer), portal.clientId, undefined, client.ClientSecretBasic(portal.secret!), insecure);
    client.enableNonRepudiationChecks(config);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope: 'openid profile email offline_access orders:read orders:write', state, nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    url.searchParams.set('sessionToken', await sessionToken());
    const r = await authorize(url);
    expect(r.status).toBe(302);
    expect(r.location!.origin + r.location!.pathname).toBe(REDIRECT);
    expect(r.location!.searchParams.get('state')).toBe(state);

    const tokens = await client.authorizationCodeGrant(config, r.location!, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.scope).toBe('openid profile email offline_access orders:read orders:write');
    const grace = ((await (await s.api('/api/v1/users/grace@example.com')).json()) as { id: string }).id;
    const id = tokens.claims()!;
    expect(id).toMatchObject({ sub: grace, nonce, aud: portal.clientId, iss: ordersIssuer, amr: ['pwd'] });
    expect(typeof id.auth_time).toBe('number');
    expect(tokens.refresh_token).toBeTruthy();
    const at = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString());
    // Grace is an Orders Admin: the first rule ("Admins may administer orders", 15 min) decides.
    expect(at.exp - at.iat).toBe(15 * 60);

    // The code is single use; its replay revokes what it issued.
    await expect(client.authorizationCodeGrant(config, r.location!, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })).rejects.toMatchObject({
      error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.',
    });
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('PKCE is checked: a wrong verifier fails and the code cannot be used again', async () => {
    const portal = apps['Orders Portal']!;
    const config = await client.discovery(new URL(ordersIssuer), portal.clientId, undefined, client.ClientSecretBasic(portal.secret!), insecure);
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 's1', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    url.searchParams.set('sessionToken', await sessionToken());
    const r = await authorize(url);
    await expect(client.authorizationCodeGrant(config, r.location!, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: 's1' })).rejects.toMatchObject({
      error: 'invalid_grant', error_description: 'PKCE verification failed.',
    });
  });

  test('a session started by a sessionToken carries the next authorize request; prompt=none works with it', async () => {
    const portal = apps['Orders Portal']!;
    const url = new URL(`${ordersIssuer}/v1/authorize`);
    const q = { client_id: portal.clientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT, state: 'st' };
    for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
    url.searchParams.set('sessionToken', await sessionToken());
    const first = await fetch(url, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toMatch(/gh_sid=/);
    const again = new URL(url);
    again.searchParams.delete('sessionToken');
    again.searchParams.set('prompt', 'none');
    const second = await fetch(again, { redirect: 'manual', headers: { cookie } });
    expect(new URL(second.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    // A used sessionToken is worth nothing.
    const replay = await authorize(url);
    expect(replay.location!.pathname).toBe('/login/login.htm');
  });
});

describe('/authorize errors (reference §2.3)', () => {
  const base = () => ({ client_id: apps['Orders Portal']!.clientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT, state: 'abc' });
  const build = (params: Record<string, string | undefined>) => {
    const url = new URL(`${ordersIssuer}/v1/authorize`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    return url;
  };

  test.each([
    ['unknown client', { client_id: 'nope' }, 'invalid_client', "Invalid value for 'client_id' parameter."],
    ['unregistered redirect URI', { redirect_uri: 'http://localhost:3000/other' }, 'invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings"],
    ['missing redirect URI', { redirect_uri: undefined }, 'invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI"],
  ])('%s: an error page, never a redirect', async (_label, over, error, description) => {
    const r = await authorize(build({ ...base(), ...over }));
    expect(r.status).toBe(400);
    expect(r.location).toBeUndefined();
    expect(r.html).toContain('400 Bad Request');
    expect(r.html).toContain(`<dd>${error}</dd>`);
    expect(r.html).toContain(description.replace(/'/g, '&#39;'));
  });

  test.each([
    ['response type not allowed', { response_type: 'token' }, 'unsupported_response_type', 'The response type is not supported by the authorization server. Configured response types: [code].'],
    ['bad response mode', { response_mode: 'carrier_pigeon' }, 'unsupported_response_mode', 'The response mode is not supported by the authorization server. Valid response modes: [query, fragment, form_post, okta_post_message].'],
    ['unknown scope', { scope: 'openid nope' }, 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.'],
    ['OIDC scope without openid', { scope: 'profile' }, 'invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope."],
    ['missing state', { state: undefined }, 'invalid_request', "The authentication request has an invalid 'state' parameter."],
    ['bad prompt', { prompt: 'maybe' }, 'invalid_request', "Invalid value for 'prompt' parameter. Supported values: [none, login, consent]"],
    ['bad max_age', { max_age: '-1' }, 'invalid_request', "Invalid value for 'max_age' parameter. It should be within range 0 - 2^31-1."],
    ['plain PKCE', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request', 'PKCE code challenge method is not supported. Valid values: [S256]'],
    ['bad challenge', { code_challenge: 'short!', code_challenge_method: 'S256' }, 'invalid_request', 'PKCE code challenge contains illegal characters.'],
    ['prompt=none without a session', { prompt: 'none' }, 'login_required', 'The client specified not to prompt, but the user is not logged in.'],
  ])('%s: redirected with Okta\'s error and the state', async (_label, over, error, description) => {
    const params = { ...base(), ...over };
    const r = await authorize(build(params));
    expect(r.status).toBe(302);
    expect(r.location!.origin + r.location!.pathname).toBe(REDIRECT);
    // Errors travel the way the response would have: in the fragment when tokens were asked for.
    const fields = params.response_type === 'code' ? r.location!.searchParams : new URLSearchParams(r.location!.hash.slice(1));
    expect(fields.get('error')).toBe(error);
    expect(fields.get('error_description')).toBe(description);
    expect(fields.get('state')).toBe(params.state ?? null);
  });

  test('a public client must send PKCE', async () => {
    const spa = apps['Orders SPA']!;
    const r = await authorize(build({ client_id: spa.clientId, response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:5173/login/callback', state: 'x' }));
    expect(r.location!.searchParams.get('error_description')).toBe('PKCE code challenge is required by the application.');
  });

  test('a user the policies refuse is sent back with access_denied, and the System Log says why', async () => {
    const url = build({ ...base(), scope: 'openid orders:write', sessionToken: await sessionToken('katherine@example.com') });
    const r = await authorize(url);
    expect(r.location!.searchParams.get('error')).toBe('access_denied');
    expect(r.location!.searchParams.get('error_description')).toBe('Policy evaluation failed for this request, please check the policy configurations.');
    const events = await (await s.api(`/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.as.authorize_failure"')}`)).json();
    expect(events.at(-1).outcome).toEqual({ result: 'FAILURE', reason: 'no_matching_policy' });
  });

  test('form_post answers an auto-submitting form to the redirect URI', async () => {
    const url = build({ ...base(), response_mode: 'form_post', sessionToken: await sessionToken() });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<form method="post" action="${REDIRECT}">`);
    expect(html).toMatch(/<input type="hidden" name="code" value="[A-Za-z0-9_-]{43}">/);
    expect(html).toContain('<input type="hidden" name="state" value="abc">');
    expect(res.headers.get('content-security-policy')).toContain('form-action http://localhost:3000');
  });
});

describe('logout (reference §2.10)', () => {
  async function signedIn() {
    const portal = apps['Orders Portal']!;
    const config = await client.discovery(new URL(ordersIssuer), portal.clientId, undefined, client.ClientSecretBasic(portal.secret!), insecure);
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 'lo' });
    url.searchParams.set('sessionToken', await sessionToken());
    const first = await fetch(url, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const tokens = await client.authorizationCodeGrant(config, new URL(first.headers.get('location')!), { expectedState: 'lo' });
    return { config, cookie, idToken: tokens.id_token!, url };
  }

  test('ends the session and returns to a registered post-logout URI with the state', async () => {
    const { config, cookie, idToken, url } = await signedIn();
    const logout = client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: 'http://localhost:3000/', state: 'bye' });
    const res = await fetch(logout, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://localhost:3000/?state=bye');
    expect(res.headers.getSetCookie().join(';')).toMatch(/gh_sid=;.*Max-Age=0/);
    // The old session cookie no longer signs anyone in.
    const again = new URL(url);
    again.searchParams.delete('sessionToken');
    again.searchParams.set('prompt', 'none');
    const after = await fetch(again, { redirect: 'manual', headers: { cookie } });
    expect(new URL(after.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  test.each([
    ['no id_token_hint', {}, "The 'id_token_hint' parameter is required."],
    ['a forged id_token_hint', { id_token_hint: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }, "The 'id_token_hint' parameter is invalid."],
    ['an unregistered post-logout URI', { post_logout_redirect_uri: 'http://evil.example/' }, "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings."],
  ])('%s: an error page, no redirect', async (_label, params, description) => {
    const { idToken } = await signedIn();
    const url = new URL(`${ordersIssuer}/v1/logout`);
    for (const [k, v] of Object.entries({ id_token_hint: idToken, ...params })) url.searchParams.set(k, v);
    if (!('id_token_hint' in params) && Object.keys(params).length === 0) url.searchParams.delete('id_token_hint');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain(description.replace(/'/g, '&#39;'));
  });
});
