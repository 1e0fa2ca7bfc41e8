/**
 * Array functions (reference §7.5). Wherever an array is expected a CSV string is accepted too
 * (`'a, b'` is `{'a', 'b'}`: split on commas, items trimmed). Null counts as the empty array, except
 * that `Arrays.toCsvString(null)` and `Arrays.get(null, i)` answer null.
 */
import { LIMITS } from '../limits.js';
import { elements, kindOf, toText, valEquals, type Val } from '../values.js';
import { type FunctionDef, type Runtime, type CallSite, arr, csv, fail, int, outArr, outStr } from './types.js';

const A = 'Arrays';

function flattenInto(out: Val[], v: Val, rt: Runtime, call: CallSite, depth: number): void {
  rt.charge(1);
  if (depth > 64) fail('argument', `${call.display}: the arrays nest too deeply`, call.node);
  switch (kindOf(v)) {
    case 'null':
      return;
    case 'array':
      for (const e of elements(v as readonly unknown[])) flattenInto(out, e, rt, call, depth + 1);
      return;
    case 'string':
      for (const s of csv(v as string)) out.push(s);
      break;
    default:
      out.push(v);
  }
  if (out.length > LIMITS.maxArrayLength) fail('size', `${call.display}: the result would have more than ${LIMITS.maxArrayLength} elements`, call.node);
}

export const ARRAY_FUNCTIONS: FunctionDef[] = [
  {
    name: 'add', namespace: A, signature: 'Arrays.add(array, value)', returns: 'Array', minArgs: 2, maxArgs: 2,
    doc: 'A copy of array with value appended.',
    impl: (a, rt, c) => outArr([...(arr(a, 0, c, rt) ?? []), a[1] ?? null], rt, c),
  },
  {
    name: 'remove', namespace: A, signature: 'Arrays.remove(array, value)', returns: 'Array', minArgs: 2, maxArgs: 2,
    doc: 'A copy of array without the elements equal to value.',
    impl: (a, rt, c) => outArr((arr(a, 0, c, rt) ?? []).filter((e) => !valEquals(e, a[1] ?? null, (n) => rt.charge(n))), rt, c),
  },
  {
    name: 'clear', namespace: A, signature: 'Arrays.clear(array)', returns: 'Array', minArgs: 1, maxArgs: 1,
    doc: 'An empty array.',
    impl: (a, rt, c) => {
      arr(a, 0, c, rt);
      return [];
    },
  },
  {
    name: 'get', namespace: A, signature: 'Arrays.get(array, int position)', returns: 'element', minArgs: 2, maxArgs: 2,
    doc: 'The element at position (0-based); null when array is null or position is out of range.',
    impl: (a, rt, c) => {
      const xs = arr(a, 0, c, rt);
      const i = int(a, 1, c);
      if (xs === null || i < 0 || i >= xs.length) return null;
      return xs[i]!;
    },
  },
  {
    name: 'flatten', namespace: A, signature: 'Arrays.flatten(values...)', returns: 'Array', minArgs: 1, maxArgs: null,
    doc: 'One array of all values, with nested arrays and CSV strings expanded and nulls left out.',
    impl: (a, rt, c) => {
      const out: Val[] = [];
      for (const v of a) flattenInto(out, v, rt, c, 0);
      return outArr(out, rt, c);
    },
  },
  {
    name: 'contains', namespace: A, signature: 'Arrays.contains(array, value)', returns: 'Boolean', minArgs: 2, maxArgs: 2,
    doc: 'Whether array has an element equal to value; false for null.',
    impl: (a, rt, c) => (arr(a, 0, c, rt) ?? []).some((e) => valEquals(e, a[1] ?? null, (n) => rt.charge(n))),
  },
  {
    name: 'size', namespace: A, signature: 'Arrays.size(array)', returns: 'Integer', minArgs: 1, maxArgs: 1,
    doc: 'The number of elements; 0 for null.',
    impl: (a, rt, c) => (arr(a, 0, c, rt) ?? []).length,
  },
  {
    name: 'isEmpty', namespace: A, signature: 'Arrays.isEmpty(array)', returns: 'Boolean', minArgs: 1, maxArgs: 1,
    doc: 'Whether array has no elements; true for null.',
    impl: (a, rt, c) => (arr(a, 0, c, rt) ?? []).length === 0,
  },
  {
    name: 'toCsvString', namespace: A, signature: 'Arrays.toCsvString(array)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: 'The elements joined by commas, without trimming; null for null.',
    impl: (a, rt, c) => {
      const xs = arr(a, 0, c, rt);
      if (xs === null) return null;
      const budget = { n: LIMITS.maxArrayLength };
      const parts = xs.map((e) => (e === null ? '' : toText(e, budget)));
      if (parts.reduce((n, p) => n + p.length + 1, 0) > LIMITS.maxStringLength + 1) fail('size', `${c.display}: the result would be longer than ${LIMITS.maxStringLength} characters`, c.node);
      return outStr(parts.join(','), rt, c);
    },
  },
];
