/**
 * The expression editor's text helpers (renderer, no Monaco): which call the cursor is in, a
 * signature's parameters, where a marker goes, how issues and values read.
 */
import { describe, expect, test } from 'vitest';
import { callAt, describeValue, formatValue, issueText, markerSpan, parseParameters, qualifierBefore } from '../../src-renderer/src/components/expression-editor/el-text.js';

describe('callAt', () => {
  test('finds the function and the argument the cursor is in', () => {
    const src = "String.substring(user.department, 0, ";
    expect(callAt(src, src.length)).toMatchObject({ name: 'substring', qualifier: 'String', argument: 2 });
    expect(callAt('isMemberOfGroupName(', 20)).toMatchObject({ name: 'isMemberOfGroupName', qualifier: undefined, argument: 0 });
    expect(callAt("user.getGroups({'group.type': {'A', 'B'}}, ", 43)).toMatchObject({ name: 'getGroups', qualifier: 'user', argument: 1 });
  });

  test('ignores commas and parentheses inside strings, and plain groups', () => {
    expect(callAt("String.len('a, (b'", 18)).toMatchObject({ name: 'len', argument: 0 });
    expect(callAt("String.len((1 + 2), ", 20)).toMatchObject({ name: 'len', argument: 1 });
    expect(callAt('(user.department', 16)).toBeUndefined();
    expect(callAt('String.len(x)', 13)).toBeUndefined();
  });
});

test('qualifierBefore names the namespace or object before a dot', () => {
  expect(qualifierBefore('String.len', 7)).toBe('String');
  expect(qualifierBefore('user?.department', 6)).toBe('user');
  expect(qualifierBefore('len', 0)).toBeUndefined();
  expect(qualifierBefore('app.profile.x', 12)).toBe('');
});

test('parseParameters gives each parameter of a signature as a range', () => {
  const sig = 'String.substring(String input, int startIndex, int endIndex)';
  expect(parseParameters(sig).map(([a, b]) => sig.slice(a, b))).toEqual(['String input', 'int startIndex', 'int endIndex']);
  expect(parseParameters('Time.now()')).toEqual([]);
  const map = 'user.getGroups(Map<String, String> criteria, int limit)';
  expect(parseParameters(map).map(([a, b]) => map.slice(a, b))).toEqual(['Map<String, String> criteria', 'int limit']);
});

test('markerSpan widens an empty range so the squiggle shows', () => {
  expect(markerSpan({ start: 17, end: 17 }, 17)).toEqual([16, 17]);
  expect(markerSpan({ start: 3, end: 3 }, 10)).toEqual([3, 4]);
  expect(markerSpan({ start: 2, end: 99 }, 10)).toEqual([2, 10]);
  expect(markerSpan({ start: 0, end: 0 }, 0)).toEqual([0, 0]);
});

test('issues and values read as words', () => {
  const issue = { stage: 'parse' as const, code: 'syntax', message: "expected a value after '+', but the expression ended", start: 17, end: 17, line: 1, column: 18 };
  expect(issueText(issue, false)).toBe("Column 18: Expected a value after '+', but the expression ended.");
  expect(issueText({ ...issue, line: 2, column: 3 }, true)).toBe("Line 2, column 3: Expected a value after '+', but the expression ended.");
  expect(describeValue(['a', 'b'])).toBe('list of 2');
  expect(describeValue(null)).toBe('null');
  expect(describeValue(3.5)).toBe('number');
  expect(formatValue('x'.repeat(10), 5)).toBe('"xxxx…');
});
