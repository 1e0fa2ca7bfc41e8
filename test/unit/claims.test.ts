import { describe, expect, test } from 'vitest';
import {
  accessTokenClaims, filterGroups, idTokenClaims, MAX_GROUPS_IN_CLAIM, standardClaims, userinfoClaims,
  type ClaimsResult, type ClaimSource, type IdTokenOptions, type MintOptions, type TokenClaims,
} from '../../src-server/policy/claims.js';
import { claimEvaluator } from '../../src-server/policy/expressions.js';
import type { ClientModel, Granted, GroupRef, ServerModel, SubjectModel } from '../../src-server/policy/types.js';
import type { Claim } from '../../src-server/authz/claims.js';

/*
 * The claim builder (reference §3.2, §3.3, §4.5, §6) with the real Expression Language evaluator
 * (`claimEvaluator`). Everything is plain data built here: no store, no HTTP. Expressions come from
 * the cookbook of §7.10 where natural.
 */

// ---------------------------------------------------------------------------------------------
// World
// ---------------------------------------------------------------------------------------------

const SERVER_ID = 'aus1ordersapi0000000';
const ISSUER = `https://gatehouse.test/oauth2/${SERVER_ID}`;
const NOW = 1767225600;
const AUTH_TIME = 1767225590;
const ORG = { id: '00o1n8sbwArJ7OQRw406', name: 'Gatehouse', subdomain: 'dev-123456' };
const SUB_EXPRESSION = '(appuser != null) ? appuser.userName : app.clientId';

let seq = 0;
interface ClaimOpts {
  type?: Claim['claimType'];
  valueType?: Claim['valueType'];
  filter?: Claim['group_filter_type'];
  scopes?: string[];
  status?: Claim['status'];
  always?: boolean;
  system?: boolean;
}

/** A claim definition as the store holds it; RESOURCE and EXPRESSION unless told otherwise. */
function claim(name: string, value: string, o: ClaimOpts = {}): Claim {
  const type = o.type ?? 'RESOURCE';
  return {
    id: `ocl${String(++seq).padStart(17, '0')}`,
    authServerId: SERVER_ID,
    name,
    status: o.status ?? 'ACTIVE',
    claimType: type,
    valueType: o.valueType ?? (o.filter ? 'GROUPS' : 'EXPRESSION'),
    value,
    ...(o.filter ? { group_filter_type: o.filter } : {}),
    conditions: { scopes: o.scopes ?? [] },
    alwaysIncludeInToken: o.always ?? type === 'RESOURCE',
    system: o.system ?? false,
  };
}

const identity = (name: string, value: string, o: ClaimOpts = {}) => claim(name, value, { ...o, type: 'IDENTITY' });
/** The system `sub` claim every custom authorization server has (reference §4.5), first as the store keeps it. */
const subClaim = (value = SUB_EXPRESSION) => claim('sub', value, { system: true });

function server(claims: Claim[]): ServerModel {
  return { id: SERVER_ID, name: 'Orders API', status: 'ACTIVE', audience: 'api://orders', issuer: ISSUER, scopes: new Map(), claims, policies: [] };
}

const PORTAL: ClientModel = {
  appId: '0oa1portal0000000000',
  clientId: '0oa8f2kq1sXyZ9Ab4d7h',
  label: 'Orders Portal',
  status: 'ACTIVE',
  applicationType: 'web',
  grantTypes: ['authorization_code', 'refresh_token'],
  responseTypes: ['code'],
  consentMethod: 'TRUSTED',
  profile: { label: 'Orders Portal', groupallowlist: ['00gstaff', '00gengineering', '00gnotamember'] },
};

const SERVICE: ClientModel = {
  ...PORTAL,
  appId: '0oa1service000000000',
  clientId: '0oa9fulfilmentsvc001',
  label: 'Fulfilment Service',
  applicationType: 'service',
  grantTypes: ['client_credentials'],
  responseTypes: [],
  profile: {},
};

const ADA_GROUPS: GroupRef[] = [
  { id: '00geveryone', name: 'Everyone', type: 'BUILT_IN' },
  { id: '00gstaff', name: 'Orders Staff', type: 'OKTA_GROUP' },
  { id: '00gorderseu', name: 'orders-eu', type: 'OKTA_GROUP' },
  { id: '00gengineering', name: 'Engineering', type: 'OKTA_GROUP' },
  { id: '00greorders', name: 'Reorders Audit', type: 'OKTA_GROUP' },
  { id: '00gorders', name: 'ORDERS', type: 'OKTA_GROUP' },
  { id: '00gimported', name: 'Orders Imported', type: 'APP_GROUP' },
];

const ADA: SubjectModel = {
  id: '00u5t60iloOHN9pBi0h7',
  status: 'ACTIVE',
  login: 'ada@example.com',
  profile: {
    login: 'ada@example.com',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    middleName: 'King',
    department: 'Research',
    title: 'Analyst',
    locale: 'en_GB',
    timezone: 'Europe/London',
    employeeNumber: '1815',
    costCenter: 42,
    contractor: false,
    languages: ['en', 'fr'],
    streetAddress: '12 St James Square',
    city: 'London',
    state: 'Greater London',
    zipCode: 'SW1Y 4JH',
    countryCode: 'GB',
    mobilePhone: '+44 20 7946 0000',
    primaryPhone: '+44 20 7946 1111',
  },
  lastUpdated: '2026-01-01T00:00:00.000Z',
  groups: ADA_GROUPS,
  assigned: true,
  appUserName: 'ada@example.com',
  appUserProfile: {},
};

function granted(scopes: string[], o: { access?: number; id?: number } = {}): Granted {
  return {
    ok: true,
    policy: { id: '00p1', name: 'Orders apps' },
    rule: { id: '0pr1', name: 'Staff may read and write orders' },
    scopes,
    lifetimes: { accessTokenMinutes: o.access ?? 60, refreshTokenMinutes: 0, refreshWindowMinutes: 10080, idTokenMinutes: o.id ?? 60 },
    refreshToken: false,
    consentScopes: [],
    trace: { checks: [], policies: [], requestedScopes: scopes, usedDefaultScopes: false },
  };
}

const MINT: MintOptions = { now: NOW, jti: 'AT.kq8Z3m1vY2o7pMPhdYfUq3kd6Q3Hc1l0ZQm6XjZ2oA', kid: 'kid-active', authTime: AUTH_TIME, evaluate: claimEvaluator, org: ORG };
const ID_MINT: IdTokenOptions = { ...MINT, jti: 'ID.3xqAvJ3YTofkkrF0FpapgxFEExGWOEoyhWspO6SFQtA', kind: 'thin' };

function ok(r: ClaimsResult): TokenClaims {
  if (!r.ok) throw new Error(`expected a token, got ${JSON.stringify(r.failure)}; sources ${JSON.stringify(r.sources)}`);
  return r.token;
}

function at(claims: Claim[], scopes: string[], subject: SubjectModel | null = ADA, client: ClientModel = PORTAL, o: Partial<MintOptions> & { access?: number } = {}) {
  return accessTokenClaims(server(claims), client, subject, granted(scopes, { access: o.access }), { ...MINT, ...o });
}

function idt(claims: Claim[], scopes: string[], o: Partial<IdTokenOptions> & { id?: number } = {}, subject: SubjectModel = ADA) {
  return idTokenClaims(server(claims), PORTAL, subject, granted(scopes, { id: o.id }), { ...ID_MINT, ...o });
}

const sourceOf = (t: { sources: ClaimSource[] }, name: string) => t.sources.filter((s) => s.claim === name);
/** The claims a token actually carries, by their sources, in order. */
const emitted = (t: TokenClaims) => t.sources.filter((s) => !s.omitted && !s.error).map((s) => s.claim);

// ---------------------------------------------------------------------------------------------
// Access tokens
// ---------------------------------------------------------------------------------------------

describe('access token: fixed claims and their order (§3.2)', () => {
  test('user flow: ver, jti, iss, aud, iat, exp, cid, uid, scp, auth_time, sub, then the custom claims', () => {
    const department = claim('department', 'user.department', { scopes: ['orders:read'] });
    const t = ok(at([subClaim(), department], ['openid', 'profile', 'orders:read']));
    expect(t.header).toEqual({ kid: 'kid-active', alg: 'RS256' });
    expect(t.payload).toEqual({
      ver: 1,
      jti: MINT.jti,
      iss: ISSUER,
      aud: 'api://orders',
      iat: NOW,
      exp: NOW + 3600,
      cid: PORTAL.clientId,
      uid: ADA.id,
      scp: ['openid', 'profile', 'orders:read'],
      auth_time: AUTH_TIME,
      sub: 'ada@example.com',
      department: 'Research',
    });
    expect(Object.keys(t.payload)).toEqual(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'auth_time', 'sub', 'department']);
    // aud is the single audience as a string, never an array.
    expect(typeof t.payload.aud).toBe('string');
    // Every emitted claim has its source, in the token's order.
    expect(emitted(t)).toEqual(Object.keys(t.payload));
    for (const k of ['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'auth_time']) expect(sourceOf(t, k)).toEqual([{ claim: k, source: 'system' }]);
    expect(sourceOf(t, 'sub')).toEqual([{ claim: 'sub', source: 'system', definitionId: expect.any(String), valueType: 'EXPRESSION', expression: SUB_EXPRESSION }]);
    expect(sourceOf(t, 'department')).toEqual([{ claim: 'department', source: 'definition', definitionId: department.id, valueType: 'EXPRESSION', expression: 'user.department' }]);
  });

  test('exp is iat + the rule’s access-token lifetime; scp is a copy of the granted scopes', () => {
    const scopes = ['orders:read', 'orders:write'];
    const t = ok(at([subClaim()], scopes, ADA, PORTAL, { access: 15 }));
    expect(t.payload.exp).toBe(NOW + 15 * 60);
    expect(t.payload.scp).toEqual(scopes);
    expect(t.payload.scp).not.toBe(scopes);
  });

  test('sub is the app username (appuser.userName), not the user id nor necessarily the login', () => {
    const t = ok(at([subClaim()], ['orders:read'], { ...ADA, appUserName: 'alovelace' }));
    expect(t.payload.sub).toBe('alovelace');
    expect(t.payload.uid).toBe(ADA.id);
  });

  test('no auth_time when the minting has no authentication time', () => {
    const t = ok(at([subClaim()], ['orders:read'], ADA, PORTAL, { authTime: undefined }));
    expect(Object.keys(t.payload)).toEqual(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub']);
  });

  test('client credentials: no uid, no auth_time, sub = the client id through the system sub claim', () => {
    const department = claim('department', 'user.department');
    const t = ok(at([subClaim(), department, claim('client', 'app.clientId')], ['orders:write'], null, SERVICE));
    expect(t.payload).toEqual({
      ver: 1, jti: MINT.jti, iss: ISSUER, aud: 'api://orders', iat: NOW, exp: NOW + 3600,
      cid: SERVICE.clientId, scp: ['orders:write'], sub: SERVICE.clientId, client: SERVICE.clientId,
    });
    expect(Object.keys(t.payload)).toEqual(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'scp', 'sub', 'client']);
    expect(sourceOf(t, 'sub')[0]).toMatchObject({ source: 'system', expression: SUB_EXPRESSION });
    // user.department has no user: null, so the claim is left out and the trace says why.
    expect(sourceOf(t, 'department')).toEqual([
      { claim: 'department', source: 'definition', definitionId: department.id, valueType: 'EXPRESSION', expression: 'user.department', omitted: expect.stringMatching(/null/) },
    ]);
  });

  test('the system sub claim’s edited value is used, in user and client-credentials flows', () => {
    const edited = subClaim('(appuser != null) ? String.substringBefore(user.login, "@") : "svc:" + app.clientId');
    expect(ok(at([edited], ['orders:read'])).payload.sub).toBe('ada');
    const cc = ok(at([edited], ['orders:read'], null, SERVICE));
    expect(cc.payload.sub).toBe(`svc:${SERVICE.clientId}`);
    expect(sourceOf(cc, 'sub')[0]).toMatchObject({ source: 'system', expression: edited.value });
    expect(Object.keys(cc.payload).indexOf('sub')).toBe(Object.keys(cc.payload).indexOf('scp') + 1);
  });

  test('IDENTITY claims never go into the access token', () => {
    const t = ok(at([subClaim(), identity('nickname', '"Ada"', { always: true })], ['openid', 'orders:read']));
    expect(t.payload).not.toHaveProperty('nickname');
    expect(sourceOf(t, 'nickname')).toEqual([]);
  });
});

describe('access token: which definitions are emitted (§6 steps 2-3, 6)', () => {
  test('conditions.scopes: empty = always; otherwise emitted when any of its scopes is granted', () => {
    const claims = [
      subClaim(),
      claim('always', '"driving!"'),
      claim('readOrWrite', 'user.title', { scopes: ['orders:read', 'orders:write'] }),
      claim('adminOnly', 'user.department', { scopes: ['orders:admin'] }),
    ];
    const writeOnly = ok(at(claims, ['openid', 'orders:write']));
    expect(writeOnly.payload).toMatchObject({ always: 'driving!', readOrWrite: 'Analyst' });
    expect(writeOnly.payload).not.toHaveProperty('adminOnly');
    expect(sourceOf(writeOnly, 'adminOnly')[0]!.omitted).toBe('None of its scopes (orders:admin) was granted.');

    const none = ok(at(claims, ['openid']));
    expect(none.payload.always).toBe('driving!');
    expect(none.payload).not.toHaveProperty('readOrWrite');
    expect(sourceOf(none, 'readOrWrite')[0]!.omitted).toBe('None of its scopes (orders:read, orders:write) was granted.');

    const admin = ok(at(claims, ['orders:admin']));
    expect(Object.keys(admin.payload).slice(-3)).toEqual(['sub', 'always', 'adminOnly']);
  });

  test('an inactive claim is skipped and never evaluated (a broken one does not fail the token)', () => {
    const t = ok(at([subClaim(), claim('dept', 'user.department', { status: 'INACTIVE' }), claim('broken', 'user.managerId.firstName', { status: 'INACTIVE' })], ['orders:read']));
    expect(t.payload).not.toHaveProperty('dept');
    expect(t.payload).not.toHaveProperty('broken');
    expect(sourceOf(t, 'dept')[0]!.omitted).toBe('The claim is inactive.');
    expect(sourceOf(t, 'broken')[0]).toMatchObject({ omitted: 'The claim is inactive.' });
    expect(sourceOf(t, 'broken')[0]!.error).toBeUndefined();
  });

  test('a null result omits the claim and the source records why; the claims around it are kept', () => {
    const nick = claim('nickname', 'user.nickName');
    const t = ok(at([subClaim(), claim('before', 'user.department'), nick, claim('after', 'user.title')], ['orders:read']));
    expect(t.payload).not.toHaveProperty('nickname');
    expect(Object.keys(t.payload).slice(-3)).toEqual(['sub', 'before', 'after']);
    expect(sourceOf(t, 'nickname')).toEqual([{ claim: 'nickname', source: 'definition', definitionId: nick.id, valueType: 'EXPRESSION', expression: 'user.nickName', omitted: 'The expression gave null, so the claim is left out.' }]);
    // A literal null and a null from a function (Convert.toInt(null)) are omitted alike.
    const t2 = ok(at([subClaim(), claim('n1', 'null'), claim('n2', 'Convert.toInt(user.nickName)')], ['orders:read']));
    expect(t2.payload).not.toHaveProperty('n1');
    expect(t2.payload).not.toHaveProperty('n2');
  });

  test('a custom claim cannot override a fixed claim (a RESOURCE claim named cid injected into the model)', () => {
    const cid = claim('cid', '"hijacked"');
    const t = ok(at([subClaim(), cid, claim('department', 'user.department')], ['orders:read']));
    expect(t.payload.cid).toBe(PORTAL.clientId);
    expect(Object.keys(t.payload).indexOf('cid')).toBe(6);
    expect(t.payload.department).toBe('Research');
    expect(sourceOf(t, 'cid')).toEqual([
      { claim: 'cid', source: 'system' },
      { claim: 'cid', source: 'definition', definitionId: cid.id, valueType: 'EXPRESSION', expression: '"hijacked"', omitted: '"cid" is set by the authorization server and cannot be overridden.' },
    ]);
  });

  test.each(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'uid', 'scp', 'auth_time'])('nor one named %s (user flow)', (name) => {
    const t = ok(at([subClaim(), claim(name, '"hijacked"')], ['orders:read']));
    expect(Object.values(t.payload)).not.toContain('hijacked');
    expect(sourceOf(t, name).at(-1)!.omitted).toBe(`"${name}" is set by the authorization server and cannot be overridden.`);
  });

  test('sub can only come from the system claim: a custom "sub" is refused, the system one wins', () => {
    const t = ok(at([subClaim(), claim('sub', '"hijacked"')], ['orders:read']));
    expect(t.payload.sub).toBe('ada@example.com');
    expect(sourceOf(t, 'sub').at(-1)!.omitted).toMatch(/cannot be overridden/);
  });

  test('reserved names stay reserved when the server does not set them: no uid / auth_time from a custom claim in client credentials (§6 step 7)', () => {
    const t = ok(at([subClaim(), claim('uid', '"00uhijacked"'), claim('auth_time', '1')], ['orders:read'], null, SERVICE));
    expect(t.payload).not.toHaveProperty('uid');
    expect(t.payload).not.toHaveProperty('auth_time');
    expect(sourceOf(t, 'uid').at(-1)!.omitted).toMatch(/reserved|cannot be overridden/);
    expect(sourceOf(t, 'auth_time').at(-1)!.omitted).toMatch(/reserved|cannot be overridden/);
  });
});

describe('access token: failures (§6 step 6)', () => {
  test('an expression that fails at runtime fails the whole token with server_error naming the claim; the error is in its source', () => {
    const broken = claim('manager', 'user.managerId.firstName');
    const r = at([subClaim(), claim('department', 'user.department'), broken, claim('later', 'user.title')], ['orders:read']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatchObject({ error: 'server_error', description: "The 'manager' user claim could not be evaluated.", status: 500 });
    const src = sourceOf(r, 'manager');
    expect(src).toHaveLength(1);
    expect(src[0]).toMatchObject({ claim: 'manager', source: 'definition', definitionId: broken.id, expression: 'user.managerId.firstName' });
    // The EL's positioned message: "line:column: message", the source line and a caret.
    expect(src[0]!.error).toMatch(/^1:\d+: .+\n {2}user\.managerId\.firstName\n {2}\s*\^/);
    expect(src[0]!.omitted).toBeUndefined();
    // Evaluation stopped at the failing claim.
    expect(sourceOf(r, 'later')).toEqual([]);
    expect(sourceOf(r, 'department')).toHaveLength(1);
  });

  test('an expression that does not compile (stored before validation) fails the same way', () => {
    const r = at([subClaim(), claim('bad', 'user.department = "Research"')], ['orders:read']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.description).toBe("The 'bad' user claim could not be evaluated.");
    expect(r.failure.error).toBe('server_error');
    expect(sourceOf(r, 'bad')[0]!.error).toContain("use '=='");
  });

  test('appuser.userName without the sub guard fails in client credentials (appuser is null)', () => {
    const r = at([subClaim(), claim('who', 'appuser.userName')], ['orders:read'], null, SERVICE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure.description).toBe("The 'who' user claim could not be evaluated.");
  });
});

describe('access token: JSON types (§6 step 8) with cookbook expressions (§7.10)', () => {
  test('strings, numbers, booleans and arrays keep their JSON types', () => {
    const claims = [
      subClaim(),
      claim('email', 'user.email'),
      claim('short', 'String.substringBefore(user.login, "@")'),
      claim('fullName', 'user.firstName + " " + (String.len(user.middleName) == 0 ? "" : (String.substring(user.middleName, 0, 1) + ". ")) + user.lastName'),
      claim('scopeString', 'String.replace(Arrays.toCsvString(access.scope), ",", " ")'),
      claim('scopes', 'access.scope'),
      claim('label', 'app.profile.label'),
      claim('role', 'isMemberOfGroupName("Orders Staff") ? "admin" : "reader"'),
      claim('allowed', 'getFilteredGroups(app.profile.groupallowlist, "group.name", 40)'),
      claim('dynamic', 'Groups.startsWith("OKTA", "orders", 50) ?: {}'),
      claim('criteria', "user.getGroups({'group.profile.name': 'orders-', 'operator': 'STARTS_WITH'}).![name]"),
      claim('literal', '"driving!"'),
      claim('loginLength', 'String.len(user.login)'),
      claim('employeeNumber', 'Convert.toInt(user.employeeNumber)'),
      claim('costCenter', 'user.costCenter'),
      claim('contractor', 'user.contractor'),
      claim('languages', 'user.languages'),
      claim('isStaff', 'isMemberOfGroupName("Orders Staff")'),
      claim('isAdmin', 'isMemberOfGroupName("Orders Admins")'),
      claim('orgName', 'org.name'),
    ];
    const t = ok(at(claims, ['openid', 'orders:read']));
    const p = t.payload;
    expect(p).toMatchObject({
      email: 'ada@example.com',
      short: 'ada',
      fullName: 'Ada K. Lovelace',
      scopeString: 'openid orders:read',
      scopes: ['openid', 'orders:read'],
      label: 'Orders Portal',
      role: 'admin',
      allowed: ['Orders Staff', 'Engineering'],
      // "OKTA" = Okta-mastered groups: the APP_GROUP "Orders Imported" is not one; matching ignores case.
      dynamic: ['Orders Staff', 'orders-eu', 'ORDERS'],
      criteria: ['orders-eu'],
      literal: 'driving!',
      loginLength: 15,
      employeeNumber: 1815,
      costCenter: 42,
      contractor: false,
      languages: ['en', 'fr'],
      isStaff: true,
      isAdmin: false,
      orgName: 'Gatehouse',
    });
    for (const k of ['loginLength', 'employeeNumber', 'costCenter']) expect(typeof p[k]).toBe('number');
    for (const k of ['contractor', 'isStaff', 'isAdmin']) expect(typeof p[k]).toBe('boolean');
    for (const k of ['scopes', 'allowed', 'dynamic', 'criteria', 'languages']) expect(Array.isArray(p[k])).toBe(true);
    // Plain JSON: serialises and parses back to the same thing, in the same order.
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(Object.keys(p).slice(11)).toEqual(claims.slice(1).map((c) => c.name));
  });

  test('the cookbook full name without a middle name, and an empty dynamic-groups result as {}', () => {
    const noMiddle: SubjectModel = { ...ADA, profile: { ...ADA.profile, middleName: undefined }, groups: [ADA_GROUPS[0]!] };
    const t = ok(at([
      subClaim(),
      claim('fullName', 'user.firstName + " " + (String.len(user.middleName) == 0 ? "" : (String.substring(user.middleName, 0, 1) + ". ")) + user.lastName'),
      claim('dynamic', 'Groups.startsWith("OKTA", "orders-", 50) ?: {}'),
    ], ['orders:read'], noMiddle));
    expect(t.payload.fullName).toBe('Ada Lovelace');
    expect(t.payload.dynamic).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// GROUPS claims
// ---------------------------------------------------------------------------------------------

describe('GROUPS claims (§4.5)', () => {
  const names = ADA_GROUPS.map((g) => g.name);

  test.each([
    ['STARTS_WITH', 'orders', ['Orders Staff', 'orders-eu', 'ORDERS', 'Orders Imported']],
    ['STARTS_WITH', 'ORDERS-', ['orders-eu']],
    ['EQUALS', 'orders', ['ORDERS']],
    ['EQUALS', 'orders staff', ['Orders Staff']],
    ['EQUALS', 'Orders', ['ORDERS']],
    ['CONTAINS', 'ORDERS', ['Orders Staff', 'orders-eu', 'Reorders Audit', 'ORDERS', 'Orders Imported']],
    ['CONTAINS', 'staff', ['Orders Staff']],
    ['REGEX', 'Orders.*', ['Orders Staff', 'Orders Imported']],
    ['REGEX', 'orders-[a-z]{2}', ['orders-eu']],
    ['REGEX', 'Orders', []],
    ['REGEX', 'Staff', []],
    ['REGEX', '.*Staff', ['Orders Staff']],
    ['REGEX', 'ORDERS|Engineering', ['Engineering', 'ORDERS']],
  ] as const)('%s %j → %j (case-insensitive except REGEX, which matches the whole name)', (type, value, expected) => {
    expect(filterGroups(names, type, value)).toEqual([...expected]);
  });

  test('REGEX has Java matches semantics: (?i) makes it case-insensitive (§4.5)', () => {
    expect(filterGroups(names, 'REGEX', '(?i)orders')).toEqual(['ORDERS']);
    expect(filterGroups(names, 'REGEX', '(?i)orders.*')).toEqual(['Orders Staff', 'orders-eu', 'ORDERS', 'Orders Imported']);
  });

  test('a GROUPS claim in the ID token gives the array of matching names, in the user’s group order', () => {
    const groups = identity('groups', 'orders', { filter: 'STARTS_WITH', scopes: ['groups'], always: true });
    const t = ok(idt([groups], ['openid', 'groups']));
    expect(t.payload.groups).toEqual(['Orders Staff', 'orders-eu', 'ORDERS', 'Orders Imported']);
    expect(sourceOf(t, 'groups')).toEqual([{ claim: 'groups', source: 'definition', definitionId: groups.id, valueType: 'GROUPS', expression: 'orders' }]);
    // Without the groups scope it is not emitted.
    expect(ok(idt([groups], ['openid'])).payload).not.toHaveProperty('groups');
  });

  test('GROUPS claims in the access token, one per filter type', () => {
    const t = ok(at([
      subClaim(),
      claim('sw', 'orders', { filter: 'STARTS_WITH' }),
      claim('eq', 'ORDERS STAFF', { filter: 'EQUALS' }),
      claim('co', 'order', { filter: 'CONTAINS' }),
      claim('re', 'Orders.*', { filter: 'REGEX' }),
    ], ['orders:read']));
    expect(t.payload).toMatchObject({
      sw: ['Orders Staff', 'orders-eu', 'ORDERS', 'Orders Imported'],
      eq: ['Orders Staff'],
      co: ['Orders Staff', 'orders-eu', 'Reorders Audit', 'ORDERS', 'Orders Imported'],
      re: ['Orders Staff', 'Orders Imported'],
    });
  });

  const teams = (n: number): SubjectModel => ({
    ...ADA,
    groups: [ADA_GROUPS[0]!, ...Array.from({ length: n }, (_, i) => ({ id: `00gteam${i}`, name: `team-${String(i).padStart(3, '0')}`, type: 'OKTA_GROUP' as const }))],
  });

  test(`exactly ${MAX_GROUPS_IN_CLAIM} matching groups are fine`, () => {
    expect(MAX_GROUPS_IN_CLAIM).toBe(100);
    const t = ok(idt([identity('groups', 'team-', { filter: 'STARTS_WITH', always: true })], ['openid'], {}, teams(100)));
    expect(t.payload.groups).toHaveLength(100);
  });

  test('more than 100 matching groups fail with the groups server_error, recorded in the source', () => {
    const groups = identity('groups', 'TEAM-', { filter: 'STARTS_WITH', always: true });
    const r = idt([groups], ['openid'], {}, teams(101));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatchObject({ error: 'server_error', description: 'The groups claim matched too many groups and must be configured to match fewer groups.', status: 500 });
    expect(sourceOf(r, 'groups')[0]).toMatchObject({ definitionId: groups.id, valueType: 'GROUPS', error: expect.stringContaining('101') });
    // The same in the access token and in userinfo.
    const a = at([subClaim(), claim('teams', 'team', { filter: 'CONTAINS' })], ['orders:read'], teams(150));
    expect(a.ok ? null : a.failure.description).toBe('The groups claim matched too many groups and must be configured to match fewer groups.');
    const u = userinfoClaims(server([groups]), PORTAL, teams(101), ['openid'], MINT);
    expect(u.ok ? null : u.failure.error).toBe('server_error');
  });
});

// ---------------------------------------------------------------------------------------------
// ID tokens
// ---------------------------------------------------------------------------------------------

const ID_FIXED = ['ver', 'iss', 'aud', 'iat', 'exp', 'jti', 'amr', 'idp'];

describe('ID token: fixed claims and their order (§3.3)', () => {
  test('thin, openid profile email: sub, name, email, the fixed claims, nonce, preferred_username, auth_time, at_hash', () => {
    const t = ok(idt([], ['openid', 'profile', 'email'], { nonce: 'n-0S6_WzA2Mj', atHash: '77QmUPtjPfzWtF2AnpK9RQ' }));
    expect(t.header).toEqual({ kid: 'kid-active', alg: 'RS256' });
    expect(t.payload).toEqual({
      sub: ADA.id,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      ver: 1,
      iss: ISSUER,
      aud: PORTAL.clientId,
      iat: NOW,
      exp: NOW + 3600,
      jti: ID_MINT.jti,
      amr: ['pwd'],
      idp: ORG.id,
      nonce: 'n-0S6_WzA2Mj',
      preferred_username: 'ada@example.com',
      auth_time: AUTH_TIME,
      at_hash: '77QmUPtjPfzWtF2AnpK9RQ',
    });
    expect(Object.keys(t.payload)).toEqual(['sub', 'name', 'email', ...ID_FIXED, 'nonce', 'preferred_username', 'auth_time', 'at_hash']);
    expect(emitted(t)).toEqual(Object.keys(t.payload));
    expect(sourceOf(t, 'sub')).toEqual([{ claim: 'sub', source: 'system' }]);
    expect(sourceOf(t, 'name')).toEqual([{ claim: 'name', source: 'standard' }]);
    expect(sourceOf(t, 'preferred_username')).toEqual([{ claim: 'preferred_username', source: 'standard' }]);
  });

  test('sub is the user id, aud the client id (a string), exp iat + the ID-token lifetime', () => {
    const t = ok(idt([], ['openid'], { id: 30 }));
    expect(t.payload.sub).toBe(ADA.id);
    expect(t.payload.aud).toBe(PORTAL.clientId);
    expect(t.payload.exp).toBe(NOW + 30 * 60);
  });

  test('conditional claims: nonce, at_hash, c_hash only when given; amr as given; auth_time only when known', () => {
    const bare = ok(idt([], ['openid'], { authTime: undefined }));
    expect(Object.keys(bare.payload)).toEqual(['sub', ...ID_FIXED]);
    const all = ok(idt([], ['openid'], { nonce: 'n', atHash: 'a', cHash: 'c', amr: ['pwd', 'mfa'] }));
    expect(Object.keys(all.payload)).toEqual(['sub', ...ID_FIXED, 'nonce', 'auth_time', 'at_hash', 'c_hash']);
    expect(all.payload).toMatchObject({ nonce: 'n', at_hash: 'a', c_hash: 'c', amr: ['pwd', 'mfa'] });
  });

  test.each([
    [['openid'], []],
    [['openid', 'profile'], ['name', 'preferred_username']],
    [['openid', 'email'], ['email']],
    [['openid', 'profile', 'email', 'address', 'phone'], ['name', 'email', 'preferred_username']],
  ])('thin with %j carries only the thin standard claims %j', (scopes, expected) => {
    const t = ok(idt([], scopes));
    const standard = t.sources.filter((s) => s.source === 'standard').map((s) => s.claim);
    expect(standard).toEqual(expected);
    for (const k of ['given_name', 'family_name', 'middle_name', 'locale', 'zoneinfo', 'updated_at', 'email_verified', 'address', 'phone_number']) {
      expect(t.payload).not.toHaveProperty(k);
    }
  });

  test('thin: only IDENTITY claims with alwaysIncludeInToken; the others are left out, and the source says why', () => {
    const always = identity('department', 'user.department', { always: true });
    const notAlways = identity('title', 'user.title', { always: false });
    const t = ok(idt([always, notAlways, claim('resource', '"x"')], ['openid', 'profile']));
    expect(t.payload.department).toBe('Research');
    expect(t.payload).not.toHaveProperty('title');
    expect(t.payload).not.toHaveProperty('resource');
    expect(sourceOf(t, 'title')[0]!.omitted).toBe('Not "always include in token", and this ID token is a thin one (it comes with an access token).');
    expect(sourceOf(t, 'resource')).toEqual([]);
    expect(Object.keys(t.payload).at(-1)).toBe('department');
  });

  test('fat: every standard claim of the granted scopes and every IDENTITY claim whose scopes match', () => {
    const claims = [
      identity('department', 'user.department', { always: true }),
      identity('title', 'user.title', { always: false }),
      identity('groups', 'orders-', { filter: 'STARTS_WITH', scopes: ['groups'], always: false }),
      identity('admin', 'isMemberOfGroupName("Orders Admins")', { scopes: ['orders:admin'] }),
    ];
    const t = ok(idt(claims, ['openid', 'profile', 'email', 'address', 'phone', 'groups'], { kind: 'fat', nonce: 'n-1' }));
    expect(t.payload).toEqual({
      sub: ADA.id,
      name: 'Ada Lovelace',
      family_name: 'Lovelace',
      given_name: 'Ada',
      middle_name: 'King',
      zoneinfo: 'Europe/London',
      locale: 'en_GB',
      updated_at: Date.parse(ADA.lastUpdated) / 1000,
      email: 'ada@example.com',
      email_verified: true,
      address: { street_address: '12 St James Square', locality: 'London', region: 'Greater London', postal_code: 'SW1Y 4JH', country: 'GB' },
      phone_number: '+44 20 7946 0000',
      ver: 1, iss: ISSUER, aud: PORTAL.clientId, iat: NOW, exp: NOW + 3600, jti: ID_MINT.jti, amr: ['pwd'], idp: ORG.id,
      nonce: 'n-1',
      preferred_username: 'ada@example.com',
      auth_time: AUTH_TIME,
      department: 'Research',
      title: 'Analyst',
      groups: ['orders-eu'],
    });
    expect(Object.keys(t.payload).slice(0, 2)).toEqual(['sub', 'name']);
    expect(Object.keys(t.payload).slice(-6)).toEqual(['nonce', 'preferred_username', 'auth_time', 'department', 'title', 'groups']);
    expect(emitted(t)).toEqual(Object.keys(t.payload));
    expect(sourceOf(t, 'admin')[0]!.omitted).toBe('None of its scopes (orders:admin) was granted.');
  });

  test('fat with openid only: no standard claims; scope-less IDENTITY claims still come', () => {
    const t = ok(idt([identity('title', 'user.title')], ['openid'], { kind: 'fat' }));
    expect(Object.keys(t.payload)).toEqual(['sub', ...ID_FIXED, 'auth_time', 'title']);
  });

  test('an IDENTITY claim cannot override the ID token’s own claims (amr, iss, sub)', () => {
    const t = ok(idt([identity('amr', '{"hwk"}', { always: true }), identity('iss', '"x"', { always: true }), identity('sub', '"x"', { always: true })], ['openid']));
    expect(t.payload).toMatchObject({ amr: ['pwd'], iss: ISSUER, sub: ADA.id });
    for (const k of ['amr', 'iss', 'sub']) expect(sourceOf(t, k).at(-1)!.omitted).toBe(`"${k}" is set by the authorization server and cannot be overridden.`);
  });

  test('reserved ID-token names stay reserved when not set: no nonce / at_hash / c_hash from a custom claim (§6 step 7)', () => {
    const t = ok(idt([identity('nonce', '"forged"', { always: true }), identity('at_hash', '"forged"', { always: true }), identity('c_hash', '"forged"', { always: true })], ['openid']));
    expect(t.payload).not.toHaveProperty('nonce');
    expect(t.payload).not.toHaveProperty('at_hash');
    expect(t.payload).not.toHaveProperty('c_hash');
    for (const k of ['nonce', 'at_hash', 'c_hash']) expect(sourceOf(t, k).at(-1)!.omitted).toMatch(/reserved|cannot be overridden/);
  });

  test('a failing IDENTITY expression fails the ID token with server_error naming the claim', () => {
    const r = idt([identity('boss', 'user.getLinkedObject("manager").lastName', { always: true })], ['openid']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure).toMatchObject({ error: 'server_error', description: "The 'boss' user claim could not be evaluated.", status: 500 });
    expect(sourceOf(r, 'boss')[0]!.error).toBeTruthy();
  });

  test('a failing IDENTITY claim that a thin token leaves out does not fail it', () => {
    const t = ok(idt([identity('boss', 'user.managerId.firstName', { always: false })], ['openid']));
    expect(t.payload).not.toHaveProperty('boss');
  });
});

// ---------------------------------------------------------------------------------------------
// userinfo
// ---------------------------------------------------------------------------------------------

describe('userinfo (§2.9, §3.3)', () => {
  test('sub, every standard claim of the granted scopes, and every IDENTITY claim (always-include or not) whose scopes match', () => {
    const claims = [
      subClaim(),
      claim('resource', 'user.department'),
      identity('title', 'user.title', { always: false }),
      identity('groups', 'Orders', { filter: 'STARTS_WITH', scopes: ['groups'] }),
      identity('nick', 'user.nickName'),
    ];
    const t = ok(userinfoClaims(server(claims), PORTAL, ADA, ['openid', 'profile', 'email', 'groups'], MINT));
    expect(t.payload).toEqual({
      sub: ADA.id,
      ...standardClaims(ADA, ['openid', 'profile', 'email', 'groups']),
      title: 'Analyst',
      groups: ['Orders Staff', 'orders-eu', 'ORDERS', 'Orders Imported'],
    });
    expect(t.payload).toMatchObject({ name: 'Ada Lovelace', preferred_username: 'ada@example.com', given_name: 'Ada', email_verified: true });
    expect(t.payload).not.toHaveProperty('resource');
    expect(t.payload).not.toHaveProperty('address');
    expect(sourceOf(t, 'nick')[0]!.omitted).toMatch(/null/);
    expect(sourceOf(t, 'sub')).toEqual([{ claim: 'sub', source: 'system' }]);
    expect(sourceOf(t, 'given_name')).toEqual([{ claim: 'given_name', source: 'standard' }]);
  });

  test('a scope-conditioned IDENTITY claim needs its scope; a failing one fails userinfo', () => {
    const u = userinfoClaims(server([identity('groups', 'Orders', { filter: 'STARTS_WITH', scopes: ['groups'] })]), PORTAL, ADA, ['openid'], MINT);
    expect(ok(u).payload).toEqual({ sub: ADA.id });
    const f = userinfoClaims(server([identity('boss', 'user.managerId.firstName')]), PORTAL, ADA, ['openid'], MINT);
    expect(f.ok ? null : f.failure.description).toBe("The 'boss' user claim could not be evaluated.");
  });
});

// ---------------------------------------------------------------------------------------------
// standardClaims
// ---------------------------------------------------------------------------------------------

describe('standardClaims (OIDC Core §5.1 from the Okta profile)', () => {
  const person = (profile: Record<string, unknown>, login = 'p@example.com', lastUpdated = '2026-03-04T05:06:07.890Z'): SubjectModel =>
    ({ ...ADA, login, lastUpdated, profile: { login, ...profile } });

  test('openid alone gives nothing', () => {
    expect(standardClaims(ADA, ['openid'])).toEqual({});
  });

  test('profile: name from displayName, else first + last; updated_at in epoch seconds', () => {
    const c = standardClaims(person({ displayName: 'Countess of Lovelace', firstName: 'Ada', lastName: 'Lovelace', nickName: 'Ada' }), ['profile']);
    expect(c).toMatchObject({ name: 'Countess of Lovelace', given_name: 'Ada', family_name: 'Lovelace', nickname: 'Ada', preferred_username: 'p@example.com' });
    expect(c.updated_at).toBe(Math.floor(Date.parse('2026-03-04T05:06:07.890Z') / 1000));
    expect(Number.isInteger(c.updated_at)).toBe(true);
    expect(standardClaims(person({ firstName: 'Ada', lastName: 'Lovelace' }), ['profile']).name).toBe('Ada Lovelace');
    expect(standardClaims(person({ firstName: 'Ada' }), ['profile']).name).toBe('Ada');
    expect(standardClaims(person({ lastName: 'Lovelace' }), ['profile']).name).toBe('Lovelace');
    expect(standardClaims(person({}), ['profile'])).not.toHaveProperty('name');
  });

  test('profile: profile URL, zoneinfo and locale from the profile; empty attributes are left out', () => {
    const c = standardClaims(person({ firstName: 'Ada', lastName: '', profileUrl: 'https://example.com/ada', timezone: 'Europe/London', locale: 'en_GB', middleName: '' }), ['profile']);
    expect(c).toMatchObject({ profile: 'https://example.com/ada', zoneinfo: 'Europe/London', locale: 'en_GB', name: 'Ada' });
    expect(c).not.toHaveProperty('family_name');
    expect(c).not.toHaveProperty('middle_name');
    // No email, address or phone without their scopes.
    expect(Object.keys(c)).not.toEqual(expect.arrayContaining(['email']));
    expect(c).not.toHaveProperty('address');
    expect(c).not.toHaveProperty('phone_number');
  });

  test('email: email and email_verified; no email, no email_verified', () => {
    expect(standardClaims(person({ email: 'p@example.com' }), ['email'])).toEqual({ email: 'p@example.com', email_verified: true });
    expect(standardClaims(person({}), ['email'])).toEqual({});
  });

  test('address: an object of the OIDC members from the Okta attributes; only the ones present; none → no address', () => {
    expect(standardClaims(ADA, ['address'])).toEqual({
      address: { street_address: '12 St James Square', locality: 'London', region: 'Greater London', postal_code: 'SW1Y 4JH', country: 'GB' },
    });
    expect(standardClaims(person({ city: 'Paris', countryCode: 'FR' }), ['address'])).toEqual({ address: { locality: 'Paris', country: 'FR' } });
    expect(standardClaims(person({}), ['address'])).toEqual({});
  });

  test('phone: phone_number from mobilePhone, else primaryPhone', () => {
    expect(standardClaims(ADA, ['phone'])).toEqual({ phone_number: '+44 20 7946 0000' });
    expect(standardClaims(person({ primaryPhone: '+1 555 0100' }), ['phone'])).toEqual({ phone_number: '+1 555 0100' });
    expect(standardClaims(person({}), ['phone'])).toEqual({});
  });

  test('all scopes: the full set, in a stable order', () => {
    const c = standardClaims(ADA, ['openid', 'profile', 'email', 'address', 'phone']);
    expect(Object.keys(c)).toEqual(['name', 'family_name', 'given_name', 'middle_name', 'preferred_username', 'zoneinfo', 'locale', 'updated_at', 'email', 'email_verified', 'address', 'phone_number']);
  });
});

// ---------------------------------------------------------------------------------------------
// The evaluator glue
// ---------------------------------------------------------------------------------------------

describe('claimEvaluator', () => {
  const ctx = { subject: ADA, client: PORTAL, org: ORG, scopes: ['openid', 'orders:read'], now: NOW * 1000 };

  test('sees user, appuser, app, org and access.scope as §6 binds them', () => {
    const v = (src: string, c: Parameters<typeof claimEvaluator>[1] = ctx) => {
      const r = claimEvaluator(src, c);
      if (!r.ok) throw new Error(r.message);
      return r.value;
    };
    expect(v('user.department')).toBe('Research');
    expect(v('appuser.userName')).toBe('ada@example.com');
    expect(v('app.id')).toBe(PORTAL.appId);
    expect(v('app.clientId')).toBe(PORTAL.clientId);
    expect(v('org.subDomain')).toBe('dev-123456');
    expect(v('access.scope')).toEqual(['openid', 'orders:read']);
    expect(v('user.getInternalProperty("id")')).toBe(ADA.id);
    expect(v('Time.now()')).toBe(new Date(NOW * 1000).toISOString());
    const cc = { ...ctx, subject: null, client: SERVICE };
    expect(v('user.department', cc)).toBeNull();
    expect(v('appuser', cc)).toBeNull();
    expect(v(SUB_EXPRESSION, cc)).toBe(SERVICE.clientId);
  });

  test('compile and runtime errors come back as messages, positioned', () => {
    const bad = claimEvaluator('user.department = 1', ctx);
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/^1:17: .*'=='/) });
    const runtime = claimEvaluator('user.managerId.firstName', ctx);
    expect(runtime.ok).toBe(false);
    if (!runtime.ok) expect(runtime.message).toMatch(/^1:\d+: /);
  });
});
