/**
 * The shape of a library function and what it may use while running. Functions get their
 * arguments already evaluated, pay for their work through `rt.charge`, and report problems by
 * throwing EvalError (turned into an ExprIssue by `evaluate`).
 */
import type { CallNode, Expr } from '../ast.js';
import type { ExpressionContext } from '../context.js';
import { EvalError, type IssueCode, type Span } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Fuel } from '../regex.js';
import { elements, kindOf, typeName, type UserRef, type Val, type ValMap } from '../values.js';

/** Editor metadata of one function (exported as the FUNCTIONS table). */
export interface FunctionInfo {
  name: string;
  /** `String`, `Arrays`, `Convert`, `Iso3166Convert`, `Time`, `Groups`; `user` for methods of user; null for global functions. */
  namespace: string | null;
  /** As Okta documents it, e.g. `String.substring(String input, int startIndex, int endIndex)`. */
  signature: string;
  returns: string;
  /** One line. */
  doc: string;
  minArgs: number;
  /** null: any number (varargs). */
  maxArgs: number | null;
  /** Okta keeps it working but documents a replacement. */
  deprecated?: boolean;
}

/** Reports an issue the checker can see from the argument expressions alone (literal arguments). */
export type ArgReporter = (code: IssueCode, message: string, at: Span) => void;

export interface FunctionDef extends FunctionInfo {
  impl: (args: Val[], rt: Runtime, call: CallSite) => Val;
  /** Static checks of literal arguments (a bad regex, a limit out of range). */
  checkArgs?: (args: readonly Expr[], report: ArgReporter) => void;
}

/** A group as the group functions and `group` bindings see it. */
export type GroupValue = ValMap;

export interface Runtime {
  readonly ctx: ExpressionContext;
  /** Pays `n` steps from the budget; throws a budget error when it is spent. */
  charge(n: number): void;
  /** A regex work counter bounded by the remaining budget; `settleRegex` charges what was used. */
  regexFuel(): Fuel;
  settleRegex(fuel: Fuel): void;
  /** The user's groups as EL group objects (built once per evaluation). */
  groups(): readonly GroupValue[];
  /** The user of the flow, or null. */
  user(): UserRef | null;
  /** Evaluates a group expression of `getFilteredGroups` with `group` bound. */
  evalGroupExpression(source: string, group: GroupValue, at: Span): Val;
  /** Epoch milliseconds for `Time.now()`. */
  now(): number;
}

/** Where the call is, for error positions. */
export interface CallSite {
  node: CallNode;
  /** `String.substring`, `isMemberOfGroupName`, `user.getGroups`. */
  display: string;
  /** The span of argument `i` (the whole call when there is no such argument). */
  arg(i: number): Span;
  /** For a method call (`user.getGroups(...)`): the value it is called on. */
  target?: Val;
}

export function fail(code: IssueCode, message: string, at: Span): never {
  throw new EvalError(code, message, at);
}

const ORDINAL = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
export function argName(i: number): string {
  return ORDINAL[i] ? `the ${ORDINAL[i]} argument` : `argument ${i + 1}`;
}

/** A string argument; numbers and booleans are converted as SpEL does, null stays null. */
export function str(args: Val[], i: number, call: CallSite): string | null {
  const v = args[i] ?? null;
  switch (kindOf(v)) {
    case 'null':
      return null;
    case 'string':
      return v as string;
    case 'number':
    case 'boolean':
      return String(v);
    default:
      return fail('type', `${call.display}: ${argName(i)} must be a string, not ${typeName(v)}`, call.arg(i));
  }
}

/** A string argument that must not be null. */
export function reqStr(args: Val[], i: number, call: CallSite): string {
  const s = str(args, i, call);
  if (s === null) fail('null', `${call.display}: ${argName(i)} is null; it must be a string`, call.arg(i));
  return s;
}

/** An int argument: an integral number (doubles are truncated, as Java converts them) or a numeric string. */
export function int(args: Val[], i: number, call: CallSite): number {
  const v = args[i] ?? null;
  let n: number;
  if (typeof v === 'number') n = Math.trunc(v);
  else if (typeof v === 'string' && /^[+-]?\d{1,10}$/.test(v.trim())) n = Number(v.trim());
  else if (v === null) return fail('null', `${call.display}: ${argName(i)} is null; it must be an integer`, call.arg(i));
  else return fail('type', `${call.display}: ${argName(i)} must be an integer, not ${typeName(v)}`, call.arg(i));
  if (n > 2_147_483_647 || n < -2_147_483_648) fail('argument', `${call.display}: ${argName(i)} (${n}) is out of the int range`, call.arg(i));
  return n;
}

/** Splits a CSV string into trimmed items (reference §7.5: CSV strings are accepted as arrays). */
export function csv(s: string): string[] {
  if (s.trim() === '') return [];
  return s.split(',').map((x) => x.trim());
}

/** An array argument: an array, a CSV string, or null (kept as null: each function says what null means). */
export function arr(args: Val[], i: number, call: CallSite, rt: Runtime): Val[] | null {
  const v = args[i] ?? null;
  switch (kindOf(v)) {
    case 'null':
      return null;
    case 'array': {
      const a = v as readonly unknown[];
      rt.charge(Math.ceil(a.length / 16));
      return elements(a);
    }
    case 'string':
      rt.charge(Math.ceil((v as string).length / 256));
      return csv(v as string);
    default:
      return fail('type', `${call.display}: ${argName(i)} must be an array (or a CSV string), not ${typeName(v)}`, call.arg(i));
  }
}

/** Checks a produced string against the size limit and pays for its length. */
export function outStr(s: string, rt: Runtime, call: CallSite): string {
  if (s.length > LIMITS.maxStringLength) fail('size', `${call.display}: the result would be ${s.length} characters long; the limit is ${LIMITS.maxStringLength}`, call.node);
  rt.charge(Math.floor(s.length / 1024));
  return s;
}

/** Checks a produced array against the size limit and pays for its length. */
export function outArr(a: Val[], rt: Runtime, call: CallSite): Val[] {
  if (a.length > LIMITS.maxArrayLength) fail('size', `${call.display}: the result would have ${a.length} elements; the limit is ${LIMITS.maxArrayLength}`, call.node);
  rt.charge(Math.floor(a.length / 16));
  return a;
}

/** A literal argument's value, when the argument is a literal (for static checks). */
export function literalArg(args: readonly Expr[], i: number): { value: string | number | boolean | null } | null {
  const a = args[i];
  return a && a.kind === 'literal' ? { value: a.value } : null;
}
