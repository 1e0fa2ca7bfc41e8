import { describe, expect, test } from 'vitest';
import { placeAt, parseRule, parsePolicy } from '../../src-server/authz/policies.js';
import { scopeNameProblem } from '../../src-server/authz/scopes.js';
import { parseApp } from '../../src-server/directory/apps.js';
import { meetsPasswordPolicy, hashPassword, verifyPassword } from '../../src-server/directory/passwords.js';
import { loginKey, nextStatus, type User } from '../../src-server/directory/users.js';
import { ApiError } from '../../src-server/errors.js';

function causes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.causes;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe("Okta's priority semantics", () => {
  test.each([
    [['a', 'b', 'c'], 'n', undefined, ['a', 'b', 'c', 'n']],
    [['a', 'b', 'c'], 'n', 1, ['n', 'a', 'b', 'c']],
    [['a', 'b', 'c'], 'n', 2, ['a', 'n', 'b', 'c']],
    [['a', 'b', 'c'], 'n', 99, ['a', 'b', 'c', 'n']],
    [['a', 'b', 'c'], 'c', 1, ['c', 'a', 'b']],
    [['a', 'b', 'c'], 'a', 3, ['b', 'c', 'a']],
    [['a', 'b', 'c'], 'b', 2, ['a', 'b', 'c']],
  ])('%j placing %s at %s gives %j', (order, id, priority, expected) => {
    expect(placeAt(order, id, priority)).toEqual(expected);
  });
});

describe('scope names', () => {
  test.each([['orders:read', undefined], ['a<b', undefined], ['okta.users.read', /okta\./], ['*', /reserved/], ['okta', /reserved/], ['has space', /printable/], ['a"b', /printable/], ['<a>', /not both/]])(
    '%s',
    (name, problem) => {
      const p = scopeNameProblem(name);
      if (problem === undefined) expect(p).toBeUndefined();
      else expect(p).toMatch(problem);
    },
  );
});

describe('rules', () => {
  const refs = { userExists: () => true, groupExists: (id: string) => id === '00gknown', scopeExists: (n: string) => n === 'openid' };
  test('defaults: everyone assigned the app, Okta lifetimes', () => {
    const r = parseRule({ type: 'RESOURCE_ACCESS', name: 'r', conditions: { grantTypes: { include: ['client_credentials'] }, scopes: { include: ['*'] } } }, refs);
    expect(r.conditions.people.groups.include).toEqual(['EVERYONE']);
    expect(r.actions.token).toEqual({ accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 });
  });
  test('every problem is reported at once, each naming its field', () => {
    const c = causes(() =>
      parseRule(
        {
          type: 'RESOURCE_ACCESS',
          name: 'r',
          conditions: { people: { groups: { include: ['00gmissing'] } }, grantTypes: { include: ['authorization_code'] }, scopes: { include: ['openid', 'nope'] } },
          actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 30, refreshTokenWindowMinutes: 20 } },
        },
        refs,
      ),
    );
    expect(c).toEqual([
      "conditions.people.groups.include: There is no group with the id '00gmissing'",
      "conditions.scopes.include: The scope 'nope' is not defined on this authorization server",
      'actions.token.refreshTokenLifetimeMinutes: The refresh token lifetime must be unlimited (0) or at least the access token lifetime',
      'actions.token.refreshTokenWindowMinutes: The refresh token window must be at least the access token lifetime',
    ]);
  });
  test('ALL_CLIENTS cannot be mixed with named clients', () => {
    expect(causes(() => parsePolicy({ name: 'p', description: 'd', conditions: { clients: { include: ['ALL_CLIENTS', 'x'] } } }, () => true))).toEqual([
      'conditions.clients.include: ALL_CLIENTS cannot be combined with named clients',
    ]);
  });
});

describe('OIDC apps', () => {
  const base = (oauthClient: Record<string, unknown>, credentials: Record<string, unknown> = {}) => ({
    label: 'x', signOnMode: 'OPENID_CONNECT', credentials: { oauthClient: credentials }, settings: { oauthClient },
  });
  test("a browser app defaults to a public client with PKCE and rotating refresh tokens", () => {
    const a = parseApp(base({ application_type: 'browser', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['http://localhost/cb'] }));
    expect(a.credentials).toMatchObject({ token_endpoint_auth_method: 'none', pkce_required: true });
    expect(a.settings).toMatchObject({ response_types: ['code'], consent_method: 'TRUSTED', refresh_token: { rotation_type: 'ROTATE', leeway: 30 } });
  });
  test('a web app defaults to client_secret_basic and static refresh tokens', () => {
    const a = parseApp(base({ application_type: 'web', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['https://app.example/cb'] }));
    expect(a.credentials).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', pkce_required: false });
    expect(a.settings.refresh_token).toEqual({ rotation_type: 'STATIC', leeway: 30 });
  });
  test('cross-field rules', () => {
    expect(causes(() => parseApp(base({ application_type: 'service', grant_types: ['authorization_code'] })))).toContain(
      "settings.oauthClient.grant_types: 'authorization_code' is not allowed for service applications",
    );
    expect(causes(() => parseApp(base({ application_type: 'web', grant_types: ['authorization_code'] })))).toContain(
      'settings.oauthClient.redirect_uris: At least one redirect URI is required for the authorization code and implicit grants',
    );
    expect(causes(() => parseApp(base({ application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['https://a.example/cb#x'] })))).toContain(
      'settings.oauthClient.redirect_uris.0: Must not contain a fragment',
    );
    expect(causes(() => parseApp(base({ application_type: 'native', grant_types: ['authorization_code'], redirect_uris: ['app:/cb'] }, { token_endpoint_auth_method: 'none', pkce_required: false })))).toContain(
      "credentials.oauthClient.pkce_required: PKCE is required for clients whose method is 'none'",
    );
    expect(causes(() => parseApp(base({ application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['https://a.example/cb'] }, { token_endpoint_auth_method: 'private_key_jwt' })))).toContain(
      "settings.oauthClient.jwks: 'private_key_jwt' needs the client's public keys in jwks or jwks_uri",
    );
  });
});

describe('users', () => {
  test('logins that differ by case or diacritics collide', () => {
    expect(loginKey('Zoë@Example.com')).toBe(loginKey('zoe@example.COM'));
  });
  test.each([
    ['Tr1cky-Pass!', 'ada@example.com', true],
    ['short1A', 'ada@example.com', false],
    ['alllowercase1', 'ada@example.com', false],
    ['ALLUPPERCASE1', 'ada@example.com', false],
    ['NoDigitsHere', 'ada@example.com', false],
    ['Ada-Rules-123', 'ada@example.com', false],
  ])('password %s for %s meets the policy: %s', (pw, login, ok) => {
    expect(meetsPasswordPolicy(pw, login)).toBe(ok);
  });
  test('passwords are hashed with a salt and verified', async () => {
    const h1 = await hashPassword('Tr1cky-Pass!');
    const h2 = await hashPassword('Tr1cky-Pass!');
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('Tr1cky-Pass!', h1)).toBe(true);
    expect(await verifyPassword('tr1cky-Pass!', h1)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
  });
  const user = (status: User['status'], passwordHash: string | null = 'h') => ({ status, passwordHash }) as User;
  test.each([
    ['STAGED', 'activate', 'ACTIVE'],
    ['ACTIVE', 'suspend', 'SUSPENDED'],
    ['SUSPENDED', 'unsuspend', 'ACTIVE'],
    ['LOCKED_OUT', 'unlock', 'ACTIVE'],
    ['ACTIVE', 'deactivate', 'DEPROVISIONED'],
    ['DEPROVISIONED', 'activate', 'ACTIVE'],
    ['ACTIVE', 'expire_password', 'PASSWORD_EXPIRED'],
  ] as const)('%s --%s--> %s', (from, verb, to) => {
    expect(nextStatus(user(from), verb)).toBe(to);
  });
  test('activating a user without a password leaves them PROVISIONED', () => {
    expect(nextStatus(user('STAGED', null), 'activate')).toBe('PROVISIONED');
  });
  test.each([
    ['ACTIVE', 'activate', 'E0000016'],
    ['STAGED', 'suspend', 'E0000038'],
    ['ACTIVE', 'unsuspend', 'E0000038'],
    ['ACTIVE', 'unlock', 'E0000038'],
  ] as const)('%s cannot %s (%s)', (from, verb, code) => {
    expect(() => nextStatus(user(from), verb)).toThrow(expect.objectContaining({ errorCode: code }));
  });
});
