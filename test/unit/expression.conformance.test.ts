/**
 * Conformance of the Okta Expression Language as data (reference §7): expression, context,
 * expected value or expected error with its position. Every function of §7.4-§7.8, every example
 * and cookbook entry of §7, the null and empty rules, operators, literals, projection and indexing.
 */
import { describe, expect, test } from 'vitest';
import { compile, evaluate, FUNCTIONS, type ExpressionContext, type ExprGroup, type ExprValue, type IssueCode } from '../../src-server/expression/index.js';

/** 2015-07-31T17:18:37.979Z, the instant of Okta's Time.now() example. */
const NOW = Date.UTC(2015, 6, 31, 17, 18, 37, 979);

const GROUPS: ExprGroup[] = [
  { id: '00g0everyone', type: 'BUILT_IN', profile: { name: 'Everyone', description: 'All users in your organization' } },
  { id: '00g1wcusers', type: 'OKTA_GROUP', profile: { name: 'West Coast Users' } },
  { id: '00g2wcadmins', type: 'OKTA_GROUP', profile: { name: 'West Coast Admins' } },
  { id: '00g3eng', type: 'APP_GROUP', profile: { name: 'Engineering Users' }, source: { id: '0aae4be2456eb62f7c3d', name: 'active_directory' } },
  { id: '00g4eng', type: 'APP_GROUP', profile: { name: 'Engineering Users' }, source: { id: '0oa9ldap000000000000', name: 'ldap_sun_one' } },
  { id: '00g5orders', type: 'OKTA_GROUP', profile: { name: 'orders-admins' } },
  { id: '00g6orders', type: 'OKTA_GROUP', profile: { name: 'Orders Admins' } },
  {
    id: '00g7win', type: 'APP_GROUP', objectClass: ['okta:windows_security_principal'],
    profile: { name: 'Domain Users', windowsDomainQualifiedName: 'CORP\\Domain Users' }, source: { id: '0aae4be2456eb62f7c3d', name: 'active_directory' },
  },
];

const MANAGER = { id: '00umanager', status: 'ACTIVE', profile: { login: 'grace@example.com', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' } };

/** A user flow: Ada, assigned to the Orders app, in the groups above. */
const CTX: ExpressionContext = {
  user: {
    id: '00u1ada', status: 'ACTIVE', created: '2015-01-01T00:00:00.000Z', lastLogin: '2015-07-31T17:00:00.000Z',
    profile: {
      login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', nickName: '',
      department: 'California-North-Sales', title: 'Staff Engineer', countryCode: 'GB', employeeNumber: '',
      nonEmployeeNumber: 'C-42', costCenter: '1234', score: 123.6, isAdmin: true,
      arrayAttr: ['alpha', 'beta', 'gamma'], windowsTime: '130828367179790000', unixTime: '1438363117',
    },
    linkedObjects: { manager: MANAGER },
  },
  appuser: { userName: 'ada', displayName: 'Ada L.' },
  app: { id: '0oa1orders', clientId: 'orders-web', profile: { label: 'Orders', groupallowlist: ['00g5orders', '00g6orders', '00g9absent'], region: 'eu' } },
  org: { name: 'Acme', subDomain: 'acme' },
  access: { scope: ['openid', 'profile', 'orders:read'] },
  groups: GROUPS,
  session: { amr: ['mfa', 'pwd', 'sms'] },
  now: NOW,
};

/** Client credentials: no user, no app user (reference §6). */
const CC: ExpressionContext = { ...CTX, user: null, appuser: null, groups: [], session: null };

/** The user of the §7.7 examples: Everyone, two West Coast groups, two Engineering Users app groups. */
const CTX77: ExpressionContext = { ...CTX, groups: GROUPS.slice(0, 5) };

/** Active Directory data for the §7.8 helpers. */
const AD: ExpressionContext = {
  ...CTX,
  directories: {
    activeDirectory: {
      appUser: { sAMAccountName: 'ada', userPrincipalName: 'ada@corp.example' },
      manager: { user: MANAGER, appUser: { sAMAccountName: 'grace' } },
      assistant: { user: null, appUser: null },
    },
  },
};

function run(src: string, ctx: ExpressionContext = CTX) {
  const c = compile(src);
  if (!c.ok) throw new Error(`${src} does not compile: ${c.issues.map((i) => `${i.column}: ${i.message}`).join('; ')}`);
  return evaluate(c.program, ctx);
}

function valueOf(src: string, ctx: ExpressionContext = CTX): ExprValue {
  const r = run(src, ctx);
  if (!r.ok) throw new Error(`${src} failed at column ${r.error.column}: ${r.error.message}`);
  return r.value;
}

type Row = [expression: string, expected: ExprValue];

// ---- §7.1 syntax -------------------------------------------------------------------------------

const LITERALS: Row[] = [
  ["'Hello'", 'Hello'],
  ['"Hello"', 'Hello'],
  ["'It''s'", "It's"],
  ['"say ""hi"""', 'say "hi"'],
  ['"back\\slash"', 'back\\slash'],
  ["''", ''],
  ['1234', 1234],
  ['3.141', 3.141],
  ['1e3', 1000],
  ['true', true],
  ['false', false],
  ['TRUE', true],
  ['null', null],
  ['NULL', null],
  ['{1, 2, 3}', [1, 2, 3]],
  ["{'a','b'}", ['a', 'b']],
  ['{}', []],
  ['{:}', {}],
  ["{1, 'a', true, null}", [1, 'a', true, null]],
  ['{{1, 2}, {3}}', [[1, 2], [3]]],
  ["{'group.profile.name': 'West Coast', 'operator': 'STARTS_WITH'}", { 'group.profile.name': 'West Coast', operator: 'STARTS_WITH' }],
  ["{name: 'x', n: 1}", { name: 'x', n: 1 }],
  ["{'k': {1, 2}, 'm': {'x': null}}", { k: [1, 2], m: { x: null } }],
];

const INDEXING: Row[] = [
  ['{1,2,3}[0]', 1],
  ['{1,2,3}[2]', 3],
  ['user.arrayAttr[0]', 'alpha'],
  ['user.arrayAttr[1 + 1]', 'gamma'],
  ['{{1, 2}, {3}}[1][0]', 3],
  ["{'a': 1}['a']", 1],
  ["{'a': 1}['b']", null],
  ["{'a': 1}.a", 1],
  ["'abc'[1]", 'b'],
  ["user['firstName']", 'Ada'],
  ["app.profile['label']", 'Orders'],
  ['access.scope[2]', 'orders:read'],
  ['user.getGroups()[0].name', 'Everyone'],
];

const PROPERTIES: Row[] = [
  ['user.firstName', 'Ada'],
  ['user.login', 'ada@example.com'],
  ['user.score', 123.6],
  ['user.isAdmin', true],
  ['user.arrayAttr', ['alpha', 'beta', 'gamma']],
  ['app.profile.label', 'Orders'],
  ['app.profile.missing', null],
  ['app.id', '0oa1orders'],
  ['app.clientId', 'orders-web'],
  ['app.profile', { label: 'Orders', groupallowlist: ['00g5orders', '00g6orders', '00g9absent'], region: 'eu' }],
  ['org.name', 'Acme'],
  ['org.subDomain', 'acme'],
  ['access.scope', ['openid', 'profile', 'orders:read']],
  ['session.amr', ['mfa', 'pwd', 'sms']],
  ['appuser.userName', 'ada'],
  ['appuser.displayName', 'Ada L.'],
  ["user.getInternalProperty('id')", '00u1ada'],
  ['user.getInternalProperty("status")', 'ACTIVE'],
  ["user.getInternalProperty('created')", '2015-01-01T00:00:00.000Z'],
  ["user.getInternalProperty('passwordChanged')", null],
  ['user?.firstName', 'Ada'],
];

const OPERATORS: Row[] = [
  // concatenation and arithmetic
  ['user.firstName + " " + user.lastName', 'Ada Lovelace'],
  ["'a' + 1 + 2", 'a12'],
  ["1 + 2 + 'a'", '3a'],
  ["'x' + true", 'xtrue'],
  ["'x' + 1.5", 'x1.5'],
  ["'scopes: ' + access.scope", 'scopes: openid,profile,orders:read'],
  ["'m: ' + {'a': 1}", 'm: {a=1}'],
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['2 - 3 - 4', -5],
  ['7 / 2', 3],
  ['-7 / 2', -3],
  ['7.5 / 2', 3.75],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['-(2 + 3)', -5],
  ['+4', 4],
  ['10 - 2 * 3 + 8 / 4', 6],
  // comparison
  ['1 == 1', true],
  ['1 == 1.0', true],
  ["'1' == 1", false],
  ["'abc' == 'abc'", true],
  ["'abc' != 'ABC'", true],
  ["'abc' < 'abd'", true],
  ["'B' < 'a'", true],
  ['2 > 1', true],
  ['2 >= 2', true],
  ['1 <= 0', false],
  ['false < true', true],
  ['{1, 2} == {1, 2}', true],
  ['{1, 2} == {2, 1}', false],
  ["{'a': 1} == {'a': 1}", true],
  ['user == user', true],
  ['user != null', true],
  // boolean
  ['true AND false', false],
  ['true and true', true],
  ['false OR true', true],
  ['true && false || true', true],
  ['true OR false AND false', true],
  ['false AND true OR true', true],
  ['!true', false],
  ['!!true', true],
  ['NOT true', false],
  ['not (1 > 2)', true],
  ['!true == false', true],
  ['1 < 2 AND 2 < 3', true],
  ['false AND user.middleName', false],
  ['true OR user.middleName', true],
  ['1 + 1 == 2 AND "a" + "b" == "ab"', true],
  // regex match (§7.1)
  ['user.department matches "California-[a-zA-Z]+-Sales"', true],
  ["user.title matches '(?i).*engineer'", true],
  ["user.title matches '.*engineer'", false],
  ["user.title MATCHES 'Staff.*'", true],
  ["user.costCenter matches '\\d+'", true],
  ["12 matches '\\d\\d'", true],
];

const CONDITIONALS: Row[] = [
  ['true ? 1 : 2', 1],
  ['false ? 1 : 2', 2],
  ['true ? false ? 1 : 2 : 3', 2],
  ['false ? 1 : true ? 2 : 3', 2],
  ['false ? 1 : false ? 2 : 3', 3],
  ['(1 > 2 ? "a" : "b") + "c"', 'bc'],
  ['1 > 2 ? "a" : "b" + "c"', 'bc'],
  ["'a' ?: 'b'", 'a'],
  ["null ?: 'b'", 'b'],
  ["'' ?: 'b'", 'b'],
  ["' ' ?: 'b'", ' '],
  ["false ?: 'b'", false],
  ["0 ?: 'b'", 0],
  ["{} ?: 'b'", []],
  ["null ?: '' ?: 'c'", 'c'],
  ["null ?: null ?: null", null],
  ["true ? null ?: 'd' : 'e'", 'd'],
  ["null ?: false ? 'x' : 'y'", 'y'],
  ["user.middleName ?: user.nickName ?: user.firstName", 'Ada'],
  ['isMemberOfGroupName("Orders Admins") ? (isMemberOfGroupName("West Coast Admins") ? "both" : "orders") : "none"', 'both'],
];

const PROJECTION: Row[] = [
  ['user.getGroups().![name]', GROUPS.map((g) => g.profile!.name!)],
  ['user.getGroups().![profile.name]', GROUPS.map((g) => g.profile!.name!)],
  ["user.getGroups({'group.type': 'APP_GROUP'}).![id + ':' + source.id]", ['00g3eng:0aae4be2456eb62f7c3d', '00g4eng:0oa9ldap000000000000', '00g7win:0aae4be2456eb62f7c3d']],
  ["user.getGroups({'group.type': 'BUILT_IN'}).![description]", ['All users in your organization']],
  ["{{'name': 'a'}, {'name': 'b'}}.![name]", ['a', 'b']],
  ["{{'name': 'a'}, {'other': 'b'}}.![name]", ['a', null]],
  ["{{'xs': {{'n': 1}, {'n': 2}}}}.![xs.![n]]", [[1, 2]]],
  ["{{'n': 1}, {'n': 2}}.![n * 10]", [10, 20]],
  ["{{'n': 1}}.![app.clientId + n]", ['orders-web1']],
  ["{'a': 1, 'b': 2}.![key + '=' + value]", ['a=1', 'b=2']],
  ['{}.![name]', []],
  ['user.middleName?.![name]', null],
  ["user.getGroups({'group.type': 'OKTA_GROUP'}).![String.toUpperCase(name)]", ['WEST COAST USERS', 'WEST COAST ADMINS', 'ORDERS-ADMINS', 'ORDERS ADMINS']],
];

// ---- §7.2 null and empty ---------------------------------------------------------------------

const NULLS: Row[] = [
  ['user.middleName', null],
  ['user.nickName', ''],
  ['user.middleName == null', true],
  ['user.nickName == null', false],
  ['user.nickName == ""', true],
  ['user.middleName == ""', false],
  ['null == null', true],
  ['null != ""', true],
  ["user.middleName ?: 'none'", 'none'],
  ["user.nickName ?: 'none'", 'none'],
  ['"a" + null', 'anull'],
  ['user.middleName + "x"', 'nullx'],
  ['user.firstName + " " + user.middleName', 'Ada null'],
  ['null < 1', true],
  ['1 < null', false],
  ["null < ''", true],
  ['null < null', false],
  ['null <= null', true],
  ['null > 1', false],
  ['user.employeeNumber != "" AND user.employeeNumber != null ? user.employeeNumber : user.nonEmployeeNumber', 'C-42'],
  ['user.middleName != "" AND user.middleName != null ? user.middleName : user.nonEmployeeNumber', 'C-42'],
  ['Arrays.size(null)', 0],
  ['Arrays.isEmpty(null)', true],
  ['String.len(null)', 0],
  ['String.toUpperCase(user.middleName)', null],
  ['appuser?.userName', 'ada'],
  ['user.middleName?.length', null],
];

const CLIENT_CREDENTIALS: Row[] = [
  ['(appuser != null) ? appuser.userName : app.clientId', 'orders-web'],
  ['appuser == null', true],
  ['user == null', true],
  ['appuser?.userName', null],
  ['user?.firstName', null],
  ['isMemberOfGroupName("Everyone")', false],
  ['Groups.startsWith("OKTA", "", 10)', []],
  ['access.scope', ['openid', 'profile', 'orders:read']],
  ['session', null],
];

// ---- §7.4 strings ------------------------------------------------------------------------------

const STRINGS: Row[] = [
  ['String.append("This is", " a test")', 'This is a test'],
  ['String.append(null, "x")', 'x'],
  ['String.append("x", null)', 'x'],
  ['String.append("n", 1)', 'n1'],
  ['String.join(",", "a", "b")', 'a,b'],
  ['String.join(" ", access.scope)', 'openid profile orders:read'],
  ['String.join("-", "a", null, "c")', 'a--c'],
  ['String.join(",")', ''],
  ['String.join(null, "a", "b")', 'ab'],
  ['String.len("This")', 4],
  ['String.len("")', 0],
  ['String.len(1234)', 4],
  ['String.removeSpaces("This is a test")', 'Thisisatest'],
  ['String.removeSpaces(" a\tb ")', 'ab'],
  ['String.removeSpaces(null)', null],
  ['String.replace("This is a test","is","at")', 'That at a test'],
  ['String.replace("a.b.c", ".", "-")', '-----'],
  ['String.replace("a.b.c", "\\.", "-")', 'a-b-c'],
  ['String.replace(user.login, "@.*", "")', 'ada'],
  ['String.replace("John Smith", "(\\w+) (\\w+)", "$2, $1")', 'Smith, John'],
  ['String.replace("cost", "o", "\\$")', 'c$st'],
  ['String.replace("abc", "x*", "-")', '-a-b-c-'],
  ['String.replace(null, "a", "b")', null],
  ['String.replace("abc", null, "b")', 'abc'],
  ['String.replaceFirst("This is a test","is","at")', 'That is a test'],
  ['String.replaceFirst("aaa", "a", "b")', 'baa'],
  ['String.startsWith("Kiss","K")', true],
  ['String.startsWith("Kiss","k")', false],
  ['String.startsWith(null,"K")', false],
  ['String.startsWith("Kiss", null)', false],
  ['String.stringContains("This is a test", "is a")', true],
  ['String.stringContains("This is a test", "IS")', false],
  ['String.stringContains(null, "a")', false],
  ['String.stringSwitch("First match wins","default","absent","v1","wins","v2","match","v3")', 'v2'],
  ['String.stringSwitch("nothing here","default","absent","v1")', 'default'],
  ['String.stringSwitch(null,"default","a","v1")', 'default'],
  ['String.stringSwitch("abc","default")', 'default'],
  ['String.substring("This is a test", 2, 9)', 'is is a'],
  ['String.substring("abc", 0, 10)', 'abc'],
  ['String.substring("abc", 2, 1)', ''],
  ['String.substring("abc", -2, 3)', 'bc'],
  ['String.substring(null, 0, 1)', null],
  ['String.substring("abc", "1", 2)', 'b'],
  ['String.substringAfter("abc@okta.com","@")', 'okta.com'],
  ['String.substringAfter("abc","@")', ''],
  ['String.substringAfter(null,"@")', null],
  ['String.substringBefore("abc@okta.com","@")', 'abc'],
  ['String.substringBefore("abc","@")', 'abc'],
  ['String.substringBefore(null,"@")', null],
  ['String.toUpperCase("This")', 'THIS'],
  ['String.toUpperCase(user.login)', 'ADA@EXAMPLE.COM'],
  ['String.toLowerCase("This")', 'this'],
  ['String.toLowerCase(null)', null],
  // Deprecated global forms (§7.4).
  ['toUpperCase("abc")', 'ABC'],
  ['toLowerCase("ABC")', 'abc'],
  ['substringBefore("abc@okta.com", "@")', 'abc'],
  ['substringAfter("abc@okta.com", "@")', 'okta.com'],
  ['substring("This is a test", 2, 9)', 'is is a'],
];

// ---- §7.5 arrays -------------------------------------------------------------------------------

const ARRAYS: Row[] = [
  ['Arrays.add({10,20,30}, 40)', [10, 20, 30, 40]],
  ['Arrays.add(null, 1)', [1]],
  ["Arrays.add('a, b', 'c')", ['a', 'b', 'c']],
  ['Arrays.remove({10,20,30}, 20)', [10, 30]],
  ['Arrays.remove({10,20,30,20}, 20)', [10, 30]],
  ['Arrays.remove({10,20,30}, 99)', [10, 20, 30]],
  ['Arrays.remove(null, 1)', []],
  ['Arrays.clear({10,20,30})', []],
  ['Arrays.clear(null)', []],
  ['Arrays.get({0,1,2}, 0)', 0],
  ['Arrays.get({0,1,2}, 2)', 2],
  ['Arrays.get({0,1,2}, 3)', null],
  ['Arrays.get({0,1,2}, -1)', null],
  ['Arrays.get(null, 0)', null],
  ["Arrays.get('x, y', 1)", 'y'],
  ['Arrays.flatten(10, {20,30}, 40)', [10, 20, 30, 40]],
  ["Arrays.flatten('10, 20, 30, 40')", ['10', '20', '30', '40']],
  ['Arrays.flatten({1, {2, {3}}}, null, 4)', [1, 2, 3, 4]],
  ['Arrays.flatten(access.scope, "email")', ['openid', 'profile', 'orders:read', 'email']],
  ['Arrays.contains({10,20,30}, 20)', true],
  ['Arrays.contains({10,20,30}, "20")', false],
  ["Arrays.contains(access.scope, 'orders:read')", true],
  ["Arrays.contains('a, b, c', 'b')", true],
  ['Arrays.contains(null, 1)', false],
  ['Arrays.contains({{1}}, {1})', true],
  ['Arrays.size({10,20,30})', 3],
  ['Arrays.size(access.scope)', 3],
  ["Arrays.size('a,b')", 2],
  ["Arrays.size('')", 0],
  ['Arrays.size(null)', 0],
  ['Arrays.isEmpty({})', true],
  ['Arrays.isEmpty({1})', false],
  ['Arrays.isEmpty(null)', true],
  ['Arrays.toCsvString({"This","is"," a ","test"})', 'This,is, a ,test'],
  ['Arrays.toCsvString({1, true, null})', '1,true,'],
  ['Arrays.toCsvString(null)', null],
  ['Arrays.toCsvString(access.scope)', 'openid,profile,orders:read'],
];

// ---- §7.6 conversions --------------------------------------------------------------------------

const CONVERSIONS: Row[] = [
  ["Convert.toInt('1234')", 1234],
  ["Convert.toInt('-12')", -12],
  ['Convert.toInt(123.4)', 123],
  ['Convert.toInt(123.6)', 124],
  ['Convert.toInt(123.5)', 124],
  ['Convert.toInt(-123.5)', -123],
  ['Convert.toInt(user.score)', 124],
  ['Convert.toInt(user.costCenter) + 1', 1235],
  ['Convert.toInt(3000000000.0)', -1294967296],
  ['Convert.toInt(null)', null],
  ["Convert.toNum('3.141')", 3.141],
  ["Convert.toNum(' 2.5 ')", 2.5],
  ["Convert.toNum('1e3')", 1000],
  ['Convert.toNum(7)', 7],
  ['Convert.toNum(null)', null],
  ['Iso3166Convert.toAlpha2("IND")', 'IN'],
  ['Iso3166Convert.toAlpha2("in")', 'IN'],
  ['Iso3166Convert.toAlpha2("356")', 'IN'],
  ['Iso3166Convert.toAlpha3("840")', 'USA'],
  ['Iso3166Convert.toAlpha3("US")', 'USA'],
  ['Iso3166Convert.toAlpha3(user.countryCode)', 'GBR'],
  ['Iso3166Convert.toNumeric("USA")', '840'],
  ['Iso3166Convert.toNumeric("AF")', '004'],
  ['Iso3166Convert.toNumeric("4")', '004'],
  ['Iso3166Convert.toName("IN")', 'India'],
  ['Iso3166Convert.toName("DEU")', 'Germany'],
  ['Iso3166Convert.toName("XX")', null],
  ['Iso3166Convert.toAlpha2(null)', null],
];

// ---- §7.7 groups -------------------------------------------------------------------------------

const GROUP_FNS: Row[] = [
  ['isMemberOfGroupName("Orders Admins")', true],
  ['isMemberOfGroupName("orders admins")', true],
  ['isMemberOfGroupName("Orders")', false],
  ['isMemberOfGroupName(null)', false],
  ['isMemberOfGroup("00g2wcadmins")', true],
  ['isMemberOfGroup("00g9absent")', false],
  ['isMemberOfAnyGroup("00g9absent", "00g1wcusers")', true],
  ['isMemberOfAnyGroup("00g9absent", "00g8absent")', false],
  ['isMemberOfAnyGroup(app.profile.groupallowlist)', true],
  ["isMemberOfAnyGroup('00g8absent, 00g2wcadmins')", true],
  ['isMemberOfGroupNameStartsWith("West")', true],
  ['isMemberOfGroupNameStartsWith("west c")', true],
  ['isMemberOfGroupNameStartsWith("East")', false],
  ['isMemberOfGroupNameContains("Coast")', true],
  ['isMemberOfGroupNameContains("ADMIN")', true],
  ['isMemberOfGroupNameContains("Sales")', false],
  ['isMemberOfGroupNameRegex(".*Admins")', true],
  ['isMemberOfGroupNameRegex(".*admin.*")', true],
  ['isMemberOfGroupNameRegex(".*ADMIN.*")', false],
  ['isMemberOfGroupNameRegex("(?i).*ADMIN.*")', true],
  ['isMemberOfGroupNameRegex("/.*admin.*")', false],
  ['isMemberOfGroupNameRegex("West")', false],
  ['getFilteredGroups(app.profile.groupallowlist, "group.name", 40)', ['orders-admins', 'Orders Admins']],
  ['getFilteredGroups({"00g1wcusers", "00g2wcadmins"}, "group.id", 2)', ['00g1wcusers', '00g2wcadmins']],
  ["getFilteredGroups('00g1wcusers, 00g0everyone', 'group.name', 5)", ['Everyone', 'West Coast Users']],
  ['getFilteredGroups(null, "group.name", 5)', []],
  ['getFilteredGroups({"00g9absent"}, "group.name", 5)', []],
  [
    `getFilteredGroups({'00g7win', '00g1wcusers'}, "(group.objectClass[0] == 'okta:windows_security_principal') ? 'AD: ' + group.profile.windowsDomainQualifiedName : 'Okta: ' + group.name", 10)`,
    ['Okta: West Coast Users', 'AD: CORP\\Domain Users'],
  ],
  ['getFilteredGroups({"00g5orders"}, "String.toUpperCase(group.name) + \'@\' + app.clientId", 1)', ['ORDERS-ADMINS@orders-web']],
  ['Groups.startsWith("OKTA", "West", 10)', ['West Coast Users', 'West Coast Admins']],
  ['Groups.startsWith("OKTA", "west", 1)', ['West Coast Users']],
  ['Groups.startsWith("OKTA", "Every", 100)', ['Everyone']],
  ['Groups.startsWith("OKTA", "Engineering", 10)', []],
  ['Groups.startsWith("active_directory", "", 10)', ['Engineering Users', 'Domain Users']],
  ['Groups.startsWith("0oa9ldap000000000000", "Eng", 10)', ['Engineering Users']],
  ['Groups.startsWith("OKTA","TEST",100) ?: {}', []],
  ['Groups.endsWith("OKTA", "admins", 10)', ['West Coast Admins', 'orders-admins', 'Orders Admins']],
  ['Groups.contains("OKTA", "coast", 10)', ['West Coast Users', 'West Coast Admins']],
  ['Groups.contains("okta", "-", 10)', ['orders-admins']],
  ["user.getGroups({'group.id': '00g2wcadmins'}).![name]", ['West Coast Admins']],
  ["user.getGroups({'group.profile.name': 'orders', 'operator': 'EXACT'})", []],
  ["user.getGroups({'group.profile.name': 'orders-admins', 'operator': 'exact'}).![id]", ['00g5orders']],
  ["user.isMemberOf({'group.type': 'APP_GROUP'})", true],
  ["user.isMemberOf({'group.id': {'00g9absent'}})", false],
];

/** The examples of §7.7 on the user they describe. */
const GROUP_EXAMPLES: Row[] = [
  ["user.getGroups({'group.type': {'OKTA_GROUP','APP_GROUP'}}).![name]", ['West Coast Users', 'West Coast Admins', 'Engineering Users', 'Engineering Users']],
  ["user.getGroups({'group.type': {'OKTA_GROUP'}}, {'group.profile.name': {'Everyone','West Coast Admins'}}).![name]", ['West Coast Admins']],
  ["user.getGroups({'group.source.id': '0aae4be2456eb62f7c3d'}, {'group.profile.name': {'Engineering Users'}}).![id]", ['00g3eng']],
  ["user.getGroups({'group.profile.name': 'East Coast.*'})", []],
  ['user.getGroups({"group.profile.name": "Everyone", "operator": "STARTS_WITH"}).![name]', ['Everyone']],
  ["user.isMemberOf({'group.profile.name': 'West Coast', 'operator': 'EXACT'})", false],
  ["user.isMemberOf({'group.profile.name': 'West Coast'})", true],
];

// ---- §7.8 other functions ----------------------------------------------------------------------

const OTHER: Row[] = [
  ['user.getLinkedObject("manager").lastName', 'Hopper'],
  ['user.getLinkedObject("manager").getInternalProperty("id")', '00umanager'],
  ['user.getLinkedObject("assistant")', null],
  ['hasDirectoryUser()', false],
  ['findDirectoryUser()', null],
  ['hasWorkdayUser()', false],
  ['findWorkdayUser()', null],
  ['getManagerUser("active_directory")', null],
  ['Time.now()', '2015-07-31T17:18:37.979Z'],
  ['Time.now("EST")', '2015-07-31T13:18:37.979-04:00'],
  ['Time.now("EST","YYYY-MM-dd HH:mm:ss")', '2015-07-31 13:18:37'],
  ['Time.now("America/New_York")', '2015-07-31T13:18:37.979-04:00'],
  ['Time.now("UTC")', '2015-07-31T17:18:37.979Z'],
  ['Time.now("Asia/Kolkata")', '2015-07-31T22:48:37.979+05:30'],
  ['Time.now("+05:30", "HH:mm ZZ")', '22:48 +05:30'],
  ['Time.now("PST", "HH:mm Z")', '10:18 -0700'],
  ['Time.now("EST", "EEEE, MMMM d, yyyy h:mm a z")', 'Friday, July 31, 2015 1:18 PM EDT'],
  ['Time.now("UTC", "EEE MMM dd yy G C")', 'Fri Jul 31 15 AD 20'],
  ['Time.now("UTC", "D w xxxx e k K S SSS SSSS")', '212 31 2015 5 17 5 9 979 9790'],
  ['Time.now("UTC", "\'Today is\' yyyy.MM.dd \'\'")', "Today is 2015.07.31 '"],
  ['Time.now("UTC", "ZZZ")', 'UTC'],
  ['Time.now("Europe/Paris", "ZZZ")', 'Europe/Paris'],
  ['Time.fromWindowsToIso8601("130828367179790000")', '2015-07-31T17:18:37.979Z'],
  ['Time.fromWindowsToIso8601("116444736000000000")', '1970-01-01T00:00:00.000Z'],
  ['Time.fromWindowsToIso8601(user.windowsTime)', '2015-07-31T17:18:37.979Z'],
  ['Time.fromWindowsToIso8601(null)', null],
  ['Time.fromUnixToIso8601("1438363117")', '2015-07-31T17:18:37.000Z'],
  ['Time.fromUnixToIso8601(user.unixTime)', '2015-07-31T17:18:37.000Z'],
  ['Time.fromUnixToIso8601(0)', '1970-01-01T00:00:00.000Z'],
  ['Time.fromUnixToIso8601("1438363117.5")', '2015-07-31T17:18:37.500Z'],
  ['Time.fromStringToIso8601("2015/07/31 17:18:37", "yyyy/MM/dd HH:mm:ss")', '2015-07-31T17:18:37.000Z'],
  ['Time.fromStringToIso8601("07/31/2015 01:18 PM -0400", "MM/dd/yyyy hh:mm a Z")', '2015-07-31T17:18:00.000Z'],
  ['Time.fromStringToIso8601("20150731", "yyyyMMdd")', '2015-07-31T00:00:00.000Z'],
  ['Time.fromStringToIso8601("31 Jul 2015", "dd MMM yyyy")', '2015-07-31T00:00:00.000Z'],
  ['Time.fromStringToIso8601("31 july 15", "d MMMM yy")', '2015-07-31T00:00:00.000Z'],
  ['Time.fromStringToIso8601("2015-07-31 13:18 America/New_York", "yyyy-MM-dd HH:mm ZZZ")', '2015-07-31T17:18:00.000Z'],
  ['Time.fromIso8601ToWindows("2015-07-31T17:18:37.979Z")', '130828367179790000'],
  ['Time.fromIso8601ToWindows("1970-01-01T00:00:00Z")', '116444736000000000'],
  ['Time.fromIso8601ToUnix("2015-07-31T17:18:37.979Z")', '1438363117'],
  ['Time.fromIso8601ToUnix("2015-07-31T13:18:37-04:00")', '1438363117'],
  ['Time.fromIso8601ToUnix("2015-07-31")', '1438300800'],
  ['Time.fromIso8601ToString("2015-07-31T17:18:37.979Z", "dd MMM yyyy HH:mm")', '31 Jul 2015 17:18'],
  ["Time.fromIso8601ToString('2015-07-31T17:18:37.979Z', 'yyyy-MM-dd''T''HH:mm')", '2015-07-31T17:18'],
  ['Time.fromIso8601ToUnix(null)', null],
];

const AD_ROWS: Row[] = [
  ['hasDirectoryUser()', true],
  ['findDirectoryUser().sAMAccountName', 'ada'],
  ['getManagerUser("active_directory").lastName', 'Hopper'],
  ['getManagerUser("active_directory").getInternalProperty("status")', 'ACTIVE'],
  ['getManagerAppUser("active_directory", "active_directory").sAMAccountName', 'grace'],
  ['getAssistantUser("active_directory")', null],
  ['getAssistantAppUser("active_directory", "active_directory")', null],
  ['hasWorkdayUser()', false],
];

// ---- §7.10 cookbook ----------------------------------------------------------------------------

const COOKBOOK: Row[] = [
  ['user.email', 'ada@example.com'],
  ['String.substringBefore(user.login, "@")', 'ada'],
  ['user.firstName + " " + (String.len(user.middleName) == 0 ? "" : (String.substring(user.middleName, 0, 1) + ". ")) + user.lastName', 'Ada Lovelace'],
  ['String.replace(Arrays.toCsvString(access.scope), ",", " ")', 'openid profile orders:read'],
  ['app.profile.label', 'Orders'],
  ['isMemberOfGroupName("Orders Admins") ? "admin" : "reader"', 'admin'],
  ['getFilteredGroups(app.profile.groupallowlist, "group.name", 40)', ['orders-admins', 'Orders Admins']],
  ['Groups.startsWith("OKTA", "orders-", 50) ?: {}', ['orders-admins']],
  ["user.getGroups({'group.profile.name': 'orders-', 'operator': 'STARTS_WITH'}).![name]", ['orders-admins']],
  ['(appuser != null) ? appuser.userName : app.clientId', 'ada'],
  ['"driving!"', 'driving!'],
];

const MIDDLE_NAME: ExpressionContext = { ...CTX, user: { ...CTX.user!, profile: { ...CTX.user!.profile, middleName: 'Augusta' } } };

describe('§7.1 syntax', () => {
  test.each(LITERALS)('literal %s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(INDEXING)('index %s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(PROPERTIES)('property %s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(OPERATORS)('operator %s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(CONDITIONALS)('conditional %s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(PROJECTION)('projection %s', (src, want) => expect(valueOf(src)).toEqual(want));
});

describe('§7.2 null and empty', () => {
  test.each(NULLS)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(CLIENT_CREDENTIALS)('client credentials: %s', (src, want) => expect(valueOf(src, CC)).toEqual(want));
});

describe('§7.4-§7.8 function library', () => {
  test.each(STRINGS)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(ARRAYS)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(CONVERSIONS)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(GROUP_FNS)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(GROUP_EXAMPLES)('§7.7 example %s', (src, want) => expect(valueOf(src, CTX77)).toEqual(want));
  test.each(OTHER)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test.each(AD_ROWS)('with Active Directory data: %s', (src, want) => expect(valueOf(src, AD)).toEqual(want));

  test('user.getGroups answers group objects with the documented projection fields', () => {
    const [everyone] = valueOf("user.getGroups({'group.type': 'BUILT_IN'})") as Record<string, ExprValue>[];
    expect(everyone).toMatchObject({
      id: '00g0everyone', name: 'Everyone', type: 'BUILT_IN', description: 'All users in your organization',
      profile: { name: 'Everyone', description: 'All users in your organization' }, objectClass: ['okta:user_group'],
    });
    expect(Object.keys(everyone!)).toEqual(expect.arrayContaining(['created', 'lastUpdated', 'lastMembershipUpdated', 'source']));
  });
});

describe('§7.10 cookbook', () => {
  test.each(COOKBOOK)('%s', (src, want) => expect(valueOf(src)).toEqual(want));
  test('full name with a middle initial', () => {
    expect(valueOf(COOKBOOK[2]![0], MIDDLE_NAME)).toBe('Ada A. Lovelace');
  });
  test('the system sub claim in client credentials', () => {
    expect(valueOf(COOKBOOK[9]![0], CC)).toBe('orders-web');
  });
});

// ---- runtime errors ----------------------------------------------------------------------------

type ErrRow = [expression: string, code: IssueCode, message: RegExp, start: number, ctx?: ExpressionContext];

const RUNTIME_ERRORS: ErrRow[] = [
  ['null + 1', 'null', /^cannot add null and a number$/, 5],
  ['user.middleName + 1', 'null', /cannot add null and a number/, 16],
  ['{1} + {2}', 'type', /cannot add an array and an array/, 4],
  ["true - 'a'", 'type', /'-' needs two numbers, not a boolean and a string/, 5],
  ['user.x.y', 'null', /^cannot read 'y' of null: user\.x is null$/, 7],
  ['{1,2}[5]', 'index', /index 5 is out of range: an array of length 2/, 6],
  ["{1,2}['a']", 'type', /an index into an array must be an integer/, 6],
  ["'abc'[3]", 'index', /out of range/, 6],
  ['user.middleName[0]', 'null', /cannot index into null/, 0],
  ["1 < 'a'", 'type', /cannot compare a number with a string/, 2],
  ['{1} < {2}', 'type', /cannot compare an array with an array/, 4],
  ['user.middleName AND true', 'null', /the left side of AND needs a boolean, not null: user\.middleName is null/, 0],
  ["true AND 'yes'", 'type', /the right side of AND needs a boolean, not a string/, 9],
  ["'yes' OR true", 'type', /the left side of OR needs a boolean/, 0],
  ['!user.middleName', 'null', /'!' needs a boolean/, 1],
  ["-'a'", 'type', /unary '-' needs a number/, 1],
  ['user.middleName ? 1 : 2', 'null', /the condition of '\? :' is null/, 0],
  ["'x' ? 1 : 2", 'type', /the condition of '\? :' needs a boolean, not a string/, 0],
  ['1 / 0', 'argument', /division by zero/, 2],
  ['5 % 0', 'argument', /division by zero/, 2],
  ['9007199254740991 + 2', 'argument', /integer overflow/, 17],
  ['user.arrayAttr.x', 'type', /cannot read property 'x' of an array/, 15],
  ["'abc'.length", 'type', /cannot read property 'length' of a string/, 6],
  ['access.scope.![name]', 'type', /cannot read 'name' of a string \(the element being projected\)/, 15],
  ['user.middleName.![name]', 'null', /cannot project null/, 0],
  ["'abc'.![x]", 'type', /projection .*needs an array, not a string/, 0],
  ['user.middleName matches "a"', 'null', /the left side of 'matches' is null/, 0],
  ['user.firstName matches user.middleName', 'null', /right side of 'matches'/, 23],
  ["user.firstName matches '(' + 'a'", 'regex', /matches: invalid regular expression: unclosed group/, 23],
  ["user.firstName matches '(a)\\1' + ''", 'regex', /backreferences .* not supported/, 23],
  ["Convert.toInt('12a')", 'argument', /Convert\.toInt: '12a' is not an integer/, 14],
  ["Convert.toInt('1 ')", 'argument', /is not an integer/, 14],
  ["Convert.toInt('9999999999')", 'argument', /out of the int range/, 14],
  ['Convert.toInt(true)', 'type', /must be a string or a number, not a boolean/, 14],
  ["Convert.toNum('abc')", 'argument', /'abc' is not a number/, 14],
  ["String.substring('abc', 'x', 1)", 'type', /String\.substring: the second argument must be an integer, not a string/, 24],
  ["String.substring('abc', null, 1)", 'null', /the second argument is null/, 24],
  ['String.len({1})', 'type', /String\.len: the first argument must be a string, not an array/, 11],
  ["String.join(',', {1}, {2})", 'type', /String\.join: the second argument must be a string, not an array/, 17],
  ["String.replace('aaa', '(' + 'a', 'b')", 'regex', /String\.replace: invalid regular expression/, 22],
  ["String.replace('aaa', 'a', '$' + '2')", 'regex', /no group 2/, 27],
  ["Arrays.size({'a': 1})", 'type', /Arrays\.size: the first argument must be an array \(or a CSV string\), not a map/, 12],
  ["Arrays.get({1}, 'x')", 'type', /must be an integer/, 16],
  ["Time.fromUnixToIso8601('')", 'argument', /is an empty string; guard with != "" first/, 23],
  ["Time.fromUnixToIso8601('yesterday')", 'argument', /is not a Unix timestamp/, 23],
  ["Time.fromIso8601ToUnix('2015-13-01T00:00:00Z')", 'argument', /is not a valid date-time/, 23],
  ["Time.fromIso8601ToUnix('')", 'argument', /empty string/, 23],
  ["Time.fromStringToIso8601('2015-07-31', 'yyyy/MM/dd')", 'argument', /does not match the pattern/, 25],
  ["Time.fromStringToIso8601('2015/02/30', 'yyyy/MM/dd')", 'argument', /day 30 must be between 1 and 28/, 25],
  ["Time.now('Mars/' + 'Olympus')", 'argument', /'Mars\/Olympus' is not a known time zone id/, 9],
  ["Time.now('UTC', 'yyyy-' + 'qq')", 'argument', /illegal pattern component: q/, 16],
  ["Groups.startsWith('OKTA', 'W', 1 - 1)", 'argument', /the limit must be between 1 and 100, not 0/, 31],
  ["Groups.startsWith('OKTA', null, 10)", 'null', /the second argument is null/, 26],
  ['getFilteredGroups(app.profile.groupallowlist, "group.name", 1)', 'too-many-groups', /in 2 of the allowlisted groups, more than the limit of 1/, 60],
  ["getFilteredGroups({'00g5orders'}, 'group.nope.x', 5)", 'null', /in the group expression: cannot read 'x' of null/, 34],
  ["getFilteredGroups({'00g5orders'}, 'group.' + '', 5)", 'argument', /the group expression "group\." is invalid at column 7/, 34],
  ['user.getGroups(app.profile)', 'argument', /unknown criterion 'label'/, 15],
  ["user.getGroups({'operator': 'LIKE' + ''})", 'argument', /'operator' must be 'EXACT' or 'STARTS_WITH'/, 15],
  ["user.getGroups('West' + '')", 'type', /must be a map of search criteria/, 15],
  ["user.getLinkedObject('manager').getGroups()", 'argument', /group data is only available for the user of the flow/, 0],
  ["user.getInternalProperty('em' + 'ail')", 'argument', /unknown internal property "email"/, 25],
  ["getManagerUser('ld' + 'ap')", 'argument', /the only supported source is "active_directory"/, 15],
  ['getManagerUser("active_directory").lastName', 'null', /cannot read 'lastName' of null/, 35],
];

const CC_ERRORS: ErrRow[] = [
  ['appuser.userName', 'null', /^cannot read 'userName' of null: appuser is null \(there is no user in client credentials flows; test appuser != null first\)$/, 8, CC],
  ['user.manager.firstName', 'null', /cannot read 'firstName' of null/, 13, CC],
  ['user.getGroups()', 'null', /cannot call getGroups\(\.\.\.\) on null/, 5, CC],
];

test('in client credentials, a user attribute reads as null (the claim is left out), and nothing deeper', () => {
  const r = run('user.firstName', CC);
  expect(r.ok && r.value).toBe(null);
  expect(run('(appuser != null) ? appuser.userName : app.clientId', CC)).toMatchObject({ ok: true });
});

describe('runtime errors answer an issue with its position', () => {
  test.each([...RUNTIME_ERRORS, ...CC_ERRORS])('%s', (src, code, message, start, ctx) => {
    const r = run(src, ctx ?? CTX);
    expect(r.ok, `expected an error, got ${JSON.stringify(r.ok && r.value)}`).toBe(false);
    if (r.ok) return;
    expect(r.error.stage).toBe('evaluate');
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
    expect(r.error.start).toBe(start);
    expect(r.error.line).toBe(1);
    expect(r.error.column).toBe(start + 1);
    expect(r.error.end).toBeGreaterThanOrEqual(r.error.start);
    expect(r.error.end).toBeLessThanOrEqual(src.length);
  });

  test('an error on a later line names that line and column', () => {
    const src = "user.firstName +\n  ' ' +\n  user.nope.x";
    const r = run(src);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.line, r.error.column, r.error.start]).toEqual([3, 13, 37]);
  });
});

// ---- coverage of the library ---------------------------------------------------------------------

describe('coverage', () => {
  test('every function of the FUNCTIONS table has conformance rows', () => {
    const all = [LITERALS, INDEXING, PROPERTIES, OPERATORS, CONDITIONALS, PROJECTION, NULLS, CLIENT_CREDENTIALS, STRINGS, ARRAYS, CONVERSIONS, GROUP_FNS, GROUP_EXAMPLES, OTHER, AD_ROWS, COOKBOOK]
      .flat()
      .map((r) => r[0])
      .join('\n');
    const missing = FUNCTIONS.filter((f) => {
      const call = f.namespace === null ? new RegExp(`(^|[^.\\w])${f.name}\\(`) : f.namespace === 'user' ? new RegExp(`\\.${f.name}\\(`) : new RegExp(`${f.namespace}\\.${f.name}\\(`);
      return !call.test(all);
    });
    expect(missing.map((f) => `${f.namespace ?? ''}.${f.name}`)).toEqual([]);
  });

  test('the table lists every function §7 documents', () => {
    const names = FUNCTIONS.map((f) => (f.namespace ? `${f.namespace}.${f.name}` : f.name));
    expect(names).toEqual(
      expect.arrayContaining([
        'String.append', 'String.join', 'String.len', 'String.removeSpaces', 'String.replace', 'String.replaceFirst', 'String.startsWith',
        'String.stringContains', 'String.stringSwitch', 'String.substring', 'String.substringAfter', 'String.substringBefore',
        'String.toUpperCase', 'String.toLowerCase', 'toUpperCase', 'toLowerCase', 'substringBefore', 'substringAfter', 'substring',
        'Arrays.add', 'Arrays.remove', 'Arrays.clear', 'Arrays.get', 'Arrays.flatten', 'Arrays.contains', 'Arrays.size', 'Arrays.isEmpty',
        'Arrays.toCsvString', 'Convert.toInt', 'Convert.toNum', 'Iso3166Convert.toAlpha2', 'Iso3166Convert.toAlpha3',
        'Iso3166Convert.toNumeric', 'Iso3166Convert.toName', 'isMemberOfGroupName', 'isMemberOfGroup', 'isMemberOfAnyGroup',
        'isMemberOfGroupNameStartsWith', 'isMemberOfGroupNameContains', 'isMemberOfGroupNameRegex', 'getFilteredGroups',
        'Groups.startsWith', 'Groups.endsWith', 'Groups.contains', 'user.getGroups', 'user.isMemberOf', 'user.getInternalProperty',
        'user.getLinkedObject', 'getManagerUser', 'getManagerAppUser', 'getAssistantUser', 'getAssistantAppUser', 'hasDirectoryUser',
        'findDirectoryUser', 'hasWorkdayUser', 'findWorkdayUser', 'Time.now', 'Time.fromWindowsToIso8601', 'Time.fromUnixToIso8601',
        'Time.fromStringToIso8601', 'Time.fromIso8601ToWindows', 'Time.fromIso8601ToUnix', 'Time.fromIso8601ToString',
      ]),
    );
  });

  test('metadata: one-line docs, signatures that start with the name, consistent arity', () => {
    for (const f of FUNCTIONS) {
      expect(f.doc).not.toMatch(/\n/);
      expect(f.doc.length).toBeGreaterThan(5);
      expect(f.signature).toContain(`${f.name}(`);
      expect(f.minArgs).toBeGreaterThanOrEqual(0);
      if (f.maxArgs !== null) expect(f.maxArgs).toBeGreaterThanOrEqual(f.minArgs);
      expect(f.returns).toBeTruthy();
    }
  });
});
