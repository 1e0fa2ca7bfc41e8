/**
 * Parsing and checking: operator precedence (shown by printing the tree fully parenthesized),
 * node positions, parse errors with their exact position and message, the refused SpEL constructs,
 * the source and depth caps, and the static checks (names, functions, arity, properties).
 */
import { describe, expect, test } from 'vitest';
import { check, compile, formatExpr, formatIssue, parse, type Expr, type ExprIssue } from '../../src-server/expression/index.js';

function tree(src: string): string {
  const p = parse(src);
  if (!p.ok) throw new Error(`${src}: ${p.issues[0]!.message}`);
  return formatExpr(p.ast);
}

function parseIssue(src: string): ExprIssue {
  const p = parse(src);
  expect(p.ok, `${src} should not parse`).toBe(false);
  if (p.ok) throw new Error('parsed');
  expect(p.issues).toHaveLength(1);
  return p.issues[0]!;
}

function checkIssues(src: string, env?: Parameters<typeof check>[1]): ExprIssue[] {
  const p = parse(src);
  if (!p.ok) throw new Error(`${src}: ${p.issues[0]!.message}`);
  return check(p.ast, env);
}

describe('precedence and grouping', () => {
  test.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 * 2 + 3', '((1 * 2) + 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['1 + 2 == 3', '((1 + 2) == 3)'],
    ['a == b AND c == d', '((a == b) AND (c == d))'],
    ['a OR b AND c', '(a OR (b AND c))'],
    ['a AND b OR c', '((a AND b) OR c)'],
    ['a || b && c', '(a OR (b AND c))'],
    ['!a == b', '((!a) == b)'],
    ['!a AND b', '((!a) AND b)'],
    ['NOT a OR b', '((!a) OR b)'],
    ['-a + b', '((-a) + b)'],
    ['-a * -b', '((-a) * (-b))'],
    ['a ? b : c', '(a ? b : c)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a ? b ? c : d : e', '(a ? (b ? c : d) : e)'],
    ['a OR b ? c : d', '((a OR b) ? c : d)'],
    ['a == 1 ? b + c : d', '((a == 1) ? (b + c) : d)'],
    ['a ?: b', '(a ?: b)'],
    ['a ?: b ?: c', '(a ?: (b ?: c))'],
    ['a ?: b ? c : d', '(a ?: (b ? c : d))'],
    ['a ? b : c ?: d', '(a ? b : (c ?: d))'],
    ['a ? b ?: c : d', '(a ? (b ?: c) : d)'],
    ['(a ?: b) ? c : d', '((a ?: b) ? c : d)'],
    ['a + b ?: c', '((a + b) ?: c)'],
    ['a matches b AND c', '((a matches b) AND c)'],
    ['a + b matches c', '((a + b) matches c)'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['a.b.c', 'a.b.c'],
    ['a?.b', 'a?.b'],
    ['a.b[0].c', 'a.b[0].c'],
    ['a[b[0]]', 'a[b[0]]'],
    ['f(1, g(2))', 'f(1, g(2))'],
    ['String.len(a.b)', 'String.len(a.b)'],
    ['user.getGroups({:}).![name]', 'user.getGroups({:}).![name]'],
    ['x.![a.![b]]', 'x.![a.![b]]'],
    ["{'a': 1, b: {2}}", "{'a': 1, 'b': {2}}"],
    ['{1, {2, 3}}[1][0]', '{1, {2, 3}}[1][0]'],
    ['a and b or not c', '((a AND b) OR (!c))'],
    ["'It''s'", "'It''s'"],
  ])('%s  →  %s', (src, want) => {
    expect(tree(src)).toBe(want);
    expect(tree(want)).toBe(want); // the printed form reparses to the same tree
  });
});

describe('positions of nodes', () => {
  test('every node carries its range, line and column', () => {
    const src = "user.firstName +\n  String.substring(user.login, 0, 3)";
    const p = parse(src);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const root = p.ast as Extract<Expr, { kind: 'binary' }>;
    expect(root).toMatchObject({ kind: 'binary', op: '+', start: 0, end: src.length, line: 1, column: 1, opStart: 15, opEnd: 16 });
    expect(root.left).toMatchObject({ kind: 'member', property: 'firstName', start: 0, end: 14, propertyStart: 5, propertyEnd: 14 });
    const call = root.right as Extract<Expr, { kind: 'call' }>;
    expect(call).toMatchObject({ kind: 'call', name: 'substring', start: 19, end: src.length, line: 2, column: 3, nameStart: 26, nameEnd: 35 });
    expect(call.args.map((a) => [a.start, a.end, a.line, a.column])).toEqual([
      [36, 46, 2, 20],
      [48, 49, 2, 32],
      [51, 52, 2, 35],
    ]);
  });

  test('parentheses widen the node to include them', () => {
    const p = parse('(1 + 2)');
    expect(p.ok && [p.ast.start, p.ast.end]).toEqual([0, 7]);
  });
});

type ParseErrRow = [src: string, line: number, column: number, offset: number, message: string | RegExp];

const PARSE_ERRORS: ParseErrRow[] = [
  ['a = 1', 1, 3, 2, "unexpected '='; use '==' to compare (assignment is not supported)"],
  ["user.login = 'x'", 1, 12, 11, "unexpected '='; use '==' to compare (assignment is not supported)"],
  ['String.substring(user.login, 0, 1', 1, 34, 33, "expected ')' after the arguments of String.substring, but the expression ended"],
  ['String.substring(user.login 0, 1)', 1, 29, 28, "expected ')' after the arguments of String.substring, found '0'"],
  ["isMemberOfGroupName('a' 'b')", 1, 25, 24, "expected ')' after the arguments of isMemberOfGroupName, found 'b'"],
  ['user.getGroups({:}', 1, 19, 18, "expected ')' after the arguments of user.getGroups, but the expression ended"],
  ['String.len(,)', 1, 12, 11, "expected argument 1 of String.len, found ','"],
  ['String.join(",", )', 1, 18, 17, "expected argument 2 of String.join, found ')'"],
  ['String.len(user.login = 1)', 1, 23, 22, "unexpected '='; use '==' to compare (assignment is not supported)"],
  ['new java.util.Date()', 1, 1, 0, "'new' (constructors) is not supported"],
  ['T(java.lang.Math).random()', 1, 1, 0, 'type references T(...) are not supported'],
  ['#root', 1, 1, 0, "'#root': variables and #functions are not supported"],
  ['user.login == #this', 1, 15, 14, "'#this': variables and #functions are not supported"],
  ['@myBean.x', 1, 1, 0, "bean references ('@myBean') are not supported"],
  ['user.age instanceof 1', 1, 10, 9, "'instanceof' is not supported"],
  ['user.age between {1, 2}', 1, 10, 9, "'between' is not supported"],
  ['x++', 1, 2, 1, "'++' is not supported"],
  ['++x', 1, 1, 0, "'++' is not supported"],
  ['x--', 1, 2, 1, "'--' is not supported"],
  ['2 ^ 3', 1, 3, 2, "'^' (power) is not supported"],
  ['a & b', 1, 3, 2, "unexpected '&'; use AND or '&&'"],
  ['a | b', 1, 3, 2, "unexpected '|'; use OR or '||'"],
  ["user.firstName eq 'x'", 1, 16, 15, "unexpected 'eq'; use '=='"],
  ['a div 2', 1, 3, 2, "unexpected 'div'; use '/'"],
  ["user.getGroups().?[name == 'x']", 1, 18, 17, "collection selection '.?[...]' is not supported; only projection '.![...]' is"],
  ["'abc", 1, 1, 0, "unterminated string: missing the closing '"],
  ['"a\\"b"', 1, 6, 5, 'unterminated string: missing the closing "'],
  ['1 +', 1, 4, 3, "expected a value after '+', but the expression ended"],
  ['1 + * 2', 1, 5, 4, "expected a value after '+', found '*'"],
  ['(1 + 2', 1, 7, 6, "expected ')' to close the '(', but the expression ended"],
  ['1 2', 1, 3, 2, /^unexpected '2' after a complete expression/],
  ['user.firstName user.lastName', 1, 16, 15, /^unexpected 'user' after a complete expression/],
  ['(1))', 1, 4, 3, "unexpected ')': there is no '(' to close"],
  ['a < b < c', 1, 7, 6, "comparisons cannot be chained: '<' and '<' in a row; combine them with AND"],
  ['a == b != c', 1, 8, 7, /comparisons cannot be chained/],
  ['{1, 2', 1, 6, 5, "expected ',' or '}' in the list, but the expression ended"],
  ["{'a': 1, 'b'}", 1, 13, 12, "expected ':' after the map key 'b', found '}'"],
  ["{1, 'a': 2}", 1, 8, 7, /^unexpected ':' in a list/],
  ['user.', 1, 6, 5, "expected a property or function name after '.', but the expression ended"],
  ['user.1', 1, 6, 5, "expected a property or function name after '.', found '1'"],
  ['a[]', 1, 3, 2, 'expected an index inside [ ]'],
  ['a[1', 1, 4, 3, "expected ']' after the index, but the expression ended"],
  ['x.![name', 1, 9, 8, "expected ']' to close the projection '.![...]', but the expression ended"],
  ['a ? b', 1, 6, 5, "expected ':' in the conditional 'condition ? then : else', but the expression ended"],
  ['1L', 1, 1, 0, "invalid number '1L': only decimal numbers like 12, 3.5 or 1e3 are supported"],
  ['0x1F', 1, 1, 0, /^invalid number '0x1F'/],
  ['99999999999999999999', 1, 1, 0, 'the number 99999999999999999999 is too large'],
  ['1;', 1, 2, 1, 'unexpected character \';\': an expression is a single expression, without ;'],
  ['`x`', 1, 1, 0, "unexpected character '`'"],
  ['AND', 1, 1, 0, "expected a value, found 'AND'"],
  ['', 1, 1, 0, 'the expression is empty'],
  ['   \n ', 1, 1, 0, 'the expression is empty'],
  ["user.firstName\n  == = 'x'", 2, 6, 20, "unexpected '='; use '==' to compare (assignment is not supported)"],
  ["user.firstName +\r\n  'a' +\r\n  ;", 3, 3, 29, /^unexpected character ';'/],
];

describe('parse errors name the position and what was expected', () => {
  test.each(PARSE_ERRORS)('%j', (src, line, column, offset, message) => {
    const issue = parseIssue(src);
    expect(issue.stage).toBe('parse');
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message);
    expect([issue.line, issue.column, issue.start]).toEqual([line, column, offset]);
    expect(issue.end).toBeGreaterThanOrEqual(issue.start);
  });

  test('refused constructs are reported as unsupported', () => {
    for (const src of ['new X()', 'T(x)', '#x', '@x', 'a instanceof b', 'a++', '2 ^ 2', 'a.?[b]']) expect(parseIssue(src).code).toBe('unsupported');
    expect(parseIssue('a = 1').code).toBe('unsupported');
  });

  test('formatIssue shows the line and a caret under the place', () => {
    const src = "user.firstName\n  == = 'x'";
    expect(formatIssue(src, parseIssue(src))).toBe("2:6: unexpected '='; use '==' to compare (assignment is not supported)\n    == = 'x'\n       ^");
    const src2 = 'String.foo(1)';
    const c = compile(src2);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(formatIssue(src2, c.issues[0]!)).toMatch(/^1:8: String has no function 'foo'.*\n  String\.foo\(1\)\n         \^~~$/);
  });
});

describe('caps', () => {
  test('sources longer than 1024 characters are refused, pointing at character 1025', () => {
    const src = `'${'x'.repeat(1030)}'`;
    const issue = parseIssue(src);
    expect(issue).toMatchObject({ code: 'too-long', start: 1024, column: 1025, message: `the expression is ${src.length} characters long; the limit is 1024` });
    expect(parse(`'${'x'.repeat(1022)}'`).ok).toBe(true);
  });

  test('nesting deeper than 64 levels is refused', () => {
    expect(parse('('.repeat(63) + '1' + ')'.repeat(63)).ok).toBe(true);
    const deep = parseIssue('('.repeat(65) + '1' + ')'.repeat(65));
    expect(deep).toMatchObject({ code: 'too-deep', message: 'the expression nests more than 64 levels deep' });
    expect(parseIssue('!'.repeat(70) + 'true').code).toBe('too-deep');
    expect(parseIssue('{'.repeat(70) + '}'.repeat(70)).code).toBe('too-deep');
    expect(parseIssue('String.len('.repeat(70) + "'a'" + ')'.repeat(70)).code).toBe('too-deep');
  });

  test('long flat chains are not nesting', () => {
    expect(parse(Array.from({ length: 300 }, () => '1').join('+')).ok).toBe(true);
    expect(parse(`{${Array.from({ length: 200 }, (_, i) => i).join(',')}}`).ok).toBe(true);
    expect(parse('a'.concat('[0]'.repeat(70))).ok).toBe(true);
  });
});

type CheckRow = [src: string, code: ExprIssue['code'], message: string | RegExp, offset: number];

const CHECK_ERRORS: CheckRow[] = [
  ['foo', 'unknown-identifier', 'unknown name \'foo\'; expected one of user, appuser, app, org, access, session', 0],
  ['zendesk.firstName', 'unknown-identifier', /explicit app references such as zendesk\.firstName or zendesk_app\.domain are not allowed in OIDC claims; use appuser\.<attr> or app\.<attr>/, 0],
  ['office365_app.domain', 'unknown-identifier', /explicit app references/, 0],
  ['User.firstName', 'unknown-identifier', "unknown name 'User'; did you mean 'user'? (names are case-sensitive)", 0],
  ['idpuser.firstName', 'unknown-identifier', "'idpuser' is only available in IdP username transforms, not in claims", 0],
  ['group.name', 'unknown-identifier', "'group' is only bound inside the group expression of getFilteredGroups", 0],
  ['String.foo(1)', 'unknown-function', /^String has no function 'foo'; it has append, join, len/, 7],
  ['Arrays.length({1})', 'unknown-function', /^Arrays has no function 'length'/, 7],
  ['foo(1)', 'unknown-function', "unknown function 'foo'", 0],
  ["len('x')", 'unknown-function', "unknown function 'len'; did you mean String.len(...)?", 0],
  ['now()', 'unknown-function', "unknown function 'now'; did you mean Time.now(...)?", 0],
  ['getGroups()', 'unknown-function', "unknown function 'getGroups'; it is a method of user: user.getGroups(...)", 0],
  ['String.len()', 'arity', 'String.len expects 1 argument, got 0: String.len(String input)', 0],
  ["String.substring('abc', 1)", 'arity', 'String.substring expects 3 arguments, got 2: String.substring(String input, int startIndex, int endIndex)', 0],
  ['Time.now(1, 2, 3)', 'arity', 'Time.now expects 0 to 2 arguments, got 3: Time.now([String timeZoneId[, String format]])', 0],
  ['String.join()', 'arity', 'String.join expects at least 1 argument, got 0: String.join(String separator, String... strings)', 0],
  ['isMemberOfAnyGroup()', 'arity', /isMemberOfAnyGroup expects at least 1 argument, got 0/, 0],
  ['hasDirectoryUser(1)', 'arity', 'hasDirectoryUser expects 0 arguments, got 1: hasDirectoryUser()', 0],
  ["toUpperCase('a', 'b')", 'arity', 'toUpperCase expects 1 argument, got 2: toUpperCase(String input)', 0],
  ['user.isMemberOf()', 'arity', /user\.isMemberOf expects at least 1 argument, got 0/, 0],
  ['app.foo()', 'not-callable', /^foo\(\.\.\.\) cannot be called on 'app': only user has methods/, 4],
  ["'abc'.toUpperCase()", 'not-callable', /toUpperCase\(\.\.\.\) cannot be called on a string/, 6],
  ['access.scope.size()', 'not-callable', /size\(\.\.\.\) cannot be called on this value/, 13],
  ['user.foo()', 'unknown-function', "user has no method 'foo'; its methods are getGroups, isMemberOf, getInternalProperty, getLinkedObject", 5],
  ['String', 'not-callable', 'String is a function namespace, not a value; call one of its functions, e.g. String.append(...)', 0],
  ['String.len', 'not-callable', 'String.len is a function; call it: String.len(String input)', 7],
  ['Groups.nope', 'not-callable', "Groups has no function 'nope'", 7],
  ['app.label', 'unknown-property', "app has no property 'label'; it has id, clientId, profile", 4],
  ['org.subdomain', 'unknown-property', "org has no property 'subdomain'; did you mean 'subDomain'?", 4],
  ['access.scopes', 'unknown-property', "access has no property 'scopes'; it has scope", 7],
  ['user.getGroups', 'not-callable', 'user.getGroups is a method; call it: user.getGroups(...)', 5],
  ['user.__proto__', 'forbidden', "the property '__proto__' is not accessible", 5],
  ['user.constructor', 'forbidden', "the property 'constructor' is not accessible", 5],
  ["''.constructor", 'forbidden', "the property 'constructor' is not accessible", 3],
  ['{}.toString', 'forbidden', "the property 'toString' is not accessible", 3],
  ['app.profile.prototype', 'forbidden', "the property 'prototype' is not accessible", 12],
  ["user['__proto__']", 'forbidden', "the property '__proto__' is not accessible", 5],
  ['user.hasOwnProperty', 'forbidden', "the property 'hasOwnProperty' is not accessible", 5],
  ["isMemberOfGroupNameRegex('(')", 'invalid-argument', /^isMemberOfGroupNameRegex: invalid regular expression: unclosed group/, 25],
  ["user.login matches '[a-'", 'invalid-argument', /^matches: invalid regular expression: unclosed character class/, 19],
  ["user.login matches '(?<=a)b'", 'invalid-argument', /lookahead and lookbehind are not supported/, 19],
  ["String.replace(user.login, '*', '')", 'invalid-argument', /String\.replace: invalid regular expression: dangling meta character '\*'/, 27],
  ["Groups.startsWith('OKTA', 'x', 101)", 'invalid-argument', 'Groups.startsWith: the limit must be an integer between 1 and 100', 31],
  ["getFilteredGroups({}, 'group.name', 0)", 'invalid-argument', 'getFilteredGroups: the limit must be an integer between 1 and 100', 36],
  ["getFilteredGroups({}, 'group.name +', 10)", 'invalid-argument', "getFilteredGroups: the group expression is invalid at column 13: expected a value after '+', but the expression ended", 22],
  ["getFilteredGroups({}, 'group.nam + grp.x', 10)", 'invalid-argument', /the group expression is invalid at column 13: unknown name 'grp'/, 22],
  ["user.getGroups({'group.name': 'x'})", 'invalid-argument', /^user\.getGroups: unknown criterion 'group\.name'; use 'group\.id'/, 16],
  ["user.getGroups({'group.profile.name': 'x', 'operator': 'LIKE'})", 'invalid-argument', "user.getGroups: 'operator' must be 'EXACT' or 'STARTS_WITH'", 55],
  ["user.isMemberOf('West Coast')", 'invalid-argument', /each criterion must be a map/, 16],
  ["user.getInternalProperty('email')", 'invalid-argument', /unknown internal property; use "id", "status"/, 25],
  ["getManagerUser('ldap')", 'invalid-argument', 'getManagerUser: the only supported source is "active_directory"', 15],
  ["String.stringSwitch('a', 'b', 'c')", 'invalid-argument', 'String.stringSwitch: the key-value pairs are not complete (the last key has no value)', 30],
  ["Time.now('Mars/Olympus')", 'invalid-argument', "Time.now: 'Mars/Olympus' is not a known time zone id", 9],
  ["Time.fromIso8601ToString(x, 'yyyy-qq')", 'unknown-identifier', /unknown name 'x'/, 25],
  ["Time.now('UTC', 'yyyy-qq')", 'invalid-argument', 'Time.now: illegal pattern component: q', 16],
];

describe('check: static issues before any evaluation', () => {
  test.each(CHECK_ERRORS)('%s', (src, code, message, offset) => {
    const issues = checkIssues(src);
    expect(issues.length, JSON.stringify(issues)).toBeGreaterThanOrEqual(1);
    const issue = issues.find((i) => i.code === code) ?? issues[0]!;
    expect(issue.stage).toBe('check');
    expect(issue.code).toBe(code);
    if (typeof message === 'string') expect(issue.message).toBe(message);
    else expect(issue.message).toMatch(message);
    expect(issue.start).toBe(offset);
    expect(issue.column).toBe(offset + 1);
  });

  test('every issue of an expression is reported, in source order', () => {
    const issues = checkIssues('foo + String.nope(1) + app.label + String.len()');
    expect(issues.map((i) => [i.code, i.start])).toEqual([
      ['unknown-identifier', 0],
      ['unknown-function', 13],
      ['unknown-property', 27],
      ['arity', 35],
    ]);
  });

  test('valid expressions have no issues', () => {
    for (const src of [
      'user.anyCustomAttribute',
      'appuser.anything',
      'app.profile.anything.nested',
      'user.getGroups().![name + source.id]',
      "user.getLinkedObject('manager').getGroups()",
      "getManagerUser('active_directory').getInternalProperty('id')",
      'session.amr',
      "{'String': 1}.String",
    ]) {
      expect(checkIssues(src), src).toEqual([]);
    }
  });

  test('inside a projection, names are fields of the element', () => {
    expect(checkIssues('user.getGroups().![name + profile.description + foo]')).toEqual([]);
    expect(checkIssues('user.getGroups().![String.len(name)]')).toEqual([]);
    expect(checkIssues('user.getGroups().![String]')[0]?.code).toBe('not-callable');
  });

  test('the environment can list the profile attributes and extra objects', () => {
    const env = { userAttributes: ['login', 'firstName', 'lastName'] };
    expect(checkIssues('user.firstName', env)).toEqual([]);
    const [i] = checkIssues('user.firstname', env);
    expect(i).toMatchObject({ code: 'unknown-property', start: 5, message: "the user profile has no attribute 'firstname'; did you mean 'firstName'? (attribute names are case-sensitive)" });
    expect(checkIssues('user.getLinkedObject("manager").anything', env)).toEqual([]);
    expect(checkIssues('idpuser.firstName', { bindings: ['idpuser'] })).toEqual([]);
    expect(checkIssues('user.firstName', { bindings: ['idpuser'] })[0]?.code).toBe('unknown-identifier');
  });

  test('a hand-built tree (no source) still gets positions', () => {
    const ast: Expr = { kind: 'ident', name: 'nope', start: 4, end: 8, line: 1, column: 5 };
    expect(check(ast)[0]).toMatchObject({ code: 'unknown-identifier', start: 4, line: 1, column: 5 });
  });
});

describe('compile', () => {
  test('answers parse issues, or check issues, or a program', () => {
    const bad = compile('a = 1');
    expect(bad.ok === false && bad.issues[0]!.stage).toBe('parse');
    const unchecked = compile('foo');
    expect(unchecked.ok === false && unchecked.issues[0]!.stage).toBe('check');
    const good = compile('user.firstName');
    expect(good.ok && good.program.source).toBe('user.firstName');
  });
});
