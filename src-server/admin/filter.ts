import { Errors } from '../errors.js';
import { escapeLike } from '../util/like.js';

/*
 * Okta's `filter` and `search` expressions (reference §4.1): `attr op value`, `attr pr`,
 * `and`/`or`/`not`, parentheses; string literals in double quotes. Parsed into a small AST, then
 * compiled to a parameterised SQL condition by the caller's attribute map: user input never
 * reaches SQL text.
 */

export type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'ew';
type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'cmp'; attr: string; op: Op; value: Literal }
  | { kind: 'pr'; attr: string }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode };

const OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew']);
const MAX_LENGTH = 2048;
const MAX_DEPTH = 32;

type Token = { type: 'word' | 'string' | 'lparen' | 'rparen'; text: string; pos: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '+') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', text: c, pos: i });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j];
        j++;
      }
      if (j >= src.length) throw syntax(`unterminated string starting at position ${i + 1}`);
      tokens.push({ type: 'string', text, pos: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < src.length && !' \t+()"'.includes(src[j]!)) j++;
      tokens.push({ type: 'word', text: src.slice(i, j), pos: i });
      i = j;
    }
  }
  return tokens;
}

function syntax(detail: string) {
  return Errors.invalidSearch(`Invalid search syntax: ${detail}.`);
}

export function parseFilter(src: string): FilterNode {
  if (src.length > MAX_LENGTH) throw syntax(`the expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(src);
  let k = 0;
  const peekWord = (w: string) => tokens[k]?.type === 'word' && tokens[k]!.text.toLowerCase() === w;

  function parseOr(depth: number): FilterNode {
    let left = parseAnd(depth);
    while (peekWord('or')) {
      k++;
      left = { kind: 'or', left, right: parseAnd(depth) };
    }
    return left;
  }
  function parseAnd(depth: number): FilterNode {
    let left = parseUnary(depth);
    while (peekWord('and')) {
      k++;
      left = { kind: 'and', left, right: parseUnary(depth) };
    }
    return left;
  }
  function parseUnary(depth: number): FilterNode {
    if (depth > MAX_DEPTH) throw syntax('the expression is nested too deeply');
    const t = tokens[k];
    if (!t) throw syntax('the expression ended early');
    if (peekWord('not')) {
      k++;
      return { kind: 'not', expr: parseUnary(depth + 1) };
    }
    if (t.type === 'lparen') {
      k++;
      const inner = parseOr(depth + 1);
      if (tokens[k]?.type !== 'rparen') throw syntax(`expected ')' at position ${(tokens[k]?.pos ?? src.length) + 1}`);
      k++;
      return inner;
    }
    if (t.type !== 'word') throw syntax(`expected an attribute name at position ${t.pos + 1}`);
    k++;
    const opTok = tokens[k];
    if (!opTok || opTok.type !== 'word') throw syntax(`expected an operator after '${t.text}'`);
    const op = opTok.text.toLowerCase();
    k++;
    if (op === 'pr') return { kind: 'pr', attr: t.text };
    if (!OPS.has(op)) throw syntax(`unknown operator '${opTok.text}' at position ${opTok.pos + 1}`);
    const v = tokens[k];
    if (!v) throw syntax(`expected a value after '${t.text} ${op}'`);
    k++;
    return { kind: 'cmp', attr: t.text, op: op as Op, value: literal(v) };
  }
  function literal(t: Token): Literal {
    if (t.type === 'string') return t.text;
    if (t.type !== 'word') throw syntax(`expected a value at position ${t.pos + 1}`);
    if (t.text === 'true') return true;
    if (t.text === 'false') return false;
    if (t.text === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(t.text)) return Number(t.text);
    throw syntax(`string values must be in double quotes (at position ${t.pos + 1})`);
  }

  const tree = parseOr(0);
  if (k < tokens.length) throw syntax(`unexpected '${tokens[k]!.text}' at position ${tokens[k]!.pos + 1}`);
  return tree;
}

/** How one attribute maps to SQL: an SQL expression, and whether comparisons ignore case. */
export interface AttrSql {
  sql: string;
  caseInsensitive?: boolean;
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Compiles a filter to SQL; `resolve` returns the column for an attribute, or null if not allowed. */
export function compileFilter(node: FilterNode, resolve: (attr: string) => AttrSql | null): SqlCondition {
  const params: unknown[] = [];
  function walk(n: FilterNode): string {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${walk(n.left)} ${n.kind.toUpperCase()} ${walk(n.right)})`;
      case 'not':
        return `(NOT ${walk(n.expr)})`;
      case 'pr': {
        const a = attr(n.attr);
        return `(${a.sql} IS NOT NULL AND ${a.sql} != '')`;
      }
      case 'cmp': {
        const a = attr(n.attr);
        const col = a.caseInsensitive && typeof n.value === 'string' ? `${a.sql} COLLATE NOCASE` : a.sql;
        if (n.value === null) {
          if (n.op === 'eq') return `(${a.sql} IS NULL)`;
          if (n.op === 'ne') return `(${a.sql} IS NOT NULL)`;
          throw syntax(`'${n.op}' cannot compare with null`);
        }
        const value = typeof n.value === 'boolean' ? (n.value ? 1 : 0) : n.value;
        switch (n.op) {
          case 'eq': params.push(value); return `(${col} = ?)`;
          case 'ne': params.push(value); return `(${col} IS NOT ? )`;
          case 'gt': params.push(value); return `(${col} > ?)`;
          case 'ge': params.push(value); return `(${col} >= ?)`;
          case 'lt': params.push(value); return `(${col} < ?)`;
          case 'le': params.push(value); return `(${col} <= ?)`;
          case 'sw':
          case 'co':
          case 'ew': {
            if (typeof n.value !== 'string') throw syntax(`'${n.op}' needs a string value`);
            const esc = escapeLike(n.value);
            params.push(n.op === 'sw' ? `${esc}%` : n.op === 'ew' ? `%${esc}` : `%${esc}%`);
            return `(${a.sql} LIKE ? ESCAPE '\\')`;
          }
        }
      }
    }
  }
  function attr(name: string): AttrSql {
    const a = resolve(name);
    if (!a) throw Errors.invalidSearch(`Invalid search syntax: the attribute '${name}' cannot be used here.`);
    return a;
  }
  return { sql: walk(node), params };
}
