/**
 * Tree-walking evaluator over plain data. It reads only the context it is given, only through own
 * data properties; it never calls into the data, never throws to its caller, and stops when the
 * step budget is spent. Semantics follow SpEL as Okta uses it (README: null rules, operators).
 */
import type { BinaryNode, CallNode, Expr, IndexNode, LogicalNode, MemberNode } from './ast.js';
import { CLAIM_BINDINGS } from './check.js';
import { compile, isProgram, type Program } from './compile.js';
import type { ExpressionContext } from './context.js';
import { EvalError, type ExprIssue, makeIssue, type Span } from './errors.js';
import { groupToValue } from './functions/groups.js';
import { isNamespace, lookupFunction } from './functions/index.js';
import type { CallSite, GroupValue, Runtime } from './functions/types.js';
import { LIMITS } from './limits.js';
import { compileJavaRegex, type Fuel, RegexError, regexMatchesWhole } from './regex.js';
import {
  elements, type ExprValue, FORBIDDEN_NAMES, isArray, isMap, kindOf, newMap, readOwn, toPlain, toText, toVal, typeName, UserRef, type Val, valCompare, valEquals,
} from './values.js';

export interface EvaluateOptions {
  /** Step budget (default LIMITS.defaultMaxSteps; at most 10,000,000; NaN or Infinity mean the default). */
  maxSteps?: number;
  /** Also answer the value of every sub-expression evaluated. */
  trace?: boolean;
}

/** The value of one evaluated sub-expression (for the UI to explain a claim). */
export interface TraceEntry {
  start: number;
  end: number;
  value: ExprValue;
}

export type EvaluateResult =
  | { ok: true; value: ExprValue; steps: number; trace?: TraceEntry[] }
  | { ok: false; error: ExprIssue; steps: number; trace?: TraceEntry[] };

/** In a projection `.![...]`: the element being projected. */
interface Scope {
  element: Val;
}

const TRACE_VALUE_BUDGET = 200;
/** The largest budget a caller may ask for (a non-finite one gets the default). */
const MAX_BUDGET = 10_000_000;

export function evaluate(program: Program, ctx: ExpressionContext, opts: EvaluateOptions = {}): EvaluateResult {
  if (!isProgram(program)) {
    return { ok: false, steps: 0, error: makeIssue('', 'evaluate', 'internal', 'evaluate() needs a program made by compile(): never evaluate an unchecked tree', 0) };
  }
  const interp = new Interpreter(program, ctx, opts);
  try {
    const v = interp.visit(program.ast, null);
    const value = toPlain(v);
    return { ok: true, value, steps: interp.steps, ...(interp.trace ? { trace: interp.trace } : {}) };
  } catch (e) {
    return { ok: false, error: interp.toIssue(e), steps: interp.steps, ...(interp.trace ? { trace: interp.trace } : {}) };
  }
}

/** A value for the trace: plain data, large arrays and maps cut short. */
function traceValue(v: Val): ExprValue {
  const budget = { n: TRACE_VALUE_BUDGET };
  const go = (x: Val, depth: number): ExprValue => {
    if (--budget.n < 0 || depth > 16) return null;
    switch (kindOf(x)) {
      case 'array': {
        const out: ExprValue[] = [];
        for (const e of elements(x as readonly unknown[])) {
          if (budget.n <= 0) break;
          out.push(go(e, depth + 1));
        }
        return out;
      }
      case 'map':
      case 'user':
        return toPlain(x, 64 - 2); // shallow: nested values beyond one level are dropped
      default:
        return x as ExprValue;
    }
  };
  return go(v, 0);
}

class Interpreter implements Runtime {
  steps = 0;
  trace: TraceEntry[] | null;
  private readonly maxSteps: number;
  private bindings: Map<string, Val>;
  private current: Span;
  private groupCache: GroupValue[] | null = null;
  private innerDepth = 0;
  private readonly fuelStart = new WeakMap<Fuel, number>();
  private readonly source: string;

  constructor(
    program: Program,
    readonly ctx: ExpressionContext,
    opts: EvaluateOptions,
  ) {
    this.source = program.source;
    const requested = opts.maxSteps;
    this.maxSteps = typeof requested === 'number' && Number.isFinite(requested) ? Math.min(MAX_BUDGET, Math.max(1, Math.floor(requested))) : LIMITS.defaultMaxSteps;
    this.trace = opts.trace ? [] : null;
    this.current = program.ast;
    this.bindings = this.makeBindings(program.bindings);
  }

  private makeBindings(names: readonly string[]): Map<string, Val> {
    const c = this.ctx;
    const b = new Map<string, Val>();
    for (const name of names) {
      switch (name) {
        case 'user':
          b.set(name, c.user ? new UserRef(c.user) : null);
          break;
        case 'appuser':
          b.set(name, toVal(c.appuser ?? null));
          break;
        case 'app':
          b.set(name, c.app ? newMap([['id', c.app.id], ['clientId', c.app.clientId], ['profile', toVal(c.app.profile ?? null) ?? newMap([])]]) : null);
          break;
        case 'org':
          b.set(name, c.org ? newMap([['name', c.org.name], ['subDomain', c.org.subDomain]]) : null);
          break;
        case 'access':
          b.set(name, newMap([['scope', c.access?.scope ?? []]]));
          break;
        case 'session':
          b.set(name, c.session ? newMap([['amr', c.session.amr ?? []]]) : null);
          break;
        case 'idpuser':
          b.set(name, toVal(c.idpuser ?? null));
          break;
        default:
          b.set(name, null);
      }
    }
    return b;
  }

  // ---- Runtime (for the function library) ------------------------------------------------------

  charge(n: number): void {
    if (!(n > 0)) return;
    this.steps += n;
    if (this.steps > this.maxSteps) {
      this.steps = this.maxSteps;
      throw new EvalError('budget', `the expression needs more than ${this.maxSteps} evaluation steps`);
    }
  }

  regexFuel(): Fuel {
    const left = (this.maxSteps - this.steps) * LIMITS.regexWorkPerStep;
    const fuel = { left };
    this.fuelStart.set(fuel, left);
    return fuel;
  }

  settleRegex(fuel: Fuel): void {
    const start = this.fuelStart.get(fuel) ?? 0;
    const used = start - Math.max(0, fuel.left);
    this.charge(Math.ceil(used / LIMITS.regexWorkPerStep));
  }

  groups(): readonly GroupValue[] {
    if (!this.groupCache) {
      const gs = Array.isArray(this.ctx.groups) ? this.ctx.groups : [];
      this.charge(Math.ceil(gs.length / 16));
      this.groupCache = gs.filter((g) => g && typeof g === 'object' && typeof g.id === 'string').map(groupToValue);
    }
    return this.groupCache;
  }

  user(): UserRef | null {
    const u = this.bindings.get('user');
    return u instanceof UserRef ? u : this.ctx.user ? new UserRef(this.ctx.user) : null;
  }

  now(): number {
    return typeof this.ctx.now === 'number' && Number.isFinite(this.ctx.now) ? this.ctx.now : Date.now();
  }

  evalGroupExpression(source: string, group: GroupValue, at: Span): Val {
    if (this.innerDepth >= LIMITS.maxInnerExpressionDepth) throw new EvalError('argument', 'getFilteredGroups: group expressions nest too deeply', at);
    const compiled = compile(source, { bindings: [...CLAIM_BINDINGS, 'group'] });
    if (!compiled.ok) {
      const i = compiled.issues[0]!;
      throw new EvalError('argument', `getFilteredGroups: the group expression ${JSON.stringify(source.length > 60 ? source.slice(0, 60) + '…' : source)} is invalid at column ${i.column}: ${i.message}`, at);
    }
    const saved = this.bindings;
    const savedTrace = this.trace;
    this.bindings = new Map(saved).set('group', group);
    this.trace = null;
    this.innerDepth++;
    try {
      return this.visit(compiled.program.ast, null);
    } catch (e) {
      if (e instanceof EvalError) throw new EvalError(e.code, `in the group expression: ${e.message}`, at);
      throw e;
    } finally {
      this.innerDepth--;
      this.bindings = saved;
      this.trace = savedTrace;
    }
  }

  // ---- errors ------------------------------------------------------------------------------------

  toIssue(e: unknown): ExprIssue {
    if (e instanceof EvalError) {
      const span = e.span ?? this.current;
      return makeIssue(this.source, 'evaluate', e.code, e.message, span.start, span.end);
    }
    if (e instanceof RangeError) {
      return makeIssue(this.source, 'evaluate', 'budget', 'the evaluation went too deep', this.current.start, this.current.end);
    }
    const msg = e instanceof Error ? e.message : String(e);
    return makeIssue(this.source, 'evaluate', 'internal', `internal error while evaluating: ${msg}`, this.current.start, this.current.end);
  }

  private text(e: Expr): string {
    const s = this.source.slice(e.start, e.end);
    return s.length > 40 ? s.slice(0, 40) + '…' : s;
  }

  private nullHint(e: Expr): string {
    if (e.kind === 'ident' && e.name === 'appuser') return ': appuser is null (there is no user in client credentials flows; test appuser != null first)';
    if (e.kind === 'ident' && e.name === 'user') return ': there is no user (client credentials flow)';
    return `: ${this.text(e)} is null`;
  }

  // ---- evaluation --------------------------------------------------------------------------------

  visit(e: Expr, scope: Scope | null): Val {
    this.current = e;
    this.charge(1);
    const v = this.evalNode(e, scope);
    if (this.trace) this.trace.push({ start: e.start, end: e.end, value: traceValue(v) });
    return v;
  }

  private evalNode(e: Expr, scope: Scope | null): Val {
    switch (e.kind) {
      case 'literal':
        return e.value;
      case 'ident':
        return this.ident(e.name, e, scope);
      case 'member':
        return this.member(e, scope);
      case 'index':
        return this.index(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'projection': {
        const obj = this.visit(e.object, scope);
        if (obj === null) {
          if (e.nullSafe) return null;
          throw new EvalError('null', `cannot project null${this.nullHint(e.object)}`, e);
        }
        let items: Val[];
        if (isArray(obj)) items = elements(obj);
        else if (isMap(obj)) items = Object.keys(obj).filter((k) => !FORBIDDEN_NAMES.has(k)).map((k) => newMap([['key', k], ['value', toVal(readOwn(obj, k))]]));
        else throw new EvalError('type', `projection .![...] needs an array, not ${typeName(obj)}`, e.object);
        this.charge(Math.ceil(items.length / 16));
        const out: Val[] = [];
        for (const item of items) out.push(this.visit(e.body, { element: item }));
        return out;
      }
      case 'list': {
        const out: Val[] = [];
        for (const it of e.items) out.push(this.visit(it, scope));
        return out;
      }
      case 'map': {
        const pairs: [string, Val][] = [];
        for (const en of e.entries) pairs.push([en.key, this.visit(en.value, scope)]);
        return newMap(pairs);
      }
      case 'unary': {
        const v = this.visit(e.operand, scope);
        if (e.op === '!') return !this.bool(v, e.operand, "'!'");
        if (typeof v !== 'number') throw new EvalError(v === null ? 'null' : 'type', `unary '${e.op}' needs a number, not ${typeName(v)}`, e.operand);
        return e.op === '-' ? (v === 0 ? 0 : -v) : v;
      }
      case 'binary':
        return this.binary(e, scope);
      case 'logical':
        return this.logical(e, scope);
      case 'ternary': {
        const t = this.visit(e.test, scope);
        if (t === null) throw new EvalError('null', `the condition of '? :' is null${this.nullHint(e.test)}`, e.test);
        return this.bool(t, e.test, "the condition of '? :'") ? this.visit(e.then, scope) : this.visit(e.otherwise, scope);
      }
      case 'elvis': {
        const l = this.visit(e.left, scope);
        return l === null || l === '' ? this.visit(e.right, scope) : l;
      }
    }
  }

  private bool(v: Val, at: Expr, what: string): boolean {
    if (typeof v === 'boolean') return v;
    throw new EvalError(v === null ? 'null' : 'type', `${what} needs a boolean, not ${typeName(v)}${v === null ? this.nullHint(at) : ''}`, at);
  }

  private ident(name: string, at: Expr, scope: Scope | null): Val {
    if (scope) {
      const el = scope.element;
      if (el instanceof UserRef) {
        const v = readOwn(el.user.profile, name);
        if (v !== undefined) return toVal(v);
      } else if (isMap(el)) {
        const v = readOwn(el, name);
        if (v !== undefined) return toVal(v);
      }
      if (this.bindings.has(name)) return this.bindings.get(name)!;
      if (FORBIDDEN_NAMES.has(name)) throw new EvalError('forbidden', `the property '${name}' is not accessible`, at);
      if (el instanceof UserRef || isMap(el)) return null;
      throw new EvalError('type', `cannot read '${name}' of ${typeName(el)} (the element being projected)`, at);
    }
    if (this.bindings.has(name)) return this.bindings.get(name)!;
    if (isNamespace(name)) throw new EvalError('not-callable', `${name} is a function namespace, not a value`, at);
    throw new EvalError('unknown-identifier', `unknown name '${name}'`, at);
  }

  private member(e: MemberNode, scope: Scope | null): Val {
    const obj = this.visit(e.object, scope);
    const at = { start: e.propertyStart, end: e.propertyEnd };
    if (FORBIDDEN_NAMES.has(e.property)) throw new EvalError('forbidden', `the property '${e.property}' is not accessible`, at);
    if (obj === null) {
      if (e.nullSafe) return null;
      // In client credentials there is no user: `user.<attr>` reads as null, so a claim built on it
      // is left out of the token instead of failing every machine token (reference §6 leaves it open).
      if (e.object.kind === 'ident' && e.object.name === 'user') return null;
      throw new EvalError('null', `cannot read '${e.property}' of null${this.nullHint(e.object)}`, at);
    }
    if (obj instanceof UserRef) return toVal(readOwn(obj.user.profile, e.property) ?? null);
    if (isMap(obj)) return toVal(readOwn(obj, e.property) ?? null);
    throw new EvalError('type', `cannot read property '${e.property}' of ${typeName(obj)}`, at);
  }

  private index(e: IndexNode, scope: Scope | null): Val {
    const obj = this.visit(e.object, scope);
    const idx = this.visit(e.index, scope);
    if (obj === null) throw new EvalError('null', `cannot index into null${this.nullHint(e.object)}`, e);
    if (isArray(obj) || typeof obj === 'string') {
      if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new EvalError('type', `an index into ${typeName(obj)} must be an integer, not ${typeName(idx)}`, e.index);
      const len = obj.length;
      if (idx < 0 || idx >= len) throw new EvalError('index', `index ${idx} is out of range: ${typeName(obj)} of length ${len}`, e.index);
      if (typeof obj === 'string') return obj[idx]!;
      return elements([readOwnIndex(obj, idx)])[0]!;
    }
    if (obj instanceof UserRef || isMap(obj)) {
      if (typeof idx !== 'string') throw new EvalError('type', `a key into a map must be a string, not ${typeName(idx)}`, e.index);
      if (FORBIDDEN_NAMES.has(idx)) throw new EvalError('forbidden', `the property '${idx}' is not accessible`, e.index);
      return toVal(readOwn(obj instanceof UserRef ? obj.user.profile : obj, idx) ?? null);
    }
    throw new EvalError('type', `cannot index into ${typeName(obj)}`, e.object);
  }

  private call(e: CallNode, scope: Scope | null): Val {
    let f;
    let display: string;
    let target: Val | undefined;
    if (e.target === null) {
      f = lookupFunction(null, e.name);
      display = e.name;
    } else if (e.target.kind === 'ident' && isNamespace(e.target.name) && !this.bindings.has(e.target.name)) {
      f = lookupFunction(e.target.name, e.name);
      display = `${e.target.name}.${e.name}`;
    } else {
      target = this.visit(e.target, scope);
      display = `${e.target.kind === 'ident' ? e.target.name : this.text(e.target)}.${e.name}`;
      if (target === null) {
        if (e.nullSafe) return null;
        throw new EvalError('null', `cannot call ${e.name}(...) on null${this.nullHint(e.target)}`, { start: e.nameStart, end: e.nameEnd });
      }
      if (!(target instanceof UserRef)) throw new EvalError('not-callable', `${e.name}(...) cannot be called on ${typeName(target)}`, { start: e.nameStart, end: e.nameEnd });
      f = lookupFunction('user', e.name);
    }
    if (!f) throw new EvalError('unknown-function', `unknown function '${display}'`, { start: e.nameStart, end: e.nameEnd });
    const args: Val[] = [];
    for (const a of e.args) args.push(this.visit(a, scope));
    this.current = e;
    const site: CallSite = { node: e, display, arg: (i) => e.args[i] ?? e, target };
    return toVal(f.impl(args, this, site));
  }

  private logical(e: LogicalNode, scope: Scope | null): Val {
    const l = this.bool(this.visit(e.left, scope), e.left, `the left side of ${e.op}`);
    if (e.op === 'AND' ? !l : l) return l;
    return this.bool(this.visit(e.right, scope), e.right, `the right side of ${e.op}`);
  }

  private binary(e: BinaryNode, scope: Scope | null): Val {
    const l = this.visit(e.left, scope);
    const r = this.visit(e.right, scope);
    this.current = e;
    const opAt = { start: e.opStart, end: e.opEnd };
    switch (e.op) {
      case '==':
        return valEquals(l, r, (n) => this.charge(n));
      case '!=':
        return !valEquals(l, r, (n) => this.charge(n));
      case '<':
        return valCompare(l, r, opAt) < 0;
      case '<=':
        return valCompare(l, r, opAt) <= 0;
      case '>':
        return valCompare(l, r, opAt) > 0;
      case '>=':
        return valCompare(l, r, opAt) >= 0;
      case 'matches':
        return this.matches(l, r, e);
      case '+':
        if (typeof l === 'number' && typeof r === 'number') return this.arith(l + r, l, r, opAt);
        if (typeof l === 'string' || typeof r === 'string') {
          const budget = { n: LIMITS.maxArrayLength };
          const a = toText(l, budget);
          const b = toText(r, budget);
          if (a.length + b.length > LIMITS.maxStringLength) {
            throw new EvalError('size', `the string would be ${a.length + b.length} characters long; the limit is ${LIMITS.maxStringLength}`, opAt);
          }
          this.charge(Math.floor((a.length + b.length) / 1024));
          return a + b;
        }
        throw new EvalError(l === null || r === null ? 'null' : 'type', `cannot add ${typeName(l)} and ${typeName(r)}`, opAt);
      default: {
        if (typeof l !== 'number' || typeof r !== 'number') {
          throw new EvalError(l === null || r === null ? 'null' : 'type', `'${e.op}' needs two numbers, not ${typeName(l)} and ${typeName(r)}`, opAt);
        }
        const ints = Number.isInteger(l) && Number.isInteger(r);
        switch (e.op) {
          case '-':
            return this.arith(l - r, l, r, opAt);
          case '*':
            return this.arith(l * r, l, r, opAt);
          case '/':
            if (r === 0 && ints) throw new EvalError('argument', 'division by zero', opAt);
            return this.arith(ints ? Math.trunc(l / r) : l / r, l, r, opAt);
          case '%':
            if (r === 0 && ints) throw new EvalError('argument', 'division by zero', opAt);
            return this.arith(l % r, l, r, opAt);
        }
        throw new EvalError('internal', `unknown operator ${e.op}`, opAt);
      }
    }
  }

  private arith(v: number, l: number, r: number, at: Span): number {
    if (!Number.isFinite(v)) throw new EvalError('argument', 'the result is not a finite number', at);
    if (Number.isInteger(l) && Number.isInteger(r) && !Number.isSafeInteger(v)) throw new EvalError('argument', 'integer overflow', at);
    return v === 0 ? 0 : v;
  }

  private matches(l: Val, r: Val, e: BinaryNode): boolean {
    if (l === null) throw new EvalError('null', `the left side of 'matches' is null${this.nullHint(e.left)}`, e.left);
    if (typeof r !== 'string') throw new EvalError(r === null ? 'null' : 'type', `the right side of 'matches' must be a regular expression string, not ${typeName(r)}`, e.right);
    if (typeof l !== 'string' && typeof l !== 'number' && typeof l !== 'boolean') {
      throw new EvalError('type', `the left side of 'matches' must be a string, not ${typeName(l)}`, e.left);
    }
    let re;
    try {
      re = compileJavaRegex(r);
    } catch (err) {
      if (err instanceof RegexError) throw new EvalError('regex', `matches: invalid regular expression: ${err.message}`, e.right);
      throw err;
    }
    const fuel = this.regexFuel();
    try {
      return regexMatchesWhole(re, String(l), fuel);
    } catch (err) {
      if (err instanceof RegexError) throw new EvalError('regex', `matches: ${err.message}`, e);
      throw err;
    } finally {
      this.settleRegex(fuel);
    }
  }
}

function readOwnIndex(arr: readonly unknown[], i: number): unknown {
  const d = Object.getOwnPropertyDescriptor(arr, i);
  return d && 'value' in d ? d.value : null;
}
