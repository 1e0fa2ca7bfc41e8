/**
 * The bounded Java-regex engine behind `matches`, `String.replace(First)` and
 * `isMemberOfGroupNameRegex`: Java semantics for the supported subset, refusals for what would need
 * backtracking, and a linear bound on the work. A differential property test checks it against
 * JavaScript's RegExp on patterns where Java and JavaScript agree.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileJavaRegex, RegexError, regexFind, regexMatchesWhole, regexReplace, type Fuel } from '../../src-server/expression/regex.js';

const fuel = (): Fuel => ({ left: 10_000_000 });
const whole = (p: string, s: string) => regexMatchesWhole(compileJavaRegex(p), s, fuel());
const replaceAll = (s: string, p: string, r: string) => regexReplace(compileJavaRegex(p), s, r, true, fuel(), 100_000);
const replaceFirst = (s: string, p: string, r: string) => regexReplace(compileJavaRegex(p), s, r, false, fuel(), 100_000);

describe('Java semantics', () => {
  test.each([
    ['California-[a-zA-Z]+-Sales', 'California-North-Sales', true],
    ['California-[a-zA-Z]+-Sales', 'California-North-Sales!', false],
    ['(?i)engineer', 'ENGINEER', true],
    ['(?i)eng(?-i)ineer', 'ENGineer', true],
    ['(?i)eng(?-i)ineer', 'ENGINEER', false],
    ['(?i:a)b', 'Ab', true],
    ['(?i:a)b', 'AB', false],
    ['a.c', 'a\nc', false],
    ['(?s)a.c', 'a\nc', true],
    ['\\d{3}-\\d{4}', '555-1234', true],
    ['\\w+@\\w+\\.com', 'ada@okta.com', true],
    ['\\s*x\\s*', ' \t x \n', true],
    ['[^abc]+', 'xyz', true],
    ['[^abc]+', 'xaz', false],
    ['[a-c&]+', 'a&c', true],
    ['[]a]+', ']a]', true],
    ['[a-]+', 'a-a', true],
    ['[\\d.]+', '3.14', true],
    ['\\p{Lu}\\p{Ll}+', 'Ada', true],
    ['\\p{Alpha}+', 'abc', true],
    ['\\p{IsLatin}+', 'été', true],
    ['\\P{Digit}+', 'abc', true],
    ['\\Q.*\\E', '.*', true],
    ['\\Q.*\\E', 'ab', false],
    ['a{2,3}', 'aaa', true],
    ['a{2,3}', 'aaaa', false],
    ['a{2,}', 'aaaaa', true],
    ['a{2}', 'aa', true],
    ['(ab)*', '', true],
    ['(ab)*', 'abab', true],
    ['a|b|c', 'c', true],
    ['^abc$', 'abc', true],
    ['abc$', 'abc\n', false],
    ['abc$\n', 'abc\n', true],
    ['\\babc\\b', 'abc', true],
    ['\\x41\\u0042\\0103', 'ABC', true],
    ['\\t\\n', '\t\n', true],
    ['(?<year>\\d{4})-(?<m>\\d\\d)', '2015-07', true],
    ['.', '😀', true],
    ['..', '😀', false],
    ['é', 'é', true],
    ['(?i)é', 'É', true],
  ])('%s matches %j: %s', (p, s, want) => expect(whole(p, s)).toBe(want));

  test.each([
    ['This is a test', 'is', 'at', 'That at a test'],
    ['abc', 'x*', '-', '-a-b-c-'],
    ['aaa', 'a*', 'X', 'XX'],
    ['John Smith', '(\\w+) (\\w+)', '$2, $1', 'Smith, John'],
    ['2015-07', '(?<y>\\d+)-(?<m>\\d+)', '${m}/${y}', '07/2015'],
    ['a1b2', '\\d', '<$0>', 'a<1>b<2>'],
    ['cost', 'o', '\\$', 'c$st'],
    ['abc', '(x)?b', '[$1]', 'a[]c'],
    ['aaaa', 'aa', 'b', 'bb'],
    ['😀😀', '', '-', '-😀-😀-'],
    ['line1\nline2', '(?m)^', '> ', '> line1\n> line2'],
    ['a.b.c', '\\.', '', 'abc'],
    ['first  second', '\\s+', ' ', 'first second'],
  ])('replaceAll(%j, %j, %j) = %j', (s, p, r, want) => expect(replaceAll(s, p, r)).toBe(want));

  test('replaceFirst replaces the leftmost match only', () => {
    expect(replaceFirst('This is a test', 'is', 'at')).toBe('That is a test');
    expect(replaceFirst('aaa', 'a*?', 'X')).toBe('Xaaa');
    expect(replaceFirst('aaa', 'a+?', 'X')).toBe('Xaa');
  });

  test('a group inside a repetition keeps its last capture, as in Java (JavaScript would reset it)', () => {
    const m = regexFind(compileJavaRegex('(?:(a)|b)+'), 'ab', 0, fuel());
    expect(m && [m[0], m[1], m[2], m[3]]).toEqual([0, 2, 0, 1]);
    expect(replaceAll('ab', '(?:(a)|b)+', '[$1]')).toBe('[a]');
  });

  test('lazy and greedy quantifiers capture as Java does', () => {
    const m = regexFind(compileJavaRegex('<(.+?)>'), '<a><b>', 0, fuel());
    expect(m && [m[0], m[1], m[2], m[3]]).toEqual([0, 3, 1, 2]);
    const g = regexFind(compileJavaRegex('<(.+)>'), '<a><b>', 0, fuel());
    expect(g && [g[0], g[1]]).toEqual([0, 6]);
  });

  test.each([
    ['(a)\\1', 'unsupported', /backreferences/],
    ['(?=a)', 'unsupported', /lookahead/],
    ['(?<!a)b', 'unsupported', /lookbehind/],
    ['(?>a)', 'unsupported', /atomic/],
    ['a++', 'unsupported', /possessive/],
    ['[a[b]]', 'unsupported', /union/],
    ['[a&&b]', 'unsupported', /intersection/],
    ['(?x)a', 'unsupported', /comments flag/],
    ['\\G', 'unsupported', /not supported/],
    ['(', 'syntax', /unclosed group/],
    [')', 'syntax', /unmatched closing/],
    ['[a', 'syntax', /unclosed character class/],
    ['*a', 'syntax', /dangling meta character '\*'/],
    ['a**', 'syntax', /dangling/],
    ['a{', 'syntax', /illegal repetition/],
    ['{1}', 'syntax', /illegal repetition/],
    ['a{3,1}', 'syntax', /maximum is smaller/],
    ['[z-a]', 'syntax', /illegal character range/],
    ['\\y', 'syntax', /illegal or unsupported escape sequence/],
    ['\\p{NoSuchThing}', 'unsupported', /unknown or unsupported character property/],
    ['a{1001}', 'too-large', /above 1000/],
    ['(a{1000}){1000}', 'too-large', /too large/],
    ['x'.repeat(1001), 'too-large', /longer than 1000/],
  ])('%s is refused (%s)', (p, kind, message) => {
    let err: unknown;
    try {
      compileJavaRegex(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegexError);
    expect((err as RegexError).kind).toBe(kind);
    expect((err as RegexError).message).toMatch(message);
  });

  test('replacement errors are Java-like', () => {
    expect(() => replaceAll('a', 'a', '$')).toThrow(/illegal group reference/);
    expect(() => replaceAll('a', 'a', '$1')).toThrow(/no group 1/);
    expect(() => replaceAll('a', 'a', '${x}')).toThrow(/no group named 'x'/);
    expect(() => replaceAll('a', 'a', 'x\\')).toThrow(/character to be escaped is missing/);
  });
});

describe('bounded work', () => {
  test.each(['(a+)+$', '(a|aa)+$', '(a*)*b', '(.*a){12}', '(a|a|a|a)*c', '((a?){20})a{20}'])('%s: work grows linearly with the input', (p) => {
    const re = compileJavaRegex(p);
    const used = (n: number) => {
      const f: Fuel = { left: 1e9 };
      regexMatchesWhole(re, 'a'.repeat(n) + '!', f);
      regexFind(re, 'a'.repeat(n) + '!', 0, f);
      return 1e9 - f.left;
    };
    const small = used(200);
    const large = used(2000);
    expect(large).toBeLessThanOrEqual(2 * (2001 + 1) * re.prog.length * 3);
    expect(large / small).toBeLessThan(15); // 10x the input, about 10x the work
  });

  test('running out of fuel is an error, not a hang', () => {
    const re = compileJavaRegex('(a|aa)+b');
    expect(() => regexMatchesWhole(re, 'a'.repeat(5000), { left: 1000 })).toThrow(RegexError);
    try {
      regexMatchesWhole(re, 'a'.repeat(5000), { left: 1000 });
    } catch (e) {
      expect((e as RegexError).kind).toBe('too-much-work');
    }
  });

  test('replacement output is capped', () => {
    expect(() => regexReplace(compileJavaRegex(''), 'a'.repeat(100), 'x'.repeat(100), true, fuel(), 1000)).toThrow(/longer than 1000/);
  });
});

// ---- differential test against JavaScript's RegExp --------------------------------------------

/**
 * Patterns over {a, b} where Java and JavaScript agree: every quantified body must consume at least
 * one character. (With a nullable body inside another quantifier, such as `((a?)*)*`, backtracking
 * engines and this VM may capture differently; whole-string matching still agrees, see below.)
 */
const pattern = fc.letrec<{ p: string; nn: string; atom: string; piece: string }>((tie) => ({
  // Any pattern: a sequence of pieces, or an alternation.
  p: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.array(tie('piece'), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('')),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `${a}|${b}`),
  ),
  // A pattern that cannot match the empty string.
  nn: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    tie('atom'),
    fc.tuple(tie('atom'), tie('piece')).map(([a, b]) => a + b),
    fc.tuple(tie('nn'), tie('nn')).map(([a, b]) => `${a}|${b}`),
  ),
  atom: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\w'),
    tie('nn').map((x) => `(${x})`),
    fc.tuple(tie('nn'), fc.constantFrom('+', '+?', '{1,2}', '{2}')).map(([x, q]) => `(${x})${q}`),
  ),
  piece: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    tie('atom'),
    fc.tuple(tie('nn'), fc.constantFrom('*', '?', '*?', '??', '{0,2}')).map(([x, q]) => `(${x})${q}`),
    fc.tuple(tie('nn'), fc.constantFrom('*', '?')).map(([x, q]) => `(?:${x})${q}`),
  ),
}));
/** Any pattern, nullable quantified bodies included: only whole-string matching is compared. */
const anyPattern = fc.letrec<{ p: string; atom: string }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    tie('atom'),
    fc.array(tie('atom'), { minLength: 2, maxLength: 4 }).map((xs) => xs.join('')),
    fc.tuple(tie('p'), tie('p')).map(([a, b]) => `${a}|${b}`),
  ),
  atom: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\w', 'a?', 'b*'),
    fc.tuple(tie('p'), fc.constantFrom('', '*', '+', '?', '*?', '+?', '??', '{1,2}', '{2}', '{0,1}?')).map(([p, q]) => `(${p})${q}`),
    fc.tuple(tie('p'), fc.constantFrom('*', '+', '?')).map(([p, q]) => `(?:${p})${q}`),
  ),
}));
const input = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 });

describe('agrees with JavaScript on the common subset', () => {
  test('whole-string matches', () => {
    fc.assert(
      fc.property(fc.oneof(pattern.p, anyPattern.p), input, (p, s) => {
        expect(whole(p, s)).toBe(new RegExp(`^(?:${p})$`).test(s));
      }),
      { numRuns: 1500 },
    );
  });

  test('leftmost match of find (the whole match; JavaScript resets captures inside repeated groups, Java does not)', () => {
    fc.assert(
      fc.property(pattern.p, input, (p, s) => {
        const m = regexFind(compileJavaRegex(p), s, 0, fuel());
        const js = new RegExp(p).exec(s);
        if (!js) return void expect(m).toBeNull();
        expect(m && [m[0], m[1]]).toEqual([js.index, js.index + js[0].length]);
      }),
      { numRuns: 1500 },
    );
  });

  test('replaceAll', () => {
    fc.assert(
      fc.property(pattern.p, input, (p, s) => {
        expect(replaceAll(s, p, '<$0>')).toBe(s.replace(new RegExp(p, 'g'), '<$&>'));
      }),
      { numRuns: 1000 },
    );
  });
});
