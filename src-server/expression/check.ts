/**
 * Static checks of a parsed expression (house rule 4: parse, then check, then evaluate): names of
 * objects, namespaces, functions and their arity, known properties, forbidden property names, and
 * literal arguments that are certain to fail (a malformed regex, a limit out of range).
 */
import type { CallNode, Expr } from './ast.js';
import { type ExprIssue, type IssueCode, makeIssue, type Span } from './errors.js';
import { arityMessage, functionsOf, isNamespace, lookupFunction, NAMESPACES } from './functions/index.js';
import { compileJavaRegex, RegexError } from './regex.js';
import { parse, sourceOf } from './parser.js';
import { FORBIDDEN_NAMES } from './values.js';

/** The objects a claim expression can name (reference §6, §7.3). */
export const CLAIM_BINDINGS = ['user', 'appuser', 'app', 'org', 'access', 'session'] as const;

export interface CheckEnv {
  /** The top-level objects the expression may name; default CLAIM_BINDINGS. Add `idpuser` for IdP username transforms. */
  bindings?: readonly string[];
  /** When given, `user.<attr>` must be one of these profile attributes (Okta refuses unknown attributes at save time). */
  userAttributes?: readonly string[];
}

/** Properties of the fixed-shape objects (reference §7.3). */
export const KNOWN_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  app: ['id', 'clientId', 'profile'],
  org: ['name', 'subDomain'],
  access: ['scope'],
  session: ['amr'],
};

/** Functions that answer a user, whose methods can be called in turn. */
const USER_RETURNING = new Set(['user.getLinkedObject', '.getManagerUser', '.getAssistantUser']);

type StaticKind = 'user' | 'namespace' | 'value';

export function check(ast: Expr, env: CheckEnv = {}): ExprIssue[] {
  const src = sourceOf(ast);
  const bindings = new Set(env.bindings ?? CLAIM_BINDINGS);
  const issues: ExprIssue[] = [];
  const report = (code: IssueCode, message: string, at: Span, node?: Expr) => {
    if (src !== undefined) issues.push(makeIssue(src, 'check', code, message, at.start, at.end));
    else {
      // A tree built by hand: columns are estimated from the nearest node.
      const base = node ?? ast;
      issues.push({ stage: 'check', code, message, start: at.start, end: Math.max(at.start, at.end), line: base.line, column: base.column + (at.start - base.start) });
    }
  };

  const userMethods = functionsOf('user').map((f) => f.name);
  const bindingList = () => [...bindings].join(', ');

  function unknownName(name: string, at: Span, asObject: boolean): void {
    const lower = [...bindings, ...NAMESPACES].find((b) => b.toLowerCase() === name.toLowerCase());
    let msg = `unknown name '${name}'; expected one of ${bindingList()}`;
    if (lower) msg = `unknown name '${name}'; did you mean '${lower}'? (names are case-sensitive)`;
    else if (name === 'idpuser') msg = "'idpuser' is only available in IdP username transforms, not in claims";
    else if (name === 'group') msg = "'group' is only bound inside the group expression of getFilteredGroups";
    else if (asObject) msg += ` (explicit app references such as ${name}.firstName or ${name}_app.domain are not allowed in OIDC claims; use appuser.<attr> or app.<attr>)`;
    report('unknown-identifier', msg, at);
  }

  function checkCall(e: CallNode, projection: number): StaticKind {
    let fnKey: string;
    let display: string;
    let f;
    if (e.target === null) {
      display = e.name;
      fnKey = `.${e.name}`;
      f = lookupFunction(null, e.name);
      if (!f) {
        const ns = NAMESPACES.find((n) => lookupFunction(n, e.name));
        const hint = ns ? `; did you mean ${ns}.${e.name}(...)?` : userMethods.includes(e.name) ? `; it is a method of user: user.${e.name}(...)` : '';
        report('unknown-function', `unknown function '${e.name}'${hint}`, { start: e.nameStart, end: e.nameEnd }, e);
      }
    } else if (e.target.kind === 'ident' && isNamespace(e.target.name) && !(projection > 0 && bindings.has(e.target.name))) {
      const ns = e.target.name;
      display = `${ns}.${e.name}`;
      fnKey = `${ns}.${e.name}`;
      f = lookupFunction(ns, e.name);
      if (!f) {
        const names = functionsOf(ns).map((x) => x.name);
        report('unknown-function', `${ns} has no function '${e.name}'; it has ${names.join(', ')}`, { start: e.nameStart, end: e.nameEnd }, e);
      }
    } else if (FORBIDDEN_NAMES.has(e.name)) {
      walk(e.target, projection);
      display = e.name;
      fnKey = '';
      report('forbidden', `the method '${e.name}' is not accessible`, { start: e.nameStart, end: e.nameEnd }, e);
    } else {
      const kind = walk(e.target, projection);
      display = `${e.target.kind === 'ident' ? e.target.name : '…'}.${e.name}`;
      fnKey = `user.${e.name}`;
      if (kind === 'user') {
        f = lookupFunction('user', e.name);
        if (!f) report('unknown-function', `user has no method '${e.name}'; its methods are ${userMethods.join(', ')}`, { start: e.nameStart, end: e.nameEnd }, e);
      } else if (kind === 'value') {
        const on = e.target.kind === 'ident' ? `'${e.target.name}'` : e.target.kind === 'literal' ? `a ${e.target.value === null ? 'null' : typeof e.target.value}` : 'this value';
        const hint = FORBIDDEN_NAMES.has(e.name) ? '' : ' (functions are called through String, Arrays, Convert, Iso3166Convert, Time and Groups, e.g. String.toUpperCase(x))';
        report('not-callable', `${e.name}(...) cannot be called on ${on}: only user has methods (${userMethods.join(', ')})${hint}`, { start: e.nameStart, end: e.nameEnd }, e);
      }
    }
    if (f) {
      const n = e.args.length;
      if (n < f.minArgs || (f.maxArgs !== null && n > f.maxArgs)) report('arity', arityMessage(f, display, n), e, e);
      f.checkArgs?.(e.args, (code, message, at) => report(code, `${display}: ${message}`, at, e));
      if (f.name === 'getFilteredGroups' && f.namespace === null) checkGroupExpression(e);
    }
    for (const a of e.args) walk(a, projection);
    return f && USER_RETURNING.has(fnKey) ? 'user' : 'value';
  }

  /** The group expression of getFilteredGroups, when it is a literal, is checked with `group` bound. */
  function checkGroupExpression(e: CallNode): void {
    const arg = e.args[1];
    if (!arg || arg.kind !== 'literal' || typeof arg.value !== 'string') return;
    const inner = parse(arg.value);
    const innerIssues = inner.ok ? check(inner.ast, { ...env, bindings: [...bindings, 'group'] }) : inner.issues;
    for (const i of innerIssues) report('invalid-argument', `getFilteredGroups: the group expression is invalid at column ${i.column}: ${i.message}`, arg, e);
  }

  function walk(e: Expr, projection: number): StaticKind {
    switch (e.kind) {
      case 'literal':
        return 'value';
      case 'ident':
        if (bindings.has(e.name)) return e.name === 'user' ? 'user' : 'value';
        if (isNamespace(e.name)) {
          report('not-callable', `${e.name} is a function namespace, not a value; call one of its functions, e.g. ${e.name}.${functionsOf(e.name)[0]!.name}(...)`, e);
          return 'namespace';
        }
        if (projection > 0) return 'value'; // a field of the projected element
        unknownName(e.name, e, false);
        return 'value';
      case 'member': {
        const at = { start: e.propertyStart, end: e.propertyEnd };
        if (FORBIDDEN_NAMES.has(e.property)) {
          report('forbidden', `the property '${e.property}' is not accessible`, at, e);
          if (e.object.kind !== 'ident') walk(e.object, projection);
          return 'value';
        }
        if (e.object.kind === 'ident' && isNamespace(e.object.name) && !bindings.has(e.object.name)) {
          const f = lookupFunction(e.object.name, e.property);
          report('not-callable', f ? `${e.object.name}.${e.property} is a function; call it: ${f.signature}` : `${e.object.name} has no function '${e.property}'`, at, e);
          return 'value';
        }
        if (e.object.kind === 'ident' && !bindings.has(e.object.name) && !isNamespace(e.object.name) && projection === 0) {
          unknownName(e.object.name, e.object, true);
          return 'value';
        }
        const kind = walk(e.object, projection);
        if (e.object.kind === 'ident' && bindings.has(e.object.name) && !(projection > 0)) {
          const known = KNOWN_PROPERTIES[e.object.name];
          if (known && !known.includes(e.property)) {
            const near = known.find((k) => k.toLowerCase() === e.property.toLowerCase());
            report('unknown-property', `${e.object.name} has no property '${e.property}'${near ? `; did you mean '${near}'?` : `; it has ${known.join(', ')}`}`, at, e);
          }
        }
        if (kind === 'user') {
          if (userMethods.includes(e.property)) report('not-callable', `user.${e.property} is a method; call it: user.${e.property}(...)`, at, e);
          else if (env.userAttributes && e.object.kind === 'ident' && !env.userAttributes.includes(e.property)) {
            const near = env.userAttributes.find((k) => k.toLowerCase() === e.property.toLowerCase());
            report('unknown-property', `the user profile has no attribute '${e.property}'${near ? `; did you mean '${near}'? (attribute names are case-sensitive)` : ''}`, at, e);
          }
        }
        return 'value';
      }
      case 'index':
        walk(e.object, projection);
        walk(e.index, projection);
        if (e.index.kind === 'literal' && typeof e.index.value === 'string' && FORBIDDEN_NAMES.has(e.index.value)) {
          report('forbidden', `the property '${e.index.value}' is not accessible`, e.index, e);
        }
        return 'value';
      case 'call':
        return checkCall(e, projection);
      case 'projection':
        walk(e.object, projection);
        walk(e.body, projection + 1);
        return 'value';
      case 'list':
        for (const it of e.items) walk(it, projection);
        return 'value';
      case 'map':
        for (const en of e.entries) walk(en.value, projection);
        return 'value';
      case 'unary':
        walk(e.operand, projection);
        return 'value';
      case 'binary':
        walk(e.left, projection);
        walk(e.right, projection);
        if (e.op === 'matches' && e.right.kind === 'literal' && typeof e.right.value === 'string') {
          try {
            compileJavaRegex(e.right.value);
          } catch (err) {
            if (err instanceof RegexError) report('invalid-argument', `matches: invalid regular expression: ${err.message}`, e.right, e);
          }
        }
        return 'value';
      case 'logical':
      case 'elvis':
        walk(e.left, projection);
        walk(e.right, projection);
        return 'value';
      case 'ternary':
        walk(e.test, projection);
        walk(e.then, projection);
        walk(e.otherwise, projection);
        return 'value';
    }
  }

  walk(ast, 0);
  return issues.sort((a, b) => a.start - b.start);
}
