/**
 * The sandbox and the bounds: an expression reaches nothing but the data it is given, every
 * evaluation terminates within its step budget, sizes are capped, and nothing ever throws to the
 * caller. Property tests (fast-check) drive random sources and random well-formed expressions;
 * they measure steps, never wall-clock time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, evaluate, FUNCTIONS, LIMITS, type ExpressionContext, type ExprValue, type Program } from '../../src-server/expression/index.js';
import { quote as quoteForTest } from '../../src-server/expression/ast.js';

const CTX: ExpressionContext = {
  user: {
    id: '00u1', status: 'ACTIVE',
    profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', nickName: '', score: 2.5, arrayAttr: ['a', 'b'] },
  },
  appuser: { userName: 'ada' },
  app: { id: '0oa1', clientId: 'client1', profile: { label: 'Orders', groupallowlist: ['00g1', '00g2'] } },
  org: { name: 'Acme', subDomain: 'acme' },
  access: { scope: ['openid', 'orders:read'] },
  groups: [
    { id: '00g0', type: 'BUILT_IN', profile: { name: 'Everyone' } },
    { id: '00g1', type: 'OKTA_GROUP', profile: { name: 'Admins' } },
    { id: '00g2', type: 'OKTA_GROUP', profile: { name: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' } },
  ],
  now: 0,
};
const CC: ExpressionContext = { ...CTX, user: null, appuser: null, groups: [] };

function program(src: string): Program {
  const c = compile(src);
  if (!c.ok) throw new Error(`${src}: ${c.issues[0]!.message}`);
  return c.program;
}

function outcome(src: string, ctx: ExpressionContext = CTX, maxSteps?: number) {
  return evaluate(program(src), ctx, maxSteps ? { maxSteps } : {});
}

describe('the sandbox', () => {
  test.each([
    ['user.__proto__', 'forbidden'],
    ['user.constructor', 'forbidden'],
    ["''.constructor", 'forbidden'],
    ['{}.toString', 'forbidden'],
    ['{}.toString()', 'forbidden'],
    ["user['__proto__']", 'forbidden'],
    ['app.profile.constructor.prototype', 'forbidden'],
    ['user.valueOf', 'forbidden'],
    ["'x'.concat('y')", 'not-callable'],
    ['access.scope.push(1)', 'not-callable'],
    ["T(java.lang.Runtime).getRuntime().exec('ls')", 'unsupported'],
    ["new java.io.File('/etc/passwd')", 'unsupported'],
    ['#root.user', 'unsupported'],
    ['@environment', 'unsupported'],
    ['process.env', 'unknown-identifier'],
    ['globalThis.x', 'unknown-identifier'],
    ['this', 'unknown-identifier'],
  ])('%s is refused before evaluation (%s)', (src, code) => {
    const c = compile(src);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.issues.map((i) => i.code)).toContain(code);
  });

  test.each([
    ["user['__pro' + 'to__']", 5],
    ["user['constr' + 'uctor']", 5],
    ["{'a': 1}['toStr' + 'ing']", 9],
    ["app.profile['has' + 'OwnProperty']", 12],
    ["user.getGroups().![constructor]", 19],
  ])('%s is refused at evaluation, with its position', (src, start) => {
    const r = outcome(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.start]).toEqual(['forbidden', start]);
  });

  test('only own data properties are read: getters are never called, inherited names never resolve', () => {
    let called = 0;
    const profile: Record<string, unknown> = Object.create({ inherited: 'from the prototype' });
    profile.login = 'x@example.com';
    Object.defineProperty(profile, 'evil', { enumerable: true, get: () => (called++, 'gotcha') });
    const ctx: ExpressionContext = { ...CTX, user: { id: '00u2', status: 'ACTIVE', profile } };
    expect(outcome('user.evil', ctx)).toMatchObject({ ok: true, value: null });
    expect(outcome('user.inherited', ctx)).toMatchObject({ ok: true, value: null });
    expect(outcome('user.login', ctx)).toMatchObject({ ok: true, value: 'x@example.com' });
    expect(called).toBe(0);
  });

  test('values that are not plain data read as null (functions, symbols, class instances); dates as ISO strings', () => {
    class Secret {
      key = 'k';
    }
    const profile = { fn: () => 'called', map: new Map([['a', 1]]), secret: new Secret(), when: new Date(0), big: 12n, nan: NaN, sym: Symbol('s') };
    const ctx: ExpressionContext = { ...CTX, user: { id: '00u3', status: 'ACTIVE', profile } };
    expect(outcome('{user.fn, user.map, user.secret, user.when, user.big, user.nan, user.sym}', ctx)).toMatchObject({
      ok: true,
      value: [null, null, null, '1970-01-01T00:00:00.000Z', 12, null, null],
    });
    expect(outcome('user.secret.key', ctx).ok).toBe(false);
  });

  test('a map literal cannot change a prototype, and results never alias the context', () => {
    const r = outcome("{'__proto__': {'polluted': 'yes'}, 'a': 1}");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(v).toEqual({ a: 1 });

    const p = outcome('app.profile');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    (p.value as { groupallowlist: string[] }).groupallowlist.push('mutated');
    expect(CTX.app.profile!.groupallowlist).toEqual(['00g1', '00g2']);
  });

  test('evaluate refuses a program that compile did not make', () => {
    const parsed = compile('1 + 1');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const forged = { source: 'foo', ast: { kind: 'ident', name: 'foo', start: 0, end: 3, line: 1, column: 1 }, bindings: ['user'] } as unknown as Program;
    const r = evaluate(forged, CTX);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ stage: 'evaluate', code: 'internal', message: expect.stringMatching(/needs a program made by compile/) });
    expect(evaluate({ ...parsed.program }, CTX).ok).toBe(false);
  });

  test('the module does no I/O and has no way to run code: relative imports only, no eval, no Function', () => {
    const root = join(import.meta.dirname, '../../src-server/expression');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bfrom\s+'([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\.?\//);
      expect(text, f).not.toMatch(/(?<![.\w])eval\s*\(|\bnew\s+Function\b|(?<![.\w])Function\s*\(|\bimport\s*\(|\brequire\s*\(|\bprocess\./);
      for (const m of text.matchAll(/\bfrom\s+'(\.\.\/[^']+)'/g)) {
        // Outside the folder, only type imports (the directory's object shapes).
        if (m[1]!.startsWith('../directory/')) expect(text).toMatch(new RegExp(`import type [^;]+'${m[1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'`));
      }
    }
  });
});

describe('bounds', () => {
  test('the step budget stops an evaluation, and the steps used never exceed it', () => {
    const r = outcome('1 + 1 + 1 + 1 + 1 + 1 + 1', CTX, 5);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.message]).toEqual(['budget', 'the expression needs more than 5 evaluation steps']);
    expect(r.steps).toBe(5);
    expect(outcome('1 + 1').steps).toBe(3);
    const bomb = program(`{1,2,3,4,5,6,7,8,9,10}.![{1,2,3,4,5,6,7,8,9,10}.![{1,2,3,4,5,6,7,8,9,10}.![{1,2,3,4,5,6,7,8,9,10}]]]`);
    for (const maxSteps of [NaN, Infinity, -1, 0]) {
      const b = evaluate(bomb, CTX, { maxSteps });
      expect(b.steps).toBeLessThanOrEqual(LIMITS.defaultMaxSteps);
    }
  });

  test('a projection bomb spends the budget and stops', () => {
    const L = '{1,2,3,4,5,6,7,8,9,10}';
    const r = outcome(`${L}.![${L}.![${L}.![${L}.![${L}]]]]`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('budget');
    expect(r.steps).toBe(LIMITS.defaultMaxSteps);
  });

  test('doubling a string hits the string size cap', () => {
    let s = `'${'x'.repeat(100)}'`;
    for (let i = 0; i < 6; i++) s = `String.join(${s}, '', '', '', '', '', '', '', '', '')`;
    expect(s.length).toBeLessThan(LIMITS.maxSourceLength);
    const r = outcome(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.message]).toEqual(['size', expect.stringMatching(/longer than 65536 characters/)]);
    expect(r.steps).toBeLessThanOrEqual(LIMITS.defaultMaxSteps);
  });

  test.each([
    `String.replace(String.replace('${'a'.repeat(300)}', '', '${'b'.repeat(300)}'), '', 'cc')`,
    `String.append(String.join('${'a'.repeat(150)}', '${'b'.repeat(150)}', '${'c'.repeat(150)}'), '') + String.join('x', '${'d'.repeat(150)}', '${'e'.repeat(150)}')`,
  ])('growing strings through functions and + stays under the cap: %#', (src) => {
    const r = outcome(src);
    if (r.ok) expect((r.value as string).length).toBeLessThanOrEqual(LIMITS.maxStringLength);
    else expect(['size', 'budget']).toContain(r.error.code);
  });

  test('concatenation is capped too', () => {
    const y = `String.join('${'y'.repeat(200)}', ${Array.from({ length: 120 }, () => "''").join(',')})`; // 23,800 characters
    expect(outcome(`Arrays.size({'s': ${y}}.![value + value])`)).toMatchObject({ ok: true, value: 1 });
    expect(outcome(`String.len({'s': ${y}}.![value + value][0])`)).toMatchObject({ ok: true, value: 47_600 });
    const r = outcome(`{'s': ${y}}.![value + value + value]`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.message]).toEqual(['size', 'the string would be 71400 characters long; the limit is 65536']);
  });

  test('arrays are capped', () => {
    const commas = (n: number) => `String.join('${','.repeat(250)}', ${Array.from({ length: n + 1 }, () => "''").join(', ')})`; // 250n commas
    expect(outcome(`Arrays.size(Arrays.flatten(${commas(39)}))`)).toMatchObject({ ok: true, value: 9751 });
    const r = outcome(`Arrays.flatten(${commas(50)})`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.message]).toEqual(['size', 'Arrays.flatten: the result would have more than 10000 elements']);
    expect(r.steps).toBeLessThanOrEqual(LIMITS.defaultMaxSteps);
  });

  test('nesting up to the parser limit evaluates', () => {
    expect(outcome('('.repeat(63) + '1 + 1' + ')'.repeat(63))).toMatchObject({ ok: true, value: 2 });
    expect(outcome('!'.repeat(60) + 'true')).toMatchObject({ ok: true, value: true });
    expect(outcome('user' + '.a'.repeat(300))).toMatchObject({ ok: false, error: { code: 'null' } });
  });

  const LONG_A = `String.join('${'a'.repeat(200)}', ${Array.from({ length: 100 }, () => "''").join(', ')})`; // 19,800 characters of 'a'
  test.each([
    ["'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' matches '(a+)+$'", false],
    ["'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' matches '(a|aa)+'", false],
    ["'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' matches '(a*)*b'", false],
    ["'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' matches '(x+x+)+y'", false],
    ["'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' matches '(.*a){20}'", true],
    ["'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' matches '(a|a)*'", true],
    ["isMemberOfGroupNameRegex('(a+)+$')", false],
    ["isMemberOfGroupNameRegex('(a|aa)*!')", true],
    [`${LONG_A} matches '(a|aa)+b'`, false, true],
    [`${LONG_A} matches '(a+)+$'`, true, true],
    [`String.replace(${LONG_A}, '(a+)+b', 'x') == ''`, false, true],
    [`String.replace(${LONG_A}, '(a|aa)*c', 'x') == ''`, false, true],
  ])('catastrophic pattern %# answers quickly, in steps', (src, want, mayRunOut = false) => {
    const r = outcome(src);
    expect(r.steps).toBeLessThanOrEqual(LIMITS.defaultMaxSteps);
    if (!r.ok && mayRunOut) expect(['regex', 'budget']).toContain(r.error.code);
    else expect(r).toMatchObject({ ok: true, value: want });
  });

  test('regex features that need backtracking are refused', () => {
    for (const pattern of ['(a)\\1', '(?=a)a', '(?!a)b', '(?<=a)b', '(?>a)', 'a*+', '[a[b]]', '[a&&b]']) {
      const r = outcome(`'aa' matches '${pattern}' + ''`);
      expect(r.ok, pattern).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('regex');
    }
  });

  test('group expressions cannot nest without end', () => {
    const inner = "getFilteredGroups({'00g1'}, 'getFilteredGroups({''00g1''}, ''getFilteredGroups({''''00g1''''}, ''''group.name'''', 1)'', 1)', 1)";
    const r = outcome(inner);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/nest too deeply/);
  });

  test('the same evaluation always takes the same steps', () => {
    const src = "user.getGroups().![String.toUpperCase(name)] + String.replace(user.login, '@.*', '')";
    const a = outcome(src);
    const b = outcome(src);
    expect(a).toEqual(b);
    expect(a.steps).toBeGreaterThan(5);
  });
});

// ---- property tests ------------------------------------------------------------------------------

const TOKENS = [
  'user', 'appuser', 'app', 'org', 'access', 'session', 'String', 'Arrays', 'Groups', 'Time', 'Convert', 'Iso3166Convert',
  '.', '?.', '.![', '[', ']', '(', ')', '{', '}', ',', ':', '?', '?:', '+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=',
  '!', 'AND', 'OR', 'matches', 'null', 'true', "'a'", '"b"', "''", '0', '1', '2.5', 'firstName', 'scope', 'profile', 'label',
  'len', 'substring', 'getGroups', 'name', 'join', 'size', 'startsWith', 'now', 'isMemberOfGroupName', 'getFilteredGroups', '=', '#', '@', 'new', 'T',
];

const LEAVES = [
  'user.firstName', 'user.middleName', 'user.nickName', 'user.arrayAttr', 'user.score', 'user.login', 'app.profile.label', 'app.clientId',
  'app.profile.groupallowlist', 'org.name', 'access.scope', 'appuser.userName', 'session', 'null', 'true', 'false', "''", '{}', '{:}', 'user', 'app.profile',
];
const PROPS = ['name', 'id', 'firstName', 'label', 'x', 'profile', 'scope', 'type'];

const wellFormed = fc.letrec<{ e: string; leaf: string; bin: string; tern: string; unary: string; list: string; map: string; index: string; proj: string; member: string; call: string }>((tie) => ({
  e: fc.oneof({ depthSize: 'small', maxDepth: 5 }, tie('leaf'), tie('bin'), tie('tern'), tie('unary'), tie('list'), tie('map'), tie('index'), tie('proj'), tie('member'), tie('call')),
  leaf: fc.oneof(
    fc.constantFrom(...LEAVES),
    fc.integer({ min: 0, max: 100_000 }).map(String),
    fc.double({ min: 0, max: 1e6, noNaN: true }).map((n) => String(n)),
    fc.string({ maxLength: 12 }).map(quoteForTest),
  ),
  bin: fc
    .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'AND', 'OR', 'matches', '?:', '&&', '||'), tie('e'))
    .map(([a, op, b]) => `(${a} ${op} ${b})`),
  tern: fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
  unary: fc.tuple(fc.constantFrom('!', '-', 'NOT '), tie('e')).map(([op, a]) => `${op}(${a})`),
  list: fc.array(tie('e'), { maxLength: 4 }).map((xs) => `{${xs.join(', ')}}`),
  map: fc.array(fc.tuple(fc.constantFrom('group.type', 'group.profile.name', 'operator', 'group.id', 'k'), tie('e')), { minLength: 1, maxLength: 3 }).map((es) => `{${es.map(([k, v]) => `'${k}': ${v}`).join(', ')}}`),
  index: fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a})[${b}]`),
  proj: fc.tuple(tie('e'), fc.oneof(fc.constantFrom(...PROPS), tie('e'))).map(([a, b]) => `(${a}).![${b}]`),
  member: fc.tuple(tie('e'), fc.constantFrom(...PROPS), fc.boolean()).map(([a, p, safe]) => `(${a})${safe ? '?.' : '.'}${p}`),
  call: fc
    .constantFrom(...FUNCTIONS)
    .chain((f) =>
      fc.array(tie('e'), { minLength: f.minArgs, maxLength: f.maxArgs ?? f.minArgs + 3 }).map((args) => {
        const prefix = f.namespace === null ? '' : f.namespace === 'user' ? 'user.' : `${f.namespace}.`;
        return `${prefix}${f.name}(${args.join(', ')})`;
      }),
    ),
}));

/** Expressions built to type-check: strings, booleans, numbers and arrays composed through the library. */
const REGEXES = ["'a.*'", "'(a|b)+'", "'[a-z]*'", "'.*@.*'", "'(?i)ADA.*'", "'(a+)+$'", "'\\w+'", "'x?'"];
const typed = fc.letrec<{ str: string; bool: string; num: string; arr: string }>((tie) => ({
  str: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.constantFrom('user.firstName', 'user.login', 'user.nickName', 'app.clientId', 'org.name', "'Ada'", "'a,b'", "''"),
    fc.string({ maxLength: 6 }).map(quoteForTest),
    tie('str').map((x) => `String.toUpperCase(${x})`),
    fc.tuple(tie('str'), fc.nat(6), fc.nat(6)).map(([x, a, b]) => `String.substring(${x}, ${a}, ${b})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(tie('bool'), tie('str'), tie('str')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `(${a} ?: ${b})`),
    fc.tuple(tie('str'), fc.constantFrom(...REGEXES), tie('str')).map(([x, r, y]) => `String.replace(${x}, ${r}, ${y})`),
    tie('arr').map((a) => `Arrays.toCsvString(${a})`),
    fc.tuple(tie('str'), tie('arr')).map(([sep, a]) => `String.join(${sep}, ${a})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `String.substringAfter(${a}, ${b})`),
    fc.tuple(tie('str'), tie('str'), tie('str')).map(([a, b, c]) => `String.stringSwitch(${a}, ${b}, ${c}, 'v')`),
  ),
  bool: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.constantFrom('true', 'false', 'user.isMemberOf({\'group.type\': \'OKTA_GROUP\'})', 'hasDirectoryUser()'),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `(${a} == ${b})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `String.startsWith(${a}, ${b})`),
    tie('str').map((x) => `isMemberOfGroupNameContains(${x})`),
    fc.tuple(tie('arr'), tie('str')).map(([a, x]) => `Arrays.contains(${a}, ${x})`),
    fc.tuple(tie('bool'), fc.constantFrom('AND', 'OR'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('bool').map((b) => `!(${b})`),
    fc.tuple(tie('str'), fc.constantFrom(...REGEXES)).map(([x, r]) => `(${x} matches ${r})`),
    fc.tuple(tie('num'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
  num: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.integer({ min: -50, max: 50 }).map((n) => `(${n})`),
    tie('str').map((x) => `String.len(${x})`),
    tie('arr').map((a) => `Arrays.size(${a})`),
    fc.tuple(tie('num'), fc.constantFrom('+', '-', '*'), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('num').map((n) => `Convert.toInt(${n})`),
  ),
  arr: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.constantFrom('access.scope', 'user.arrayAttr', 'user.getGroups().![name]', "Groups.contains('OKTA', 'a', 10)", '{}', "getFilteredGroups(app.profile.groupallowlist, 'group.name + ''-''', 10)"),
    fc.array(tie('str'), { maxLength: 3 }).map((xs) => `{${xs.join(', ')}}`),
    fc.tuple(tie('arr'), tie('str')).map(([a, x]) => `Arrays.add(${a}, ${x})`),
    fc.tuple(tie('arr'), tie('arr')).map(([a, b]) => `Arrays.flatten(${a}, ${b})`),
    fc.tuple(tie('arr'), tie('str')).map(([a, x]) => `Arrays.remove(${a}, ${x})`),
    tie('str').map((x) => `user.getGroups().![name + ${x}]`),
  ),
}));

const MAX_STEPS = 3_000;

function assertWellBehaved(src: string, ctx: ExpressionContext, trace: boolean): void {
  const c = compile(src);
  if (!c.ok) {
    for (const i of c.issues) {
      expect(i.start).toBeGreaterThanOrEqual(0);
      expect(i.end).toBeGreaterThanOrEqual(i.start);
      expect(i.start).toBeLessThanOrEqual(Math.max(src.length, 0));
      expect(i.line).toBeGreaterThanOrEqual(1);
      expect(i.column).toBeGreaterThanOrEqual(1);
      expect(typeof i.message).toBe('string');
    }
    return;
  }
  const r = evaluate(c.program, ctx, { maxSteps: MAX_STEPS, trace });
  expect(r.steps).toBeLessThanOrEqual(MAX_STEPS);
  expect(Number.isInteger(r.steps)).toBe(true);
  if (r.ok) {
    expect(() => JSON.stringify(r.value)).not.toThrow();
    assertPlain(r.value);
    if (typeof r.value === 'string') expect(r.value.length).toBeLessThanOrEqual(LIMITS.maxStringLength);
  } else {
    expect(r.error.stage).toBe('evaluate');
    expect(r.error.start).toBeGreaterThanOrEqual(0);
    expect(r.error.end).toBeLessThanOrEqual(src.length);
    expect(r.error.code).not.toBe('internal');
  }
}

function assertPlain(v: ExprValue): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') return void expect(Number.isFinite(v)).toBe(true);
  if (Array.isArray(v)) return v.forEach(assertPlain);
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  Object.values(v).forEach(assertPlain);
}

describe('properties', () => {
  test('compile never throws on any string, and its issues point inside the source', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 1200 })), (src) => {
        assertWellBehaved(src, CTX, false);
      }),
      { numRuns: 400 },
    );
  });

  test('token soup: near-miss sources compile or answer issues, and evaluate within the budget', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }), fc.boolean(), (toks, cc) => {
        assertWellBehaved(toks.join(' '), cc ? CC : CTX, false);
        assertWellBehaved(toks.join(''), cc ? CC : CTX, false);
      }),
      { numRuns: 400 },
    );
  });

  test('random well-formed expressions never throw and finish within the step budget', () => {
    fc.assert(
      fc.property(wellFormed.e, fc.boolean(), fc.boolean(), (src, cc, trace) => {
        assertWellBehaved(src, cc ? CC : CTX, trace);
      }),
      { numRuns: 400 },
    );
  });

  test('typed expressions compile, and evaluate to a value of their type within the budget', () => {
    const kinds = { str: 'string', bool: 'boolean', num: 'number', arr: 'array' } as const;
    fc.assert(
      fc.property(fc.constantFrom('str', 'bool', 'num', 'arr') as fc.Arbitrary<keyof typeof kinds>, fc.nat(), (kind, seed) => {
        const [src] = fc.sample(typed[kind], { numRuns: 1, seed });
        const c = compile(src!);
        if (!c.ok && c.issues.every((i) => i.code === 'too-long')) return;
        expect(c.ok, `${src}: ${!c.ok && c.issues[0]!.message}`).toBe(true);
        if (!c.ok) return;
        const r = evaluate(c.program, CTX, { maxSteps: MAX_STEPS });
        expect(r.steps).toBeLessThanOrEqual(MAX_STEPS);
        if (!r.ok) {
          expect(['size', 'budget', 'regex', 'argument'], `${src}: ${r.error.message}`).toContain(r.error.code);
          return;
        }
        expect(Array.isArray(r.value) ? 'array' : typeof r.value, src).toBe(kinds[kind]);
      }),
      { numRuns: 500 },
    );
  });

  test('evaluation is deterministic: same program, same context, same result and steps', () => {
    fc.assert(
      fc.property(wellFormed.e, (src) => {
        const c = compile(src);
        if (!c.ok) return;
        expect(evaluate(c.program, CTX, { maxSteps: MAX_STEPS })).toEqual(evaluate(c.program, CTX, { maxSteps: MAX_STEPS }));
      }),
      { numRuns: 150 },
    );
  });
});
