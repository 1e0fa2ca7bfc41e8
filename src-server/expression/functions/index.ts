/**
 * The function library: every function of reference §7.4-§7.8, looked up by namespace and name.
 * `FUNCTIONS` is the editor's metadata table.
 */
import { ARRAY_FUNCTIONS } from './arrays.js';
import { CONVERT_FUNCTIONS } from './convert.js';
import { GROUP_FUNCTIONS, USER_GROUP_METHODS } from './groups.js';
import { OTHER_FUNCTIONS, USER_METHODS_OTHER } from './other.js';
import { DEPRECATED_STRING_GLOBALS, STRING_FUNCTIONS } from './string.js';
import { TIME_FUNCTIONS } from './time.js';
import type { FunctionDef, FunctionInfo } from './types.js';

export type { FunctionDef, FunctionInfo } from './types.js';

/** The function namespaces of §7 (type references in SpEL terms). */
export const NAMESPACES = ['String', 'Arrays', 'Convert', 'Iso3166Convert', 'Time', 'Groups'] as const;
export type Namespace = (typeof NAMESPACES)[number];

const ALL: FunctionDef[] = [
  ...STRING_FUNCTIONS,
  ...DEPRECATED_STRING_GLOBALS,
  ...ARRAY_FUNCTIONS,
  ...CONVERT_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...GROUP_FUNCTIONS,
  ...USER_GROUP_METHODS,
  ...USER_METHODS_OTHER,
  ...OTHER_FUNCTIONS,
];

const key = (ns: string | null, name: string) => `${ns ?? ''}.${name}`;
const BY_KEY = new Map(ALL.map((f) => [key(f.namespace, f.name), f]));

/** A namespace function (`String.len`), a global (`isMemberOfGroupName`, ns null) or a user method (ns `user`). */
export function lookupFunction(ns: string | null, name: string): FunctionDef | undefined {
  return BY_KEY.get(key(ns, name));
}

export function functionsOf(ns: string | null): FunctionDef[] {
  return ALL.filter((f) => f.namespace === ns);
}

export function isNamespace(name: string): name is Namespace {
  return (NAMESPACES as readonly string[]).includes(name);
}

/** Editor metadata of every function: name, namespace, signature, return type, one-line doc, arity. */
export const FUNCTIONS: readonly FunctionInfo[] = Object.freeze(
  ALL.map(({ name, namespace, signature, returns, doc, minArgs, maxArgs, deprecated }) =>
    Object.freeze({ name, namespace, signature, returns, doc, minArgs, maxArgs, ...(deprecated ? { deprecated } : {}) }),
  ),
);

/** "String.substring expects 3 arguments: String.substring(String input, int startIndex, int endIndex)" */
export function arityMessage(f: FunctionInfo, display: string, given: number): string {
  const want =
    f.maxArgs === null
      ? `at least ${f.minArgs} argument${f.minArgs === 1 ? '' : 's'}`
      : f.minArgs === f.maxArgs
        ? `${f.minArgs} argument${f.minArgs === 1 ? '' : 's'}`
        : `${f.minArgs} to ${f.maxArgs} arguments`;
  return `${display} expects ${want}, got ${given}: ${f.signature}`;
}
