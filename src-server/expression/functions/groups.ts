/**
 * Group functions (reference §7.7). They read the user's groups from the context (Everyone
 * included). Name comparisons ignore case, except the regex ones, which are Java `matches` (whole
 * name, case-sensitive unless the pattern says `(?i)`), as the GROUPS claim filters of §4.5 behave.
 */
import type { Expr } from '../ast.js';
import type { ExprGroup } from '../context.js';
import { LIMITS } from '../limits.js';
import { compileJavaRegex, RegexError, regexMatchesWhole } from '../regex.js';
import { elements, entries, isArray, kindOf, newMap, readOwn, toVal, typeName, UserRef, type Val, type ValMap } from '../values.js';
import { checkRegexArg } from './string.js';
import { type ArgReporter, type CallSite, type FunctionDef, type GroupValue, type Runtime, argName, arr, csv, fail, int, literalArg, outArr, reqStr, str } from './types.js';

/** A context group as the EL object `getGroups` returns and `group` binds. */
/**
 * Converted groups, per group object: the conversion costs about 2 µs a group, and a token's claims
 * (and every claim of every token for the same subject) read the same group objects. EL values are
 * never mutated (the language has no assignment), so sharing them is safe.
 */
const converted = new WeakMap<ExprGroup, GroupValue>();

export function groupToValue(g: ExprGroup): GroupValue {
  let v = converted.get(g);
  if (!v) converted.set(g, (v = convertGroup(g)));
  return v;
}

function convertGroup(g: ExprGroup): GroupValue {
  const profile = (g.profile ?? {}) as Record<string, unknown>;
  const name = typeof g.name === 'string' ? g.name : typeof profile.name === 'string' ? profile.name : '';
  const description = typeof profile.description === 'string' ? profile.description : null;
  return newMap([
    ['id', g.id],
    ['name', name],
    ['type', g.type],
    ['description', description],
    ['created', g.created ?? null],
    ['lastUpdated', g.lastUpdated ?? null],
    ['lastMembershipUpdated', g.lastMembershipUpdated ?? null],
    ['objectClass', [...(g.objectClass ?? ['okta:user_group'])]],
    ['profile', newMap([...Object.entries(profile).filter(([k]) => k !== '__proto__'), ['name', name], ['description', description]])],
    ['source', g.source ? newMap([['id', g.source.id], ['name', g.source.name ?? null]]) : null],
  ]);
}

const field = (g: GroupValue, k: string): string => {
  const v = readOwn(g, k);
  return typeof v === 'string' ? v : '';
};
const sourceOf = (g: GroupValue): { id: string; name: string } => {
  const s = toVal(readOwn(g, 'source'));
  if (!s || typeof s !== 'object' || Array.isArray(s) || s instanceof UserRef) return { id: '', name: '' };
  const id = readOwn(s as ValMap, 'id');
  const name = readOwn(s as ValMap, 'name');
  return { id: typeof id === 'string' ? id : '', name: typeof name === 'string' ? name : '' };
};

/** The `limit` argument: 1 to 100 (Okta's cap on groups). */
function limitArg(a: Val[], i: number, c: CallSite): number {
  const n = int(a, i, c);
  if (n < 1 || n > LIMITS.maxGroups) fail('argument', `${c.display}: the limit must be between 1 and ${LIMITS.maxGroups}, not ${n}`, c.arg(i));
  return n;
}

const checkLimit = (i: number) => (args: readonly Expr[], report: ArgReporter) => {
  const lit = literalArg(args, i);
  if (lit && typeof lit.value === 'number' && (lit.value < 1 || lit.value > LIMITS.maxGroups || !Number.isInteger(lit.value))) {
    report('invalid-argument', `the limit must be an integer between 1 and ${LIMITS.maxGroups}`, args[i]!);
  }
};

function nameTest(c: CallSite, test: (name: string) => boolean) {
  return (rt: Runtime) => {
    const gs = rt.groups();
    rt.charge(Math.ceil(gs.length / 16));
    return gs.some((g) => test(field(g, 'name')));
  };
}

/** Group ids from varargs: arrays and CSV strings are expanded, nulls skipped. */
function idList(a: Val[], c: CallSite): string[] {
  const out: string[] = [];
  a.forEach((v, i) => {
    switch (kindOf(v)) {
      case 'null':
        return;
      case 'string':
        out.push(...csv(v as string));
        return;
      case 'array':
        for (const e of elements(v as readonly unknown[])) if (typeof e === 'string') out.push(e);
        return;
      default:
        fail('type', `${c.display}: ${argName(i)} must be a group id string, not ${typeName(v)}`, c.arg(i));
    }
  });
  return out;
}

function regexNameTest(a: Val[], rt: Runtime, c: CallSite): boolean {
  const pattern = str(a, 0, c);
  if (pattern === null) return false;
  let re;
  try {
    re = compileJavaRegex(pattern);
  } catch (e) {
    if (e instanceof RegexError) return fail('regex', `${c.display}: invalid regular expression: ${e.message}`, c.arg(0));
    throw e;
  }
  const fuel = rt.regexFuel();
  try {
    return rt.groups().some((g) => regexMatchesWhole(re, field(g, 'name'), fuel));
  } catch (e) {
    if (e instanceof RegexError) return fail('regex', `${c.display}: ${e.message}`, c.node);
    throw e;
  } finally {
    rt.settleRegex(fuel);
  }
}

/** `Groups.startsWith/endsWith/contains(app, pattern, limit)`: names of matching groups, at most `limit`. */
function groupsBy(kind: 'startsWith' | 'endsWith' | 'contains') {
  return (a: Val[], rt: Runtime, c: CallSite): Val => {
    const app = reqStr(a, 0, c);
    const pattern = reqStr(a, 1, c).toLowerCase();
    const limit = limitArg(a, 2, c);
    const okta = app.toUpperCase() === 'OKTA';
    const out: Val[] = [];
    const gs = rt.groups();
    rt.charge(Math.ceil(gs.length / 16));
    for (const g of gs) {
      const type = field(g, 'type');
      const src = sourceOf(g);
      const fromApp = okta ? type === 'OKTA_GROUP' || type === 'BUILT_IN' : type === 'APP_GROUP' && (src.id === app || src.name.toLowerCase() === app.toLowerCase());
      if (!fromApp) continue;
      const name = field(g, 'name');
      const n = name.toLowerCase();
      if (kind === 'startsWith' ? n.startsWith(pattern) : kind === 'endsWith' ? n.endsWith(pattern) : n.includes(pattern)) out.push(name);
      if (out.length >= limit) break;
    }
    return outArr(out, rt, c);
  };
}

// ---- user.getGroups criteria -----------------------------------------------------------------

const CRITERIA_KEYS = ['group.id', 'group.source.id', 'group.type', 'group.profile.name', 'operator'];

interface Criterion {
  ids?: string[];
  sourceIds?: string[];
  types?: string[];
  names?: string[];
  exact: boolean;
}

function stringSet(v: Val, key: string, c: CallSite, i: number): string[] {
  if (typeof v === 'string') return [v];
  if (isArray(v)) {
    return elements(v).map((e) => {
      if (typeof e !== 'string') fail('type', `${c.display}: '${key}' must be a string or a set of strings like {'a','b'}`, c.arg(i));
      return e;
    });
  }
  return fail('type', `${c.display}: '${key}' must be a string or a set of strings like {'a','b'}, not ${typeName(v)}`, c.arg(i));
}

function criteria(a: Val[], c: CallSite): Criterion[] {
  return a.map((v, i) => {
    if (kindOf(v) !== 'map') fail('type', `${c.display}: ${argName(i)} must be a map of search criteria such as {'group.type': 'OKTA_GROUP'}, not ${typeName(v)}`, c.arg(i));
    const crit: Criterion = { exact: false };
    for (const [k, val] of entries(v as ValMap)) {
      switch (k) {
        case 'group.id':
          crit.ids = stringSet(val, k, c, i);
          break;
        case 'group.source.id':
          crit.sourceIds = stringSet(val, k, c, i);
          break;
        case 'group.type':
          crit.types = stringSet(val, k, c, i);
          break;
        case 'group.profile.name':
          crit.names = stringSet(val, k, c, i).map((s) => s.toLowerCase());
          break;
        case 'operator': {
          const op = typeof val === 'string' ? val.toUpperCase() : '';
          if (op !== 'EXACT' && op !== 'STARTS_WITH') fail('argument', `${c.display}: 'operator' must be 'EXACT' or 'STARTS_WITH'`, c.arg(i));
          crit.exact = op === 'EXACT';
          break;
        }
        default:
          fail('argument', `${c.display}: unknown criterion '${k}'; use ${CRITERIA_KEYS.map((x) => `'${x}'`).join(', ')}`, c.arg(i));
      }
    }
    return crit;
  });
}

function matchesCriterion(g: GroupValue, k: Criterion): boolean {
  if (k.ids && !k.ids.includes(field(g, 'id'))) return false;
  if (k.sourceIds && !k.sourceIds.includes(sourceOf(g).id)) return false;
  if (k.types && !k.types.includes(field(g, 'type'))) return false;
  if (k.names) {
    const n = field(g, 'name').toLowerCase();
    if (!k.names.some((x) => (k.exact ? n === x : n.startsWith(x)))) return false;
  }
  return true;
}

function userGroups(rt: Runtime, c: CallSite, target: Val): readonly GroupValue[] {
  const flowUser = rt.user();
  if (!(target instanceof UserRef) || !flowUser || target.user.id !== flowUser.user.id) {
    fail('argument', `${c.display}: group data is only available for the user of the flow`, c.node);
  }
  return rt.groups();
}

/** Static check of literal criteria maps. */
function checkCriteria(args: readonly Expr[], report: ArgReporter): void {
  for (const a of args) {
    if (a.kind === 'literal' || a.kind === 'list') {
      report('invalid-argument', "each criterion must be a map such as {'group.type': 'OKTA_GROUP'}", a);
      continue;
    }
    if (a.kind !== 'map') continue;
    for (const e of a.entries) {
      if (!CRITERIA_KEYS.includes(e.key)) {
        report('invalid-argument', `unknown criterion '${e.key}'; use ${CRITERIA_KEYS.map((x) => `'${x}'`).join(', ')}`, { start: e.keyStart, end: e.keyEnd });
      } else if (e.key === 'operator' && e.value.kind === 'literal' && !['EXACT', 'STARTS_WITH'].includes(String(e.value.value).toUpperCase())) {
        report('invalid-argument', "'operator' must be 'EXACT' or 'STARTS_WITH'", e.value);
      }
    }
  }
}

/** `user.getGroups(criteria...)` */
export function getGroups(target: Val, a: Val[], rt: Runtime, c: CallSite): Val[] {
  const crits = criteria(a, c);
  const gs = userGroups(rt, c, target);
  rt.charge(Math.ceil((gs.length * Math.max(1, crits.length)) / 16));
  return outArr(gs.filter((g) => crits.every((k) => matchesCriterion(g, k))) as Val[], rt, c);
}

export const GROUP_FUNCTIONS: FunctionDef[] = [
  {
    name: 'isMemberOfGroupName', namespace: null, signature: 'isMemberOfGroupName(String name)', returns: 'Boolean', minArgs: 1, maxArgs: 1,
    doc: 'Whether the user is in a group of that name (any source; case-insensitive).',
    impl: (a, rt, c) => {
      const name = str(a, 0, c);
      return name !== null && nameTest(c, (n) => n.toLowerCase() === name.toLowerCase())(rt);
    },
  },
  {
    name: 'isMemberOfGroup', namespace: null, signature: 'isMemberOfGroup(String groupId)', returns: 'Boolean', minArgs: 1, maxArgs: 1,
    doc: 'Whether the user is in the group with that id.',
    impl: (a, rt, c) => {
      const id = str(a, 0, c);
      return id !== null && rt.groups().some((g) => field(g, 'id') === id);
    },
  },
  {
    name: 'isMemberOfAnyGroup', namespace: null, signature: 'isMemberOfAnyGroup(String... groupIds)', returns: 'Boolean', minArgs: 1, maxArgs: null,
    doc: 'Whether the user is in any of the groups with these ids.',
    impl: (a, rt, c) => {
      const ids = new Set(idList(a, c));
      return rt.groups().some((g) => ids.has(field(g, 'id')));
    },
  },
  {
    name: 'isMemberOfGroupNameStartsWith', namespace: null, signature: 'isMemberOfGroupNameStartsWith(String prefix)', returns: 'Boolean', minArgs: 1, maxArgs: 1,
    doc: 'Whether the user is in a group whose name starts with prefix (case-insensitive).',
    impl: (a, rt, c) => {
      const p = str(a, 0, c);
      return p !== null && nameTest(c, (n) => n.toLowerCase().startsWith(p.toLowerCase()))(rt);
    },
  },
  {
    name: 'isMemberOfGroupNameContains', namespace: null, signature: 'isMemberOfGroupNameContains(String part)', returns: 'Boolean', minArgs: 1, maxArgs: 1,
    doc: 'Whether the user is in a group whose name contains part (case-insensitive).',
    impl: (a, rt, c) => {
      const p = str(a, 0, c);
      return p !== null && nameTest(c, (n) => n.toLowerCase().includes(p.toLowerCase()))(rt);
    },
  },
  {
    name: 'isMemberOfGroupNameRegex', namespace: null, signature: 'isMemberOfGroupNameRegex(String regex)', returns: 'Boolean', minArgs: 1, maxArgs: 1,
    doc: 'Whether the user is in a group whose whole name matches the Java regular expression (case-sensitive).',
    impl: regexNameTest,
    checkArgs: checkRegexArg(0),
  },
  {
    name: 'getFilteredGroups', namespace: null, signature: 'getFilteredGroups(allowlist, String groupExpression, int limit)', returns: 'Array', minArgs: 3, maxArgs: 3,
    doc: 'The user\'s groups whose ids are in allowlist, each rendered by groupExpression (e.g. "group.name"); more than limit (1-100) is an error.',
    impl: (a, rt, c) => {
      const allow = new Set((arr(a, 0, c, rt) ?? []).filter((x): x is string => typeof x === 'string'));
      const source = reqStr(a, 1, c);
      const limit = limitArg(a, 2, c);
      const matching = rt.groups().filter((g) => allow.has(field(g, 'id')));
      if (matching.length > limit) {
        fail('too-many-groups', `${c.display}: the user is in ${matching.length} of the allowlisted groups, more than the limit of ${limit}`, c.arg(2));
      }
      return outArr(matching.map((g) => rt.evalGroupExpression(source, g, c.arg(1))), rt, c);
    },
    checkArgs: checkLimit(2),
  },
  {
    name: 'startsWith', namespace: 'Groups', signature: 'Groups.startsWith(String app, String pattern, int limit)', returns: 'Array', minArgs: 3, maxArgs: 3,
    doc: 'Names of the user\'s groups from app ("OKTA", an app name or app id) starting with pattern (case-insensitive), at most limit (1-100).',
    impl: groupsBy('startsWith'),
    checkArgs: checkLimit(2),
  },
  {
    name: 'endsWith', namespace: 'Groups', signature: 'Groups.endsWith(String app, String pattern, int limit)', returns: 'Array', minArgs: 3, maxArgs: 3,
    doc: 'Names of the user\'s groups from app ending with pattern (case-insensitive), at most limit (1-100).',
    impl: groupsBy('endsWith'),
    checkArgs: checkLimit(2),
  },
  {
    name: 'contains', namespace: 'Groups', signature: 'Groups.contains(String app, String pattern, int limit)', returns: 'Array', minArgs: 3, maxArgs: 3,
    doc: 'Names of the user\'s groups from app containing pattern (case-insensitive), at most limit (1-100).',
    impl: groupsBy('contains'),
    checkArgs: checkLimit(2),
  },
];

export const USER_GROUP_METHODS: FunctionDef[] = [
  {
    name: 'getGroups', namespace: 'user', signature: 'user.getGroups(Map... criteria)', returns: 'Array of groups', minArgs: 0, maxArgs: null,
    doc: "The user's groups matching every criteria map ({'group.type': ..., 'group.profile.name': ..., 'operator': 'EXACT'}); project with .![name].",
    impl: (a, rt, c) => getGroups(c.target ?? null, a, rt, c),
    checkArgs: checkCriteria,
  },
  {
    name: 'isMemberOf', namespace: 'user', signature: 'user.isMemberOf(Map... criteria)', returns: 'Boolean', minArgs: 1, maxArgs: null,
    doc: 'Whether the user is in a group matching every criteria map (as user.getGroups).',
    impl: (a, rt, c) => getGroups(c.target ?? null, a, rt, c).length > 0,
    checkArgs: checkCriteria,
  },
];
