import { describe, expect, test } from 'vitest';
import {
  DEVICE_GRANT, eventsOf, expectationProblems, flowAllowed, followUpAllowed, fromParts, inWords, otherRedirectUri, prettyBody, secretKeys,
  suggestExpectations, tamperBetween, toParts, withoutParam, withParam, wrongVerifier,
} from '../../src-renderer/src/screens/simulator/logic';
import { toSetup, EMPTY_DRAFT } from '../../src-renderer/src/screens/simulator/store';
import type { HttpRequestSpec, StepRun } from '../../src-renderer/src/screens/simulator/types';

/* The simulator screen's logic without a browser: flows a client may run, requests as rows, tampers, expectations. */

const tokenRequest: HttpRequestSpec = {
  method: 'POST',
  url: 'http://127.0.0.1:7654/oauth2/aus1/v1/token',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', Authorization: 'Basic c2VjcmV0' },
  body: 'grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&code_verifier=v1',
};
const authorizeRequest: HttpRequestSpec = { method: 'GET', url: 'http://127.0.0.1:7654/oauth2/aus1/v1/authorize?client_id=c&scope=openid+orders%3Aread&state=s1', headers: {} };

describe('flows a client may run', () => {
  test('each flow needs its grant types, and says which when it is missing', () => {
    expect(flowAllowed('authorization_code', ['authorization_code', 'refresh_token'])).toEqual({ ok: true });
    expect(flowAllowed('client_credentials', ['authorization_code'])).toEqual({ ok: false, reason: 'needs the client_credentials grant type' });
    expect(flowAllowed('hybrid', ['authorization_code'])).toEqual({ ok: false, reason: 'needs the implicit grant type too' });
    expect(flowAllowed('device_code', [DEVICE_GRANT])).toEqual({ ok: true });
    expect(flowAllowed('device_code', [])).toEqual({ ok: false, reason: 'needs the device authorization grant type' });
  });

  test('follow-ups that cannot work are refused with the reason', () => {
    expect(followUpAllowed('refresh', 'authorization_code', ['authorization_code'], ['openid'])).toMatchObject({ ok: false });
    expect(followUpAllowed('refresh', 'authorization_code', ['authorization_code', 'refresh_token'], ['offline_access'])).toEqual({ ok: true });
    expect(followUpAllowed('replay_code', 'client_credentials', ['client_credentials'], [])).toEqual({ ok: false, reason: 'only after a flow that issues a code' });
    expect(followUpAllowed('userinfo', 'authorization_code', ['authorization_code'], ['orders:read'])).toEqual({ ok: false, reason: 'needs the openid scope' });
  });
});

describe('a request as editable rows', () => {
  test('a form POST round-trips through rows unchanged', () => {
    const p = toParts(tokenRequest);
    expect(p.bodyKind).toBe('form');
    expect(p.body.map((r) => r.key)).toEqual(['grant_type', 'code', 'redirect_uri', 'code_verifier']);
    expect(fromParts(p)).toEqual(tokenRequest);
  });

  test('a GET keeps its query as rows; a JSON body keeps non-string values as JSON', () => {
    const g = toParts(authorizeRequest);
    expect(g.base).toBe('http://127.0.0.1:7654/oauth2/aus1/v1/authorize');
    expect(g.query).toContainEqual({ key: 'scope', value: 'openid orders:read' });
    expect(fromParts(g).url).toBe(authorizeRequest.url);
    const authn: HttpRequestSpec = { method: 'POST', url: 'http://127.0.0.1:7654/api/v1/authn', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'ada', password: 'p', options: { warn: true } }) };
    const j = toParts(authn);
    expect(j.body).toEqual([{ key: 'username', value: 'ada' }, { key: 'password', value: 'p' }, { key: 'options', value: '{"warn":true}', json: true }]);
    expect(JSON.parse(fromParts(j).body!)).toEqual({ username: 'ada', password: 'p', options: { warn: true } });
  });

  test('secrets are the rows whose shown value differs from the real one', () => {
    const shown = { ...tokenRequest, headers: { ...tokenRequest.headers, Authorization: 'Basic ••••••••' } };
    const s = secretKeys(toParts(tokenRequest), toParts(shown));
    expect([...s.headers]).toEqual(['Authorization']);
    expect([...s.params]).toEqual([]);
  });
});

describe('tampers from edits', () => {
  test('no edit is no tamper', () => {
    expect(tamperBetween('token', tokenRequest, fromParts(toParts(tokenRequest)))).toBeUndefined();
  });

  test('a wrong verifier, a dropped parameter and a changed header become set, remove and headers', () => {
    let p = toParts(tokenRequest);
    const wrong = wrongVerifier('v1');
    expect(wrong).toMatch(/^[A-Za-z0-9._~-]{43}$/);
    p = withParam(p, 'code_verifier', wrong);
    p = withoutParam(p, 'redirect_uri');
    p = { ...p, headers: p.headers.filter((h) => h.key !== 'Accept').map((h) => (h.key === 'Authorization' ? { ...h, value: 'Basic eHg=' } : h)) };
    expect(tamperBetween('token', tokenRequest, fromParts(p))).toEqual({ step: 'token', set: { code_verifier: wrong }, remove: ['redirect_uri'], headers: { Authorization: 'Basic eHg=', Accept: null } });
  });

  test('another redirect URI keeps the path on another host', () => {
    expect(otherRedirectUri('http://localhost:3000/cb')).toBe('https://attacker.example/cb');
    const p = withParam(toParts(authorizeRequest), 'redirect_uri', 'https://attacker.example/cb');
    expect(tamperBetween('authorize', authorizeRequest, fromParts(p))).toEqual({ step: 'authorize', set: { redirect_uri: 'https://attacker.example/cb' } });
  });
});

describe('expectations from a run', () => {
  const run = (id: string, result: Partial<StepRun['result']>): StepRun => ({
    step: { id, title: id, from: 'client', to: 'server', explain: '' },
    exchange: { request: authorizeRequest, response: { status: result.status ?? 200, headers: {}, body: '' }, startedAt: '', durationMs: 3, events: [] },
    result: { ok: true, status: 200, summary: '', ...result },
  });

  test('each step succeeds or fails with its error; the token step grants its scopes; chosen claims keep their values', () => {
    const runs = [
      run('sign_in', {}),
      run('authorize', { status: 302 }),
      run('token', { scopes: ['openid', 'orders:read'], tokens: { access_token: { raw: 'x', header: {}, claims: { sub: 'ada@example.com', groups: ['Orders Staff'] } } } }),
      run('replay_code', { ok: false, status: 400, error: 'invalid_grant' }),
    ];
    expect(suggestExpectations(runs, [{ token: 'access_token', claim: 'groups', value: '["Orders Staff"]' }])).toEqual([
      { step: 'sign_in', outcome: 'success' },
      { step: 'authorize', outcome: 'success' },
      { step: 'token', outcome: 'success', scopes: ['openid', 'orders:read'], claims: [{ token: 'access_token', claim: 'groups', equals: ['Orders Staff'] }] },
      { step: 'replay_code', outcome: 'error', error: 'invalid_grant' },
    ]);
  });

  test('expectations typed as JSON are checked in words', () => {
    expect(expectationProblems('[{"step":"token","outcome":"success"}]', ['token'])).toEqual([]);
    expect(expectationProblems('{')[0]).toMatch(/^Not valid JSON/);
    expect(expectationProblems('{}')).toEqual(['Expectations are a list: [ { "step": "token", "outcome": "success" }, … ]']);
    expect(expectationProblems('[{"step":"tokn","outcome":"maybe","colour":1}]', ['token'])).toEqual([
      'Expectation 1: unknown field "colour" (known: step, outcome, error, status, scopes, claims, active)',
      'Expectation 1: there is no step "tokn" (steps: token)',
      'Expectation 1: "outcome" is "success" or "error"',
    ]);
  });
});

describe('reading responses', () => {
  test('JSON bodies are indented, other bodies left alone; diff values in words', () => {
    expect(prettyBody('{"error":"invalid_grant"}')).toBe('{\n  "error": "invalid_grant"\n}');
    expect(prettyBody('<html>')).toBe('<html>');
    expect(inWords(['openid', 'orders:write'])).toBe('openid orders:write');
    expect(inWords(null)).toBe('nothing');
  });

  test('System Log events give their outcome, error and trace', () => {
    const r: StepRun = {
      step: { id: 'token', title: 'Token request', from: 'client', to: 'server', explain: '' },
      result: { ok: false, status: 400, summary: '' },
      exchange: { request: tokenRequest, response: { status: 400, headers: {}, body: '' }, startedAt: '', durationMs: 1, events: [{ eventType: 'app.oauth2.as.token.grant_failure', outcome: { result: 'FAILURE', reason: 'PKCE verification failed.' }, debugContext: { debugData: { error: 'invalid_grant', trace: { checks: [] } } } }, 'junk'] },
    };
    expect(eventsOf(r)).toEqual([{ eventType: 'app.oauth2.as.token.grant_failure', message: 'app.oauth2.as.token.grant_failure', outcome: 'FAILURE', reason: 'PKCE verification failed.', error: 'invalid_grant', trace: { checks: [] } }]);
  });
});

describe('the setup draft', () => {
  test('is incomplete until server, client, flow (and a user where the flow signs one in) are chosen', () => {
    expect(toSetup(EMPTY_DRAFT)).toBeUndefined();
    expect(toSetup({ ...EMPTY_DRAFT, authServerId: 'aus1', clientId: 'c', flow: 'authorization_code' })).toBeUndefined();
    expect(toSetup({ ...EMPTY_DRAFT, authServerId: 'aus1', clientId: 'c', flow: 'client_credentials', scopes: ['orders:read'] })).toEqual({
      authServerId: 'aus1', clientId: 'c', flow: 'client_credentials', signIn: 'sessionToken', scopes: ['orders:read'], options: { pkce: 'S256', nonce: true }, then: [],
    });
    expect(toSetup({ ...EMPTY_DRAFT, authServerId: 'aus1', clientId: 'c', flow: 'authorization_code', username: ' ada@example.com ', password: 'pw', responseMode: 'form_post' })).toMatchObject({
      user: { username: 'ada@example.com', password: 'pw' }, options: { pkce: 'S256', nonce: true, responseMode: 'form_post' },
    });
  });
});
