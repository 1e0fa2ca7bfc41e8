/**
 * Okta Expression Language (classic EL, reference §7): parse, check, compile (cached), evaluate
 * (bounded, never throws), function metadata and completions for the editor. Pure: no I/O.
 */
export type { Expr, LiteralValue } from './ast.js';
export { formatExpr } from './ast.js';
export { parse, type ParseResult } from './parser.js';
export { check, CLAIM_BINDINGS, KNOWN_PROPERTIES, type CheckEnv } from './check.js';
export { compile, clearCompileCache, isProgram, type CompileResult, type CompiledExpression, type Program } from './compile.js';
export { evaluate, type EvaluateOptions, type EvaluateResult, type TraceEntry } from './evaluate.js';
export { buildContext, type ExpressionContext, type ExprGroup, type ExprUser, type ExprDirectories } from './context.js';
export type { ExprValue } from './values.js';
export { type ExprIssue, type ExprStage, type IssueCode, formatIssue, lineColumn } from './errors.js';
export { FUNCTIONS, NAMESPACES, type FunctionInfo } from './functions/index.js';
export { completions, type CompletionItem, type CompletionKind, type CompletionContext } from './completions.js';
export { LIMITS } from './limits.js';
export { compileJavaRegex, regexMatchesWhole, RegexError } from './regex.js';

import { compile } from './compile.js';
import type { CheckEnv } from './check.js';
import type { ExpressionContext } from './context.js';
import { evaluate, type EvaluateOptions, type EvaluateResult } from './evaluate.js';
import type { ExprIssue } from './errors.js';

/**
 * Compile (cached) and evaluate in one call: the compile issues, or the evaluation's result.
 * This is what the claim evaluator calls for each claim of each token.
 */
export function evaluateExpression(
  src: string,
  ctx: ExpressionContext,
  opts?: EvaluateOptions & { env?: CheckEnv },
): EvaluateResult | { ok: false; stage: 'compile'; issues: readonly ExprIssue[]; steps: 0 } {
  const c = compile(src, opts?.env);
  if (!c.ok) return { ok: false, stage: 'compile', issues: c.issues, steps: 0 };
  return evaluate(c.program, ctx, opts);
}
