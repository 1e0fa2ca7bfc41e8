/**
 * Recursive-descent parser for Okta's EL, following SpEL's grammar and precedence (lowest first):
 *
 *   ternary `?:` and Elvis `?:`  (right-associative)
 *   OR / ||
 *   AND / &&
 *   == != < <= > >= matches       (non-associative: `a < b < c` is refused)
 *   + -
 *   * / %
 *   unary ! NOT - +
 *   postfix .name  ?.name  .name(args)  [index]  .![projection]
 *
 * Keywords (`true`, `AND`, `matches`, ...) are case-insensitive, as in SpEL. The constructs §7.1 lists
 * as unsupported are refused with a message saying so.
 */
import type { BinaryOp, CallNode, Expr, Located, MapEntry } from './ast.js';
import { type ExprIssue, makeIssue } from './errors.js';
import { LIMITS } from './limits.js';
import { type Token, tokenize } from './lexer.js';

export type ParseResult = { ok: true; ast: Expr } | { ok: false; issues: ExprIssue[] };

/** The source each parsed tree came from, so later stages can turn offsets into lines and columns. */
const SOURCES = new WeakMap<object, string>();

/** The source text `parse` built this tree from (undefined for a tree built by hand). */
export function sourceOf(ast: Expr): string | undefined {
  return SOURCES.get(ast);
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    readonly code: 'syntax' | 'unsupported' | 'too-deep' = 'syntax',
  ) {
    super(message);
  }
}

const RELATIONAL: Record<string, BinaryOp> = { '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
/** SpEL's textual operators that Okta does not document: refused with the symbol to use instead. */
const TEXTUAL_OPERATORS: Record<string, string> = { eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', div: '/', mod: '%' };

export function parse(src: string): ParseResult {
  if (typeof src !== 'string') return { ok: false, issues: [makeIssue('', 'parse', 'syntax', 'the expression must be a string', 0)] };
  if (src.length > LIMITS.maxSourceLength) {
    return {
      ok: false,
      issues: [makeIssue(src, 'parse', 'too-long', `the expression is ${src.length} characters long; the limit is ${LIMITS.maxSourceLength}`, LIMITS.maxSourceLength, src.length)],
    };
  }
  if (src.trim() === '') return { ok: false, issues: [makeIssue(src, 'parse', 'empty', 'the expression is empty', 0, src.length)] };
  const lexed = tokenize(src);
  if (!lexed.ok) return { ok: false, issues: [makeIssue(src, 'parse', 'syntax', lexed.error.message, lexed.error.start, lexed.error.end)] };
  try {
    const ast = new Parser(src, lexed.tokens).parseRoot();
    SOURCES.set(ast, src);
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, issues: [makeIssue(src, 'parse', e.code, e.message, e.start, e.end)] };
    const message = e instanceof RangeError ? 'the expression nests too deeply' : `internal parser error: ${(e as Error)?.message ?? e}`;
    return { ok: false, issues: [makeIssue(src, 'parse', e instanceof RangeError ? 'too-deep' : 'internal', message, 0, src.length)] };
  }
}

/** A token as messages quote it: `'+'`, `'foo'`, `'12'`, `"abc"`, or "the end of the expression". */
function describe(t: Token, src?: string): string {
  if (t.kind === 'eof') return 'the end of the expression';
  if (t.kind === 'string') {
    const raw = src ? src.slice(t.start, t.end) : JSON.stringify(t.text);
    return raw.length > 24 ? raw.slice(0, 23) + '…' : raw;
  }
  return `'${t.text}'`;
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {
    for (let k = 0; k < src.length; k++) {
      const c = src.charCodeAt(k);
      if (c === 10 || (c === 13 && src.charCodeAt(k + 1) !== 10)) this.lineStarts.push(k + 1);
    }
  }

  // ---- token helpers -------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.toks[Math.min(this.i + ahead, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isOp(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.text === text;
  }
  private isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private describe(t: Token): string {
    return describe(t, this.src);
  }
  private prev(): Token | undefined {
    return this.i > 0 ? this.toks[this.i - 1] : undefined;
  }
  private fail(message: string, t: Token = this.peek(), code: 'syntax' | 'unsupported' = 'syntax'): never {
    throw new ParseError(message, t.start, t.end, code);
  }
  private expectOp(text: string, message: string): Token {
    if (!this.isOp(text)) {
      const t = this.peek();
      this.fail(`${message}${t.kind === 'eof' ? ', but the expression ended' : `, found ${this.describe(t)}`}`);
    }
    return this.next();
  }
  private loc(start: number, end: number): Located {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return { start, end, line: lo + 1, column: start - this.lineStarts[lo]! + 1 };
  }
  private enter(t: Token): void {
    if (++this.depth > LIMITS.maxDepth) throw new ParseError(`the expression nests more than ${LIMITS.maxDepth} levels deep`, t.start, t.end, 'too-deep');
  }
  private leave(): void {
    this.depth--;
  }

  // ---- grammar -------------------------------------------------------------------------------

  parseRoot(): Expr {
    const e = this.expression();
    const t = this.peek();
    if (t.kind !== 'eof') this.trailing(t);
    return e;
  }

  /** Something follows a complete expression: say why it cannot. */
  private trailing(t: Token): never {
    if (t.kind === 'op') {
      if (t.text === '=') this.fail("unexpected '='; use '==' to compare (assignment is not supported)", t, 'unsupported');
      if (t.text === '++' || t.text === '--') this.fail(`'${t.text}' is not supported`, t, 'unsupported');
      if (t.text === '^') this.fail("'^' (power) is not supported", t, 'unsupported');
      if (t.text === '&' || t.text === '|') this.fail(`unexpected '${t.text}'; use ${t.text === '&' ? "AND or '&&'" : "OR or '||'"}`, t);
      if (t.text === ')') this.fail("unexpected ')': there is no '(' to close", t);
      if (t.text === ']' || t.text === '}') this.fail(`unexpected '${t.text}': nothing to close`, t);
    }
    if (t.kind === 'ident') {
      const w = t.text.toLowerCase();
      if (TEXTUAL_OPERATORS[w]) this.fail(`unexpected '${t.text}'; use '${TEXTUAL_OPERATORS[w]}'`, t);
      if (w === 'instanceof' || w === 'between') this.fail(`'${t.text}' is not supported`, t, 'unsupported');
    }
    this.fail(`unexpected ${this.describe(t)} after a complete expression; expected an operator such as '+', '==', AND, OR or '?'`, t);
  }

  private expression(): Expr {
    this.enter(this.peek());
    const left = this.or();
    let result: Expr = left;
    if (this.isOp('?:')) {
      this.next();
      const right = this.expression();
      result = { kind: 'elvis', left, right, ...this.loc(left.start, right.end) };
    } else if (this.isOp('?')) {
      this.next();
      const then = this.expression();
      this.expectOp(':', "expected ':' in the conditional 'condition ? then : else'");
      const otherwise = this.expression();
      result = { kind: 'ternary', test: left, then, otherwise, ...this.loc(left.start, otherwise.end) };
    } else if (this.isOp('=')) {
      this.fail("unexpected '='; use '==' to compare (assignment is not supported)", this.peek(), 'unsupported');
    }
    this.leave();
    return result;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isOp('||') || this.isWord('or')) {
      const op = this.next();
      const right = this.and();
      left = { kind: 'logical', op: 'OR', left, right, opStart: op.start, opEnd: op.end, ...this.loc(left.start, right.end) };
    }
    return left;
  }

  private and(): Expr {
    let left = this.relational();
    while (this.isOp('&&') || this.isWord('and')) {
      const op = this.next();
      const right = this.relational();
      left = { kind: 'logical', op: 'AND', left, right, opStart: op.start, opEnd: op.end, ...this.loc(left.start, right.end) };
    }
    return left;
  }

  private relationalOp(): BinaryOp | null {
    const t = this.peek();
    if (t.kind === 'op' && RELATIONAL[t.text]) return RELATIONAL[t.text]!;
    if (t.kind === 'ident' && t.text.toLowerCase() === 'matches') return 'matches';
    return null;
  }

  private relational(): Expr {
    const left = this.sum();
    const op = this.relationalOp();
    if (!op) {
      if (this.isWord('instanceof') || this.isWord('between')) this.fail(`'${this.peek().text}' is not supported`, this.peek(), 'unsupported');
      return left;
    }
    const opTok = this.next();
    const right = this.sum();
    const node: Expr = { kind: 'binary', op, left, right, opStart: opTok.start, opEnd: opTok.end, ...this.loc(left.start, right.end) };
    if (this.relationalOp()) {
      this.fail(`comparisons cannot be chained: '${opTok.text}' and '${this.peek().text}' in a row; combine them with AND`);
    }
    return node;
  }

  private sum(): Expr {
    let left = this.product();
    for (;;) {
      if (this.isOp('+') || this.isOp('-')) {
        const op = this.next();
        const right = this.product();
        left = { kind: 'binary', op: op.text as '+' | '-', left, right, opStart: op.start, opEnd: op.end, ...this.loc(left.start, right.end) };
      } else if (this.isOp('++') || this.isOp('--')) {
        this.fail(`'${this.peek().text}' is not supported`, this.peek(), 'unsupported');
      } else return left;
    }
  }

  private product(): Expr {
    let left = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
        const op = this.next();
        const right = this.unary();
        left = { kind: 'binary', op: op.text as '*' | '/' | '%', left, right, opStart: op.start, opEnd: op.end, ...this.loc(left.start, right.end) };
      } else if (this.isOp('^')) {
        this.fail("'^' (power) is not supported", this.peek(), 'unsupported');
      } else return left;
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isOp('!') || this.isOp('-') || this.isOp('+') || (this.isWord('not') && this.startsOperand(1))) {
      this.next();
      this.enter(t);
      const operand = this.unary();
      this.leave();
      const op = t.kind === 'ident' ? '!' : (t.text as '!' | '-' | '+');
      return { kind: 'unary', op, operand, ...this.loc(t.start, operand.end) };
    }
    if (this.isOp('++') || this.isOp('--')) this.fail(`'${t.text}' is not supported`, t, 'unsupported');
    return this.postfix(this.primary());
  }

  /** Whether the token `ahead` can begin an operand (so a preceding `NOT` is the operator). */
  private startsOperand(ahead: number): boolean {
    const t = this.peek(ahead);
    if (t.kind === 'ident' || t.kind === 'number' || t.kind === 'string') return true;
    return t.kind === 'op' && ['(', '{', '!', '-', '+'].includes(t.text);
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'literal', value: t.num!, ...this.loc(t.start, t.end) };
      case 'string':
        this.next();
        return { kind: 'literal', value: t.text, ...this.loc(t.start, t.end) };
      case 'ident':
        return this.identifier();
      case 'eof':
        return this.missingOperand(t);
      case 'op':
        break;
    }
    switch (t.text) {
      case '(': {
        this.next();
        const inner = this.expression();
        const close = this.expectOp(')', "expected ')' to close the '('");
        // Parentheses only group: the node keeps its own range, widened to the parentheses.
        return { ...inner, ...this.loc(t.start, close.end) };
      }
      case '{':
        return this.collection();
      case '#': {
        const name = this.peek(1).kind === 'ident' ? `#${this.peek(1).text}` : '#';
        return this.fail(`'${name}': variables and #functions are not supported`, t, 'unsupported');
      }
      case '@':
        return this.fail(`bean references ('@${this.peek(1).kind === 'ident' ? this.peek(1).text : ''}') are not supported`, t, 'unsupported');
      case '=':
        return this.fail("unexpected '='; use '==' to compare (assignment is not supported)", t, 'unsupported');
      case '++':
      case '--':
        return this.fail(`'${t.text}' is not supported`, t, 'unsupported');
      default:
        return this.missingOperand(t);
    }
  }

  /** An operand was expected at `t` but something else is there. */
  private missingOperand(t: Token): never {
    const p = this.prev();
    const after = p ? ` after ${this.describe(p)}` : '';
    if (t.kind === 'eof') this.fail(p ? `expected a value${after}, but the expression ended` : 'the expression is empty', t);
    this.fail(`expected a value${after}, found ${this.describe(t)}`, t);
  }

  private identifier(): Expr {
    const peeked = this.peek();
    const w = peeked.text.toLowerCase();
    if (w === 'and' || w === 'or' || w === 'matches') this.missingOperand(peeked);
    const t = this.next();
    const lower = t.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', ...this.loc(t.start, t.end) };
    if (lower === 'null') return { kind: 'literal', value: null, ...this.loc(t.start, t.end) };
    if (lower === 'new') this.fail("'new' (constructors) is not supported", t, 'unsupported');
    if (t.text === 'T' && this.isOp('(')) this.fail('type references T(...) are not supported', t, 'unsupported');
    if (lower === 'instanceof' || lower === 'between') this.fail(`'${t.text}' is not supported`, t, 'unsupported');
    if (this.isOp('(')) return this.call(null, t, false, t.start);
    return { kind: 'ident', name: t.text, ...this.loc(t.start, t.end) };
  }

  private displayName(target: Expr | null, name: string): string {
    if (!target) return name;
    if (target.kind === 'ident') return `${target.name}.${name}`;
    if (target.kind === 'member') return `${target.property}.${name}`;
    return name;
  }

  private call(target: Expr | null, nameTok: Token, nullSafe: boolean, start: number): CallNode {
    const open = this.next(); // '('
    this.enter(open);
    const fn = this.displayName(target, nameTok.text);
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        if (this.isOp(')') || this.isOp(',')) this.fail(`expected argument ${args.length + 1} of ${fn}, found ${this.describe(this.peek())}`);
        if (this.peek().kind === 'eof') this.fail(`expected ')' after the arguments of ${fn}, but the expression ended`);
        args.push(this.expression());
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        if (this.isOp(')')) break;
        const t = this.peek();
        if (t.kind === 'op' && t.text === '=') this.fail("unexpected '='; use '==' to compare (assignment is not supported)", t, 'unsupported');
        this.fail(`expected ')' after the arguments of ${fn}${t.kind === 'eof' ? ', but the expression ended' : `, found ${this.describe(t)}`}`, t);
      }
    }
    const close = this.next();
    this.leave();
    return { kind: 'call', target, name: nameTok.text, nameStart: nameTok.start, nameEnd: nameTok.end, args, nullSafe, ...this.loc(start, close.end) };
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('?.')) {
        const dot = this.next();
        const nullSafe = dot.text === '?.';
        if (this.isOp('!') && this.isOp('[', 1)) {
          this.next();
          const open = this.next();
          this.enter(open);
          const body = this.expression();
          const close = this.expectOp(']', "expected ']' to close the projection '.![...]'");
          this.leave();
          e = { kind: 'projection', object: e, body, nullSafe, ...this.loc(e.start, close.end) };
          continue;
        }
        if ((this.isOp('?') || this.isOp('^')) && this.isOp('[', 1)) {
          this.fail(`collection selection '.${this.peek().text}[...]' is not supported; only projection '.![...]' is`, this.peek(), 'unsupported');
        }
        if (this.peek().kind === 'ident' && this.peek().text === '$' && this.isOp('[', 1)) {
          this.fail("collection selection '.$[...]' is not supported; only projection '.![...]' is", this.peek(), 'unsupported');
        }
        const name = this.peek();
        if (name.kind !== 'ident') {
          this.fail(`expected a property or function name after '${dot.text}'${name.kind === 'eof' ? ', but the expression ended' : `, found ${this.describe(name)}`}`, name);
        }
        this.next();
        if (this.isOp('(')) {
          e = this.call(e, name, nullSafe, e.start);
          continue;
        }
        e = { kind: 'member', object: e, property: name.text, propertyStart: name.start, propertyEnd: name.end, nullSafe, ...this.loc(e.start, name.end) };
        continue;
      }
      if (this.isOp('[')) {
        const open = this.next();
        this.enter(open);
        if (this.isOp(']')) this.fail('expected an index inside [ ]', this.peek());
        const index = this.expression();
        const close = this.expectOp(']', "expected ']' after the index");
        this.leave();
        e = { kind: 'index', object: e, index, ...this.loc(e.start, close.end) };
        continue;
      }
      return e;
    }
  }

  /** `{}` empty list, `{:}` empty map, `{a, b}` list, `{'k': v, k2: v}` map. */
  private collection(): Expr {
    const open = this.next();
    this.enter(open);
    if (this.isOp('}')) {
      const close = this.next();
      this.leave();
      return { kind: 'list', items: [], ...this.loc(open.start, close.end) };
    }
    if (this.isOp(':') && this.isOp('}', 1)) {
      this.next();
      const close = this.next();
      this.leave();
      return { kind: 'map', entries: [], ...this.loc(open.start, close.end) };
    }
    // A map when the first item is a key (string or name) followed by ':'.
    const first = this.peek();
    const isMap = (first.kind === 'string' || first.kind === 'ident' || first.kind === 'number') && this.isOp(':', 1);
    if (isMap) {
      const entries: MapEntry[] = [];
      for (;;) {
        const k = this.peek();
        if (k.kind !== 'string' && k.kind !== 'ident' && k.kind !== 'number') {
          this.fail(`expected a key (a quoted string) in the map, found ${this.describe(k)}`, k);
        }
        this.next();
        this.expectOp(':', `expected ':' after the map key ${this.describe(k)}`);
        const value = this.expression();
        entries.push({ key: k.text, keyStart: k.start, keyEnd: k.end, value });
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        const close = this.expectOp('}', "expected ',' or '}' in the map");
        this.leave();
        return { kind: 'map', entries, ...this.loc(open.start, close.end) };
      }
    }
    const items: Expr[] = [];
    for (;;) {
      items.push(this.expression());
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      if (this.isOp(':')) this.fail("unexpected ':' in a list; a map needs every entry as key: value, starting with the first", this.peek());
      const close = this.expectOp('}', "expected ',' or '}' in the list");
      this.leave();
      return { kind: 'list', items, ...this.loc(open.start, close.end) };
    }
  }
}
