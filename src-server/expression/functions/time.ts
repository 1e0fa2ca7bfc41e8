/**
 * Time functions (reference §7.8). Results are ISO 8601 strings in UTC with milliseconds
 * (`2015-07-31T17:18:37.979Z`), except `Time.now(zone)` which keeps the zone's offset and the
 * `...ToUnix` / `...ToWindows` conversions which answer a string of digits. Null in, null out; an
 * empty or malformed string is an error (Okta: "Time functions misbehave on empty strings").
 */
import { kindOf, typeName, type Val } from '../values.js';
import { formatJoda, isoInZone, parseIso, parseJoda, resolveZone, TimeError, UTC, parsePattern } from './joda.js';
import { type CallSite, type FunctionDef, type ArgReporter, argName, fail, literalArg } from './types.js';
import type { Expr } from '../ast.js';

/** Milliseconds between 1601-01-01 (Windows FILETIME epoch) and 1970-01-01. */
const WINDOWS_EPOCH_OFFSET_MS = 11_644_473_600_000n;
const MAX_MS = 8.64e15;

/** A time string argument: null stays null; numbers become their digits; empty is an error. */
function timeArg(a: Val[], i: number, c: CallSite): string | null {
  const v = a[i] ?? null;
  switch (kindOf(v)) {
    case 'null':
      return null;
    case 'string':
      if ((v as string).trim() === '') return fail('argument', `${c.display}: ${argName(i)} is an empty string; guard with != "" first`, c.arg(i));
      return v as string;
    case 'number':
      return Number.isInteger(v) ? BigInt(v as number).toString() : String(v);
    default:
      return fail('type', `${c.display}: ${argName(i)} must be a string, not ${typeName(v)}`, c.arg(i));
  }
}

function guard<T>(c: CallSite, at: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TimeError) return fail('argument', `${c.display}: ${e.message}`, c.arg(at));
    throw e;
  }
}

function utcIso(ms: number, c: CallSite, at: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_MS) fail('argument', `${c.display}: the time is out of range`, c.arg(at));
  return new Date(ms).toISOString();
}

const checkZoneArg = (i: number) => (args: readonly Expr[], report: ArgReporter) => {
  const lit = literalArg(args, i);
  if (lit && typeof lit.value === 'string') {
    try {
      resolveZone(lit.value);
    } catch (e) {
      if (e instanceof TimeError) report('invalid-argument', e.message, args[i]!);
    }
  }
};
const checkPatternArg = (i: number) => (args: readonly Expr[], report: ArgReporter) => {
  const lit = literalArg(args, i);
  if (lit && typeof lit.value === 'string') {
    try {
      parsePattern(lit.value);
    } catch (e) {
      if (e instanceof TimeError) report('invalid-argument', e.message, args[i]!);
    }
  }
};

const T = 'Time';

export const TIME_FUNCTIONS: FunctionDef[] = [
  {
    name: 'now', namespace: T, signature: 'Time.now([String timeZoneId[, String format]])', returns: 'String', minArgs: 0, maxArgs: 2,
    doc: 'The current time: ISO 8601 in UTC, in a zone (Time.now("EST")), or formatted with a Joda pattern.',
    impl: (a, rt, c) => {
      const now = rt.now();
      const zoneId = a.length > 0 ? timeArgOrNull(a, 0, c) : null;
      const zone = zoneId === null ? UTC : guard(c, 0, () => resolveZone(zoneId));
      if (a.length > 1) {
        const fmt = timeArgOrNull(a, 1, c);
        if (fmt !== null) return guard(c, 1, () => formatJoda(now, zone, fmt));
      }
      return zone === UTC ? new Date(now).toISOString() : guard(c, 0, () => isoInZone(now, zone));
    },
    checkArgs: (args, report) => {
      checkZoneArg(0)(args, report);
      checkPatternArg(1)(args, report);
    },
  },
  {
    name: 'fromWindowsToIso8601', namespace: T, signature: 'Time.fromWindowsToIso8601(String time)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'A Windows timestamp (100-nanosecond intervals since 1601-01-01) as ISO 8601 UTC.',
    impl: (a, _rt, c) => {
      const s = timeArg(a, 0, c);
      if (s === null) return null;
      if (!/^-?\d{1,20}$/.test(s.trim())) return fail('argument', `${c.display}: '${s}' is not a Windows timestamp (digits)`, c.arg(0));
      const ms = Number(BigInt(s.trim()) / 10_000n - WINDOWS_EPOCH_OFFSET_MS);
      return utcIso(ms, c, 0);
    },
  },
  {
    name: 'fromUnixToIso8601', namespace: T, signature: 'Time.fromUnixToIso8601(String time)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'A Unix timestamp (seconds since 1970-01-01, fractions allowed) as ISO 8601 UTC.',
    impl: (a, _rt, c) => {
      const s = timeArg(a, 0, c);
      if (s === null) return null;
      if (!/^-?\d{1,15}(\.\d{1,9})?$/.test(s.trim())) return fail('argument', `${c.display}: '${s}' is not a Unix timestamp (seconds)`, c.arg(0));
      return utcIso(Math.round(Number(s.trim()) * 1000), c, 0);
    },
  },
  {
    name: 'fromStringToIso8601', namespace: T, signature: 'Time.fromStringToIso8601(String time, String format)', returns: 'String', minArgs: 2, maxArgs: 2,
    doc: 'A time written in a Joda pattern (UTC unless the pattern has a zone) as ISO 8601 UTC.',
    impl: (a, _rt, c) => {
      const s = timeArg(a, 0, c);
      const fmt = timeArg(a, 1, c);
      if (s === null || fmt === null) return null;
      return utcIso(guard(c, 0, () => parseJoda(s, fmt)), c, 0);
    },
    checkArgs: checkPatternArg(1),
  },
  {
    name: 'fromIso8601ToWindows', namespace: T, signature: 'Time.fromIso8601ToWindows(String time)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'An ISO 8601 time as a Windows timestamp (100-nanosecond intervals since 1601-01-01).',
    impl: (a, _rt, c) => {
      const s = timeArg(a, 0, c);
      if (s === null) return null;
      const ms = guard(c, 0, () => parseIso(s));
      return ((BigInt(ms) + WINDOWS_EPOCH_OFFSET_MS) * 10_000n).toString();
    },
  },
  {
    name: 'fromIso8601ToUnix', namespace: T, signature: 'Time.fromIso8601ToUnix(String time)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'An ISO 8601 time as a Unix timestamp (whole seconds since 1970-01-01).',
    impl: (a, _rt, c) => {
      const s = timeArg(a, 0, c);
      if (s === null) return null;
      const ms = guard(c, 0, () => parseIso(s));
      return String(Math.floor(ms / 1000));
    },
  },
  {
    name: 'fromIso8601ToString', namespace: T, signature: 'Time.fromIso8601ToString(String time, String format)', returns: 'String', minArgs: 2, maxArgs: 2,
    doc: 'An ISO 8601 time written with a Joda pattern, in UTC.',
    impl: (a, _rt, c) => {
      const s = timeArg(a, 0, c);
      const fmt = timeArg(a, 1, c);
      if (s === null || fmt === null) return null;
      const ms = guard(c, 0, () => parseIso(s));
      return guard(c, 1, () => formatJoda(ms, UTC, fmt));
    },
    checkArgs: checkPatternArg(1),
  },
];

/** Like timeArg, but an empty string also counts as "not given" (Time.now's optional arguments). */
function timeArgOrNull(a: Val[], i: number, c: CallSite): string | null {
  const v = a[i] ?? null;
  if (v === '') return null;
  return timeArg(a, i, c);
}
