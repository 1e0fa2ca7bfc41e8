/**
 * Issues: what every stage (parse, check, evaluate) reports. An issue always names its place in the
 * source as a UTF-16 offset range and as a 1-based line and column (house rule 5).
 */

export type ExprStage = 'parse' | 'check' | 'evaluate';

export type IssueCode =
  /** malformed source: an unexpected or missing token */
  | 'syntax'
  /** a SpEL construct Okta does not support (assignment, new, T(), #var, @bean, instanceof, ++ ...) */
  | 'unsupported'
  /** the source is longer than the limit */
  | 'too-long'
  /** the source nests deeper than the limit */
  | 'too-deep'
  /** the source is empty */
  | 'empty'
  /** a top-level name that is not one of the objects of §7.3 */
  | 'unknown-identifier'
  /** a property an object is known not to have (`app.label`, `org.domain`) */
  | 'unknown-property'
  /** a function that does not exist */
  | 'unknown-function'
  /** a function called with the wrong number of arguments */
  | 'arity'
  /** a call on something that has no functions (`app.foo()`, `'x'.toUpperCase()`) or a function used as a value */
  | 'not-callable'
  /** `__proto__`, `constructor`, `prototype` and the other names of Object.prototype */
  | 'forbidden'
  /** an argument that can be seen to be wrong before evaluation (a bad regex, a limit out of range) */
  | 'invalid-argument'
  /** evaluation: an operand or argument of the wrong type */
  | 'type'
  /** evaluation: a property read, index or operator on null */
  | 'null'
  /** evaluation: an argument with the right type but a bad value */
  | 'argument'
  /** evaluation: an index out of range */
  | 'index'
  /** evaluation: the step budget is spent */
  | 'budget'
  /** evaluation: a string or array grew past its limit */
  | 'size'
  /** evaluation: a regular expression that is malformed, unsupported or needs too much work */
  | 'regex'
  /** evaluation: the group functions matched more groups than allowed */
  | 'too-many-groups'
  /** a bug in Gatehouse: something threw where nothing should */
  | 'internal';

export interface ExprIssue {
  stage: ExprStage;
  code: IssueCode;
  message: string;
  /** UTF-16 offset of the first character the issue is about. */
  start: number;
  /** UTF-16 offset just past the last character the issue is about (`end >= start`). */
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column of `start`, in UTF-16 code units. */
  column: number;
}

/** 1-based line and column of a UTF-16 offset (`\n`, `\r\n` and `\r` end lines). */
export function lineColumn(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.max(0, Math.min(offset, src.length));
  for (let i = 0; i < stop; i++) {
    const c = src.charCodeAt(i);
    if (c === 10 || (c === 13 && src.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: stop - lineStart + 1 };
}

export function makeIssue(src: string, stage: ExprStage, code: IssueCode, message: string, start: number, end: number = start): ExprIssue {
  const { line, column } = lineColumn(src, start);
  return { stage, code, message, start, end: Math.max(start, end), line, column };
}

/**
 * The issue as a person reads it: `line:column: message`, then the source line and a caret under
 * the place (`^~~~` spans the range on that line).
 */
export function formatIssue(src: string, issue: ExprIssue): string {
  const lines = src.split(/\r\n|\r|\n/);
  const text = lines[issue.line - 1] ?? '';
  const width = Math.max(1, Math.min(issue.end - issue.start, text.length - (issue.column - 1)));
  const caret = ' '.repeat(Math.max(0, issue.column - 1)) + '^' + '~'.repeat(Math.max(0, width - 1));
  return `${issue.line}:${issue.column}: ${issue.message}\n  ${text}\n  ${caret}`;
}

/** Where an evaluation error points: an AST node or any `{ start, end }` range. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Thrown inside the evaluator and the function library only; `evaluate` catches it and answers an
 * ExprIssue. Nothing outside this folder ever sees it.
 */
export class EvalError extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
    readonly span?: Span,
  ) {
    super(message);
  }
}
