/**
 * Runtime values. What an expression produces is plain data (`ExprValue`). Inside the evaluator a
 * value may also be a `UserRef` (the `user` object, whose methods can be called) and may still hold
 * the caller's data un-copied; every read goes through `toVal`, which keeps only plain data.
 */
import type { ExprUser } from './context.js';
import { EvalError, type Span } from './errors.js';

export type ExprValue = string | number | boolean | null | ExprValue[] | { [key: string]: ExprValue };

/** The `user` object (or a linked/manager user): property reads go to its profile. */
export class UserRef {
  constructor(readonly user: ExprUser) {}
}

export type ValMap = { readonly [key: string]: unknown };
export type Val = null | string | number | boolean | readonly unknown[] | ValMap | UserRef;
export type ValKind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'map' | 'user';

/**
 * Names never read as properties: `__proto__`, `constructor`, `prototype` and everything on
 * Object.prototype (`toString`, `valueOf`, `hasOwnProperty`, ...).
 */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'constructor', '__proto__']);

function isPlainObject(x: object): boolean {
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Keeps plain data only: functions, symbols, class instances and undefined read as null. */
export function toVal(x: unknown): Val {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      return Number.isFinite(x) ? x : null;
    case 'bigint':
      return Number.isSafeInteger(Number(x)) ? Number(x) : x.toString();
    case 'object':
      if (x === null) return null;
      if (x instanceof UserRef) return x;
      if (Array.isArray(x)) return x;
      if (x instanceof Date) return Number.isFinite(x.getTime()) ? x.toISOString() : null;
      return isPlainObject(x) ? (x as ValMap) : null;
    default:
      return null;
  }
}

/** An own data property (never a getter, never inherited), or undefined. */
export function readOwn(obj: object, key: string): unknown {
  if (FORBIDDEN_NAMES.has(key)) return undefined;
  const d = Object.getOwnPropertyDescriptor(obj, key);
  return d && 'value' in d ? d.value : undefined;
}

export function kindOf(v: Val): ValKind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
  }
  if (v instanceof UserRef) return 'user';
  return Array.isArray(v) ? 'array' : 'map';
}

export function isArray(v: Val): v is readonly unknown[] {
  return Array.isArray(v);
}

export function isMap(v: Val): v is ValMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof UserRef);
}

/** "a string", "null", "an array": for messages. */
export function typeName(v: Val): string {
  switch (kindOf(v)) {
    case 'null':
      return 'null';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'array':
      return 'an array';
    case 'map':
      return 'a map';
    case 'user':
      return 'a user';
  }
}

/** The elements of an array, each passed through `toVal` (holes read as null). */
export function elements(arr: readonly unknown[]): Val[] {
  const out: Val[] = new Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const d = Object.getOwnPropertyDescriptor(arr, i);
    out[i] = toVal(d && 'value' in d ? d.value : null);
  }
  return out;
}

/** Own enumerable entries of a map, values through `toVal`. */
export function entries(m: ValMap): [string, Val][] {
  const out: [string, Val][] = [];
  for (const k of Object.keys(m)) {
    if (k === '__proto__') continue;
    const d = Object.getOwnPropertyDescriptor(m, k);
    out.push([k, toVal(d && 'value' in d ? d.value : null)]);
  }
  return out;
}

/** A fresh map that no key can turn into a prototype change. */
export function newMap(pairs: Iterable<[string, unknown]>): ValMap {
  const m: Record<string, unknown> = Object.create(null);
  for (const [k, v] of pairs) Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  return m;
}

/** A number as Java's String.valueOf shows it, except that integral doubles print without ".0". */
export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return '0';
  return String(n);
}

/**
 * A value as text in a concatenation (Java's String.valueOf): null is "null", arrays are their
 * elements joined by ",", maps are `{k=v, k2=v2}`.
 */
export function toText(v: Val, budget: { n: number } = { n: 10_000 }): string {
  if (--budget.n < 0) throw new EvalError('budget', 'the value is too large to turn into text');
  switch (kindOf(v)) {
    case 'null':
      return 'null';
    case 'string':
      return v as string;
    case 'number':
      return formatNumber(v as number);
    case 'boolean':
      return String(v);
    case 'array':
      return elements(v as readonly unknown[]).map((e) => toText(e, budget)).join(',');
    case 'map':
      return `{${entries(v as ValMap).map(([k, x]) => `${k}=${toText(x, budget)}`).join(', ')}}`;
    case 'user':
      return toText((v as UserRef).user.profile as ValMap, budget);
  }
}

/**
 * Deep structural equality (`==`): numbers by value, strings and booleans exactly, arrays element by
 * element, maps key by key, users by id; values of different kinds are never equal. `charge` is
 * called with 1 for every 16 values compared.
 */
export function valEquals(a: Val, b: Val, charge: (n: number) => void): boolean {
  let count = 0;
  const eq = (x: Val, y: Val, depth: number): boolean => {
    if (++count % 16 === 0) charge(1);
    if (depth > 64) throw new EvalError('budget', 'the values nest too deeply to compare');
    const kx = kindOf(x);
    if (kx !== kindOf(y)) return false;
    switch (kx) {
      case 'null':
        return true;
      case 'string':
      case 'number':
      case 'boolean':
        return x === y;
      case 'user':
        return (x as UserRef).user.id === (y as UserRef).user.id;
      case 'array': {
        const ax = x as readonly unknown[];
        const ay = y as readonly unknown[];
        if (ax.length !== ay.length) return false;
        const ex = elements(ax);
        const ey = elements(ay);
        for (let i = 0; i < ex.length; i++) if (!eq(ex[i]!, ey[i]!, depth + 1)) return false;
        return true;
      }
      case 'map': {
        const ex = entries(x as ValMap);
        const ey = new Map(entries(y as ValMap));
        if (ex.length !== ey.size) return false;
        for (const [k, v] of ex) if (!ey.has(k) || !eq(v, ey.get(k)!, depth + 1)) return false;
        return true;
      }
    }
  };
  return eq(a, b, 0);
}

/**
 * Ordering (`<`, `>`, ...), as SpEL's standard comparator: null is smaller than anything else;
 * numbers, strings (UTF-16 order, case-sensitive) and booleans (false < true) compare within their
 * kind; anything else is an error.
 */
export function valCompare(a: Val, b: Val, span?: Span): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === kb && (ka === 'number' || ka === 'string' || ka === 'boolean')) {
    const x = a as number | string | boolean;
    const y = b as number | string | boolean;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new EvalError('type', `cannot compare ${typeName(a)} with ${typeName(b)}`, span);
}

/** A deep copy as plain data for the caller (users become their profile); depth-limited against cycles. */
export function toPlain(v: Val, depth = 0): ExprValue {
  if (depth > 64) return null;
  switch (kindOf(v)) {
    case 'null':
    case 'string':
    case 'number':
    case 'boolean':
      return v as ExprValue;
    case 'array':
      return elements(v as readonly unknown[]).map((e) => toPlain(e, depth + 1));
    case 'map': {
      const out: Record<string, ExprValue> = {};
      for (const [k, x] of entries(v as ValMap)) {
        if (k === '__proto__') continue;
        out[k] = toPlain(x, depth + 1);
      }
      return out;
    }
    case 'user':
      return toPlain((v as UserRef).user.profile as ValMap, depth + 1);
  }
}
