import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DEMO_PASSWORD } from '../../src-server/org.js';
import type { StepRun, SimState, HttpRequestSpec } from '../../src-server/simulator/types.js';
import type { SimulationSetupInput, Tamper } from '../../src-server/simulator/definition.js';

/*
 * The flow simulator over the admin API: every flow, every tamper the issue names, and what the
 * tester sees of each exchange (masked secrets, the server's answer, its decision trace).
 */

let s: TestServer;
let ordersId = '';
const apps: Record<string, string> = {};
const REDIRECT = 'http://localhost:4000/cb';

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  ordersId = ((await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string }[]).find((x) => x.name === 'Orders API')!.id;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { label: string; credentials: { oauthClient: { client_id: string } } }[]) apps[a.label] = a.credentials.oauthClient.client_id;
  // A confidential web app allowed every browser grant and the password grant, for the default server.
  const legacy = await (await s.api('/api/v1/apps', {
    method: 'POST',
    body: JSON.stringify({
      name: 'oidc_client', label: 'Legacy Web', signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
      settings: { oauthClient: { application_type: 'web', grant_types: ['authorization_code', 'implicit', 'password', 'refresh_token'], response_types: ['code', 'token', 'id_token'], redirect_uris: [REDIRECT] } },
    }),
  })).json();
  apps['Legacy Web'] = legacy.credentials.oauthClient.client_id;
  const everyone = ((await (await s.api('/api/v1/groups?q=Everyone')).json()) as { id: string }[])[0]!;
  await s.api(`/api/v1/apps/${legacy.id}/groups/${everyone.id}`, { method: 'PUT', body: '{}' });
});
afterAll(async () => {
  await s.close();
});

const ada = { username: 'ada@example.com', password: DEMO_PASSWORD };

async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await s.api(`/api/v1/gatehouse/${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

async function run(setup: SimulationSetupInput, tampers: Tamper[] = []): Promise<Record<string, StepRun> & { order: string[] }> {
  const r = await post<{ runs: StepRun[] }>('simulator/run', { setup, tampers });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const out = Object.fromEntries(r.body.runs.map((x) => [x.step.id, x])) as Record<string, StepRun> & { order: string[] };
  out.order = r.body.runs.map((x) => x.step.id);
  return out;
}

const portalCode = (extra: Partial<SimulationSetupInput> = {}): SimulationSetupInput => ({
  authServerId: ordersId, clientId: apps['Orders Portal']!, flow: 'authorization_code', user: ada, scopes: ['openid', 'orders:read', 'offline_access'], ...extra,
});

type Event = { eventType: string; outcome: { result: string; reason: string | null }; debugContext: { debugData: { trace?: { checks: { check: string; ok: boolean; detail: string }[]; policies: { name: string; outcome: string }[] } } } };

describe('authorization code', () => {
  test('with PKCE and a session token: every step recorded, secrets masked, tokens decoded, trace attached', async () => {
    const r = await run(portalCode({ then: ['userinfo', 'introspect_access', 'refresh', 'introspect_refresh', 'logout'] }));
    expect(r.order).toEqual(['sign_in', 'authorize', 'token', 'userinfo', 'introspect_access', 'refresh', 'introspect_refresh', 'logout']);
    for (const id of r.order) expect(r[id]!.result.ok, `${id}: ${r[id]!.result.summary}`).toBe(true);

    // sign in: the password is masked in what is shown.
    const signIn = r.sign_in!.exchange!;
    expect(signIn.request.method).toBe('POST');
    expect(signIn.request.url).toBe(`${s.url}/api/v1/authn`);
    expect(signIn.request.body).not.toContain(DEMO_PASSWORD);
    expect(JSON.parse(signIn.request.body!).password).toBe('••••••••');
    expect(r.sign_in!.result.summary).toBe('Signed in as ada@example.com: the server answered with a one-time session token.');

    // authorize: a 302 to the app with a code; PKCE S256 sent.
    const authorize = new URL(r.authorize!.exchange!.request.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.authorize!.exchange!.response.status).toBe(302);
    expect(r.authorize!.exchange!.response.headers.location).toMatch(/^http:\/\/localhost:3000\/authorization-code\/callback\?code=/);
    expect(r.authorize!.result.summary).toBe('Sent back to Orders Portal with an authorization code.');

    // token: Basic credentials masked; the verifier sent; the decision trace of the server attached.
    const token = r.token!;
    expect(token.exchange!.request.headers.Authorization).toBe('Basic ••••••••');
    expect(new URLSearchParams(token.exchange!.request.body).get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.result.scopes).toEqual(['openid', 'orders:read', 'offline_access']);
    expect(token.result.tokens!.access_token!.claims!.sub).toBe('ada@example.com');
    expect(token.result.tokens!.id_token!.header!.alg).toBe('RS256');
    expect(token.result.summary).toBe('Granted: an access token for openid, orders:read, offline_access, an ID token, a refresh token.');
    expect(token.exchange!.requestId).toMatch(/^req/);
    const ev = token.exchange!.events as Event[];
    expect(ev.map((e) => e.eventType)).toEqual(['app.oauth2.as.token.grant.access_token']);
    expect(ev[0]!.debugContext.debugData.trace!.policies[0]).toMatchObject({ name: 'Orders apps', outcome: 'matched' });

    expect(r.userinfo!.result.claims!.sub).toBeTruthy();
    expect(r.introspect_access!.result).toMatchObject({ active: true, summary: 'The token is active (scopes: openid orders:read offline_access).' });
    expect(r.refresh!.result.tokens!.refresh_token).toBeTruthy();
    expect(r.introspect_refresh!.result.active).toBe(true);
    expect(r.logout!.result.summary).toBe('Signed out; the browser is sent to http://localhost:3000/?state=' + new URL(r.logout!.exchange!.request.url).searchParams.get('state') + '.');
  });

  test('through the hosted sign-in page: redirect, page, form, back to /authorize, token', async () => {
    const r = await run(portalCode({ signIn: 'signInPage' }));
    expect(r.order).toEqual(['authorize', 'sign_in_page', 'sign_in_form', 'authorize_resume', 'token']);
    expect(r.authorize!.result.summary).toBe('Nobody is signed in: the server sends the browser to its sign-in page.');
    expect(r.sign_in_form!.exchange!.request.body).toContain('password=%E2%80%A2');
    expect(r.sign_in_form!.exchange!.request.headers.Cookie).toMatch(/=••••••••/);
    expect(r.authorize_resume!.result.summary).toBe('Sent back to Orders Portal with an authorization code.');
    expect(r.token!.result.ok).toBe(true);
  });

  test('a wrong password on the sign-in page is refused in words', async () => {
    const r = await run(portalCode({ signIn: 'signInPage', user: { username: 'ada@example.com', password: 'nope' } }));
    expect(r.sign_in_form!.result).toMatchObject({ ok: false, status: 401, summary: 'The sign-in page refused: Sign in failed. Check your username and password and try again.' });
    expect(r.token!.result).toMatchObject({ ok: false, error: 'not_sent' });
  });

  test('without PKCE, a confidential client still gets its tokens', async () => {
    const r = await run(portalCode({ options: { pkce: 'none', nonce: false } }));
    expect(new URL(r.authorize!.exchange!.request.url).searchParams.has('code_challenge')).toBe(false);
    expect(r.token!.result.ok).toBe(true);
  });

  test('tamper: a wrong verifier is refused with invalid_grant, and the trace says why', async () => {
    const r = await run(portalCode(), [{ step: 'token', set: { code_verifier: 'x'.repeat(43) } }]);
    expect(r.token!.tampered).toBe(true);
    expect(r.token!.result).toMatchObject({ ok: false, status: 400, error: 'invalid_grant', errorDescription: 'PKCE verification failed.' });
    const ev = r.token!.exchange!.events as Event[];
    expect(ev).toHaveLength(1);
    expect(ev[0]!.outcome.result).toBe('FAILURE');
    expect(ev[0]!.debugContext.debugData.trace!.checks).toEqual([{ check: 'request', ok: false, detail: 'PKCE verification failed.' }]);
  });

  test('tamper: a replayed code is refused, and what it issued is revoked', async () => {
    const r = await run(portalCode({ then: ['replay_code', 'introspect_access'] }));
    expect(r.token!.result.ok).toBe(true);
    expect(r.replay_code!.result).toMatchObject({ ok: false, error: 'invalid_grant', errorDescription: 'The authorization code is invalid or has expired.' });
    expect(r.introspect_access!.result).toMatchObject({ ok: true, active: false });
  });

  test('tamper: another redirect URI is refused at /authorize and the browser is not sent back', async () => {
    const r = await run(portalCode(), [{ step: 'authorize', set: { redirect_uri: 'https://evil.example/cb' } }]);
    expect(r.authorize!.result.ok).toBe(false);
    expect(r.authorize!.exchange!.response.status).toBe(400);
    expect(r.authorize!.exchange!.response.headers.location).toBeUndefined();
    expect(r.authorize!.result.error).toBe('invalid_request');
    expect(r.authorize!.result.summary).toContain('without sending the browser back to the app');
  });

  test('tamper: a missing parameter is named', async () => {
    const r = await run(portalCode(), [{ step: 'token', remove: ['code'] }]);
    expect(r.token!.result).toMatchObject({ error: 'invalid_request', errorDescription: "The required parameter 'code' is missing." });
  });

  test('an ID token introspects for the client it was issued to, and for no other', async () => {
    const r = await run(portalCode({ then: ['introspect_id'] }));
    expect(r.introspect_id!.result).toMatchObject({ ok: true, active: true, claims: { token_type: 'id_token', client_id: apps['Orders Portal'], username: 'ada@example.com', iss: `${s.url}/oauth2/${ordersId}` } });
    const idToken = r.token!.result.tokens!.id_token!.raw;
    const other = await run({ authServerId: ordersId, clientId: apps['Fulfilment Service']!, flow: 'client_credentials', scopes: ['orders:read'], then: ['introspect_access'] }, [{ step: 'introspect_access', set: { token: idToken, token_type_hint: 'id_token' } }]);
    expect(other.introspect_access!.result).toMatchObject({ ok: true, active: false });
  });

  test('revoked tokens: introspection says inactive, userinfo refuses with invalid_token', async () => {
    const r = await run(portalCode({ then: ['revoke_access', 'introspect_access', 'userinfo', 'revoke_refresh', 'introspect_refresh'] }));
    expect(r.revoke_access!.result.summary).toBe('The server accepted the revocation.');
    expect(r.introspect_access!.result.active).toBe(false);
    expect(r.userinfo!.result).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
    expect(r.introspect_refresh!.result.active).toBe(false);
  });

  test('tamper: an expired access token (re-signed by the server, a minute past exp) is refused', async () => {
    const r = await run(portalCode({ then: ['introspect_access', 'expire_access', 'introspect_access', 'userinfo'] }));
    expect(r.introspect_access!.result.active).toBe(true);
    const expired = r.expire_access!.result.tokens!.access_token!.claims!;
    const original = r.token!.result.tokens!.access_token!.claims!;
    expect(r.expire_access!.exchange).toBeUndefined();
    expect(expired.jti).toBe(original.jti);
    expect(expired.exp as number).toBeLessThan(Date.now() / 1000);
    expect((expired.exp as number) - (expired.iat as number)).toBe((original.exp as number) - (original.iat as number));
    expect(r.expire_access!.result.tokens!.access_token!.header!.kid).toBe(r.token!.result.tokens!.access_token!.header!.kid);
    expect(r.introspect_access_2!.result).toMatchObject({ ok: true, active: false });
    expect(r.userinfo!.result).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
  });

  test('consent: the SPA asks; allowing goes on to tokens, refusing comes back as access_denied', async () => {
    const spa = (consent?: 'allow' | 'deny'): SimulationSetupInput => ({ authServerId: ordersId, clientId: apps['Orders SPA']!, flow: 'authorization_code', user: { username: 'grace@example.com', password: DEMO_PASSWORD }, scopes: ['openid', 'orders:write'], ...(consent ? { options: { pkce: 'S256', nonce: true, consent } } : {}) });
    const asked = await run(spa());
    expect(asked.authorize!.result).toMatchObject({ ok: false, error: 'consent_required' });
    const denied = await run(spa('deny'));
    expect(denied.order).toEqual(['sign_in', 'authorize', 'consent', 'authorize_consented', 'token']);
    expect(denied.authorize!.result.summary).toBe('The server asks grace@example.com to allow Orders SPA: orders:write.');
    expect(denied.authorize_consented!.result).toMatchObject({ ok: false, error: 'access_denied' });
    const allowed = await run(spa('allow'));
    expect(allowed.consent!.result.summary).toBe('The user allowed access; the browser goes back to /authorize.');
    expect(allowed.authorize_consented!.result.summary).toBe('Sent back to Orders SPA with an authorization code.');
    expect(allowed.token!.result).toMatchObject({ ok: true, scopes: ['openid', 'orders:write'] });
    // Consent is remembered: the next run is not asked, and the consent steps say why they sent nothing.
    const again = await run(spa('allow'));
    expect(again.authorize!.result.summary).toBe('Sent back to Orders SPA with an authorization code.');
    expect(again.consent!.result).toMatchObject({ ok: false, error: 'not_sent' });
    expect(again.consent!.result.summary).toContain('the server did not ask for consent');
    expect(again.token!.result.ok).toBe(true);
  });

  test('a policy denial at /authorize comes back to the app with its error and trace', async () => {
    const r = await run(portalCode({ user: { username: 'alan@example.com', password: DEMO_PASSWORD }, scopes: ['orders:admin'] }));
    expect(r.authorize!.result.ok).toBe(false);
    expect(r.authorize!.result.error).toBe('access_denied');
    const ev = r.authorize!.exchange!.events as Event[];
    expect(ev[0]!.eventType).toBe('app.oauth2.as.authorize_failure');
    expect(ev[0]!.debugContext.debugData.trace!.policies.length).toBeGreaterThan(0);
  });
});

describe('other flows', () => {
  test('client credentials: the service gets orders:read, decided by "Service to service"', async () => {
    const r = await run({ authServerId: ordersId, clientId: apps['Fulfilment Service']!, flow: 'client_credentials', scopes: ['orders:read'], then: ['introspect_access'] });
    expect(r.order).toEqual(['token', 'introspect_access']);
    expect(r.token!.exchange!.request.body).toContain('client_secret=%E2%80%A2');
    expect(r.token!.result.scopes).toEqual(['orders:read']);
    expect((r.token!.exchange!.events as Event[])[0]!.debugContext.debugData.trace!.policies.find((p) => p.outcome === 'matched')!.name).toBe('Service to service');
    expect(r.introspect_access!.result.active).toBe(true);
  });

  test('device authorization: code, activation page, sign in, token', async () => {
    const r = await run({ authServerId: ordersId, clientId: apps['Orders CLI']!, flow: 'device_code', user: { username: 'grace@example.com', password: DEMO_PASSWORD }, scopes: ['openid', 'orders:read'] });
    expect(r.order).toEqual(['device_authorize', 'activate_page', 'activate', 'token']);
    expect(r.device_authorize!.result.summary).toMatch(/^The device shows the code [A-Z]{8} and asks the user to visit http:\/\/127\.0\.0\.1:\d+\/activate\.$/);
    expect(r.activate!.result.summary).toBe('The user signed in and allowed the device.');
    expect(r.token!.result).toMatchObject({ ok: true, scopes: ['openid', 'orders:read'] });
  });

  test('implicit: tokens in the fragment', async () => {
    const r = await run({ authServerId: 'default', clientId: apps['Legacy Web']!, flow: 'implicit', user: ada, scopes: ['openid', 'profile'] });
    expect(r.order).toEqual(['sign_in', 'authorize']);
    expect(r.authorize!.exchange!.response.headers.location).toContain('#');
    expect(r.authorize!.result).toMatchObject({ ok: true, summary: 'Sent back to Legacy Web with an access token, an ID token.' });
    expect(r.authorize!.result.tokens!.id_token!.claims!.nonce).toBe(new URL(r.authorize!.exchange!.request.url).searchParams.get('nonce'));
  });

  test('hybrid: a code and an ID token at once, then the code exchanged; form_post works too', async () => {
    const r = await run({ authServerId: 'default', clientId: apps['Legacy Web']!, flow: 'hybrid', user: ada, scopes: ['openid'], options: { responseMode: 'form_post' } });
    expect(r.order).toEqual(['sign_in', 'authorize', 'token']);
    expect(r.authorize!.exchange!.response.status).toBe(200);
    expect(r.authorize!.result.summary).toBe('Sent back to Legacy Web with an authorization code, an ID token.');
    expect(r.token!.result.ok).toBe(true);
  });

  test('resource owner password: the password travels masked', async () => {
    const r = await run({ authServerId: 'default', clientId: apps['Legacy Web']!, flow: 'password', user: ada, scopes: ['openid'] });
    expect(r.token!.exchange!.request.body).toContain('password=%E2%80%A2');
    expect(r.token!.exchange!.request.body).not.toContain(encodeURIComponent(DEMO_PASSWORD));
    expect(r.token!.result.ok).toBe(true);
  });
});

describe('step by step over the API', () => {
  test('plan, prepare, edit, send: the state carries the code to the token step', async () => {
    const setup = portalCode();
    const plan = await post<{ steps: { id: string; title: string; from: string; to: string }[]; state: SimState }>('simulator/plan', { setup });
    expect(plan.body.steps.map((x) => `${x.from}->${x.to} ${x.title}`)).toEqual([
      'user->server Sign in (Authentication API)', 'browser->server Authorization request', 'client->server Token request',
    ]);
    let state = plan.body.state;
    for (const step of ['sign_in', 'authorize']) {
      const p = await post<{ request: HttpRequestSpec; shown: HttpRequestSpec }>('simulator/prepare', { setup, state, step });
      const sent = await post<{ run: StepRun; state: SimState }>('simulator/send', { setup, state, step, request: p.body.request });
      expect(sent.body.run.result.ok).toBe(true);
      state = sent.body.state;
    }
    expect(state.code).toBeTruthy();
    const p = await post<{ request: HttpRequestSpec; shown: HttpRequestSpec }>('simulator/prepare', { setup, state, step: 'token', tamper: { set: { code_verifier: 'wrong-verifier-wrong-verifier-wrong-verifier' } } });
    expect(p.body.shown.headers.Authorization).toBe('Basic ••••••••');
    expect(p.body.request.headers.Authorization).not.toBe('Basic ••••••••');
    const sent = await post<{ run: StepRun }>('simulator/send', { setup, state, step: 'token', request: p.body.request, tampered: true });
    expect(sent.body.run.result.error).toBe('invalid_grant');
  });

  test('a local step (expire the access token) has no request to edit and runs without one', async () => {
    const setup = portalCode({ then: ['expire_access'] });
    const all = await post<{ state: SimState }>('simulator/run', { setup: portalCode() });
    const p = await post<{ local: boolean; explain: string }>('simulator/prepare', { setup, state: all.body.state, step: 'expire_access' });
    expect(p.body).toEqual({ local: true, explain: expect.stringContaining("A tester's tool") });
    const sent = await post<{ run: StepRun; state: SimState }>('simulator/send', { setup, state: all.body.state, step: 'expire_access' });
    expect(sent.body.run.result.ok).toBe(true);
    expect(sent.body.state.accessToken).not.toBe(all.body.state.accessToken);
    const none = await post<{ errorCauses: { errorSummary: string }[] }>('simulator/send', { setup: portalCode({ flow: 'client_credentials', clientId: apps['Fulfilment Service']!, user: undefined, then: ['expire_access'] }), state: { state: 'x', cookies: {} }, step: 'expire_access' });
    expect(none.status).toBe(400);
    expect(none.body.errorCauses[0]!.errorSummary).toBe('step: This step needs an access token, and the steps before it did not produce one.');
  });

  test('the simulator sends nowhere but this server', async () => {
    const setup = portalCode();
    const plan = await post<{ state: SimState }>('simulator/plan', { setup });
    const r = await post<{ errorCode: string; errorCauses: { errorSummary: string }[] }>('simulator/send', { setup, state: plan.body.state, step: 'sign_in', request: { method: 'GET', url: 'http://169.254.169.254/latest', headers: {} } });
    expect(r.status).toBe(400);
    expect(r.body.errorCode).toBe('E0000001');
    expect(r.body.errorCauses[0]!.errorSummary).toBe(`request.url: The simulator only sends requests to this server (${s.url})`);
  });

  test('a person signs in in their own browser and pastes the address they landed on', async () => {
    const setup = portalCode({ signIn: 'person' });
    const all = await run(setup);
    expect(all.authorize!.result.error).toBe('needs_a_person');
    const plan = await post<{ steps: { id: string; interactive?: boolean }[]; state: SimState }>('simulator/plan', { setup });
    expect(plan.body.steps[0]).toMatchObject({ id: 'authorize', interactive: true });
    const state = plan.body.state;
    const back = await post<{ run: StepRun; state: SimState }>('simulator/callback', { setup, state, url: `http://localhost:3000/authorization-code/callback?code=abc&state=${state.state}` });
    expect(back.body.state.code).toBe('abc');
    const wrong = await post<{ run: StepRun }>('simulator/callback', { setup, state, url: 'http://localhost:3000/authorization-code/callback?code=abc&state=other' });
    expect(wrong.body.run.result.error).toBe('state_mismatch');
    const junk = await post<{ errorCauses: { errorSummary: string }[] }>('simulator/callback', { setup, state, url: 'not a url with anything' });
    expect(junk.status).toBe(400);
  });

  test('bad setups are refused with every problem named', async () => {
    const r = await post<{ errorCode: string; errorCauses: { errorSummary: string }[] }>('simulator/plan', { setup: { authServerId: 'nope', clientId: 'nobody', flow: 'teleport' } });
    expect(r.status).toBe(400);
    expect(r.body.errorCauses.map((c) => c.errorSummary)).toEqual(['setup.flow: Must be one of "authorization_code", "implicit", "hybrid", "password", "client_credentials", "device_code"']);
    const r2 = await post<{ errorCauses: { errorSummary: string }[] }>('simulator/plan', { setup: { authServerId: 'nope', clientId: 'nobody', flow: 'password' } });
    expect(r2.body.errorCauses.map((c) => c.errorSummary)).toEqual([
      "setup.authServerId: There is no authorization server 'nope' in this workspace",
      "setup.clientId: There is no app with client_id 'nobody' in this workspace",
    ]);
  });
});

describe('scenarios', () => {
  test('save, list, run (one passes, one fails with its diff), edit, delete', async () => {
    const passing = {
      name: 'Ada reads orders',
      setup: portalCode(),
      expectations: [{ step: 'token', outcome: 'success', scopes: ['openid', 'orders:read', 'offline_access'], claims: [{ token: 'access_token', claim: 'sub', equals: 'ada@example.com' }] }],
    };
    const failing = {
      name: 'Ada administers orders',
      setup: portalCode({ scopes: ['orders:admin'] }),
      expectations: [{ step: 'authorize', outcome: 'success' }],
    };
    const a = await post<{ id: string; name: string }>('scenarios', passing);
    expect(a.status).toBe(200);
    expect(a.body.id).toMatch(/^gsc/);
    const b = await post<{ id: string }>('scenarios', failing);
    const dup = await post<{ errorCauses: { errorSummary: string }[] }>('scenarios', passing);
    expect(dup.status).toBe(400);
    expect(dup.body.errorCauses[0]!.errorSummary).toBe('name: A scenario with this name already exists');

    const results = await post<{ passed: number; failed: number; results: { name: string; passed: boolean; expectations: { mismatches: { what: string; expected: unknown; actual: unknown }[] }[] }[] }>('scenarios/run', {});
    expect([results.body.passed, results.body.failed]).toEqual([1, 1]);
    const bad = results.body.results.find((x) => x.name === 'Ada administers orders')!;
    expect(bad.expectations[0]!.mismatches).toEqual([{ what: 'outcome', expected: 'success', actual: 'error (access_denied)' }]);

    const edited = await s.api(`/api/v1/gatehouse/scenarios/${b.body.id}`, { method: 'PUT', body: JSON.stringify({ ...failing, expectations: [{ step: 'authorize', outcome: 'error', error: 'access_denied' }] }) });
    expect(edited.status).toBe(200);
    const one = await post<{ passed: boolean }>(`scenarios/${b.body.id}/run`, {});
    expect(one.body.passed).toBe(true);
    expect((await s.api(`/api/v1/gatehouse/scenarios/${a.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(((await (await s.api('/api/v1/gatehouse/scenarios')).json()) as unknown[]).length).toBe(1);
    await s.api(`/api/v1/gatehouse/scenarios/${b.body.id}`, { method: 'DELETE' });
  });

  test('a password written as ${NAME} is read from the server\'s environment when the scenario runs, and stays a reference when saved', async () => {
    process.env.GATEHOUSE_TEST_ADA_PASSWORD = DEMO_PASSWORD;
    try {
      const setup = portalCode({ user: { username: 'ada@example.com', password: '${GATEHOUSE_TEST_ADA_PASSWORD}' } });
      const r = await run(setup);
      expect(r.token!.result.ok).toBe(true);
      expect(r.sign_in!.exchange!.request.body).not.toContain(DEMO_PASSWORD);
      const saved = await post<{ id: string; setup: { user: { password: string } } }>('scenarios', { name: 'From the environment', setup, expectations: [{ step: 'token', outcome: 'success' }] });
      expect(saved.body.setup.user.password).toBe('${GATEHOUSE_TEST_ADA_PASSWORD}');
      expect((await post<{ passed: boolean }>(`scenarios/${saved.body.id}/run`, {})).body.passed).toBe(true);
      delete process.env.GATEHOUSE_TEST_ADA_PASSWORD;
      const unset = await post<{ passed: boolean; problem: string }>(`scenarios/${saved.body.id}/run`, {});
      expect(unset.body).toMatchObject({ passed: false, problem: 'the environment variable GATEHOUSE_TEST_ADA_PASSWORD is not set' });
      const plan = await post<{ errorCauses: { errorSummary: string }[] }>('simulator/plan', { setup });
      expect(plan.body.errorCauses.map((c) => c.errorSummary)).toEqual(['setup.user.password: the environment variable GATEHOUSE_TEST_ADA_PASSWORD is not set']);
      await s.api(`/api/v1/gatehouse/scenarios/${saved.body.id}`, { method: 'DELETE' });
    } finally {
      delete process.env.GATEHOUSE_TEST_ADA_PASSWORD;
    }
  });

  test('a scenario for an app that does not exist, or with unknown fields, is refused and nothing is saved', async () => {
    const r = await post<{ errorCauses: { errorSummary: string }[] }>('scenarios', { name: 'Ghost', setup: { ...portalCode(), clientId: 'ghost' }, extra: 1 });
    expect(r.status).toBe(400);
    expect(r.body.errorCauses.map((c) => c.errorSummary)).toEqual(["extra: Property 'extra' is not defined"]);
    const r2 = await post<{ errorCauses: { errorSummary: string }[] }>('scenarios', { name: 'Ghost', setup: { ...portalCode(), clientId: 'ghost' } });
    expect(r2.body.errorCauses.map((c) => c.errorSummary)).toEqual(["setup.clientId: There is no app with client_id 'ghost' in this workspace"]);
    expect(await (await s.api('/api/v1/gatehouse/scenarios')).json()).toEqual([]);
  });
});
