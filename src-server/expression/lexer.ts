/**
 * Tokens of Okta's EL (a SpEL subset). Strings are single- or double-quoted; the quote is escaped by
 * doubling it (`'It''s'`) and a backslash is an ordinary character, as in SpEL, so regular
 * expressions need no double escaping. Numbers are decimal (`12`, `3.5`, `1e3`).
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** ident: the name; number: the source text; string: the unquoted value; op: the operator. */
  text: string;
  /** The number's value (kind `number`). */
  num?: number;
  start: number;
  end: number;
}

export interface LexError {
  message: string;
  start: number;
  end: number;
}

/** Longest first, so `==` wins over `=`. */
const OPERATORS = [
  '?.', '?:', '==', '!=', '<=', '>=', '&&', '||', '++', '--',
  '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}', '=', '^', '#', '@', '&', '|',
];

const isIdentStart = (c: string) => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

export function tokenize(src: string): { ok: true; tokens: Token[] } | { ok: false; error: LexError } {
  const tokens: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(src[i]!)) i++;
      tokens.push({ kind: 'ident', text: src.slice(start, i), start, end: i });
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(src[i]!)) i++;
      if (src[i] === '.' && isDigit(src[i + 1] ?? '')) {
        i++;
        while (i < n && isDigit(src[i]!)) i++;
      }
      if ((src[i] === 'e' || src[i] === 'E') && (isDigit(src[i + 1] ?? '') || ((src[i + 1] === '+' || src[i + 1] === '-') && isDigit(src[i + 2] ?? '')))) {
        i += 2;
        while (i < n && isDigit(src[i]!)) i++;
      }
      if (i < n && (isIdentPart(src[i]!) || src[i] === '.' && isDigit(src[i + 1] ?? ''))) {
        let j = i;
        while (j < n && (isIdentPart(src[j]!) || src[j] === '.')) j++;
        return { ok: false, error: { message: `invalid number '${src.slice(start, j)}': only decimal numbers like 12, 3.5 or 1e3 are supported`, start, end: j } };
      }
      const text = src.slice(start, i);
      const num = Number(text);
      if (!Number.isFinite(num) || (Number.isInteger(num) && !/[.eE]/.test(text) && !Number.isSafeInteger(num))) {
        return { ok: false, error: { message: `the number ${text} is too large`, start, end: i } };
      }
      tokens.push({ kind: 'number', text, num, start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return { ok: false, error: { message: `unterminated string: missing the closing ${c}`, start, end: n } };
        const d = src[i]!;
        if (d === c) {
          if (src[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', text: op, start, end: i });
      continue;
    }
    const cp = src.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const hint = ch === '\\' ? ': backslash escapes are not part of the language; double a quote to escape it' : ch === ';' ? ': an expression is a single expression, without ;' : '';
    return { ok: false, error: { message: `unexpected character '${ch}'${hint}`, start, end: i + ch.length } };
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return { ok: true, tokens };
}
