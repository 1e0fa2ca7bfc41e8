import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, snapshot, type TestServer } from '../helpers/server.js';

let s: TestServer;
const NOW = Date.parse('2026-05-04T12:00:00.000Z');
let api = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo', now: () => NOW });
  const servers = (await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string }[];
  api = servers.find((x) => x.name === 'Orders API')!.id;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string } } }[]) ids[a.label] = a.credentials.oauthClient.client_id;
  for (const u of (await (await s.api('/api/v1/users')).json()) as { id: string; profile: { login: string } }[]) ids[u.profile.login] = u.id;
});
afterAll(async () => {
  await s.close();
});

const preview = async (body: unknown, server = api) => {
  const res = await s.api(`/api/v1/authorizationServers/${server}/preview`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};

describe('token preview', () => {
  test('a granted authorization-code request shows both tokens as the endpoint would mint them, and why', async () => {
    const before = snapshot(s);
    const { status, body } = await preview({ clientId: ids['Orders SPA'], grantType: 'authorization_code', userId: 'ada@example.com', scopes: 'openid profile email orders:read orders:write offline_access', nonce: 'n-1' });
    expect(status).toBe(200);
    expect(body.result).toBe('granted');
    expect(body.decision).toMatchObject({
      policy: { name: 'Orders apps' },
      rule: { name: 'Staff may read and write orders' },
      scopes: ['openid', 'profile', 'email', 'orders:read', 'orders:write', 'offline_access'],
      lifetimes: { accessTokenMinutes: 60, refreshTokenMinutes: 0, refreshWindowMinutes: 10080, idTokenMinutes: 60 },
      refreshToken: true,
      consentScopes: ['orders:write'],
    });
    expect(body.trace.policies[0].rules.map((r: { outcome: string }) => r.outcome)).toEqual(['people', 'matched', 'not_evaluated']);
    expect(body.trace.policies[0].rules[0].reason).toBe('ada@example.com is not one of its users and in none of its groups.');

    const at = body.tokens.access_token;
    expect(at.header).toEqual({ kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), alg: 'RS256' });
    expect(at.signature).toBe('/* The JWT signature has been removed from this token preview. */');
    const iat = NOW / 1000;
    expect(at.payload).toEqual({
      ver: 1,
      jti: expect.stringMatching(/^AT\./),
      iss: `${s.url}/oauth2/${api}`,
      aud: 'api://orders',
      iat,
      exp: iat + 3600,
      cid: ids['Orders SPA'],
      uid: ids['ada@example.com'],
      scp: ['openid', 'profile', 'email', 'orders:read', 'orders:write', 'offline_access'],
      auth_time: iat,
      sub: 'ada@example.com',
      department: 'Research',
      email: 'ada@example.com',
    });
    // Claim order is Okta's: the fixed claims, then sub, then the definitions.
    expect(Object.keys(at.payload)).toEqual(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'auth_time', 'sub', 'department', 'email']);
    expect(at.claims.find((c: { claim: string }) => c.claim === 'department')).toMatchObject({ source: 'definition', valueType: 'EXPRESSION', expression: 'user.department' });
    expect(at.claims.find((c: { claim: string }) => c.claim === 'sub')).toMatchObject({ source: 'system', expression: '(appuser != null) ? appuser.userName : app.clientId' });

    const id = body.tokens.id_token;
    expect(id.payload).toMatchObject({
      sub: ids['ada@example.com'], name: 'Ada Lovelace', email: 'ada@example.com', ver: 1, iss: `${s.url}/oauth2/${api}`, aud: ids['Orders SPA'],
      iat, exp: iat + 3600, amr: ['pwd'], nonce: 'n-1', preferred_username: 'ada@example.com', auth_time: iat,
    });
    // A thin ID token: the groups claim is "always include" but its scope (groups) was not granted.
    expect(id.payload.groups).toBeUndefined();
    expect(id.claims.find((c: { claim: string }) => c.claim === 'groups').omitted).toBe('None of its scopes (groups) was granted.');
    expect(body.tokens.refresh_token).toEqual({ lifetimeMinutes: 0, windowMinutes: 10080, expiresAt: null });
    expect(snapshot(s)).toBe(before);
  });

  test('the groups claim filters group names', async () => {
    const { body } = await preview({ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'grace@example.com', scopes: ['openid', 'groups', 'orders:admin'] });
    expect(body.decision.rule.name).toBe('Admins may administer orders');
    expect(body.tokens.id_token.payload.groups).toEqual(['Orders Staff', 'Orders Admins']);
  });

  test('client credentials: no user, sub is the client id, no ID token', async () => {
    const { body } = await preview({ clientId: ids['Fulfilment Service'], grantType: 'client_credentials', scopes: ['orders:write'] });
    expect(body.result).toBe('granted');
    expect(body.tokens.access_token.payload).toEqual({
      ver: 1, jti: expect.any(String), iss: `${s.url}/oauth2/${api}`, aud: 'api://orders', iat: NOW / 1000, exp: NOW / 1000 + 600,
      cid: ids['Fulfilment Service'], scp: ['orders:write'], sub: ids['Fulfilment Service'],
    });
    // department comes from user.department: with no user it is null, so it is left out.
    expect(body.tokens.access_token.claims.find((c: { claim: string }) => c.claim === 'department').omitted).toMatch(/null/);
    expect(body.tokens.id_token).toBeUndefined();
  });

  test('default scopes when none is asked for', async () => {
    const { body } = await preview({ clientId: ids['Fulfilment Service'], grantType: 'client_credentials' });
    expect(body.decision.scopes).toEqual(['orders:read']);
    expect(body.trace.usedDefaultScopes).toBe(true);
  });

  test('a denied request shows the exact error the token endpoint would answer, and why', async () => {
    const { status, body } = await preview({ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'katherine@example.com', scopes: ['openid', 'orders:write'] });
    expect(status).toBe(200);
    expect(body.result).toBe('denied');
    expect(body.error).toEqual({ error: 'access_denied', error_description: 'Policy evaluation failed for this request, please check the policy configurations.', status: 400, reason: 'no_matching_policy' });
    expect(body.tokens).toEqual({});
    const rules = body.trace.policies[0].rules;
    expect(rules.map((r: { outcome: string }) => r.outcome)).toEqual(['people', 'people', 'scopes']);
    expect(rules[2].reason).toContain('orders:write');
    expect(body.trace.policies[1]).toMatchObject({ name: 'Service to service', outcome: 'client' });
  });

  test('a claim expression that fails gives the endpoint\'s server_error naming the claim', async () => {
    const claim = await s.api(`/api/v1/authorizationServers/${api}/claims`, {
      method: 'POST',
      body: JSON.stringify({ name: 'broken', status: 'ACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.managerId.firstName', conditions: { scopes: [] } }),
    });
    expect(claim.status).toBe(201);
    const { body } = await preview({ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'ada@example.com', scopes: ['orders:read'] });
    expect(body.result).toBe('denied');
    expect(body.error).toMatchObject({ error: 'server_error', error_description: "The 'broken' user claim could not be evaluated.", status: 500 });
    expect(body.claims.find((c: { claim: string }) => c.claim === 'broken').error).toBeTruthy();
    await s.api(`/api/v1/authorizationServers/${api}/claims/${(await claim.json()).id}`, { method: 'DELETE' });
  });

  test('bad input is an Okta validation error naming the field, and changes nothing', async () => {
    const before = snapshot(s);
    const cases: [unknown, string][] = [
      [{ grantType: 'authorization_code' }, 'clientId'],
      [{ clientId: 'nope', grantType: 'authorization_code', userId: 'ada@example.com' }, 'clientId'],
      [{ clientId: ids['Orders Portal'], grantType: 'magic' }, 'grantType'],
      [{ clientId: ids['Orders Portal'], grantType: 'authorization_code' }, 'userId'],
      [{ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'nobody@example.com' }, 'userId'],
      [{ clientId: ids['Fulfilment Service'], grantType: 'client_credentials', userId: 'ada@example.com' }, 'userId'],
      [{ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'ada@example.com', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await preview(body);
      expect([field, r.status, r.body.errorCode]).toEqual([field, 400, 'E0000001']);
      expect(r.body.errorCauses[0].errorSummary.startsWith(`${field}:`)).toBe(true);
    }
    expect((await preview({ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'ada@example.com' }, 'nope')).status).toBe(404);
    expect(snapshot(s)).toBe(before);
  });
});
