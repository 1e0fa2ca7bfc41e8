/**
 * `compile` = parse + check, cached by source text in a bounded LRU map (the claim evaluator calls
 * it for every token). A Program can only be made here, so `evaluate` never runs an unchecked tree.
 */
import type { Expr } from './ast.js';
import { check, CLAIM_BINDINGS, type CheckEnv } from './check.js';
import type { ExprIssue } from './errors.js';
import { LIMITS } from './limits.js';
import { parse } from './parser.js';

export interface Program {
  readonly source: string;
  readonly ast: Expr;
  /** The top-level objects the program was checked against. */
  readonly bindings: readonly string[];
}

export type CompileResult = { readonly ok: true; readonly program: Program } | { readonly ok: false; readonly issues: readonly ExprIssue[] };
/** The same as CompileResult (the name the design brief uses). */
export type CompiledExpression = CompileResult;

const PROGRAMS = new WeakSet<Program>();
const cache = new Map<string, CompileResult>();

/** Whether `p` was made by `compile` (and so was checked). */
export function isProgram(p: unknown): p is Program {
  return typeof p === 'object' && p !== null && PROGRAMS.has(p as Program);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export function compile(src: string, env: CheckEnv = {}): CompileResult {
  const bindings = env.bindings ?? CLAIM_BINDINGS;
  const key = `${bindings.join(',')}${env.userAttributes ? '#' + env.userAttributes.join(',') : ''}\u0000${src}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let result: CompileResult;
  const parsed = parse(src);
  if (!parsed.ok) result = { ok: false, issues: parsed.issues };
  else {
    const issues = check(parsed.ast, env);
    if (issues.length) result = { ok: false, issues };
    else {
      const program: Program = { source: src, ast: parsed.ast, bindings: [...bindings] };
      PROGRAMS.add(program);
      result = { ok: true, program };
    }
  }
  deepFreeze(result);
  if (typeof src === 'string' && src.length <= LIMITS.maxSourceLength) {
    cache.set(key, result);
    if (cache.size > LIMITS.compileCacheSize) cache.delete(cache.keys().next().value!);
  }
  return result;
}

/** Empties the compile cache (tests). */
export function clearCompileCache(): void {
  cache.clear();
}

/** How many compiled results the cache holds (tests). */
export function compileCacheSize(): number {
  return cache.size;
}
