import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, snapshot, type TestServer } from '../helpers/server.js';

/*
 * The claim-expression tools of the admin API (`/api/v1/gatehouse/expressions/...`) against a real
 * server on the demo org: validate, evaluate, complete, functions, and every way a request can be
 * refused. None of them writes anything, so each test checks the workspace is unchanged.
 */

let s: TestServer;
const ids: Record<string, string> = {};
const BASE = '/api/v1/gatehouse/expressions';

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string } } }[]) ids[a.label] = a.credentials.oauthClient.client_id;
  for (const u of (await (await s.api('/api/v1/users')).json()) as { id: string; profile: { login: string } }[]) ids[u.profile.login] = u.id;
});
afterAll(async () => {
  await s.close();
});

const post = async (path: 'validate' | 'evaluate' | 'complete', body: unknown, init: { auth?: boolean; raw?: string } = {}) => {
  const res = await s.api(`${BASE}/${path}`, { method: 'POST', body: init.raw ?? JSON.stringify(body), auth: init.auth });
  return { status: res.status, body: await res.json() };
};

interface Issue { stage: string; code: string; message: string; start: number; end: number; line: number; column: number }

describe('POST /expressions/validate', () => {
  test('a valid expression: {valid: true, issues: []}', async () => {
    const before = snapshot(s);
    for (const expression of ['user.department', '(appuser != null) ? appuser.userName : app.clientId', 'String.replace(Arrays.toCsvString(access.scope), ",", " ")', 'Groups.startsWith("OKTA", "orders-", 50) ?: {}']) {
      const r = await post('validate', { expression });
      expect([expression, r.status, r.body]).toEqual([expression, 200, { valid: true, issues: [] }]);
    }
    expect(snapshot(s)).toBe(before);
  });

  test('a syntax error: an issue with stage, code, line, column, offsets and what was expected', async () => {
    const before = snapshot(s);
    const expression = 'user.firstName +\n  String.substring(user.login, 0';
    const r = await post('validate', { expression });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    expect(r.body.issues).toHaveLength(1);
    const issue: Issue = r.body.issues[0];
    expect(issue).toEqual({
      stage: 'parse',
      code: 'syntax',
      message: "expected ')' after the arguments of String.substring, but the expression ended",
      start: expression.length,
      end: expression.length,
      line: 2,
      column: expression.length - expression.indexOf('\n'),
    });

    const missing = (await post('validate', { expression: 'user.firstName + ' })).body.issues[0] as Issue;
    expect(missing).toMatchObject({ stage: 'parse', code: 'syntax', line: 1, column: 18, start: 17 });
    expect(missing.message).toMatch(/^expected a value after '\+'/);
    expect(snapshot(s)).toBe(before);
  });

  test('an unknown function: the message points to the right one', async () => {
    const r = await post('validate', { expression: 'len(user.login)' });
    expect(r.body.valid).toBe(false);
    expect(r.body.issues).toEqual([
      { stage: 'check', code: 'unknown-function', message: "unknown function 'len'; did you mean String.len(...)?", start: 0, end: 3, line: 1, column: 1 },
    ]);
    const ns = (await post('validate', { expression: 'String.upper(user.login)' })).body.issues[0] as Issue;
    expect(ns).toMatchObject({ stage: 'check', code: 'unknown-function', start: 7, end: 12, column: 8 });
    expect(ns.message).toMatch(/^String has no function 'upper'; it has append, join, len, /);
    expect(ns.message).toContain('toUpperCase');
    // Wrong arity: the message gives the signature.
    const arity = (await post('validate', { expression: 'String.substring(user.login, 0)' })).body.issues[0] as Issue;
    expect(arity).toMatchObject({ stage: 'check', code: 'arity' });
    expect(arity.message).toBe('String.substring expects 3 arguments, got 2: String.substring(String input, int startIndex, int endIndex)');
  });

  test('assignment with = is refused as unsupported, with a hint to use ==', async () => {
    const expression = 'user.department = "Research"';
    const r = await post('validate', { expression });
    expect(r.body.valid).toBe(false);
    expect(r.body.issues).toEqual([
      { stage: 'parse', code: 'unsupported', message: "unexpected '='; use '==' to compare (assignment is not supported)", start: 16, end: 17, line: 1, column: 17 },
    ]);
  });

  test('other refusals: an unknown object, an unknown property, an empty expression', async () => {
    const unknown = (await post('validate', { expression: 'zendesk.firstName' })).body;
    expect(unknown.issues[0]).toMatchObject({ stage: 'check', code: 'unknown-identifier', start: 0, end: 7 });
    expect(unknown.issues[0].message).toMatch(/explicit app references/);
    const prop = (await post('validate', { expression: 'org.subdomain' })).body;
    expect(prop.issues[0]).toMatchObject({ code: 'unknown-property' });
    expect(prop.issues[0].message).toMatch(/did you mean 'subDomain'/);
    const empty = (await post('validate', { expression: '' })).body;
    expect(empty).toMatchObject({ valid: false, issues: [{ stage: 'parse', code: 'empty', line: 1, column: 1, start: 0 }] });
  });

  test('exactly 1024 characters is accepted', async () => {
    const expression = `"${'a'.repeat(1022)}"`;
    expect(expression).toHaveLength(1024);
    expect((await post('validate', { expression })).body).toEqual({ valid: true, issues: [] });
  });
});

describe('POST /expressions/evaluate', () => {
  test('a claim expression for ada@example.com and a client gives her department', async () => {
    const before = snapshot(s);
    const r = await post('evaluate', { expression: 'user.department', clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(r).toEqual({ status: 200, body: { ok: true, value: 'Research' } });
    // By user id too, and for another user.
    expect((await post('evaluate', { expression: 'user.department', clientId: ids['Orders Portal'], userId: ids['grace@example.com'] })).body).toEqual({ ok: true, value: 'Engineering' });
    // The system sub expression gives her app username.
    expect((await post('evaluate', { expression: '(appuser != null) ? appuser.userName : app.clientId', clientId: ids['Orders Portal'], userId: 'ada@example.com' })).body).toEqual({ ok: true, value: 'ada@example.com' });
    expect(snapshot(s)).toBe(before);
  });

  test('Groups.startsWith("OKTA","Orders",10) gives her Orders groups, as a JSON array', async () => {
    const ada = await post('evaluate', { expression: 'Groups.startsWith("OKTA","Orders",10)', clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(ada.body).toEqual({ ok: true, value: ['Orders Staff'] });
    const grace = await post('evaluate', { expression: 'Groups.startsWith("OKTA","Orders",10)', clientId: ids['Orders Portal'], userId: 'grace@example.com' });
    expect(grace.body).toEqual({ ok: true, value: ['Orders Staff', 'Orders Admins'] });
    const alan = await post('evaluate', { expression: 'Groups.startsWith("OKTA","Orders",10)', clientId: ids['Orders Portal'], userId: 'alan@example.com' });
    expect(alan.body).toEqual({ ok: true, value: [] });
  });

  test('numbers and booleans keep their JSON types', async () => {
    const len = await post('evaluate', { expression: 'String.len(user.login)', clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(len.body).toEqual({ ok: true, value: 15 });
    const admin = await post('evaluate', { expression: 'isMemberOfGroupName("Orders Admins")', clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(admin.body).toEqual({ ok: true, value: false });
  });

  test('access.scope is the given scopes (none given: empty)', async () => {
    const r = await post('evaluate', { expression: 'access.scope', clientId: ids['Orders Portal'], userId: 'ada@example.com', scopes: ['openid', 'orders:read'] });
    expect(r.body).toEqual({ ok: true, value: ['openid', 'orders:read'] });
    const joined = await post('evaluate', { expression: 'String.replace(Arrays.toCsvString(access.scope), ",", " ")', clientId: ids['Orders Portal'], userId: 'ada@example.com', scopes: ['openid', 'orders:read'] });
    expect(joined.body).toEqual({ ok: true, value: 'openid orders:read' });
    const none = await post('evaluate', { expression: 'access.scope', clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(none.body).toEqual({ ok: true, value: [] });
  });

  test('client credentials (no userId): user.department is null; the sub expression gives the client id', async () => {
    const clientId = ids['Fulfilment Service']!;
    expect((await post('evaluate', { expression: 'user.department', clientId })).body).toEqual({ ok: true, value: null });
    expect((await post('evaluate', { expression: '(appuser != null) ? appuser.userName : app.clientId', clientId })).body).toEqual({ ok: true, value: clientId });
    expect((await post('evaluate', { expression: 'app.clientId', clientId })).body).toEqual({ ok: true, value: clientId });
  });

  test('a runtime error: ok false with a positioned issue', async () => {
    const before = snapshot(s);
    const expression = 'user.managerId.firstName';
    const r = await post('evaluate', { expression, clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(false);
    expect(r.body).not.toHaveProperty('value');
    expect(r.body.issues).toHaveLength(1);
    const issue: Issue = r.body.issues[0];
    // It points at the property read on null: 'firstName'.
    expect(issue).toMatchObject({ stage: 'evaluate', code: 'null', line: 1, column: 16, start: 15, end: 24 });
    expect(expression.slice(issue.start, issue.end)).toBe('firstName');
    expect(issue.message).toMatch(/null/);
    expect(issue.message).toContain('user.managerId');
    // appuser is null in client credentials: reading appuser.userName without the guard fails.
    const cc = await post('evaluate', { expression: 'appuser.userName', clientId: ids['Fulfilment Service'] });
    expect(cc.body).toMatchObject({ ok: false, issues: [{ stage: 'evaluate', code: 'null', line: 1, column: 9, start: 8, end: 16 }] });
    expect(snapshot(s)).toBe(before);
  });

  test('an expression that does not compile: ok false with the compile issues', async () => {
    const r = await post('evaluate', { expression: 'user.department = 1', clientId: ids['Orders Portal'], userId: 'ada@example.com' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, issues: [{ stage: 'parse', line: 1, column: 17, start: 16 }] });
  });

  test('trace: true returns the value of every sub-expression, with its range', async () => {
    const expression = 'String.toUpperCase(user.department) + "!"';
    const r = await post('evaluate', { expression, clientId: ids['Orders Portal'], userId: 'ada@example.com', trace: true });
    expect(r.body.ok).toBe(true);
    expect(r.body.value).toBe('RESEARCH!');
    const trace = r.body.trace as { start: number; end: number; value: unknown }[];
    expect(Array.isArray(trace)).toBe(true);
    const at = (text: string) => trace.find((t) => expression.slice(t.start, t.end) === text);
    expect(at('user.department')?.value).toBe('Research');
    expect(at('String.toUpperCase(user.department)')?.value).toBe('RESEARCH');
    expect(at('"!"')?.value).toBe('!');
    expect(at(expression)?.value).toBe('RESEARCH!');
    // Without trace (or trace: false) there is none.
    const plain = await post('evaluate', { expression, clientId: ids['Orders Portal'], userId: 'ada@example.com', trace: false });
    expect(plain.body).toEqual({ ok: true, value: 'RESEARCH!' });
  });
});

describe('POST /expressions/complete', () => {
  test('after user.: the profile attributes present in the directory, then the user methods', async () => {
    const before = snapshot(s);
    const r = await post('complete', { expression: 'user.', offset: 5 });
    expect(r.status).toBe(200);
    const items = r.body.items as { label: string; kind: string; detail: string; doc: string; insertText: string; start: number; end: number }[];
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['department', 'login', 'email', 'firstName', 'lastName', 'title', 'locale', 'getGroups']));
    expect(labels).not.toContain('nickName');
    expect(items.find((i) => i.label === 'department')).toMatchObject({ kind: 'property', insertText: 'department', start: 5, end: 5 });
    expect(items.find((i) => i.label === 'getGroups')).toMatchObject({ kind: 'function' });
    // A prefix narrows, and the item replaces the partial name.
    const dep = (await post('complete', { expression: 'user.dep', offset: 8 })).body.items;
    expect(dep).toEqual([expect.objectContaining({ label: 'department', start: 5, end: 8 })]);
    expect(snapshot(s)).toBe(before);
  });

  test('an attribute added to the directory is offered', async () => {
    const created = await s.api('/api/v1/users?activate=false', {
      method: 'POST',
      body: JSON.stringify({ profile: { firstName: 'Mary', lastName: 'Somerville', email: 'mary@example.com', login: 'mary@example.com', costCenter: 'CC-7' } }),
    });
    expect(created.status).toBe(200);
    const labels = ((await post('complete', { expression: 'user.c', offset: 6 })).body.items as { label: string }[]).map((i) => i.label);
    expect(labels).toContain('costCenter');
  });

  test('after String.: the functions with signatures and docs', async () => {
    const items = (await post('complete', { expression: 'String.', offset: 7 })).body.items as { label: string; kind: string; detail: string; doc: string; insertText: string }[];
    const labels = items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['append', 'join', 'len', 'replace', 'substring', 'substringBefore', 'substringAfter', 'toUpperCase', 'toLowerCase', 'stringSwitch']));
    const sub = items.find((i) => i.label === 'substringBefore')!;
    expect(sub).toMatchObject({ kind: 'function', insertText: 'substringBefore(' });
    expect(sub.detail).toBe('String.substringBefore(String input, String searchString) → String');
    expect(sub.doc.length).toBeGreaterThan(0);
    for (const i of items) {
      expect(i.kind).toBe('function');
      expect(i.detail.startsWith(`String.${i.label}(`)).toBe(true);
      expect(i.doc).not.toBe('');
    }
  });

  test('at the start: the objects, the namespaces and the functions', async () => {
    const items = (await post('complete', { expression: '', offset: 0 })).body.items as { label: string; kind: string }[];
    const objects = items.filter((i) => i.kind === 'object').map((i) => i.label);
    expect(objects).toEqual(expect.arrayContaining(['user', 'appuser', 'app', 'org', 'access']));
    expect(items.filter((i) => i.kind === 'namespace').map((i) => i.label)).toEqual(expect.arrayContaining(['String', 'Arrays', 'Convert', 'Iso3166Convert', 'Time', 'Groups']));
    expect(items.map((i) => i.label)).toContain('isMemberOfGroupName');
    // In the middle of a longer expression, at a word start, the same list.
    const mid = (await post('complete', { expression: 'String.len() + ', offset: 15 })).body.items as { label: string }[];
    expect(mid.map((i) => i.label)).toEqual(expect.arrayContaining(['user', 'app']));
    // Inside a string, nothing.
    expect((await post('complete', { expression: '"user.', offset: 6 })).body).toEqual({ items: [] });
  });

  test('the offset may be the end of the expression', async () => {
    const r = await post('complete', { expression: 'us', offset: 2 });
    expect(r.body.items.map((i: { label: string }) => i.label)).toEqual(['user']);
  });
});

describe('GET /expressions/functions', () => {
  test('the library with name, namespace, signature and doc', async () => {
    const before = snapshot(s);
    const res = await s.api(`${BASE}/functions`);
    expect(res.status).toBe(200);
    const fns = (await res.json()) as { name: string; namespace: string | null; signature: string; returns: string; doc: string; minArgs: number; maxArgs: number | null }[];
    expect(fns.length).toBeGreaterThan(40);
    for (const f of fns) {
      expect(typeof f.name).toBe('string');
      expect(f.namespace === null || typeof f.namespace === 'string').toBe(true);
      expect(f.signature).toContain(`${f.name}(`);
      expect(f.doc.length).toBeGreaterThan(0);
    }
    const find = (ns: string | null, name: string) => fns.find((f) => f.namespace === ns && f.name === name);
    expect(find('String', 'substringBefore')).toMatchObject({ signature: 'String.substringBefore(String input, String searchString)', returns: 'String' });
    expect(find('Groups', 'startsWith')).toMatchObject({ signature: 'Groups.startsWith(String app, String pattern, int limit)', returns: 'Array', minArgs: 3, maxArgs: 3 });
    expect(find(null, 'isMemberOfGroupName')).toMatchObject({ signature: 'isMemberOfGroupName(String name)', returns: 'Boolean' });
    expect(find(null, 'getFilteredGroups')).toBeDefined();
    expect(find('user', 'getGroups')).toBeDefined();
    expect(find('Arrays', 'toCsvString')).toBeDefined();
    expect(find('Convert', 'toInt')).toBeDefined();
    expect(find('Iso3166Convert', 'toAlpha2')).toBeDefined();
    expect(find('Time', 'now')).toMatchObject({ maxArgs: 2 });
    expect(snapshot(s)).toBe(before);
  });
});

describe('refusals: Okta errors, nothing changed', () => {
  const check = async (path: 'validate' | 'evaluate' | 'complete', body: unknown, field: string, cause?: string | RegExp) => {
    const r = await post(path, body);
    expect([path, field, r.status, r.body.errorCode, r.body.errorSummary]).toEqual([path, field, 400, 'E0000001', `Api validation failed: ${field}`]);
    const causes = (r.body.errorCauses as { errorSummary: string }[]).map((c) => c.errorSummary);
    expect(causes.length).toBeGreaterThan(0);
    for (const c of causes) expect(c.startsWith(`${field}: `)).toBe(true);
    if (typeof cause === 'string') expect(causes).toContain(`${field}: ${cause}`);
    else if (cause) expect(causes.some((c) => cause.test(c))).toBe(true);
    return r;
  };
  const long = 'x'.repeat(1025);

  test('validate: missing, wrong-typed, unknown and over-long fields', async () => {
    const before = snapshot(s);
    await check('validate', {}, 'expression', 'The field cannot be left blank');
    await check('validate', { expression: 42 }, 'expression');
    await check('validate', { expression: null }, 'expression');
    await check('validate', { expression: ['user.login'] }, 'expression');
    await check('validate', { expression: long }, 'expression', /1024/);
    await check('validate', { expression: 'user.login', extra: true }, 'extra', "Property 'extra' is not defined");
    expect(snapshot(s)).toBe(before);
  });

  test('evaluate: missing and wrong-typed fields, over-long expression', async () => {
    const before = snapshot(s);
    const clientId = ids['Orders Portal']!;
    await check('evaluate', { clientId }, 'expression', 'The field cannot be left blank');
    await check('evaluate', { expression: 1, clientId }, 'expression');
    await check('evaluate', { expression: long, clientId }, 'expression', /1024/);
    await check('evaluate', { expression: 'user.login' }, 'clientId', 'The field cannot be left blank');
    await check('evaluate', { expression: 'user.login', clientId: 7 }, 'clientId');
    await check('evaluate', { expression: 'user.login', clientId: '' }, 'clientId', 'The field cannot be left blank');
    await check('evaluate', { expression: 'user.login', clientId, userId: 5 }, 'userId');
    await check('evaluate', { expression: 'user.login', clientId, userId: '' }, 'userId');
    await check('evaluate', { expression: 'user.login', clientId, scopes: 'openid' }, 'scopes');
    await check('evaluate', { expression: 'user.login', clientId, scopes: ['openid', 3] }, 'scopes.1');
    await check('evaluate', { expression: 'user.login', clientId, trace: 'yes' }, 'trace');
    await check('evaluate', { expression: 'user.login', clientId, userId: 'ada@example.com', grantType: 'password' }, 'grantType', "Property 'grantType' is not defined");
    expect(snapshot(s)).toBe(before);
  });

  // Each of these is E0000001 naming the field (checked above); the cause must say what is wrong.
  test.each([
    ['validate', { expression: 42 }, 'expression: Expected string, got number'],
    ['validate', { expression: null }, 'expression: Expected string, got null'],
    ['validate', { expression: ['user.login'] }, 'expression: Expected string, got array'],
    ['evaluate', { expression: 'user.login', clientId: 7 }, 'clientId: Expected string, got number'],
    ['evaluate', { expression: 'user.login', clientId: 'x', userId: 5 }, 'userId: Expected string, got number'],
    ['evaluate', { expression: 'user.login', clientId: 'x', scopes: 'openid' }, 'scopes: Expected array, got string'],
    ['evaluate', { expression: 'user.login', clientId: 'x', scopes: ['openid', 3] }, 'scopes.1: Expected string, got number'],
    ['evaluate', { expression: 'user.login', clientId: 'x', trace: 'yes' }, 'trace: Expected boolean, got string'],
    ['complete', { expression: 'user.', offset: '5' }, 'offset: Expected number, got string'],
  ] as const)('%s %j: a wrong-typed field is reported as such, not as blank', async (path, body, cause) => {
    const before = snapshot(s);
    const r = await post(path, body);
    expect(r.status).toBe(400);
    expect(r.body.errorCauses).toEqual([{ errorSummary: cause }]);
    expect(snapshot(s)).toBe(before);
  });

  test('a non-integer offset is not reported as blank', async () => {
    const r = await post('complete', { expression: 'user.', offset: 2.5 });
    expect(r.status).toBe(400);
    expect(r.body.errorCauses).toHaveLength(1);
    expect(r.body.errorCauses[0].errorSummary).toMatch(/^offset: /);
    expect(r.body.errorCauses[0].errorSummary).not.toBe('offset: The field cannot be left blank');
  });

  test('evaluate: an unknown clientId or userId is E0000001 naming the field', async () => {
    const before = snapshot(s);
    await check('evaluate', { expression: 'user.login', clientId: 'nope' }, 'clientId', "There is no client with the id 'nope'");
    await check('evaluate', { expression: 'user.login', clientId: ids['Orders Portal'], userId: 'nobody@example.com' }, 'userId', "There is no user 'nobody@example.com'");
    await check('evaluate', { expression: 'user.login', clientId: ids['Orders Portal'], userId: '00unotauser000000000' }, 'userId');
    // Both wrong: both named.
    const both = await post('evaluate', { expression: 'user.login', clientId: 'nope', userId: 'nobody@example.com' });
    expect(both.status).toBe(400);
    expect(both.body.errorSummary).toBe('Api validation failed: clientId, userId');
    expect(both.body.errorCauses).toHaveLength(2);
    // The id check comes before the expression's own issues.
    await check('evaluate', { expression: 'user.department = 1', clientId: 'nope' }, 'clientId');
    expect(snapshot(s)).toBe(before);
  });

  test('complete: missing and wrong-typed fields, offset out of range, over-long expression', async () => {
    const before = snapshot(s);
    await check('complete', { offset: 0 }, 'expression', 'The field cannot be left blank');
    await check('complete', { expression: 3, offset: 0 }, 'expression');
    await check('complete', { expression: long, offset: 0 }, 'expression', /1024/);
    await check('complete', { expression: 'user.' }, 'offset', 'The field cannot be left blank');
    await check('complete', { expression: 'user.', offset: '5' }, 'offset');
    await check('complete', { expression: 'user.', offset: -1 }, 'offset', 'Must be at least 0');
    await check('complete', { expression: 'user.', offset: 2.5 }, 'offset');
    await check('complete', { expression: 'user.', offset: 6 }, 'offset', 'The offset is past the end of the expression');
    await check('complete', { expression: '', offset: 1 }, 'offset', 'The offset is past the end of the expression');
    expect(snapshot(s)).toBe(before);
  });

  test('a body that is not a JSON object is E0000003', async () => {
    const before = snapshot(s);
    for (const path of ['validate', 'evaluate', 'complete'] as const) {
      const notJson = await post(path, undefined, { raw: '{"expression": ' });
      expect([path, notJson.status, notJson.body.errorCode]).toEqual([path, 400, 'E0000003']);
      const array = await post(path, ['user.login']);
      expect([path, array.status, array.body.errorCode]).toEqual([path, 400, 'E0000003']);
    }
    expect(snapshot(s)).toBe(before);
  });

  test('no admin token (or a wrong one): 401 E0000011 on every endpoint', async () => {
    const before = snapshot(s);
    const bodies = {
      validate: { expression: 'user.login' },
      evaluate: { expression: 'user.login', clientId: ids['Orders Portal'], userId: 'ada@example.com' },
      complete: { expression: 'user.', offset: 5 },
    };
    for (const path of ['validate', 'evaluate', 'complete'] as const) {
      const r = await post(path, bodies[path], { auth: false });
      expect([path, r.status, r.body.errorCode, r.body.errorSummary]).toEqual([path, 401, 'E0000011', 'Invalid token provided']);
      const wrong = await s.api(`${BASE}/${path}`, { method: 'POST', body: JSON.stringify(bodies[path]), auth: false, headers: { Authorization: 'SSWS not-the-token' } });
      expect([path, wrong.status, (await wrong.json()).errorCode]).toEqual([path, 401, 'E0000011']);
    }
    const fns = await s.api(`${BASE}/functions`, { auth: false });
    expect(fns.status).toBe(401);
    expect(await fns.json()).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    expect(snapshot(s)).toBe(before);
  });

  test('wrong methods and paths', async () => {
    const before = snapshot(s);
    expect((await s.api(`${BASE}/validate`)).status).toBe(405);
    expect((await s.api(`${BASE}/functions`, { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await s.api(`${BASE}/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(snapshot(s)).toBe(before);
  });
});
