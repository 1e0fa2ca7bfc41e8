/**
 * The module's API around evaluation: completions for the editor, the compile cache, the value
 * trace, evaluateExpression, and building a context from the directory's objects.
 */
import { describe, expect, test } from 'vitest';
import { buildContext, compile, completions, evaluate, evaluateExpression, LIMITS, type CompletionContext, type ExpressionContext } from '../../src-server/expression/index.js';
import { clearCompileCache, compileCacheSize } from '../../src-server/expression/compile.js';
import type { App } from '../../src-server/directory/apps.js';
import type { Group } from '../../src-server/directory/groups.js';
import type { User } from '../../src-server/directory/users.js';

const ATTRS: CompletionContext = { profileAttributes: ['login', 'email', 'firstName', 'lastName', 'department'] };
const labels = (src: string, offset = src.length, ctx: CompletionContext = ATTRS) => completions(src, offset, ctx).map((i) => i.label);

describe('completions', () => {
  test('at the start: objects, namespaces and global functions (not the deprecated ones)', () => {
    const items = completions('', 0, ATTRS);
    const byLabel = new Map(items.map((i) => [i.label, i]));
    expect([...byLabel.keys()]).toEqual(expect.arrayContaining(['user', 'appuser', 'app', 'org', 'access', 'session', 'String', 'Arrays', 'Convert', 'Iso3166Convert', 'Time', 'Groups', 'isMemberOfGroupName', 'getFilteredGroups', 'hasDirectoryUser']));
    expect(byLabel.has('toUpperCase')).toBe(false);
    expect(byLabel.has('idpuser')).toBe(false);
    expect(byLabel.get('user')).toMatchObject({ kind: 'object', insertText: 'user', start: 0, end: 0 });
    expect(byLabel.get('String')).toMatchObject({ kind: 'namespace', detail: 'String.append, join, len, …' });
    expect(byLabel.get('isMemberOfGroupName')).toMatchObject({ kind: 'function', detail: 'isMemberOfGroupName(String name) → Boolean', insertText: 'isMemberOfGroupName(' });
    expect(byLabel.get('hasDirectoryUser')!.insertText).toBe('hasDirectoryUser()');
  });

  test('a prefix filters, case-insensitively, and the item replaces the partial name', () => {
    expect(labels('us')).toEqual(['user']);
    expect(labels('isMember')).toEqual(['isMemberOfGroupName', 'isMemberOfGroup', 'isMemberOfAnyGroup', 'isMemberOfGroupNameStartsWith', 'isMemberOfGroupNameContains', 'isMemberOfGroupNameRegex']);
    const [item] = completions('1 + STR', 7, ATTRS);
    expect(item).toMatchObject({ label: 'String', start: 4, end: 7 });
    const [mid] = completions('user.fir + 1', 8, ATTRS);
    expect(mid).toMatchObject({ label: 'firstName', start: 5, end: 8 });
    const [inside] = completions('user.firXX', 8, ATTRS);
    expect(inside).toMatchObject({ start: 5, end: 10 });
  });

  test('user. offers the profile attributes and the user methods', () => {
    const items = completions('user.', 5, ATTRS);
    expect(items.filter((i) => i.kind === 'property').map((i) => i.label)).toEqual(['department', 'email', 'firstName', 'lastName', 'login']);
    expect(items.filter((i) => i.kind === 'function').map((i) => i.label)).toEqual(['getGroups', 'isMemberOf', 'getInternalProperty', 'getLinkedObject']);
    expect(labels('user.fi')).toEqual(['firstName']);
    expect(labels('user.get')).toEqual(['getGroups', 'getInternalProperty', 'getLinkedObject']);
    expect(labels('user?.la')).toEqual(['lastName']);
  });

  test('namespaces offer their functions with signatures', () => {
    const items = completions('String.su', 9, ATTRS);
    expect(items.map((i) => i.label)).toEqual(['substring', 'substringAfter', 'substringBefore']);
    expect(items[0]).toMatchObject({ kind: 'function', detail: 'String.substring(String input, int startIndex, int endIndex) → String', insertText: 'substring(', start: 7, end: 9 });
    expect(items[0]!.doc).toMatch(/inclusive/);
    expect(labels('Arrays.')).toHaveLength(9);
    expect(labels('Groups.')).toEqual(['startsWith', 'endsWith', 'contains']);
    expect(labels('Time.now(Time.')).toContain('fromUnixToIso8601');
  });

  test('the fixed objects offer their properties', () => {
    expect(labels('app.')).toEqual(['id', 'clientId', 'profile']);
    expect(labels('org.')).toEqual(['name', 'subDomain']);
    expect(labels('org.s')).toEqual(['subDomain']);
    expect(labels('access.')).toEqual(['scope']);
    expect(labels('appuser.')).toEqual(['userName']);
    expect(labels('appuser.', 8, { ...ATTRS, appUserAttributes: ['title'] })).toEqual(['title', 'userName']);
    expect(labels('app.profile.', 12, { ...ATTRS, appProfileAttributes: ['label', 'groupallowlist'] })).toEqual(['groupallowlist', 'label']);
    expect(labels('user.firstName.')).toEqual([]);
    expect(labels('user.getGroups().')).toEqual([]);
  });

  test('inside a projection, the group fields come first', () => {
    const items = labels("user.getGroups({'group.type': 'OKTA_GROUP'}).![n");
    expect(items[0]).toBe('name');
    expect(labels('user.getGroups().![')).toEqual(expect.arrayContaining(['name', 'id', 'type', 'profile', 'user', 'String']));
    expect(labels('user.getGroups().![name] + ')).not.toContain('name');
  });

  test('nothing inside a string literal; offsets are clamped', () => {
    expect(completions("'user.", 6, ATTRS)).toEqual([]);
    expect(completions("String.len('it''s us", 19, ATTRS)).toEqual([]);
    expect(labels("'done' + us")).toEqual(['user']);
    expect(completions('us', 99, ATTRS).map((i) => i.label)).toEqual(['user']);
    expect(completions('us', -5, ATTRS).length).toBeGreaterThan(5);
  });
});

describe('compile cache', () => {
  test('the same source answers the same compiled result, frozen', () => {
    const a = compile('user.firstName + "!"');
    expect(compile('user.firstName + "!"')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    if (a.ok) expect(Object.isFrozen(a.program.ast)).toBe(true);
    const bad = compile('a = 1');
    expect(compile('a = 1')).toBe(bad);
  });

  test('it is bounded: the least recently used sources are dropped', () => {
    clearCompileCache();
    const first = compile('1 + 0');
    for (let i = 1; i <= LIMITS.compileCacheSize; i++) compile(`1 + ${i}`);
    expect(compileCacheSize()).toBe(LIMITS.compileCacheSize);
    expect(compile('1 + 0')).not.toBe(first);
    const recent = compile(`1 + ${LIMITS.compileCacheSize}`);
    expect(compile(`1 + ${LIMITS.compileCacheSize}`)).toBe(recent);
  });

  test('different environments are cached apart', () => {
    const claims = compile('idpuser.firstName');
    const transform = compile('idpuser.firstName', { bindings: ['idpuser'] });
    expect(claims.ok).toBe(false);
    expect(transform.ok).toBe(true);
  });
});

const CTX: ExpressionContext = {
  user: { id: '00u1', status: 'ACTIVE', profile: { login: 'ada@example.com', firstName: 'Ada' } },
  appuser: { userName: 'ada' },
  app: { id: '0oa1', clientId: 'c1', profile: {} },
  org: { name: 'Acme', subDomain: 'acme' },
  access: { scope: ['openid'] },
  groups: [{ id: '00g1', type: 'OKTA_GROUP', profile: { name: 'Admins' } }],
};

describe('trace', () => {
  test('each evaluated sub-expression with its range and value, innermost first', () => {
    const c = compile('1 + 2');
    if (!c.ok) throw new Error();
    const r = evaluate(c.program, CTX, { trace: true });
    expect(r).toMatchObject({ ok: true, value: 3 });
    expect(r.trace).toEqual([
      { start: 0, end: 1, value: 1 },
      { start: 4, end: 5, value: 2 },
      { start: 0, end: 5, value: 3 },
    ]);
    expect(evaluate(c.program, CTX).trace).toBeUndefined();
  });

  test('short-circuited parts are absent; a failing evaluation keeps what it evaluated', () => {
    const c = compile("false AND user.nope.x OR user.firstName == 'Ada'");
    if (!c.ok) throw new Error();
    const r = evaluate(c.program, CTX, { trace: true });
    expect(r.ok && r.value).toBe(true);
    expect(r.trace!.some((t) => t.start === 10)).toBe(false);
    const src = "user.firstName + ' ' + user.nope.x";
    const bad = compile(src);
    if (!bad.ok) throw new Error();
    const e = evaluate(bad.program, CTX, { trace: true });
    expect(e.ok).toBe(false);
    expect(e.trace!.map((t) => [src.slice(t.start, t.end), t.value])).toEqual([
      ['user', { login: 'ada@example.com', firstName: 'Ada' }],
      ['user.firstName', 'Ada'],
      ["' '", ' '],
      ["user.firstName + ' '", 'Ada '],
      ['user', { login: 'ada@example.com', firstName: 'Ada' }],
      ['user.nope', null],
    ]);
  });

  test('values of users and projections are plain data', () => {
    const c = compile('user.getGroups().![name]');
    if (!c.ok) throw new Error();
    const r = evaluate(c.program, CTX, { trace: true });
    expect(r.trace!.at(-1)).toEqual({ start: 0, end: 24, value: ['Admins'] });
    expect(r.trace![0]).toEqual({ start: 0, end: 4, value: { login: 'ada@example.com', firstName: 'Ada' } });
  });
});

describe('evaluateExpression', () => {
  test('compiles (cached) and evaluates in one call', () => {
    expect(evaluateExpression('user.firstName', CTX)).toMatchObject({ ok: true, value: 'Ada', steps: 2 });
    expect(evaluateExpression('user.firstName =', CTX)).toMatchObject({ ok: false, stage: 'compile', issues: [{ stage: 'parse' }] });
    expect(evaluateExpression('user.x.y', CTX)).toMatchObject({ ok: false, error: { stage: 'evaluate', code: 'null' } });
  });
});

describe('buildContext', () => {
  const user: User = {
    id: '00u9', status: 'ACTIVE', created: '2024-01-01T00:00:00.000Z', activated: null, statusChanged: null, lastLogin: null,
    lastUpdated: '2024-01-02T00:00:00.000Z', passwordChanged: null, passwordHash: null, failedLogins: 0,
    profile: { login: 'grace@example.com', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', department: 'Navy' },
  };
  const groups: Group[] = [
    { id: '00gE', type: 'BUILT_IN', created: '', lastUpdated: '', lastMembershipUpdated: '', profile: { name: 'Everyone', description: 'All users' } },
    { id: '00gA', type: 'OKTA_GROUP', created: '', lastUpdated: '', lastMembershipUpdated: '', profile: { name: 'orders-admins' } },
  ];
  const app = {
    id: '0oa9', status: 'ACTIVE', created: '', lastUpdated: '', label: 'Orders',
    credentials: { client_id: 'orders-client', token_endpoint_auth_method: 'client_secret_basic', pkce_required: false, autoKeyRotation: true },
    settings: { application_type: 'web', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [], post_logout_redirect_uris: [], consent_method: 'TRUSTED', issuer_mode: 'ORG_URL', wildcard_redirect: 'DISABLED' },
    profile: { label: 'Orders', groupallowlist: ['00gA'] },
    userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
  } as App;

  test('the directory objects become the EL context', () => {
    const ctx = buildContext({ user, groups, app, org: { name: 'Acme', subDomain: 'acme' }, scopes: ['openid', 'groups'] });
    const run = (src: string) => evaluateExpression(src, ctx);
    expect(run('user.firstName + " " + user.lastName')).toMatchObject({ value: 'Grace Hopper' });
    expect(run('user.getInternalProperty("id")')).toMatchObject({ value: '00u9' });
    expect(run('appuser.userName')).toMatchObject({ value: 'grace@example.com' });
    expect(run('app.clientId + " " + app.id + " " + app.profile.label')).toMatchObject({ value: 'orders-client 0oa9 Orders' });
    expect(run('getFilteredGroups(app.profile.groupallowlist, "group.name", 10)')).toMatchObject({ value: ['orders-admins'] });
    expect(run('Groups.startsWith("OKTA", "", 10)')).toMatchObject({ value: ['Everyone', 'orders-admins'] });
    expect(run('access.scope')).toMatchObject({ value: ['openid', 'groups'] });
    expect(run('org.subDomain')).toMatchObject({ value: 'acme' });
  });

  test('client credentials: no user, no app user, no groups', () => {
    const ctx = buildContext({ user: null, groups, app, org: { name: 'Acme', subDomain: 'acme' }, scopes: ['orders:read'], appUserName: 'x' });
    expect(evaluateExpression('(appuser != null) ? appuser.userName : app.clientId', ctx)).toMatchObject({ value: 'orders-client' });
    expect(evaluateExpression('isMemberOfGroupName("Everyone")', ctx)).toMatchObject({ value: false });
  });

  test('an explicit app username and app-user profile', () => {
    const ctx = buildContext({ user, groups, app, org: { name: 'Acme', subDomain: 'acme' }, scopes: [], appUserName: 'ghopper', appUserProfile: { title: 'RADM' } });
    expect(evaluateExpression('appuser.userName + "/" + appuser.title', ctx)).toMatchObject({ value: 'ghopper/RADM' });
  });
});
