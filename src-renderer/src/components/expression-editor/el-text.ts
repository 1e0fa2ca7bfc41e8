/*
 * Plain text helpers of the expression editor (no Monaco, no DOM), so they can be unit-tested:
 * where a call's arguments are, a function's parameters, how a value reads.
 */
import type { ExprIssue, ExprValue } from './expression-api';

/**
 * Walks `src` up to `offset`, skipping strings (a quote is escaped by doubling it), and calls
 * `visit` for each character outside strings.
 */
function scan(src: string, offset: number, visit: (c: string, i: number) => void): void {
  let quote: string | null = null;
  for (let i = 0; i < offset && i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) {
        if (src[i + 1] === quote && i + 1 < offset) i++;
        else quote = null;
      }
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else visit(c, i);
  }
}

/** The name before a dot ending just before `start` (`String.` + `len` → `String`), or undefined. */
export function qualifierBefore(src: string, start: number): string | undefined {
  const m = /([A-Za-z_$][\w$]*)\s*\??\.\s*$/.exec(src.slice(0, start));
  if (!m) return undefined;
  // `a.b.c`: only a qualifier that is itself not a member (`x.String.len` is not String.len).
  const before = src.slice(0, m.index).trimEnd();
  if (before.endsWith('.')) return '';
  return m[1];
}

/** The function call whose argument list holds `offset`: its name, qualifier and argument index. */
export function callAt(src: string, offset: number): { name: string; qualifier?: string; argument: number; open: number } | undefined {
  const stack: { char: string; at: number; commas: number }[] = [];
  scan(src, offset, (c, i) => {
    if (c === '(' || c === '[' || c === '{') stack.push({ char: c, at: i, commas: 0 });
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    else if (c === ',' && stack.length) stack[stack.length - 1]!.commas++;
  });
  for (let k = stack.length - 1; k >= 0; k--) {
    const open = stack[k]!;
    // Inside a list or map literal (`{'a', 'b'}`) that is itself an argument: the call is further out.
    if (open.char !== '(') continue;
    const m = /([A-Za-z_$][\w$]*)\s*$/.exec(src.slice(0, open.at));
    if (!m) continue; // a parenthesised group, not a call
    const name = m[1]!;
    const qualifier = qualifierBefore(src, m.index);
    // The argument index counts only commas at the call's own level.
    return { name, qualifier: qualifier || undefined, argument: open.commas, open: open.at };
  }
  return undefined;
}

/**
 * The parameters of a signature such as `String.substring(String input, int startIndex, int endIndex)`,
 * as [start, end) offsets into it (Monaco highlights the active one).
 */
export function parseParameters(signature: string): [number, number][] {
  const open = signature.indexOf('(');
  const close = signature.lastIndexOf(')');
  if (open < 0 || close <= open + 1) return [];
  const out: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i <= close; i++) {
    const c = signature[i]!;
    if (c === '(' || c === '<' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === '>' || c === ']' || c === '}') && i !== close) depth--;
    if ((c === ',' && depth === 0) || i === close) {
      let a = start;
      let b = i;
      while (a < b && signature[a] === ' ') a++;
      while (b > a && signature[b - 1] === ' ') b--;
      if (b > a) out.push([a, b]);
      start = i + 1;
    }
  }
  return out;
}

/** A value as JSON, shortened to about `max` characters. */
export function formatValue(value: ExprValue, max = 2000): string {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** What a value is, in words ("text", "list of 3", ...). */
export function describeValue(value: ExprValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `list of ${value.length}`;
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'whole number' : 'number';
  if (typeof value === 'boolean') return 'true/false';
  return 'object';
}

/**
 * The [start, end) range a marker should cover for an issue: an empty range is widened to the
 * character at it, or to the one before it at the end of the text, so the squiggle shows.
 */
export function markerSpan(issue: Pick<ExprIssue, 'start' | 'end'>, length: number): [number, number] {
  let start = Math.max(0, Math.min(issue.start, length));
  let end = Math.max(start, Math.min(issue.end, length));
  if (end === start) {
    if (end < length) end++;
    else if (start > 0) start--;
  }
  return [start, end];
}

/** "Line 1, column 18: expected a value after '+'" (the line is left out for one-line expressions). */
export function issueText(issue: ExprIssue, multiline: boolean): string {
  const where = multiline ? `Line ${issue.line}, column ${issue.column}` : `Column ${issue.column}`;
  const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  return `${where}: ${message}${/[.!?]$/.test(message) ? '' : '.'}`;
}
