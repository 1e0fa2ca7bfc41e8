/**
 * Java regular expressions (the subset that can run in linear time), for `matches`, `String.replace`,
 * `String.replaceFirst` and `isMemberOfGroupNameRegex`.
 *
 * Patterns are compiled to a small program and run on a Pike VM (Thompson NFA with captures): the
 * work is at most (input length + 1) x (program size), and every run is also paid for from a `fuel`
 * counter, so no pattern can backtrack catastrophically. Priorities follow Java's (leftmost, greedy
 * or lazy as written), so captures agree with Java's for the supported subset.
 *
 * Supported: literals, `.`, classes `[a-z]` `[^...]`, `\d \D \w \W \s \S \h \H \p{...} \P{...}`,
 * escapes `\t \n \r \f \a \e \0oo \xhh \x{h} \uhhhh \cX \Q...\E`, anchors `^ $ \A \z \Z \b \B`, groups
 * `( )` `(?: )` `(?<name> )`, alternation, quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy `?`),
 * inline flags `(?i)` `(?s)` `(?m)` `(?u)` `(?d)` and `(?i: ...)`.
 * Refused (they need backtracking or are rarely used): backreferences, lookaround, atomic groups,
 * possessive quantifiers, class union/intersection, `(?x)`, `\G`, `\R`, `\X`.
 */
import { LIMITS } from './limits.js';

export class RegexError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'unsupported' | 'too-large' | 'too-much-work',
  ) {
    super(message);
  }
}

type Pred = (cp: number) => boolean;
type AssertKind = 'bof' | 'eof' | 'eofZ' | 'mbol' | 'meol' | 'wb' | 'nwb';

type RNode =
  | { t: 'char'; pred: Pred }
  | { t: 'cat'; items: RNode[] }
  | { t: 'alt'; items: RNode[] }
  | { t: 'cap'; index: number; body: RNode }
  | { t: 'rep'; min: number; max: number; greedy: boolean; body: RNode }
  | { t: 'assert'; kind: AssertKind }
  | { t: 'empty' };

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const SAVE = 3;
const ASSERT = 4;
const MATCH = 5;
type Inst =
  | { op: typeof CHAR; pred: Pred }
  | { op: typeof SPLIT; x: number; y: number }
  | { op: typeof JMP; x: number }
  | { op: typeof SAVE; n: number }
  | { op: typeof ASSERT; kind: AssertKind }
  | { op: typeof MATCH };

export interface JavaRegex {
  readonly source: string;
  readonly prog: readonly Inst[];
  /** Number of groups including group 0. */
  readonly groups: number;
  readonly names: ReadonlyMap<string, number>;
}

/** A work counter shared by the calls of one evaluation. */
export interface Fuel {
  left: number;
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

// ---- character predicates --------------------------------------------------------------------

const isLineTerminator = (c: number) => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
const inRange = (lo: number, hi: number): Pred => (c) => c >= lo && c <= hi;
const DIGIT: Pred = inRange(48, 57);
const WORD: Pred = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SPACE: Pred = (c) => c === 32 || (c >= 9 && c <= 13);
const HSPACE: Pred = (c) => c === 32 || c === 9 || c === 0xa0 || c === 0x1680 || c === 0x180e || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
const VSPACE: Pred = (c) => (c >= 10 && c <= 13) || c === 0x85 || c === 0x2028 || c === 0x2029;
const not = (p: Pred): Pred => (c) => !p(c);

const POSIX: Record<string, Pred> = {
  Lower: inRange(97, 122),
  Upper: inRange(65, 90),
  ASCII: inRange(0, 127),
  Alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  Digit: DIGIT,
  Alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  Punct: (c) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126),
  Graph: inRange(33, 126),
  Print: inRange(32, 126),
  Blank: (c) => c === 32 || c === 9,
  Cntrl: (c) => c < 32 || c === 127,
  XDigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  Space: SPACE,
};

const unicodeCache = new Map<string, Pred>();
/** `\p{Lu}`, `\p{IsLatin}`, `\p{IsAlphabetic}`, `\p{L}`: tested one character at a time with JS's own tables. */
function unicodeProperty(name: string): Pred {
  const posix = POSIX[name];
  if (posix) return posix;
  const cached = unicodeCache.get(name);
  if (cached) return cached;
  const bare = name.startsWith('Is') ? name.slice(2) : name;
  const candidates = [bare, `Script=${bare}`, `General_Category=${bare}`];
  for (const c of candidates) {
    try {
      const re = new RegExp(`^\\p{${c}}$`, 'u');
      const pred: Pred = (cp) => re.test(String.fromCodePoint(cp));
      if (unicodeCache.size < 200) unicodeCache.set(name, pred);
      return pred;
    } catch {
      // try the next spelling
    }
  }
  throw new RegexError(`unknown or unsupported character property \\p{${name}}`, 'unsupported');
}

function caseVariants(cp: number): number[] {
  const s = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [s.toLowerCase(), s.toUpperCase()]) {
    const c = v.codePointAt(0)!;
    if (v.length === String.fromCodePoint(c).length) out.add(c);
  }
  return [...out];
}

function literal(cp: number, flags: Flags): Pred {
  if (!flags.i) return (c) => c === cp;
  const vs = caseVariants(cp);
  return (c) => vs.includes(c) || caseVariants(c).some((v) => vs.includes(v));
}

function withCase(p: Pred, flags: Flags): Pred {
  if (!flags.i) return p;
  return (c) => p(c) || caseVariants(c).some(p);
}

// ---- parser ----------------------------------------------------------------------------------

class PatternParser {
  private p = 0;
  private groupCount = 1;
  readonly names = new Map<string, number>();
  constructor(private readonly src: string) {}

  get groups(): number {
    return this.groupCount;
  }

  private err(msg: string, kind: 'syntax' | 'unsupported' = 'syntax'): never {
    throw new RegexError(`${msg} near index ${this.p} of the pattern`, kind);
  }
  private peek(): number {
    return this.p < this.src.length ? this.src.codePointAt(this.p)! : -1;
  }
  private take(): number {
    const c = this.src.codePointAt(this.p)!;
    this.p += c > 0xffff ? 2 : 1;
    return c;
  }
  private eat(s: string): boolean {
    if (this.src.startsWith(s, this.p)) {
      this.p += s.length;
      return true;
    }
    return false;
  }

  parse(): RNode {
    const node = this.alt({ i: false, s: false, m: false });
    if (this.p < this.src.length) this.err("unmatched closing ')'");
    return node;
  }

  private alt(flags: Flags): RNode {
    const items = [this.cat(flags)];
    while (this.peek() === 0x7c /* | */) {
      this.p++;
      items.push(this.cat(flags));
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private cat(flags: Flags): RNode {
    const items: RNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === -1 || c === 0x7c || c === 0x29 /* ) */) break;
      const atom = this.atom(flags);
      if (atom === null) continue; // a flag group such as (?i)
      items.push(this.quantifier(atom));
    }
    return items.length === 1 ? items[0]! : items.length === 0 ? { t: 'empty' } : { t: 'cat', items };
  }

  private quantifier(atom: RNode): RNode {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === 0x2a /* * */) [min, max] = [0, Infinity];
    else if (c === 0x2b /* + */) [min, max] = [1, Infinity];
    else if (c === 0x3f /* ? */) [min, max] = [0, 1];
    else if (c === 0x7b /* { */) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.p, this.p + 24));
      if (!m) this.err('illegal repetition: a { must start a quantifier such as {2} or {1,3}');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) this.err('illegal repetition range: the maximum is smaller than the minimum');
      if (min > LIMITS.maxRegexRepeat || (max !== Infinity && max > LIMITS.maxRegexRepeat)) {
        throw new RegexError(`repetition counts above ${LIMITS.maxRegexRepeat} are not supported`, 'too-large');
      }
      this.p += m[0].length - 1;
    } else return atom;
    this.p++;
    let greedy = true;
    if (this.peek() === 0x3f) {
      this.p++;
      greedy = false;
    } else if (this.peek() === 0x2b) {
      this.err('possessive quantifiers (*+, ++, ?+) are not supported', 'unsupported');
    }
    const q = this.peek();
    if (q === 0x2a || q === 0x2b || q === 0x3f) this.err(`dangling meta character '${String.fromCodePoint(q)}'`);
    return { t: 'rep', min, max, greedy, body: atom };
  }

  private atom(flags: Flags): RNode | null {
    const c = this.take();
    switch (c) {
      case 0x28 /* ( */:
        return this.group(flags);
      case 0x5b /* [ */:
        return { t: 'char', pred: withCase(this.charClass(flags), flags) };
      case 0x2e /* . */:
        return { t: 'char', pred: flags.s ? () => true : (x) => !isLineTerminator(x) };
      case 0x5e /* ^ */:
        return { t: 'assert', kind: flags.m ? 'mbol' : 'bof' };
      case 0x24 /* $ */:
        return { t: 'assert', kind: flags.m ? 'meol' : 'eofZ' };
      case 0x5c /* \ */:
        return this.escape(flags);
      case 0x2a:
      case 0x2b:
      case 0x3f:
        this.p--;
        return this.err(`dangling meta character '${String.fromCodePoint(c)}'`);
      case 0x7b /* { */:
        this.p--;
        return this.err('illegal repetition: nothing to repeat before {');
      default:
        return { t: 'char', pred: literal(c, flags) };
    }
  }

  private group(flags: Flags): RNode | null {
    if (this.eat('?')) {
      if (this.eat(':')) return this.groupBody({ ...flags }, null);
      if (this.src.startsWith('=', this.p) || this.src.startsWith('!', this.p) || this.src.startsWith('<=', this.p) || this.src.startsWith('<!', this.p)) {
        this.err('lookahead and lookbehind are not supported', 'unsupported');
      }
      if (this.src.startsWith('>', this.p)) this.err('atomic groups (?>...) are not supported', 'unsupported');
      if (this.eat('<')) {
        const m = /^([A-Za-z][A-Za-z0-9]*)>/.exec(this.src.slice(this.p, this.p + 64));
        if (!m) this.err('a named group needs a name of letters and digits: (?<name>...)');
        this.p += m[0].length;
        if (this.names.has(m[1]!)) this.err(`the group name '${m[1]}' is already used`);
        const index = this.groupCount++;
        this.names.set(m[1]!, index);
        return this.groupBody({ ...flags }, index);
      }
      // Inline flags: (?imsud-imsud) for the rest of the group, or (?i:...) for a sub-pattern.
      const m = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(this.src.slice(this.p, this.p + 32));
      if (!m) this.err('unknown inline modifier');
      const target = m[3] === ')' ? flags : { ...flags };
      for (const [set, on] of [[m[1]!, true], [m[2] ?? '', false]] as const) {
        for (const f of set) {
          if (f === 'i' || f === 's' || f === 'm') target[f] = on;
          else if (f === 'u' || f === 'd' || f === 'U') continue;
          else if (f === 'x') this.err('the comments flag (?x) is not supported', 'unsupported');
          else this.err(`unknown inline flag '${f}'`);
        }
      }
      this.p += m[0].length;
      if (m[3] === ')') return null;
      return this.finishGroup(target, null);
    }
    return this.groupBody({ ...flags }, this.groupCount++);
  }

  private groupBody(flags: Flags, index: number | null): RNode {
    return this.finishGroup(flags, index);
  }

  private finishGroup(flags: Flags, index: number | null): RNode {
    const body = this.alt(flags);
    if (!this.eat(')')) this.err("unclosed group: missing ')'");
    return index === null ? body : { t: 'cap', index, body };
  }

  /** After `\` outside a class. */
  private escape(flags: Flags): RNode {
    if (this.p >= this.src.length) this.err('unexpected end of pattern after \\');
    const c = this.peek();
    switch (String.fromCodePoint(c)) {
      case 'b':
        this.p++;
        return { t: 'assert', kind: 'wb' };
      case 'B':
        this.p++;
        return { t: 'assert', kind: 'nwb' };
      case 'A':
        this.p++;
        return { t: 'assert', kind: 'bof' };
      case 'z':
        this.p++;
        return { t: 'assert', kind: 'eof' };
      case 'Z':
        this.p++;
        return { t: 'assert', kind: 'eofZ' };
      case 'Q': {
        this.p++;
        const end = this.src.indexOf('\\E', this.p);
        const text = end === -1 ? this.src.slice(this.p) : this.src.slice(this.p, end);
        this.p = end === -1 ? this.src.length : end + 2;
        const items: RNode[] = [...text].map((ch) => ({ t: 'char', pred: literal(ch.codePointAt(0)!, flags) }) as RNode);
        return items.length === 1 ? items[0]! : items.length === 0 ? { t: 'empty' } : { t: 'cat', items };
      }
      case 'G':
      case 'R':
      case 'X':
      case 'k':
        return this.err(`\\${String.fromCodePoint(c)} is not supported`, 'unsupported');
    }
    if (c >= 0x31 && c <= 0x39) this.err('backreferences (\\1 ...) are not supported', 'unsupported');
    return { t: 'char', pred: withCase(this.classEscape(), flags) };
  }

  /** After `\`: an escape that stands for a set of characters (also valid inside a class). */
  private classEscape(): Pred {
    const c = this.take();
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case 'd':
        return DIGIT;
      case 'D':
        return not(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return not(WORD);
      case 's':
        return SPACE;
      case 'S':
        return not(SPACE);
      case 'h':
        return HSPACE;
      case 'H':
        return not(HSPACE);
      case 'v':
        return VSPACE;
      case 'V':
        return not(VSPACE);
      case 'p':
      case 'P': {
        let name: string;
        if (this.eat('{')) {
          const end = this.src.indexOf('}', this.p);
          if (end === -1) this.err('unclosed character property \\p{');
          name = this.src.slice(this.p, end);
          this.p = end + 1;
        } else {
          if (this.p >= this.src.length) this.err('incomplete \\p');
          name = String.fromCodePoint(this.take());
        }
        const pred = unicodeProperty(name);
        return ch === 'p' ? pred : not(pred);
      }
    }
    const cp = this.escapedCodePoint(c);
    return (x) => x === cp;
  }

  /** The code point an escape such as `\n`, `\x41`, `\u00e9`, `\.` stands for. */
  private escapedCodePoint(c: number): number {
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case 't':
        return 9;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'a':
        return 7;
      case 'e':
        return 27;
      case '0': {
        const m = /^([0-3][0-7]{0,2}|[0-7]{1,2})/.exec(this.src.slice(this.p, this.p + 3));
        if (!m) this.err('illegal octal escape sequence');
        this.p += m[0].length;
        return parseInt(m[0], 8);
      }
      case 'x': {
        if (this.eat('{')) {
          const m = /^([0-9a-fA-F]{1,6})\}/.exec(this.src.slice(this.p, this.p + 8));
          if (!m || parseInt(m[1]!, 16) > 0x10ffff) this.err('illegal hexadecimal escape sequence');
          this.p += m[0].length;
          return parseInt(m[1]!, 16);
        }
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.p, this.p + 2));
        if (!m) this.err('illegal hexadecimal escape sequence');
        this.p += 2;
        return parseInt(m[0], 16);
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.p, this.p + 4));
        if (!m) this.err('illegal Unicode escape sequence');
        this.p += 4;
        return parseInt(m[0], 16);
      }
      case 'c': {
        if (this.p >= this.src.length) this.err('illegal control escape sequence');
        return this.take() ^ 64;
      }
    }
    if (/[A-Za-z0-9]/.test(ch)) {
      this.p -= ch.length;
      this.err(`illegal or unsupported escape sequence \\${ch}`, /[1-9]/.test(ch) ? 'unsupported' : 'syntax');
    }
    return c;
  }

  /** After `[`. */
  private charClass(flags: Flags): Pred {
    const negated = this.eat('^');
    const preds: Pred[] = [];
    let first = true;
    for (;;) {
      if (this.p >= this.src.length) this.err("unclosed character class: missing ']'");
      if (this.peek() === 0x5d /* ] */ && !first) {
        this.p++;
        break;
      }
      first = false;
      if (this.peek() === 0x5b /* [ */) this.err('nested character classes (union) are not supported', 'unsupported');
      if (this.src.startsWith('&&', this.p)) this.err('character class intersection (&&) is not supported', 'unsupported');
      let lo: number;
      if (this.eat('\\')) {
        if (this.p >= this.src.length) this.err('unexpected end of pattern after \\');
        const e = this.peek();
        if (e === 0x62 /* b */) this.err('\\b is not allowed inside a character class');
        if ('dDwWsShHvVpP'.includes(String.fromCodePoint(e))) {
          preds.push(this.classEscape());
          continue;
        }
        if (e === 0x51 /* Q */) {
          this.p++;
          const end = this.src.indexOf('\\E', this.p);
          const text = end === -1 ? this.src.slice(this.p) : this.src.slice(this.p, end);
          this.p = end === -1 ? this.src.length : end + 2;
          for (const ch of text) {
            const cp = ch.codePointAt(0)!;
            preds.push((x) => x === cp);
          }
          continue;
        }
        lo = this.escapedCodePoint(this.take());
      } else lo = this.take();
      if (this.peek() === 0x2d /* - */ && this.src[this.p + 1] !== ']' && this.p + 1 < this.src.length) {
        this.p++;
        let hi: number;
        if (this.eat('\\')) {
          if (this.p >= this.src.length) this.err('unexpected end of pattern after \\');
          hi = this.escapedCodePoint(this.take());
        } else if (this.peek() === 0x5b) this.err('nested character classes (union) are not supported', 'unsupported');
        else hi = this.take();
        if (hi! < lo) this.err('illegal character range: the end is before the start');
        preds.push(inRange(lo, hi!));
      } else {
        const cp = lo;
        preds.push((x) => x === cp);
      }
    }
    void flags;
    const any: Pred = (c) => preds.some((p) => p(c));
    return negated ? not(any) : any;
  }
}

// ---- compiler --------------------------------------------------------------------------------

function compileNode(root: RNode): Inst[] {
  const prog: Inst[] = [];
  const push = (i: Inst): number => {
    if (prog.length >= LIMITS.maxRegexProgram) {
      throw new RegexError(`the pattern is too large once its repetitions are expanded (more than ${LIMITS.maxRegexProgram} instructions)`, 'too-large');
    }
    prog.push(i);
    return prog.length - 1;
  };
  const emit = (n: RNode): void => {
    switch (n.t) {
      case 'empty':
        return;
      case 'char':
        push({ op: CHAR, pred: n.pred });
        return;
      case 'assert':
        push({ op: ASSERT, kind: n.kind });
        return;
      case 'cat':
        for (const it of n.items) emit(it);
        return;
      case 'cap':
        push({ op: SAVE, n: 2 * n.index });
        emit(n.body);
        push({ op: SAVE, n: 2 * n.index + 1 });
        return;
      case 'alt': {
        const jumps: { op: typeof JMP; x: number }[] = [];
        for (let k = 0; k < n.items.length; k++) {
          if (k < n.items.length - 1) {
            const split = { op: SPLIT, x: 0, y: 0 } as { op: typeof SPLIT; x: number; y: number };
            push(split);
            split.x = prog.length;
            emit(n.items[k]!);
            const j = { op: JMP, x: 0 } as { op: typeof JMP; x: number };
            push(j);
            jumps.push(j);
            split.y = prog.length;
          } else emit(n.items[k]!);
        }
        for (const j of jumps) j.x = prog.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) emit(n.body);
        if (n.max === Infinity) {
          const loop = prog.length;
          const split = { op: SPLIT, x: 0, y: 0 } as { op: typeof SPLIT; x: number; y: number };
          push(split);
          const bodyStart = prog.length;
          emit(n.body);
          push({ op: JMP, x: loop });
          const after = prog.length;
          [split.x, split.y] = n.greedy ? [bodyStart, after] : [after, bodyStart];
        } else {
          const splits: { op: typeof SPLIT; x: number; y: number }[] = [];
          for (let k = n.min; k < n.max; k++) {
            const split = { op: SPLIT, x: prog.length + 1, y: 0 } as { op: typeof SPLIT; x: number; y: number };
            push(split);
            splits.push(split);
            emit(n.body);
          }
          const after = prog.length;
          for (const s of splits) {
            if (n.greedy) s.y = after;
            else [s.x, s.y] = [after, s.x];
          }
        }
        return;
      }
    }
  };
  emit(root);
  push({ op: MATCH });
  return prog;
}

const cache = new Map<string, JavaRegex>();

/** Compiles a Java pattern (cached); throws RegexError when it is malformed, unsupported or too large. */
export function compileJavaRegex(pattern: string): JavaRegex {
  const hit = cache.get(pattern);
  if (hit) {
    cache.delete(pattern);
    cache.set(pattern, hit);
    return hit;
  }
  if (pattern.length > LIMITS.maxRegexLength) throw new RegexError(`the pattern is longer than ${LIMITS.maxRegexLength} characters`, 'too-large');
  const parser = new PatternParser(pattern);
  const root = parser.parse();
  const re: JavaRegex = { source: pattern, prog: compileNode(root), groups: parser.groups, names: parser.names };
  cache.set(pattern, re);
  if (cache.size > 256) cache.delete(cache.keys().next().value!);
  return re;
}

// ---- Pike VM ---------------------------------------------------------------------------------

function isWordAt(input: string, pos: number): boolean {
  if (pos < 0 || pos >= input.length) return false;
  const c = input.codePointAt(pos)!;
  if (c < 128) return WORD(c);
  return /[\p{L}\p{Nd}\p{M}_]/u.test(String.fromCodePoint(c));
}

function prevWord(input: string, pos: number): boolean {
  if (pos <= 0) return false;
  const lowSurrogate = input.charCodeAt(pos - 1) >= 0xdc00 && input.charCodeAt(pos - 1) <= 0xdfff && pos >= 2;
  return isWordAt(input, lowSurrogate ? pos - 2 : pos - 1);
}

function assertAt(kind: AssertKind, input: string, pos: number): boolean {
  const n = input.length;
  switch (kind) {
    case 'bof':
      return pos === 0;
    case 'eof':
      return pos === n;
    case 'eofZ':
      return pos === n || (pos === n - 1 && isLineTerminator(input.charCodeAt(n - 1))) || (pos === n - 2 && input.endsWith('\r\n'));
    case 'mbol':
      return pos === 0 || (pos < n && isLineTerminator(input.charCodeAt(pos - 1)) && !(input.charCodeAt(pos - 1) === 13 && input.charCodeAt(pos) === 10));
    case 'meol':
      return pos === n || (isLineTerminator(input.charCodeAt(pos)) && !(input.charCodeAt(pos) === 10 && pos > 0 && input.charCodeAt(pos - 1) === 13));
    case 'wb':
      return prevWord(input, pos) !== isWordAt(input, pos);
    case 'nwb':
      return prevWord(input, pos) === isWordAt(input, pos);
  }
}

function outOfFuel(): never {
  throw new RegexError('the regular expression needs too much work on this input', 'too-much-work');
}

interface Thread {
  pc: number;
  caps: Int32Array;
}

/**
 * Runs the program from `start`. `full`: the match must span start..end (Java `matches()`);
 * otherwise the leftmost match at or after `start` (Java `find()`). Answers the capture offsets
 * (-1 for a group that did not take part) or null.
 */
function run(re: JavaRegex, input: string, start: number, full: boolean, fuel: Fuel): Int32Array | null {
  const prog = re.prog;
  const n = input.length;
  const slots = re.groups * 2;
  const mark = new Int32Array(prog.length).fill(-1);
  let gen = 0;
  let matched: Int32Array | null = null;

  const add = (list: Thread[], pc0: number, caps0: Int32Array, pos: number, g: number) => {
    const stack: Thread[] = [{ pc: pc0, caps: caps0 }];
    while (stack.length) {
      const t = stack.pop()!;
      if (--fuel.left < 0) outOfFuel();
      if (mark[t.pc] === g) continue;
      mark[t.pc] = g;
      const inst = prog[t.pc]!;
      switch (inst.op) {
        case JMP:
          stack.push({ pc: inst.x, caps: t.caps });
          break;
        case SPLIT:
          stack.push({ pc: inst.y, caps: t.caps });
          stack.push({ pc: inst.x, caps: t.caps });
          break;
        case SAVE: {
          const c = t.caps.slice();
          c[inst.n] = pos;
          stack.push({ pc: t.pc + 1, caps: c });
          break;
        }
        case ASSERT:
          if (assertAt(inst.kind, input, pos)) stack.push({ pc: t.pc + 1, caps: t.caps });
          break;
        default:
          list.push(t);
      }
    }
  };

  let clist: Thread[] = [];
  let curGen = ++gen;
  let pos = start;
  for (;;) {
    if (!matched && (!full || pos === start)) {
      const caps = new Int32Array(slots).fill(-1);
      caps[0] = pos;
      add(clist, 0, caps, pos, curGen);
    }
    if (clist.length === 0 && (matched || full || pos >= n)) break;
    const nextGen = ++gen;
    const cp = pos < n ? input.codePointAt(pos)! : -1;
    const npos = pos + (cp > 0xffff ? 2 : 1);
    const nlist: Thread[] = [];
    for (const t of clist) {
      if (--fuel.left < 0) outOfFuel();
      const inst = prog[t.pc]!;
      if (inst.op === CHAR) {
        if (cp >= 0 && inst.pred(cp)) add(nlist, t.pc + 1, t.caps, npos, nextGen);
      } else if (inst.op === MATCH) {
        if (full && pos !== n) continue;
        matched = t.caps.slice();
        matched[1] = pos;
        break; // lower-priority threads lose
      }
    }
    if (pos >= n) break;
    clist = nlist;
    curGen = nextGen;
    pos = npos;
  }
  return matched;
}

/** Java `Pattern.matches(pattern, input)`: the whole input must match. */
export function regexMatchesWhole(re: JavaRegex, input: string, fuel: Fuel): boolean {
  return run(re, input, 0, true, fuel) !== null;
}

/** Java `Matcher.find()` from `from`: capture offsets or null. */
export function regexFind(re: JavaRegex, input: string, from: number, fuel: Fuel): Int32Array | null {
  return run(re, input, from, false, fuel);
}

/** Java `replaceAll` / `replaceFirst`, with Java's replacement syntax (`$1`, `${name}`, `\$`). */
export function regexReplace(re: JavaRegex, input: string, replacement: string, all: boolean, fuel: Fuel, maxLength: number): string {
  const parts = parseReplacement(re, replacement);
  let out = '';
  let last = 0;
  let pos = 0;
  const n = input.length;
  while (pos <= n) {
    const m = regexFind(re, input, pos, fuel);
    if (!m) break;
    out += input.slice(last, m[0]);
    for (const part of parts) {
      if (typeof part === 'string') out += part;
      else if (m[2 * part] !== -1) out += input.slice(m[2 * part], m[2 * part + 1]);
    }
    if (out.length > maxLength) throw new RegexError(`the result is longer than ${maxLength} characters`, 'too-large');
    last = m[1]!;
    if (m[1] === m[0]) {
      if (m[1]! >= n) break;
      const cp = input.codePointAt(m[1]!)!;
      pos = m[1]! + (cp > 0xffff ? 2 : 1);
    } else pos = m[1]!;
    if (!all) break;
  }
  out += input.slice(last);
  if (out.length > maxLength) throw new RegexError(`the result is longer than ${maxLength} characters`, 'too-large');
  return out;
}

/** Literal text and group numbers of a Java replacement string. */
function parseReplacement(re: JavaRegex, r: string): (string | number)[] {
  const parts: (string | number)[] = [];
  let text = '';
  const groupCount = re.groups - 1;
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\') {
      i++;
      if (i >= r.length) throw new RegexError('character to be escaped is missing at the end of the replacement', 'syntax');
      text += r[i];
    } else if (c === '$') {
      i++;
      if (i >= r.length) throw new RegexError("illegal group reference: '$' at the end of the replacement (write \\$ for a dollar sign)", 'syntax');
      let g: number;
      if (r[i] === '{') {
        const end = r.indexOf('}', i);
        const name = end === -1 ? '' : r.slice(i + 1, end);
        if (end === -1 || !re.names.has(name)) throw new RegexError(`no group named '${name}' in the pattern`, 'syntax');
        g = re.names.get(name)!;
        i = end;
      } else {
        if (!/[0-9]/.test(r[i]!)) throw new RegexError("illegal group reference in the replacement (write \\$ for a dollar sign)", 'syntax');
        g = Number(r[i]);
        if (g > groupCount) throw new RegexError(`no group ${g} in the pattern`, 'syntax');
        while (i + 1 < r.length && /[0-9]/.test(r[i + 1]!) && g * 10 + Number(r[i + 1]) <= groupCount) {
          g = g * 10 + Number(r[i + 1]);
          i++;
        }
      }
      if (text) parts.push(text);
      text = '';
      parts.push(g);
    } else text += c;
  }
  if (text) parts.push(text);
  return parts;
}
