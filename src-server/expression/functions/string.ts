/**
 * String functions (reference §7.4), null-safe in the manner of Apache Commons StringUtils, which
 * Okta's functions are modelled on: null in, null (or false / 0) out, never an error for null.
 * `String.replace` and `String.replaceFirst` take a Java regular expression, like Java's
 * `replaceAll` / `replaceFirst`.
 */
import type { Expr } from '../ast.js';
import { LIMITS } from '../limits.js';
import { compileJavaRegex, RegexError, regexReplace } from '../regex.js';
import { kindOf, typeName, elements, type Val } from '../values.js';
import { type ArgReporter, type CallSite, type FunctionDef, type Runtime, argName, fail, int, literalArg, outStr, str } from './types.js';

/** Java's Character.isWhitespace: no non-breaking spaces. */
const JAVA_WHITESPACE = /[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]/g;

/** Apache StringUtils.substring: negative indices count from the end, out-of-range ones are clamped. */
export function apacheSubstring(s: string, start: number, end: number): string {
  const len = s.length;
  if (end < 0) end = len + end;
  if (start < 0) start = len + start;
  if (end > len) end = len;
  if (start > end) return '';
  return s.slice(Math.max(0, start), Math.max(0, end));
}

export function substringBefore(s: string | null, sep: string | null): string | null {
  if (s === null || s === '' || sep === null) return s;
  if (sep === '') return '';
  const i = s.indexOf(sep);
  return i === -1 ? s : s.slice(0, i);
}

export function substringAfter(s: string | null, sep: string | null): string | null {
  if (s === null || s === '') return s;
  if (sep === null) return '';
  const i = s.indexOf(sep);
  return i === -1 ? '' : s.slice(i + sep.length);
}

/** `String.replace` / `replaceFirst`: Java regex replacement, bounded by the regex fuel. */
function regexReplaceFn(args: Val[], rt: Runtime, call: CallSite, all: boolean): Val {
  const input = str(args, 0, call);
  const match = str(args, 1, call);
  const replacement = str(args, 2, call);
  if (input === null) return null;
  if (match === null || replacement === null) return input;
  rt.charge(Math.floor(input.length / 256));
  let re;
  try {
    re = compileJavaRegex(match);
  } catch (e) {
    if (e instanceof RegexError) return fail('regex', `${call.display}: invalid regular expression: ${e.message}`, call.arg(1));
    throw e;
  }
  const fuel = rt.regexFuel();
  try {
    return outStr(regexReplace(re, input, replacement, all, fuel, LIMITS.maxStringLength), rt, call);
  } catch (e) {
    if (e instanceof RegexError) {
      if (e.kind === 'too-large') return fail('size', `${call.display}: ${e.message}`, call.node);
      return fail('regex', `${call.display}: ${e.message}`, e.kind === 'too-much-work' ? call.node : call.arg(2));
    }
    throw e;
  } finally {
    rt.settleRegex(fuel);
  }
}

/** Static check: a literal pattern must compile. */
export function checkRegexArg(i: number) {
  return (args: readonly Expr[], report: ArgReporter) => {
    const lit = literalArg(args, i);
    if (!lit || typeof lit.value !== 'string') return;
    try {
      compileJavaRegex(lit.value);
    } catch (e) {
      if (e instanceof RegexError) report('invalid-argument', `invalid regular expression: ${e.message}`, args[i]!);
    }
  };
}

const S = 'String';

export const STRING_FUNCTIONS: FunctionDef[] = [
  {
    name: 'append', namespace: S, signature: 'String.append(String str, String suffix)', returns: 'String', minArgs: 2, maxArgs: 2,
    doc: 'Appends suffix to str; null counts as the empty string.',
    impl: (a, rt, c) => outStr((str(a, 0, c) ?? '') + (str(a, 1, c) ?? ''), rt, c),
  },
  {
    name: 'join', namespace: S, signature: 'String.join(String separator, String... strings)', returns: 'String', minArgs: 1, maxArgs: null,
    doc: 'Joins the strings with the separator; a single array argument supplies the strings.',
    impl: (a, rt, c) => {
      const sep = str(a, 0, c) ?? '';
      let parts: Val[] = a.slice(1);
      if (parts.length === 1 && kindOf(parts[0]!) === 'array') parts = elements(parts[0] as readonly unknown[]);
      rt.charge(Math.ceil(parts.length / 16));
      const texts = parts.map((p, k) => {
        switch (kindOf(p)) {
          case 'null':
            return '';
          case 'string':
            return p as string;
          case 'number':
          case 'boolean':
            return String(p);
          default:
            return fail('type', `${c.display}: ${argName(k + 1)} must be a string, not ${typeName(p)}`, c.arg(Math.min(k + 1, a.length - 1)));
        }
      });
      const total = texts.reduce((n, t) => n + t.length + sep.length, 0);
      if (total > LIMITS.maxStringLength + sep.length) fail('size', `${c.display}: the result would be longer than ${LIMITS.maxStringLength} characters`, c.node);
      return outStr(texts.join(sep), rt, c);
    },
  },
  {
    name: 'len', namespace: S, signature: 'String.len(String input)', returns: 'Integer', minArgs: 1, maxArgs: 1,
    doc: 'The number of characters of input; 0 for null.',
    impl: (a, _rt, c) => (str(a, 0, c) ?? '').length,
  },
  {
    name: 'removeSpaces', namespace: S, signature: 'String.removeSpaces(String input)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'Removes every whitespace character from input.',
    impl: (a, rt, c) => {
      const s = str(a, 0, c);
      return s === null ? null : outStr(s.replace(JAVA_WHITESPACE, ''), rt, c);
    },
  },
  {
    name: 'replace', namespace: S, signature: 'String.replace(String input, String match, String replacement)', returns: 'String', minArgs: 3, maxArgs: 3,
    doc: 'Replaces every match of the regular expression match with replacement ($1 refers to a group).',
    impl: (a, rt, c) => regexReplaceFn(a, rt, c, true),
    checkArgs: checkRegexArg(1),
  },
  {
    name: 'replaceFirst', namespace: S, signature: 'String.replaceFirst(String input, String match, String replacement)', returns: 'String', minArgs: 3, maxArgs: 3,
    doc: 'Replaces the first match of the regular expression match with replacement.',
    impl: (a, rt, c) => regexReplaceFn(a, rt, c, false),
    checkArgs: checkRegexArg(1),
  },
  {
    name: 'startsWith', namespace: S, signature: 'String.startsWith(String input, String starts)', returns: 'Boolean', minArgs: 2, maxArgs: 2,
    doc: 'Whether input starts with starts (case-sensitive); false when either is null.',
    impl: (a, _rt, c) => {
      const s = str(a, 0, c);
      const p = str(a, 1, c);
      return s !== null && p !== null && s.startsWith(p);
    },
  },
  {
    name: 'stringContains', namespace: S, signature: 'String.stringContains(String input, String searchString)', returns: 'Boolean', minArgs: 2, maxArgs: 2,
    doc: 'Whether input contains searchString (case-sensitive); false when either is null.',
    impl: (a, _rt, c) => {
      const s = str(a, 0, c);
      const p = str(a, 1, c);
      return s !== null && p !== null && s.includes(p);
    },
  },
  {
    name: 'stringSwitch', namespace: S, signature: 'String.stringSwitch(String input, String defaultString, String... keyValuePairs)', returns: 'String', minArgs: 2, maxArgs: null,
    doc: 'The value of the first key (in argument order) found inside input, else defaultString.',
    impl: (a, _rt, c) => {
      const input = str(a, 0, c);
      const dflt = str(a, 1, c);
      if ((a.length - 2) % 2 !== 0) fail('argument', `${c.display}: the key-value pairs are not complete (${a.length - 2} strings after the default; the last key has no value)`, c.arg(a.length - 1));
      for (let k = 2; k + 1 < a.length; k += 2) {
        const key = str(a, k, c);
        if (input !== null && key !== null && input.includes(key)) return str(a, k + 1, c);
      }
      return dflt;
    },
    checkArgs: (args, report) => {
      if (args.length >= 2 && (args.length - 2) % 2 !== 0) report('invalid-argument', 'the key-value pairs are not complete (the last key has no value)', args[args.length - 1]!);
    },
  },
  {
    name: 'substring', namespace: S, signature: 'String.substring(String input, int startIndex, int endIndex)', returns: 'String', minArgs: 3, maxArgs: 3,
    doc: 'The characters from startIndex (inclusive) to endIndex (exclusive); indices are clamped, negative ones count from the end.',
    impl: (a, _rt, c) => {
      const s = str(a, 0, c);
      const start = int(a, 1, c);
      const end = int(a, 2, c);
      return s === null ? null : apacheSubstring(s, start, end);
    },
  },
  {
    name: 'substringAfter', namespace: S, signature: 'String.substringAfter(String input, String searchString)', returns: 'String', minArgs: 2, maxArgs: 2,
    doc: 'The part of input after the first searchString; empty when it does not occur.',
    impl: (a, _rt, c) => substringAfter(str(a, 0, c), str(a, 1, c)),
  },
  {
    name: 'substringBefore', namespace: S, signature: 'String.substringBefore(String input, String searchString)', returns: 'String', minArgs: 2, maxArgs: 2,
    doc: 'The part of input before the first searchString; all of input when it does not occur.',
    impl: (a, _rt, c) => substringBefore(str(a, 0, c), str(a, 1, c)),
  },
  {
    name: 'toUpperCase', namespace: S, signature: 'String.toUpperCase(String input)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'input in upper case.',
    impl: (a, rt, c) => {
      const s = str(a, 0, c);
      return s === null ? null : outStr(s.toUpperCase(), rt, c);
    },
  },
  {
    name: 'toLowerCase', namespace: S, signature: 'String.toLowerCase(String input)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'input in lower case.',
    impl: (a, rt, c) => {
      const s = str(a, 0, c);
      return s === null ? null : outStr(s.toLowerCase(), rt, c);
    },
  },
];

const byName = (n: string) => STRING_FUNCTIONS.find((f) => f.name === n)!;

/** The deprecated global forms of §7.4, same behaviour as their String.* replacements. */
export const DEPRECATED_STRING_GLOBALS: FunctionDef[] = (
  [
    ['toUpperCase', 'toUpperCase(String input)'],
    ['toLowerCase', 'toLowerCase(String input)'],
    ['substringBefore', 'substringBefore(String input, String searchString)'],
    ['substringAfter', 'substringAfter(String input, String searchString)'],
    ['substring', 'substring(String input, int beginIndex, int endIndex)'],
  ] as const
).map(([name, signature]) => ({
  ...byName(name),
  namespace: null,
  signature,
  deprecated: true,
  doc: `Deprecated: use String.${name}. ${byName(name).doc}`,
}));
