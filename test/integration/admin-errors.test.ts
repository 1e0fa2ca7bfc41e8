/*
 * Every error path of the Management API, as a client sees it on the wire (reference §4.1):
 * the HTTP status, Okta's error object, a JSON content type, and — because a refused request must
 * not half-happen — an unchanged database. All requests are raw fetches.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { snapshot, startTestServer, TEST_TOKEN, type TestServer } from '../helpers/server.js';

let s: TestServer;

/** Ids of the demo org, filled in beforeAll; paths below refer to them as `{name}`. */
const ids: Record<string, string> = {};

type Json = Record<string, unknown>;

async function getJson<T = Json[]>(path: string): Promise<T> {
  const res = await s.api(path);
  if (res.status !== 200) throw new Error(`setup: GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

function byName<T extends Json>(items: T[], name: string, key: (x: T) => unknown): T {
  const found = items.find((x) => key(x) === name);
  if (!found) throw new Error(`setup: no ${name}`);
  return found;
}

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });

  const users = await getJson<{ id: string; profile: { login: string } }[]>('/api/v1/users');
  for (const u of users) ids[u.profile.login.split('@')[0]!] = u.id; // ada, grace, alan, katherine
  const groups = await getJson<{ id: string; profile: { name: string } }[]>('/api/v1/groups');
  ids.staff = byName(groups, 'Orders Staff', (g) => g.profile.name).id;
  ids.admins = byName(groups, 'Orders Admins', (g) => g.profile.name).id;
  ids.engineering = byName(groups, 'Engineering', (g) => g.profile.name).id;
  ids.partners = byName(groups, 'Partners', (g) => g.profile.name).id;
  ids.everyone = byName(groups, 'Everyone', (g) => g.profile.name).id;
  const apps = await getJson<{ id: string; label: string }[]>('/api/v1/apps');
  ids.web = byName(apps, 'Orders Portal', (a) => a.label).id;
  ids.spa = byName(apps, 'Orders SPA', (a) => a.label).id;
  ids.service = byName(apps, 'Fulfilment Service', (a) => a.label).id;
  ids.cli = byName(apps, 'Orders CLI', (a) => a.label).id;
  const servers = await getJson<{ id: string; name: string }[]>('/api/v1/authorizationServers');
  ids.as = byName(servers, 'Orders API', (x) => x.name).id;
  const scopes = await getJson<{ id: string; name: string }[]>(`/api/v1/authorizationServers/${ids.as}/scopes`);
  ids.readScope = byName(scopes, 'orders:read', (x) => x.name).id;
  ids.groupsScope = byName(scopes, 'groups', (x) => x.name).id;
  // No rule or claim names orders:admin, so it may be renamed and deleted (used scopes may not).
  ids.adminScope = byName(scopes, 'orders:admin', (x) => x.name).id;
  ids.openidScope = byName(scopes, 'openid', (x) => x.name).id;
  const defaultScopes = await getJson<{ id: string; name: string }[]>('/api/v1/authorizationServers/default/scopes');
  ids.defaultOpenidScope = byName(defaultScopes, 'openid', (x) => x.name).id;
  const claims = await getJson<{ id: string; name: string }[]>(`/api/v1/authorizationServers/${ids.as}/claims`);
  ids.departmentClaim = byName(claims, 'department', (x) => x.name).id;
  ids.subClaim = byName(claims, 'sub', (x) => x.name).id;
  const defaultClaims = await getJson<{ id: string; name: string }[]>('/api/v1/authorizationServers/default/claims');
  ids.defaultSubClaim = byName(defaultClaims, 'sub', (x) => x.name).id;
  const policies = await getJson<{ id: string; name: string }[]>(`/api/v1/authorizationServers/${ids.as}/policies`);
  ids.policy = byName(policies, 'Orders apps', (x) => x.name).id;
  ids.machinePolicy = byName(policies, 'Service to service', (x) => x.name).id;
  const rules = await getJson<{ id: string; name: string }[]>(`/api/v1/authorizationServers/${ids.as}/policies/${ids.policy}/rules`);
  ids.rule = byName(rules, 'Everyone may read orders', (x) => x.name).id;
  const keys = await getJson<{ kid: string; status: string }[]>(`/api/v1/authorizationServers/${ids.as}/credentials/keys`);
  ids.kid = byName(keys, 'ACTIVE', (k) => k.status).kid;

  // A user who never was activated, for the lifecycle rules.
  const staged = await s.api('/api/v1/users?activate=false', {
    method: 'POST',
    body: JSON.stringify({ profile: { firstName: 'Stan', lastName: 'Staged', email: 'stan@example.com', login: 'stan@example.com' } }),
  });
  if (staged.status !== 200) throw new Error(`setup: staged user: ${staged.status} ${await staged.text()}`);
  ids.staged = ((await staged.json()) as { id: string }).id;
});

afterAll(async () => {
  await s?.close();
});

// ---------------------------------------------------------------------------------------------
// The request and the assertions every error shares.

function path(p: string): string {
  return p.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = ids[name];
    if (v === undefined) throw new Error(`unknown placeholder {${name}}`);
    return v;
  });
}

interface Req {
  method: string;
  path: string;
  /** A string is sent as is (for malformed bodies); anything else is JSON-encoded. */
  body?: unknown;
  /** `Authorization` header; undefined = the admin token, null = none. */
  auth?: string | null;
  headers?: Record<string, string>;
}

async function send(r: Req): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...r.headers };
  const auth = r.auth === undefined ? `SSWS ${TEST_TOKEN}` : r.auth;
  if (auth !== null) headers.Authorization = auth;
  let body: string | undefined;
  if (r.body !== undefined) {
    body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return fetch(`${s.url}${path(r.path)}`, { method: r.method, headers, body });
}

interface Expected {
  status: number;
  code: string;
  /** Exact `errorSummary`, or a pattern. */
  summary?: string | RegExp;
  /** Words each of which must appear in some `errorCauses[].errorSummary` (the fields at fault). */
  fields?: string[];
  /** Exact `errorCauses` summaries. */
  causes?: string[];
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** Sends the request and checks status, error object, content type, and that nothing changed. */
async function expectError(r: Req, e: Expected): Promise<OktaError> {
  const before = snapshot(s);
  const res = await send(r);
  const text = await res.text();
  const after = snapshot(s);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const what = `${r.method} ${path(r.path)}`;
  expect({ status: res.status, errorCode: (body as Partial<OktaError>)?.errorCode }, `${what} → ${text.slice(0, 400)}`).toEqual({
    status: e.status,
    errorCode: e.code,
  });
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json(;|$)/);
  expectErrorShape(body);
  const err = body as OktaError;
  if (e.summary instanceof RegExp) expect(err.errorSummary).toMatch(e.summary);
  else if (e.summary !== undefined) expect(err.errorSummary).toBe(e.summary);
  const causes = err.errorCauses.map((c) => c.errorSummary);
  if (e.causes) expect(causes).toEqual(e.causes);
  if (e.code === 'E0000001') expect(err.errorSummary).toMatch(/^Api validation failed: \S/);
  if (e.fields?.length) {
    for (const f of e.fields) expect(causes.some((c) => c.includes(f)), `${what}: no errorCause names '${f}': ${JSON.stringify(causes)}`).toBe(true);
    expect(e.fields.some((f) => err.errorSummary.includes(f)), `${what}: summary names none of ${e.fields.join(', ')}: ${err.errorSummary}`).toBe(true);
  }
  expect(after === before, `${what} changed the database`).toBe(true);
  return err;
}

function expectErrorShape(body: unknown): void {
  expect(body).toBeTypeOf('object');
  const err = body as OktaError;
  expect(Object.keys(err).sort()).toEqual(['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary']);
  expect(err.errorCode).toMatch(/^E\d{7}$/);
  expect(err.errorLink).toBe(err.errorCode);
  expect(err.errorSummary).toBeTypeOf('string');
  expect(err.errorSummary.length).toBeGreaterThan(0);
  expect(err.errorId).toMatch(/^oae[A-Za-z0-9]+$/);
  expect(Array.isArray(err.errorCauses)).toBe(true);
  for (const c of err.errorCauses) {
    expect(Object.keys(c)).toEqual(['errorSummary']);
    expect(c.errorSummary).toBeTypeOf('string');
  }
}

const validation = (fields: string[], summary?: string | RegExp): Expected => ({ status: 400, code: 'E0000001', fields, summary });
const MALFORMED: Expected = { status: 400, code: 'E0000003', summary: 'The request body was not well-formed.' };
const ROTATE_KEYS: Expected = {
  status: 400,
  code: 'E0000001',
  summary: 'Api validation failed: rotateKeys',
  causes: ["Invalid value specified for key 'use' parameter."],
};

const notFoundSummary = (id: string, type?: string) =>
  type ? `Not found: Resource not found: ${id} (${type})` : new RegExp(`^Not found: Resource not found: ${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\w+\\)$`);

// ---------------------------------------------------------------------------------------------
// Bodies that are valid (the last describe block proves it), so each error below has one cause.

const AS = '/api/v1/authorizationServers/{as}';
const body = {
  user: () => ({ profile: { firstName: 'Nia', lastName: 'New', email: 'nia.new@example.com', login: 'nia.new@example.com' } }),
  adaReplace: () => ({ profile: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', login: 'ada@example.com' } }),
  group: () => ({ profile: { name: 'Brand New Group', description: 'made by a test' } }),
  app: () => ({
    name: 'oidc_client',
    label: 'Brand New App',
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
    settings: { oauthClient: { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['http://localhost:9000/callback'] } },
  }),
  server: () => ({ name: 'Brand New AS', description: 'made by a test', audiences: ['api://brand-new'] }),
  scope: () => ({ name: 'brand:new', description: 'made by a test' }),
  claim: () => ({ name: 'brand_new', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.email', conditions: { scopes: [] } }),
  policy: () => ({ name: 'Brand new policy', description: 'made by a test', conditions: { clients: { include: ['ALL_CLIENTS'] } } }),
  rule: () => ({
    type: 'RESOURCE_ACCESS',
    name: 'Brand new rule',
    conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['openid', 'orders:read'] } },
    actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
  }),
  appUser: () => ({ id: ids.katherine, scope: 'USER' }),
  appUserUpdate: () => ({ credentials: { userName: 'ada.cli' } }),
  appGroup: () => ({ priority: 1 }),
  rotate: () => ({ use: 'sig' }),
};

type Endpoint = { name: string; method: string; path: string; valid: () => Json; rotate?: boolean };

/** Every endpoint that reads a JSON body. */
const BODY_ENDPOINTS: Endpoint[] = [
  { name: 'create user', method: 'POST', path: '/api/v1/users', valid: body.user },
  { name: 'replace user', method: 'PUT', path: '/api/v1/users/{ada}', valid: body.adaReplace },
  { name: 'update user', method: 'POST', path: '/api/v1/users/{ada}', valid: () => ({ profile: { title: 'Countess' } }) },
  { name: 'create group', method: 'POST', path: '/api/v1/groups', valid: body.group },
  { name: 'replace group', method: 'PUT', path: '/api/v1/groups/{partners}', valid: body.group },
  { name: 'create app', method: 'POST', path: '/api/v1/apps', valid: body.app },
  { name: 'replace app', method: 'PUT', path: '/api/v1/apps/{web}', valid: body.app },
  { name: 'create authorization server', method: 'POST', path: '/api/v1/authorizationServers', valid: body.server },
  { name: 'replace authorization server', method: 'PUT', path: AS, valid: body.server },
  { name: 'create scope', method: 'POST', path: `${AS}/scopes`, valid: body.scope },
  { name: 'replace scope', method: 'PUT', path: `${AS}/scopes/{adminScope}`, valid: body.scope },
  { name: 'create claim', method: 'POST', path: `${AS}/claims`, valid: body.claim },
  { name: 'replace claim', method: 'PUT', path: `${AS}/claims/{departmentClaim}`, valid: body.claim },
  { name: 'create policy', method: 'POST', path: `${AS}/policies`, valid: body.policy },
  { name: 'replace policy', method: 'PUT', path: `${AS}/policies/{policy}`, valid: body.policy },
  { name: 'create rule', method: 'POST', path: `${AS}/policies/{policy}/rules`, valid: body.rule },
  { name: 'replace rule', method: 'PUT', path: `${AS}/policies/{policy}/rules/{rule}`, valid: body.rule },
  { name: 'assign user to app', method: 'POST', path: '/api/v1/apps/{cli}/users', valid: body.appUser },
  { name: 'update app user', method: 'POST', path: '/api/v1/apps/{cli}/users/{ada}', valid: body.appUserUpdate },
  { name: 'assign group to app', method: 'PUT', path: '/api/v1/apps/{spa}/groups/{engineering}', valid: body.appGroup },
  { name: 'rotate keys', method: 'POST', path: `${AS}/credentials/lifecycle/keyRotate`, valid: body.rotate, rotate: true },
];

// ---------------------------------------------------------------------------------------------

describe('bodies that are not JSON objects → 400 E0000003', () => {
  test.each(BODY_ENDPOINTS)('$name ($method $path): malformed JSON', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: '{"profile": {"name": "x"' }, MALFORMED);
  });
  test.each(BODY_ENDPOINTS)('$name ($method $path): trailing garbage', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: `${JSON.stringify(ep.valid())} x` }, MALFORMED);
  });
  test.each(BODY_ENDPOINTS)('$name ($method $path): a JSON array', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: '[]' }, MALFORMED);
  });
  test.each(BODY_ENDPOINTS)('$name ($method $path): an array holding a valid body', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: [ep.valid()] }, MALFORMED);
  });
  test.each(BODY_ENDPOINTS)('$name ($method $path): a JSON string', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: '"hello"' }, MALFORMED);
  });
  test.each(BODY_ENDPOINTS)('$name ($method $path): JSON null', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: 'null' }, MALFORMED);
  });
});

describe('unknown top-level field → 400 E0000001 naming it', () => {
  test.each(BODY_ENDPOINTS.filter((e) => !e.rotate))('$name ($method $path)', async (ep) => {
    await expectError({ method: ep.method, path: ep.path, body: { ...ep.valid(), colour: 'blue' } }, validation(['colour']));
  });
  test('rotate keys with an extra field → Api validation failed: rotateKeys', async () => {
    await expectError({ method: 'POST', path: `${AS}/credentials/lifecycle/keyRotate`, body: { use: 'sig', colour: 'blue' } }, ROTATE_KEYS);
  });
  test.each([
    ['user profile credentials', 'POST', '/api/v1/users', () => ({ ...body.user(), credentials: { password: { value: 'Tr1cky-Pass!' }, pin: '1234' } }), 'pin'],
    ['app settings.oauthClient', 'POST', '/api/v1/apps', () => {
      const a = body.app();
      (a.settings.oauthClient as Json).colour = 'blue';
      return a;
    }, 'colour'],
    ['rule conditions', 'POST', `${AS}/policies/{policy}/rules`, () => {
      const r = body.rule();
      (r.conditions as Json).weather = 'sunny';
      return r;
    }, 'weather'],
    ['server credentials.signing', 'POST', '/api/v1/authorizationServers', () => ({ ...body.server(), credentials: { signing: { rotationMode: 'AUTO', colour: 'blue' } } }), 'colour'],
  ] as const)('nested unknown field in %s', async (_n, method, p, make, field) => {
    await expectError({ method, path: p, body: make() }, validation([field]));
  });
});

describe('wrong types → 400 E0000001 naming the field', () => {
  const cases: [string, string, string, () => Json, string[]][] = [
    ['user login: 42', 'POST', '/api/v1/users', () => ({ profile: { ...body.user().profile, login: 42 } }), ['login']],
    ['user profile: "x"', 'POST', '/api/v1/users', () => ({ profile: 'x' }), ['profile']],
    ['user password value: 12345678', 'POST', '/api/v1/users', () => ({ ...body.user(), credentials: { password: { value: 12345678 } } }), ['password']],
    ['user groupIds: string', 'POST', '/api/v1/users', () => ({ ...body.user(), groupIds: ids.staff }), ['groupIds']],
    ['replace user firstName: 42', 'PUT', '/api/v1/users/{ada}', () => ({ profile: { ...body.adaReplace().profile, firstName: 42 } }), ['firstName']],
    ['update user login: 42', 'POST', '/api/v1/users/{ada}', () => ({ profile: { login: 42 } }), ['login']],
    ['group name: 42', 'POST', '/api/v1/groups', () => ({ profile: { name: 42 } }), ['name']],
    ['group description: []', 'PUT', '/api/v1/groups/{partners}', () => ({ profile: { name: 'Partners', description: [] } }), ['description']],
    ['app label: 42', 'POST', '/api/v1/apps', () => ({ ...body.app(), label: 42 }), ['label']],
    ['app grant_types: "authorization_code"', 'POST', '/api/v1/apps', () => {
      const a = body.app();
      (a.settings.oauthClient as Json).grant_types = 'authorization_code';
      return a;
    }, ['grant_types']],
    ['app redirect_uris: string', 'PUT', '/api/v1/apps/{web}', () => {
      const a = body.app();
      (a.settings.oauthClient as Json).redirect_uris = 'http://localhost:9000/callback';
      return a;
    }, ['redirect_uris']],
    ['app pkce_required: "yes"', 'POST', '/api/v1/apps', () => ({ ...body.app(), credentials: { oauthClient: { pkce_required: 'yes' } } }), ['pkce_required']],
    ['server name: 42', 'POST', '/api/v1/authorizationServers', () => ({ ...body.server(), name: 42 }), ['name']],
    ['server audiences: "x"', 'POST', '/api/v1/authorizationServers', () => ({ ...body.server(), audiences: 'x' }), ['audiences']],
    ['server audiences: "x" on replace', 'PUT', AS, () => ({ ...body.server(), audiences: 'x' }), ['audiences']],
    ['server rotationMode: 7', 'PUT', AS, () => ({ ...body.server(), credentials: { signing: { rotationMode: 7 } } }), ['rotationMode']],
    ['scope name: 42', 'POST', `${AS}/scopes`, () => ({ name: 42 }), ['name']],
    ['scope default: "yes"', 'POST', `${AS}/scopes`, () => ({ ...body.scope(), default: 'yes' }), ['default']],
    ['scope consent: "SOMETIMES"', 'PUT', `${AS}/scopes/{groupsScope}`, () => ({ ...body.scope(), consent: 'SOMETIMES' }), ['consent']],
    ['claim name: 42', 'POST', `${AS}/claims`, () => ({ ...body.claim(), name: 42 }), ['name']],
    ['claim alwaysIncludeInToken: "yes"', 'POST', `${AS}/claims`, () => ({ ...body.claim(), alwaysIncludeInToken: 'yes' }), ['alwaysIncludeInToken']],
    ['claim conditions.scopes: "openid"', 'PUT', `${AS}/claims/{departmentClaim}`, () => ({ ...body.claim(), conditions: { scopes: 'openid' } }), ['scopes']],
    ['claim claimType: "BOTH"', 'POST', `${AS}/claims`, () => ({ ...body.claim(), claimType: 'BOTH' }), ['claimType']],
    ['policy name: 42', 'POST', `${AS}/policies`, () => ({ ...body.policy(), name: 42 }), ['name']],
    ['policy clients.include: "ALL_CLIENTS"', 'POST', `${AS}/policies`, () => ({ ...body.policy(), conditions: { clients: { include: 'ALL_CLIENTS' } } }), ['include']],
    ['policy priority: "first"', 'PUT', `${AS}/policies/{policy}`, () => ({ ...body.policy(), priority: 'first' }), ['priority']],
    ['rule name: 42', 'POST', `${AS}/policies/{policy}/rules`, () => ({ ...body.rule(), name: 42 }), ['name']],
    ['rule grantTypes.include: "authorization_code"', 'POST', `${AS}/policies/{policy}/rules`, () => ({
      ...body.rule(),
      conditions: { grantTypes: { include: 'authorization_code' }, scopes: { include: ['openid'] } },
    }), ['grantTypes']],
    ['rule accessTokenLifetimeMinutes: "60"', 'PUT', `${AS}/policies/{policy}/rules/{rule}`, () => ({
      ...body.rule(),
      actions: { token: { accessTokenLifetimeMinutes: '60' } },
    }), ['accessTokenLifetimeMinutes']],
    ['rule grant type not known', 'POST', `${AS}/policies/{policy}/rules`, () => ({
      ...body.rule(),
      conditions: { grantTypes: { include: ['magic'] }, scopes: { include: ['openid'] } },
    }), ['grantTypes']],
    ['app user id: 42', 'POST', '/api/v1/apps/{cli}/users', () => ({ id: 42 }), ['id']],
    ['app user userName: 5', 'POST', '/api/v1/apps/{cli}/users/{ada}', () => ({ credentials: { userName: 5 } }), ['userName']],
    ['app group priority: "high"', 'PUT', '/api/v1/apps/{spa}/groups/{engineering}', () => ({ priority: 'high' }), ['priority']],
  ];
  test.each(cases)('%s (%s %s)', async (_n, method, p, make, fields) => {
    await expectError({ method, path: p, body: make() }, validation(fields));
  });
  test.each([[{ use: 42 }], [{ use: ['sig'] }], [{ use: null }]])('rotate keys with %j → Api validation failed: rotateKeys', async (b) => {
    await expectError({ method: 'POST', path: `${AS}/credentials/lifecycle/keyRotate`, body: b }, ROTATE_KEYS);
  });
});

describe('missing required fields → 400 E0000001 naming each', () => {
  const cases: [string, string, string, Json, string[]][] = [
    ['user without login and email', 'POST', '/api/v1/users', { profile: { firstName: 'No', lastName: 'Login' } }, ['login', 'email']],
    ['user without profile', 'POST', '/api/v1/users', {}, ['profile']],
    ['replace user without login and email', 'PUT', '/api/v1/users/{ada}', { profile: { firstName: 'Ada' } }, ['login', 'email']],
    ['group without name', 'POST', '/api/v1/groups', { profile: { description: 'nameless' } }, ['name']],
    ['group with a blank name', 'POST', '/api/v1/groups', { profile: { name: '   ' } }, ['name']],
    ['group without profile', 'PUT', '/api/v1/groups/{partners}', {}, ['profile']],
    ['app without label, signOnMode and settings', 'POST', '/api/v1/apps', {}, ['label', 'signOnMode', 'settings']],
    ['app without grant_types', 'POST', '/api/v1/apps', {
      label: 'X', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { application_type: 'web', redirect_uris: ['http://localhost/cb'] } },
    }, ['grant_types']],
    ['app without application_type', 'PUT', '/api/v1/apps/{web}', {
      label: 'X', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { grant_types: ['authorization_code'], redirect_uris: ['http://localhost/cb'] } },
    }, ['application_type']],
    ['server without name and audiences', 'POST', '/api/v1/authorizationServers', {}, ['name', 'audiences']],
    ['server without audiences', 'PUT', AS, { name: 'Orders API' }, ['audiences']],
    ['server with no audience', 'POST', '/api/v1/authorizationServers', { name: 'No audience', audiences: [] }, ['audiences']],
    ['scope without name', 'POST', `${AS}/scopes`, { description: 'nameless' }, ['name']],
    ['scope without name on replace', 'PUT', `${AS}/scopes/{groupsScope}`, {}, ['name']],
    ['claim without name, claimType and valueType', 'POST', `${AS}/claims`, {}, ['name', 'claimType', 'valueType']],
    ['EXPRESSION claim without value', 'POST', `${AS}/claims`, { name: 'novalue', claimType: 'RESOURCE', valueType: 'EXPRESSION' }, ['value']],
    ['GROUPS claim without group_filter_type', 'POST', `${AS}/claims`, { name: 'grps', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Orders' }, ['group_filter_type']],
    ['policy without name, description and conditions', 'POST', `${AS}/policies`, {}, ['name', 'description', 'conditions']],
    ['policy with no clients', 'PUT', `${AS}/policies/{policy}`, { name: 'P', description: 'd', conditions: { clients: { include: [] } } }, ['include']],
    ['rule without type, name and conditions', 'POST', `${AS}/policies/{policy}/rules`, {}, ['type', 'name', 'conditions']],
    ['rule without grantTypes and scopes', 'PUT', `${AS}/policies/{policy}/rules/{rule}`, { type: 'RESOURCE_ACCESS', name: 'R', conditions: {} }, ['grantTypes', 'scopes']],
    ['app user without id', 'POST', '/api/v1/apps/{cli}/users', { scope: 'USER' }, ['id']],
  ];
  test.each(cases)('%s (%s %s)', async (_n, method, p, b, fields) => {
    await expectError({ method, path: p, body: b }, validation(fields));
  });
  test('rotate keys with {} → Api validation failed: rotateKeys', async () => {
    await expectError({ method: 'POST', path: `${AS}/credentials/lifecycle/keyRotate`, body: {} }, ROTATE_KEYS);
  });
});

describe('duplicates → 400 E0000001', () => {
  const user = (login: string) => ({ profile: { firstName: 'Dup', lastName: 'Licate', email: 'dup@example.com', login } });
  const cases: [string, string, string, () => Json, string[]][] = [
    ['user login, same case', 'POST', '/api/v1/users', () => user('ada@example.com'), ['login']],
    ['user login, other case', 'POST', '/api/v1/users', () => user('ADA@Example.COM'), ['login']],
    ['user login, with diacritics', 'POST', '/api/v1/users', () => user('adá@example.com'), ['login']],
    ['user login taken on replace', 'PUT', '/api/v1/users/{grace}', () => user('Ada@example.com'), ['login']],
    ['user login taken on update', 'POST', '/api/v1/users/{grace}', () => ({ profile: { login: 'ada@EXAMPLE.com' } }), ['login']],
    ['group name, same case', 'POST', '/api/v1/groups', () => ({ profile: { name: 'Orders Staff' } }), ['name']],
    ['group name, other case', 'POST', '/api/v1/groups', () => ({ profile: { name: 'orders staff' } }), ['name']],
    ['group name of the built-in Everyone', 'POST', '/api/v1/groups', () => ({ profile: { name: 'Everyone' } }), ['name']],
    ['group name taken on replace', 'PUT', '/api/v1/groups/{partners}', () => ({ profile: { name: 'ORDERS STAFF' } }), ['name']],
    ['server name, same case', 'POST', '/api/v1/authorizationServers', () => ({ ...body.server(), name: 'Orders API' }), ['name']],
    ['server name, other case', 'POST', '/api/v1/authorizationServers', () => ({ ...body.server(), name: 'orders api' }), ['name']],
    ['server name "default"', 'POST', '/api/v1/authorizationServers', () => ({ ...body.server(), name: 'default' }), ['name']],
    ['server name taken on replace', 'PUT', '/api/v1/authorizationServers/default', () => ({ ...body.server(), name: 'Orders API' }), ['name']],
    ['scope name in the same server', 'POST', `${AS}/scopes`, () => ({ name: 'orders:read' }), ['name']],
    ['system scope name', 'POST', `${AS}/scopes`, () => ({ name: 'openid' }), ['name']],
    ['scope name taken on replace', 'PUT', `${AS}/scopes/{groupsScope}`, () => ({ name: 'orders:write' }), ['name']],
    ['claim name + type (RESOURCE)', 'POST', `${AS}/claims`, () => ({ ...body.claim(), name: 'department' }), ['name']],
    ['claim name + type (IDENTITY)', 'POST', `${AS}/claims`, () => ({
      name: 'groups', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Eng', group_filter_type: 'STARTS_WITH',
    }), ['name']],
    ['claim name + type taken on replace', 'PUT', `${AS}/claims/{departmentClaim}`, () => ({ ...body.claim(), name: 'email' }), ['name']],
  ];
  test.each(cases)('%s (%s %s)', async (_n, method, p, make, fields) => {
    await expectError({ method, path: p, body: make() }, validation(fields));
  });
});

describe('unknown ids → 404 E0000007', () => {
  const NO_USER = '00uNoSuchUser000000';
  const NO_GROUP = '00gNoSuchGroup00000';
  const NO_APP = '0oaNoSuchApp0000000';
  const NO_AS = 'ausNoSuchServer0000';
  const cases: { method: string; path: string; id: string; type?: string; body?: () => Json }[] = [
    { method: 'GET', path: `/api/v1/users/${NO_USER}`, id: NO_USER, type: 'User' },
    { method: 'PUT', path: `/api/v1/users/${NO_USER}`, id: NO_USER, type: 'User', body: body.user },
    { method: 'POST', path: `/api/v1/users/${NO_USER}`, id: NO_USER, type: 'User', body: () => ({ profile: { title: 'x' } }) },
    { method: 'DELETE', path: `/api/v1/users/${NO_USER}`, id: NO_USER, type: 'User' },
    { method: 'GET', path: `/api/v1/users/nobody@example.com`, id: 'nobody@example.com', type: 'User' },
    { method: 'GET', path: `/api/v1/users/${NO_USER}/groups`, id: NO_USER, type: 'User' },
    { method: 'POST', path: `/api/v1/users/${NO_USER}/lifecycle/activate`, id: NO_USER, type: 'User' },
    { method: 'POST', path: `/api/v1/users/${NO_USER}/lifecycle/suspend`, id: NO_USER, type: 'User' },
    { method: 'GET', path: `/api/v1/groups/${NO_GROUP}`, id: NO_GROUP, type: 'UserGroup' },
    { method: 'PUT', path: `/api/v1/groups/${NO_GROUP}`, id: NO_GROUP, type: 'UserGroup', body: body.group },
    { method: 'DELETE', path: `/api/v1/groups/${NO_GROUP}`, id: NO_GROUP, type: 'UserGroup' },
    { method: 'GET', path: `/api/v1/groups/${NO_GROUP}/users`, id: NO_GROUP, type: 'UserGroup' },
    { method: 'GET', path: `/api/v1/groups/${NO_GROUP}/apps`, id: NO_GROUP, type: 'UserGroup' },
    { method: 'PUT', path: `/api/v1/groups/${NO_GROUP}/users/{ada}`, id: NO_GROUP, type: 'UserGroup' },
    { method: 'PUT', path: `/api/v1/groups/{staff}/users/${NO_USER}`, id: NO_USER, type: 'User' },
    { method: 'DELETE', path: `/api/v1/groups/{staff}/users/${NO_USER}`, id: NO_USER, type: 'User' },
    { method: 'GET', path: `/api/v1/apps/${NO_APP}`, id: NO_APP, type: 'AppInstance' },
    { method: 'PUT', path: `/api/v1/apps/${NO_APP}`, id: NO_APP, type: 'AppInstance', body: body.app },
    { method: 'DELETE', path: `/api/v1/apps/${NO_APP}`, id: NO_APP, type: 'AppInstance' },
    { method: 'POST', path: `/api/v1/apps/${NO_APP}/lifecycle/deactivate`, id: NO_APP, type: 'AppInstance' },
    { method: 'GET', path: `/api/v1/apps/${NO_APP}/users`, id: NO_APP, type: 'AppInstance' },
    { method: 'POST', path: `/api/v1/apps/${NO_APP}/users`, id: NO_APP, type: 'AppInstance', body: body.appUser },
    { method: 'GET', path: `/api/v1/apps/${NO_APP}/groups`, id: NO_APP, type: 'AppInstance' },
    { method: 'PUT', path: `/api/v1/apps/${NO_APP}/groups/{staff}`, id: NO_APP, type: 'AppInstance', body: body.appGroup },
    { method: 'POST', path: '/api/v1/apps/{cli}/users', id: NO_USER, type: 'User', body: () => ({ id: NO_USER }) },
    { method: 'GET', path: `/api/v1/apps/{cli}/users/${NO_USER}`, id: NO_USER },
    { method: 'POST', path: `/api/v1/apps/{cli}/users/${NO_USER}`, id: NO_USER, body: body.appUserUpdate },
    { method: 'DELETE', path: `/api/v1/apps/{cli}/users/${NO_USER}`, id: NO_USER },
    { method: 'GET', path: '/api/v1/apps/{cli}/users/{katherine}', id: '{katherine}' }, // a user not assigned to that app
    { method: 'PUT', path: `/api/v1/apps/{spa}/groups/${NO_GROUP}`, id: NO_GROUP, type: 'UserGroup', body: body.appGroup },
    { method: 'GET', path: `/api/v1/apps/{spa}/groups/${NO_GROUP}`, id: NO_GROUP },
    { method: 'DELETE', path: '/api/v1/apps/{spa}/groups/{admins}', id: '{admins}' }, // group exists, not assigned
    { method: 'GET', path: `/api/v1/authorizationServers/${NO_AS}`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'PUT', path: `/api/v1/authorizationServers/${NO_AS}`, id: NO_AS, type: 'AuthorizationServer', body: body.server },
    { method: 'DELETE', path: `/api/v1/authorizationServers/${NO_AS}`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'POST', path: `/api/v1/authorizationServers/${NO_AS}/lifecycle/deactivate`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'GET', path: `/api/v1/authorizationServers/${NO_AS}/scopes`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'POST', path: `/api/v1/authorizationServers/${NO_AS}/scopes`, id: NO_AS, type: 'AuthorizationServer', body: body.scope },
    { method: 'GET', path: `/api/v1/authorizationServers/${NO_AS}/claims`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'POST', path: `/api/v1/authorizationServers/${NO_AS}/claims`, id: NO_AS, type: 'AuthorizationServer', body: body.claim },
    { method: 'GET', path: `/api/v1/authorizationServers/${NO_AS}/policies`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'POST', path: `/api/v1/authorizationServers/${NO_AS}/policies`, id: NO_AS, type: 'AuthorizationServer', body: body.policy },
    { method: 'GET', path: `/api/v1/authorizationServers/${NO_AS}/credentials/keys`, id: NO_AS, type: 'AuthorizationServer' },
    { method: 'POST', path: `/api/v1/authorizationServers/${NO_AS}/credentials/lifecycle/keyRotate`, id: NO_AS, type: 'AuthorizationServer', body: body.rotate },
    { method: 'GET', path: `${AS}/credentials/keys/nokid`, id: 'nokid' },
    { method: 'GET', path: `${AS}/scopes/scpNoSuchScope00000`, id: 'scpNoSuchScope00000' },
    { method: 'PUT', path: `${AS}/scopes/scpNoSuchScope00000`, id: 'scpNoSuchScope00000', body: body.scope },
    { method: 'DELETE', path: `${AS}/scopes/scpNoSuchScope00000`, id: 'scpNoSuchScope00000' },
    { method: 'GET', path: '/api/v1/authorizationServers/default/scopes/{readScope}', id: '{readScope}' }, // a scope of another server
    { method: 'GET', path: `${AS}/claims/oclNoSuchClaim00000`, id: 'oclNoSuchClaim00000' },
    { method: 'PUT', path: `${AS}/claims/oclNoSuchClaim00000`, id: 'oclNoSuchClaim00000', body: body.claim },
    { method: 'DELETE', path: `${AS}/claims/oclNoSuchClaim00000`, id: 'oclNoSuchClaim00000' },
    { method: 'DELETE', path: '/api/v1/authorizationServers/default/claims/{departmentClaim}', id: '{departmentClaim}' },
    { method: 'GET', path: `${AS}/policies/00pNoSuchPolicy0000`, id: '00pNoSuchPolicy0000' },
    { method: 'PUT', path: `${AS}/policies/00pNoSuchPolicy0000`, id: '00pNoSuchPolicy0000', body: body.policy },
    { method: 'DELETE', path: `${AS}/policies/00pNoSuchPolicy0000`, id: '00pNoSuchPolicy0000' },
    { method: 'POST', path: `${AS}/policies/00pNoSuchPolicy0000/lifecycle/deactivate`, id: '00pNoSuchPolicy0000' },
    { method: 'GET', path: `${AS}/policies/00pNoSuchPolicy0000/rules`, id: '00pNoSuchPolicy0000' },
    { method: 'POST', path: `${AS}/policies/00pNoSuchPolicy0000/rules`, id: '00pNoSuchPolicy0000', body: body.rule },
    { method: 'DELETE', path: '/api/v1/authorizationServers/default/policies/{policy}', id: '{policy}' },
    { method: 'GET', path: `${AS}/policies/{policy}/rules/0prNoSuchRule000000`, id: '0prNoSuchRule000000' },
    { method: 'PUT', path: `${AS}/policies/{policy}/rules/0prNoSuchRule000000`, id: '0prNoSuchRule000000', body: body.rule },
    { method: 'DELETE', path: `${AS}/policies/{policy}/rules/0prNoSuchRule000000`, id: '0prNoSuchRule000000' },
    { method: 'POST', path: `${AS}/policies/{policy}/rules/0prNoSuchRule000000/lifecycle/deactivate`, id: '0prNoSuchRule000000' },
    { method: 'DELETE', path: `${AS}/policies/{machinePolicy}/rules/{rule}`, id: '{rule}' }, // a rule of another policy
  ];
  test.each(cases)('$method $path', async (c) => {
    const id = path(c.id);
    const err = await expectError(
      { method: c.method, path: c.path, body: c.body?.() },
      { status: 404, code: 'E0000007', summary: notFoundSummary(id, c.type) },
    );
    expect(err.errorCauses).toEqual([]);
  });
});

describe('authentication → 401 E0000011', () => {
  const headers: [string, string | null][] = [
    ['no Authorization header', null],
    ['Bearer x', 'Bearer x'],
    ['Bearer <the admin token>', `Bearer ${TEST_TOKEN}`],
    ['SSWS wrong', 'SSWS wrong'],
    ['SSWS with nothing after it', 'SSWS '],
    ['SSWS <token>x', `SSWS ${TEST_TOKEN}x`],
    ['SSWS <token prefix>', `SSWS ${TEST_TOKEN.slice(0, -1)}`],
    ['SSWS<token> without a space', `SSWS${TEST_TOKEN}`],
    ['Basic <token>', `Basic ${Buffer.from(`${TEST_TOKEN}:`).toString('base64')}`],
  ];
  const requests: Req[] = [
    { method: 'GET', path: '/api/v1/users' },
    { method: 'POST', path: '/api/v1/groups', body: { profile: { name: 'Unauthenticated group' } } },
    { method: 'DELETE', path: '/api/v1/groups/{partners}' },
    { method: 'POST', path: `${AS}/credentials/lifecycle/keyRotate`, body: { use: 'sig' } },
    { method: 'POST', path: '/api/v1/users/{ada}/lifecycle/deactivate' },
  ];
  const combos = headers.flatMap(([label, auth]) => requests.map((r) => ({ label, auth, ...r })));
  test.each(combos)('$label: $method $path', async (c) => {
    await expectError({ ...c, auth: c.auth }, { status: 401, code: 'E0000011', summary: 'Invalid token provided' });
  });
  test('a malformed body with a wrong token is refused for the token, not the body', async () => {
    await expectError({ method: 'POST', path: '/api/v1/groups', body: '{"profile":', auth: 'SSWS wrong' }, { status: 401, code: 'E0000011', summary: 'Invalid token provided' });
  });
  test('a JSON array body without a token is refused for the token', async () => {
    await expectError({ method: 'POST', path: '/api/v1/users', body: '[]', auth: null }, { status: 401, code: 'E0000011', summary: 'Invalid token provided' });
  });
});

describe('methods and paths', () => {
  const methodNotAllowed: [string, string][] = [
    ['PATCH', '/api/v1/users'],
    ['DELETE', '/api/v1/users'],
    ['PATCH', '/api/v1/users/{ada}'],
    ['PUT', '/api/v1/groups'],
    ['POST', '/api/v1/groups/{staff}/users'],
    ['PATCH', '/api/v1/apps/{web}'],
    ['DELETE', '/api/v1/apps/{cli}/users'],
    ['DELETE', '/api/v1/authorizationServers'],
    ['PATCH', '/api/v1/authorizationServers/default'],
    ['POST', '/api/v1/authorizationServers/default/scopes/{defaultOpenidScope}'],
    ['PUT', `${AS}/policies/{policy}/rules`],
    ['GET', `${AS}/credentials/lifecycle/keyRotate`],
    ['DELETE', `${AS}/credentials/keys`],
    ['GET', '/api/v1/authn'],
  ];
  test.each(methodNotAllowed)('%s %s → 405 E0000022', async (method, p) => {
    await expectError({ method, path: p }, { status: 405, code: 'E0000022', summary: 'The endpoint does not support the provided HTTP method' });
  });

  const unknownPaths: [string, string][] = [
    ['GET', '/api/v1/nothing-here'],
    ['POST', '/api/v1/nothing-here'],
    ['GET', '/api/v1/users/{ada}/something'],
    ['GET', '/api/v1/authorizationServers/default/something'],
    ['POST', '/api/v1/users/{ada}/lifecycle/explode'],
    ['POST', '/api/v1/apps/{web}/lifecycle/explode'],
    ['POST', '/api/v1/authorizationServers/default/lifecycle/explode'],
    ['POST', `${AS}/policies/{policy}/lifecycle/explode`],
    ['POST', `${AS}/policies/{policy}/rules/{rule}/lifecycle/explode`],
  ];
  test.each(unknownPaths)('%s %s → 404 E0000008', async (method, p) => {
    await expectError({ method, path: p }, { status: 404, code: 'E0000008', summary: 'The requested path was not found' });
  });
});

describe('bodies over 1 MB → 413 with an Okta error', () => {
  const big = 'x'.repeat(1_100_000);
  const cases: [string, string, () => Json][] = [
    ['POST', '/api/v1/users', () => ({ ...body.user(), profile: { ...body.user().profile, nickName: big } })],
    ['POST', '/api/v1/groups', () => ({ profile: { name: 'Big', description: big } })],
    ['PUT', '/api/v1/apps/{web}', () => ({ ...body.app(), label: big })],
    ['POST', '/api/v1/authorizationServers', () => ({ ...body.server(), description: big })],
    ['POST', `${AS}/scopes`, () => ({ ...body.scope(), description: big })],
    ['POST', `${AS}/credentials/lifecycle/keyRotate`, () => ({ use: 'sig', padding: big })],
  ];
  test.each(cases)('%s %s', async (method, p, make) => {
    const before = snapshot(s);
    const res = await send({ method, path: p, body: make() });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
    expectErrorShape(JSON.parse(text));
    expect(snapshot(s) === before, 'a refused big body changed the database').toBe(true);
  });
});

describe('business rules', () => {
  test('deleting the default authorization server → 400 E0000001', async () => {
    await expectError({ method: 'DELETE', path: '/api/v1/authorizationServers/default' }, validation([]));
  });
  test('deleting an ACTIVE app → 400 E0000001', async () => {
    await expectError({ method: 'DELETE', path: '/api/v1/apps/{web}' }, validation([]));
  });
  test.each([
    ['a system scope of a custom server', `${AS}/scopes/{openidScope}`],
    ['a system scope of the default server', '/api/v1/authorizationServers/default/scopes/{defaultOpenidScope}'],
    ['the system sub claim of a custom server', `${AS}/claims/{subClaim}`],
    ['the system sub claim of the default server', '/api/v1/authorizationServers/default/claims/{defaultSubClaim}'],
  ])('deleting %s → 400 E0000001', async (_n, p) => {
    await expectError({ method: 'DELETE', path: p }, validation([]));
  });
  test('renaming a system scope → 400 E0000001', async () => {
    await expectError({ method: 'PUT', path: `${AS}/scopes/{openidScope}`, body: { name: 'openid2' } }, validation(['name']));
  });
  test('deleting the built-in Everyone group → 403 E0000006', async () => {
    await expectError({ method: 'DELETE', path: '/api/v1/groups/{everyone}' }, { status: 403, code: 'E0000006' });
  });

  describe('password policy → 400 E0000001 "Api validation failed: password"', () => {
    const pw = (value: string) => ({ ...body.user(), credentials: { password: { value } } });
    const PASSWORD = validation(['password'], 'Api validation failed: password');
    test.each([
      ['too short', 'Ab1xyz'],
      ['no upper case', 'lowercase-only-1'],
      ['no lower case', 'UPPERCASE-ONLY-1'],
      ['no digit', 'No-Digits-Here'],
      ['contains the username', 'Nia.new-Secret9'],
    ])('create user with a password that is %s', async (_n, value) => {
      await expectError({ method: 'POST', path: '/api/v1/users', body: pw(value) }, PASSWORD);
    });
    test('replace user with a weak password', async () => {
      await expectError({ method: 'PUT', path: '/api/v1/users/{ada}', body: { ...body.adaReplace(), credentials: { password: { value: 'weak' } } } }, PASSWORD);
    });
    test('update user with a weak password', async () => {
      await expectError({ method: 'POST', path: '/api/v1/users/{ada}', body: { credentials: { password: { value: 'password' } } } }, PASSWORD);
    });
  });

  test('activating an ACTIVE user → 403 E0000016', async () => {
    await expectError(
      { method: 'POST', path: '/api/v1/users/{ada}/lifecycle/activate' },
      { status: 403, code: 'E0000016', summary: 'Activation failed because the user is already active' },
    );
  });
  test.each([
    ['suspending a STAGED user', '/api/v1/users/{staged}/lifecycle/suspend'],
    ['unsuspending an ACTIVE user', '/api/v1/users/{ada}/lifecycle/unsuspend'],
    ['unlocking an ACTIVE user', '/api/v1/users/{ada}/lifecycle/unlock'],
    ['reactivating an ACTIVE user', '/api/v1/users/{ada}/lifecycle/reactivate'],
  ])('%s → 403 E0000038', async (_n, p) => {
    await expectError({ method: 'POST', path: p }, { status: 403, code: 'E0000038', summary: "This operation is not allowed in the user's current status." });
  });
  test('assigning an already-assigned user to an app → 409 E0000062', async () => {
    await expectError(
      { method: 'POST', path: '/api/v1/apps/{cli}/users', body: { id: ids.ada, scope: 'USER' } },
      { status: 409, code: 'E0000062', summary: 'The specified user is already assigned to the application.' },
    );
  });

  describe('rules', () => {
    const RULES = `${AS}/policies/{policy}/rules`;
    const rule = (conditions: Json = {}, token: Json = {}) => {
      const r = body.rule();
      return { ...r, conditions: { ...(r.conditions as Json), ...conditions }, actions: { token: { ...(r.actions.token as Json), ...token } } };
    };
    const cases: [string, string, string, () => Json, string[]][] = [
      ['unknown scope', 'POST', RULES, () => rule({ scopes: { include: ['openid', 'orders:nothing'] } }), ['scopes']],
      ['unknown group', 'POST', RULES, () => rule({ people: { groups: { include: ['00gNoSuchGroup00000'] } } }), ['groups']],
      ['unknown excluded group', 'PUT', `${RULES}/{rule}`, () => rule({ people: { groups: { include: ['EVERYONE'], exclude: ['00gNoSuchGroup00000'] } } }), ['groups']],
      ['unknown user', 'POST', RULES, () => rule({ people: { users: { include: ['00uNoSuchUser000000'] } } }), ['users']],
      ['unknown user on replace', 'PUT', `${RULES}/{rule}`, () => rule({ people: { users: { include: ['00uNoSuchUser000000'] } } }), ['users']],
      ['access token lifetime 4', 'POST', RULES, () => rule({}, { accessTokenLifetimeMinutes: 4 }), ['accessTokenLifetimeMinutes']],
      ['access token lifetime 1441', 'POST', RULES, () => rule({}, { accessTokenLifetimeMinutes: 1441 }), ['accessTokenLifetimeMinutes']],
      ['access token lifetime 0', 'PUT', `${RULES}/{rule}`, () => rule({}, { accessTokenLifetimeMinutes: 0 }), ['accessTokenLifetimeMinutes']],
      ['refresh window shorter than the access lifetime', 'POST', RULES, () => rule({}, { accessTokenLifetimeMinutes: 60, refreshTokenWindowMinutes: 30 }), ['refreshTokenWindowMinutes']],
      ['refresh lifetime shorter than the access lifetime', 'POST', RULES, () => rule({}, { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 30, refreshTokenWindowMinutes: 30 }), ['refreshTokenLifetimeMinutes']],
      ['refresh window longer than the refresh lifetime', 'PUT', `${RULES}/{rule}`, () => rule({}, { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 120, refreshTokenWindowMinutes: 240 }), ['refreshTokenWindowMinutes']],
    ];
    test.each(cases)('rule with %s → 400 E0000001', async (_n, method, p, make, fields) => {
      await expectError({ method, path: p, body: make() }, validation(fields));
    });
    test('a policy of another server is not found → 404 E0000007', async () => {
      await expectError(
        { method: 'POST', path: '/api/v1/authorizationServers/default/policies/{policy}/rules', body: rule() },
        { status: 404, code: 'E0000007', summary: notFoundSummary(ids.policy!) },
      );
    });
  });

  test.each([
    ['POST', `${AS}/policies`],
    ['PUT', `${AS}/policies/{policy}`],
  ])('policy naming an unknown client (%s %s) → 400 E0000001', async (method, p) => {
    await expectError({ method, path: p, body: { ...body.policy(), conditions: { clients: { include: [ids.web, '0oaNoSuchClient0000'] } } } }, validation(['clients']));
  });

  describe('apps', () => {
    const app = (settings: Json, credentials: Json = {}) => {
      const a = body.app();
      return {
        ...a,
        credentials: { oauthClient: { ...(a.credentials.oauthClient as Json), ...credentials } },
        settings: { oauthClient: { ...(a.settings.oauthClient as Json), ...settings } },
      };
    };
    const cases: [string, string, string, () => Json, string[]][] = [
      ['service app with authorization_code', 'POST', '/api/v1/apps', () => app({ application_type: 'service', grant_types: ['authorization_code'] }), ['grant_types']],
      ['service app with implicit', 'POST', '/api/v1/apps', () => app({ application_type: 'service', grant_types: ['client_credentials', 'implicit'], redirect_uris: ['http://localhost/cb'] }), ['grant_types']],
      ['browser app with client_credentials', 'POST', '/api/v1/apps', () => app({ application_type: 'browser', grant_types: ['authorization_code', 'client_credentials'] }, { token_endpoint_auth_method: 'none' }), ['grant_types']],
      ['native app without authorization_code', 'POST', '/api/v1/apps', () => app({ application_type: 'native', grant_types: ['implicit'] }, { token_endpoint_auth_method: 'none' }), ['grant_types']],
      ['browser app with client_secret_basic', 'POST', '/api/v1/apps', () => app({ application_type: 'browser' }, { token_endpoint_auth_method: 'client_secret_basic' }), ['token_endpoint_auth_method']],
      ['redirect_uri with a fragment', 'POST', '/api/v1/apps', () => app({ redirect_uris: ['http://localhost:9000/callback#frag'] }), ['redirect_uris']],
      ['redirect_uri with a fragment on replace', 'PUT', '/api/v1/apps/{web}', () => app({ redirect_uris: ['http://localhost:9000/callback#'] }), ['redirect_uris']],
      ['relative redirect_uri', 'POST', '/api/v1/apps', () => app({ redirect_uris: ['/callback'] }), ['redirect_uris']],
      ['web app without redirect_uris', 'POST', '/api/v1/apps', () => app({ redirect_uris: [] }), ['redirect_uris']],
      ['changing the application_type', 'PUT', '/api/v1/apps/{web}', () => app({ application_type: 'native' }, { token_endpoint_auth_method: 'none' }), ['application_type']],
      ['authorization_code without the code response type', 'POST', '/api/v1/apps', () => app({ response_types: ['token'] }), ['response_types']],
      ['public client without PKCE', 'POST', '/api/v1/apps', () => app({}, { token_endpoint_auth_method: 'none', pkce_required: false }), ['pkce_required']],
      ['client_id ALL_CLIENTS', 'POST', '/api/v1/apps', () => app({}, { client_id: 'ALL_CLIENTS' }), ['client_id']],
    ];
    test.each(cases)('%s (%s %s) → 400 E0000001', async (_n, method, p, make, fields) => {
      await expectError({ method, path: p, body: make() }, validation(fields));
    });
  });

  test.each([[{ use: 'enc' }], [{ use: 'SIG' }]])('keyRotate with %j → 400 E0000001 rotateKeys', async (b) => {
    await expectError({ method: 'POST', path: `${AS}/credentials/lifecycle/keyRotate`, body: b }, ROTATE_KEYS);
  });
  test('keyRotate with {"use":"enc"} on the default server → 400 E0000001 rotateKeys', async () => {
    await expectError({ method: 'POST', path: '/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate', body: { use: 'enc' } }, ROTATE_KEYS);
  });

  test.each([
    ['filter', 'status eq ACTIVE'],
    ['filter', 'status eq "ACTIVE" and'],
    ['filter', 'status zz "ACTIVE"'],
    ['filter', 'status eq "ACTIVE'],
    ['filter', '(status eq "ACTIVE"'],
    ['filter', 'profile.department eq "Research"'],
    ['filter', ''],
    ['search', 'profile.login sw'],
    ['search', 'profile.department eq Research'],
    ['search', 'status eq "ACTIVE" or or status eq "STAGED"'],
    ['search', 'profile.login; DROP TABLE users eq "x"'],
  ])('GET /api/v1/users?%s=%s → 400 E0000031', async (param, expr) => {
    await expectError(
      { method: 'GET', path: `/api/v1/users?${param}=${encodeURIComponent(expr)}` },
      { status: 400, code: 'E0000031', summary: 'Invalid search criteria.' },
    );
  });
});

describe('controls: the same requests, made valid, succeed (so the errors above have the cause they name)', () => {
  const ok = async (r: Req, status = 200) => {
    const res = await send(r);
    expect(res.status, `${r.method} ${path(r.path)} → ${(await res.clone().text()).slice(0, 400)}`).toBe(status);
    return res;
  };
  test('valid bodies are accepted on every body endpoint', async () => {
    // Order matters only for the uniqueness rules: each valid body is used once.
    const status: Record<string, number> = { 'create authorization server': 201, 'create scope': 201, 'create claim': 201, 'create policy': 201, 'create rule': 201 };
    for (const ep of BODY_ENDPOINTS) {
      const b = ep.valid();
      if (ep.name === 'replace group') (b.profile as Json).name = 'Partners renamed';
      if (ep.name === 'replace app') (b as Json).label = 'Orders Portal renamed';
      if (ep.name === 'replace authorization server') (b as Json).name = 'Orders API renamed';
      if (ep.name === 'replace scope') (b as Json).name = 'brand:renamed';
      if (ep.name === 'replace claim') (b as Json).name = 'brand_renamed';
      await ok({ method: ep.method, path: ep.path, body: b }, status[ep.name] ?? 200);
    }
  });
  test('a same-named claim of the other type is not a duplicate', async () => {
    await ok({ method: 'POST', path: `${AS}/claims`, body: { ...body.claim(), name: 'department', claimType: 'IDENTITY' } }, 201);
  });
  test('a valid filter and search are accepted', async () => {
    await ok({ method: 'GET', path: `/api/v1/users?filter=${encodeURIComponent('status eq "ACTIVE"')}` });
    await ok({ method: 'GET', path: `/api/v1/users?search=${encodeURIComponent('profile.department eq "Research"')}` });
  });
  test('the lifecycle calls refused above work in the right status', async () => {
    await ok({ method: 'POST', path: '/api/v1/users/{ada}/lifecycle/suspend' });
    await ok({ method: 'POST', path: '/api/v1/users/{ada}/lifecycle/unsuspend' });
    await ok({ method: 'POST', path: '/api/v1/users/{staged}/lifecycle/activate' });
  });
  test('an INACTIVE app can be deleted; a custom scope and claim can be deleted', async () => {
    await ok({ method: 'POST', path: '/api/v1/apps/{service}/lifecycle/deactivate' });
    await ok({ method: 'DELETE', path: '/api/v1/apps/{service}' }, 204);
    await ok({ method: 'DELETE', path: `${AS}/scopes/{adminScope}` }, 204);
    await ok({ method: 'DELETE', path: `${AS}/claims/{departmentClaim}` }, 204);
  });
  test('the admin token in an SSWS header with other casing and spacing is accepted', async () => {
    await ok({ method: 'GET', path: '/api/v1/users', auth: `ssws  ${TEST_TOKEN}` });
  });
});
