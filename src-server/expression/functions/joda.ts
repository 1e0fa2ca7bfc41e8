/**
 * Joda-Time patterns and zones, as Okta's `Time.*` functions use them (reference §7.8): formatting
 * and parsing with patterns such as `YYYY-MM-dd HH:mm:ss`, and zone ids such as `America/New_York`,
 * `UTC`, `+05:30` or Joda's three-letter aliases (`EST` is America/New_York, so it observes DST, as
 * Okta's example `Time.now("EST")` → `...-04:00` in July shows). Zone rules come from the runtime's
 * Intl data.
 */

export class TimeError extends Error {}

/** Joda's conversions of the old three-letter ids (DateTimeZone.forTimeZone). */
const JODA_ALIASES: Record<string, string> = {
  GMT: 'UTC', UT: 'UTC', UCT: 'UTC', Z: 'UTC', UTC: 'UTC',
  WET: 'WET', CET: 'CET', MET: 'CET', ECT: 'Europe/Paris', EET: 'EET', MIT: 'Pacific/Apia', HST: 'Pacific/Honolulu',
  AST: 'America/Anchorage', PST: 'America/Los_Angeles', MST: 'America/Denver', PNT: 'America/Phoenix',
  CST: 'America/Chicago', EST: 'America/New_York', IET: 'America/Indiana/Indianapolis', PRT: 'America/Puerto_Rico',
  CNT: 'America/St_Johns', AGT: 'America/Argentina/Buenos_Aires', BET: 'America/Sao_Paulo', ART: 'Africa/Cairo',
  CAT: 'Africa/Harare', EAT: 'Africa/Addis_Ababa', NET: 'Asia/Yerevan', PLT: 'Asia/Karachi', IST: 'Asia/Kolkata',
  BST: 'Asia/Dhaka', VST: 'Asia/Ho_Chi_Minh', CTT: 'Asia/Shanghai', JST: 'Asia/Tokyo', ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney', SST: 'Pacific/Guadalcanal', NST: 'Pacific/Auckland',
};

export interface Zone {
  id: string;
  /** Offset from UTC in minutes at the instant `utcMs`. */
  offsetAt(utcMs: number): number;
  /** Short (`EDT`) or long (`Eastern Daylight Time`) name at the instant. */
  nameAt(utcMs: number, long: boolean): string;
}

function fixedZone(id: string, minutes: number): Zone {
  return { id, offsetAt: () => minutes, nameAt: () => id };
}

export const UTC: Zone = fixedZone('UTC', 0);

const zoneCache = new Map<string, Zone>();

/** Resolves a Joda zone id; throws TimeError for an unknown one. */
export function resolveZone(id: string): Zone {
  const key = id.trim();
  const cached = zoneCache.get(key);
  if (cached) return cached;
  let zone: Zone;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(key);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3] ?? 0);
    if (h > 23 || min > 59) throw new TimeError(`'${id}' is not a valid offset`);
    const total = (m[1] === '-' ? -1 : 1) * (h * 60 + min);
    zone = total === 0 ? UTC : fixedZone(formatOffset(total, true), total);
  } else {
    const iana = JODA_ALIASES[key.toUpperCase()] ?? key;
    if (iana === 'UTC') zone = UTC;
    else {
      let dtf: Intl.DateTimeFormat;
      try {
        if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(iana)) throw new RangeError();
        dtf = new Intl.DateTimeFormat('en-US', {
          timeZone: iana, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
        });
      } catch {
        throw new TimeError(`'${id}' is not a known time zone id`);
      }
      const resolved = dtf.resolvedOptions().timeZone;
      const shortNames = new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'short' });
      const longNames = new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'long' });
      const name = (f: Intl.DateTimeFormat, t: number) => f.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? resolved;
      zone = {
        id: resolved,
        offsetAt(utcMs: number) {
          const base = Math.floor(utcMs / 1000) * 1000;
          const parts: Record<string, string> = {};
          for (const p of dtf.formatToParts(new Date(base))) parts[p.type] = p.value;
          let year = Number(parts.year);
          if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
          const local = utcOf(year, Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
          return Math.round((local - base) / 60000);
        },
        nameAt: (utcMs, long) => name(long ? longNames : shortNames, utcMs),
      };
    }
  }
  if (zoneCache.size < 100) zoneCache.set(key, zone);
  return zone;
}

export function formatOffset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

/** Joda's ISO format (`yyyy-MM-dd'T'HH:mm:ss.SSSZZ`, a zero offset printed as `Z`). */
export function isoInZone(utcMs: number, zone: Zone): string {
  const off = zone.offsetAt(utcMs);
  const local = new Date(utcMs + off * 60000);
  if (Number.isNaN(local.getTime())) throw new TimeError('the time is out of range');
  const iso = local.toISOString().slice(0, -1);
  return iso + (off === 0 ? 'Z' : formatOffset(off, true));
}

// ---- patterns ----------------------------------------------------------------------------------

type Element = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

const LETTERS = new Set('GCYxwWeEyDMdaKhHkmsSzZ'.split(''));
const patternCache = new Map<string, Element[]>();

/** Splits a Joda pattern into fields (`yyyy`) and literals (`-`, `'T'`). */
export function parsePattern(pattern: string): Element[] {
  const hit = patternCache.get(pattern);
  if (hit) return hit;
  const out: Element[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      i++;
      for (;;) {
        if (i >= pattern.length) throw new TimeError(`unterminated quote in the pattern '${pattern}'`);
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern[i];
        i++;
      }
      out.push({ kind: 'literal', text });
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.has(c) || c === 'W') throw new TimeError(`illegal pattern component: ${c}`);
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ kind: 'field', letter: c, count: j - i });
      i = j;
      continue;
    }
    out.push({ kind: 'literal', text: c });
    i++;
  }
  if (patternCache.size < 100) patternCache.set(pattern, out);
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const pad = (n: number, width: number) => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

/** ISO week-based year and week of a UTC date. */
function isoWeek(d: Date): { weekyear: number; week: number } {
  const t = new Date(Date.UTC(2000, d.getUTCMonth(), d.getUTCDate()));
  t.setUTCFullYear(d.getUTCFullYear());
  const dow = (t.getUTCDay() + 6) % 7; // Monday = 0
  t.setUTCDate(t.getUTCDate() - dow + 3); // the Thursday of this week decides the week-year
  const weekyear = t.getUTCFullYear();
  const jan1 = utcOf(weekyear, 1, 1, 0, 0, 0, 0);
  return { weekyear, week: 1 + Math.floor((t.getTime() - jan1) / (7 * 86400000)) };
}

/** Formats an instant in a zone with a Joda pattern. */
export function formatJoda(utcMs: number, zone: Zone, pattern: string): string {
  const els = parsePattern(pattern);
  const off = zone.offsetAt(utcMs);
  const d = new Date(utcMs + off * 60000);
  if (Number.isNaN(d.getTime())) throw new TimeError('the time is out of range');
  const year = d.getUTCFullYear();
  const yearOfEra = year <= 0 ? 1 - year : year;
  let out = '';
  for (const el of els) {
    if (el.kind === 'literal') {
      out += el.text;
      continue;
    }
    const n = el.count;
    switch (el.letter) {
      case 'G':
        out += year <= 0 ? 'BC' : 'AD';
        break;
      case 'C':
        out += pad(Math.floor(yearOfEra / 100), n);
        break;
      case 'Y':
        out += n === 2 ? pad(yearOfEra % 100, 2) : pad(yearOfEra, n);
        break;
      case 'y':
        out += n === 2 ? pad(((year % 100) + 100) % 100, 2) : pad(year, n);
        break;
      case 'x': {
        const wy = isoWeek(d).weekyear;
        out += n === 2 ? pad(((wy % 100) + 100) % 100, 2) : pad(wy, n);
        break;
      }
      case 'w':
        out += pad(isoWeek(d).week, n);
        break;
      case 'e':
        out += pad(((d.getUTCDay() + 6) % 7) + 1, n);
        break;
      case 'E': {
        const name = DAYS[(d.getUTCDay() + 6) % 7]!;
        out += n >= 4 ? name : name.slice(0, 3);
        break;
      }
      case 'D': {
        const doy = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86400000) + 1;
        out += pad(doy, n);
        break;
      }
      case 'M':
        out += n >= 4 ? MONTHS[d.getUTCMonth()]! : n === 3 ? MONTHS[d.getUTCMonth()]!.slice(0, 3) : pad(d.getUTCMonth() + 1, n);
        break;
      case 'd':
        out += pad(d.getUTCDate(), n);
        break;
      case 'a':
        out += d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'K':
        out += pad(d.getUTCHours() % 12, n);
        break;
      case 'h':
        out += pad(d.getUTCHours() % 12 || 12, n);
        break;
      case 'H':
        out += pad(d.getUTCHours(), n);
        break;
      case 'k':
        out += pad(d.getUTCHours() || 24, n);
        break;
      case 'm':
        out += pad(d.getUTCMinutes(), n);
        break;
      case 's':
        out += pad(d.getUTCSeconds(), n);
        break;
      case 'S': {
        const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
        out += n <= 3 ? ms.slice(0, n) : ms + '0'.repeat(n - 3);
        break;
      }
      case 'z':
        out += zone.nameAt(utcMs, n >= 4);
        break;
      case 'Z':
        out += n === 1 ? formatOffset(off, false) : n === 2 ? formatOffset(off, true) : zone.id;
        break;
    }
  }
  return out;
}

const NUMERIC = new Set('CYxwWeyDMdKhHkmsS'.split(''));
const isNumericEl = (e: Element | undefined, n?: number) => !!e && e.kind === 'field' && NUMERIC.has(e.letter) && !(e.letter === 'M' && (n ?? e.count) >= 3);

/** Parses text with a Joda pattern (the whole text must match); answers epoch milliseconds. */
export function parseJoda(text: string, pattern: string, defaultZone: Zone = UTC): number {
  const els = parsePattern(pattern);
  let p = 0;
  const f = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0, doy: 0, pm: null as boolean | null, hour12: null as number | null, bc: false };
  let offset: number | null = null;
  let zone = defaultZone;
  function bad(what: string): never {
    throw new TimeError(`'${text}' does not match the pattern '${pattern}': ${what} at position ${p}`);
  }
  for (let k = 0; k < els.length; k++) {
    const el = els[k]!;
    if (el.kind === 'literal') {
      if (text.slice(p, p + el.text.length).toLowerCase() !== el.text.toLowerCase()) bad(`expected '${el.text}'`);
      p += el.text.length;
      continue;
    }
    const readNumber = (signed: boolean): number => {
      const fixed = isNumericEl(els[k + 1]);
      const re = fixed ? new RegExp(`^${signed ? '[+-]?' : ''}\\d{${el.count}}`) : new RegExp(`^${signed ? '[+-]?' : ''}\\d{1,9}`);
      const m = re.exec(text.slice(p));
      if (!m) bad(`expected ${el.count > 1 ? el.count + ' digits' : 'a number'} for '${el.letter.repeat(el.count)}'`);
      p += m[0].length;
      return Number(m[0]);
    };
    const readText = (names: string[]): number => {
      let best = -1;
      let bestLen = 0;
      const rest = text.slice(p).toLowerCase();
      names.forEach((nm, idx) => {
        for (const cand of [nm, nm.slice(0, 3)]) {
          if (rest.startsWith(cand.toLowerCase()) && cand.length > bestLen) {
            best = idx;
            bestLen = cand.length;
          }
        }
      });
      if (best < 0) bad(`expected one of ${names.slice(0, 3).join(', ')}...`);
      p += bestLen;
      return best;
    };
    switch (el.letter) {
      case 'y':
      case 'Y': {
        const start = p;
        const v = readNumber(el.letter === 'y');
        if (el.count === 2 && p - start === 2) f.year = v < 50 ? 2000 + v : 1900 + v;
        else f.year = v;
        break;
      }
      case 'M':
        f.month = el.count >= 3 ? readText(MONTHS) + 1 : readNumber(false);
        break;
      case 'd':
        f.day = readNumber(false);
        break;
      case 'D':
        f.doy = readNumber(false);
        break;
      case 'H':
        f.hour = readNumber(false);
        break;
      case 'k':
        f.hour = readNumber(false) % 24;
        break;
      case 'h':
        f.hour12 = readNumber(false) % 12;
        break;
      case 'K':
        f.hour12 = readNumber(false);
        break;
      case 'a':
        f.pm = readText(['AM', 'PM']) === 1;
        break;
      case 'm':
        f.minute = readNumber(false);
        break;
      case 's':
        f.second = readNumber(false);
        break;
      case 'S': {
        const m = /^\d{1,9}/.exec(text.slice(p));
        if (!m) bad("expected digits for 'S'");
        const digits = isNumericEl(els[k + 1]) ? m[0].slice(0, el.count) : m[0];
        p += digits.length;
        f.ms = Math.floor(Number((digits + '000').slice(0, 3)));
        break;
      }
      case 'E':
        readText(DAYS);
        break;
      case 'e':
        readNumber(false);
        break;
      case 'G':
        f.bc = readText(['AD', 'BC']) === 1;
        break;
      case 'Z': {
        if (el.count >= 3) {
          const m = /^[A-Za-z][A-Za-z0-9_+\-/]*/.exec(text.slice(p));
          if (!m) bad('expected a time zone id');
          zone = resolveZone(m[0]);
          p += m[0].length;
        } else {
          if (text[p] === 'Z') {
            offset = 0;
            p++;
            break;
          }
          const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(p));
          if (!m) bad('expected an offset such as +0100 or -05:00');
          offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
          p += m[0].length;
        }
        break;
      }
      default:
        throw new TimeError(`the pattern letter '${el.letter}' cannot be used to parse`);
    }
  }
  if (p !== text.length) bad('unexpected text');
  if (f.bc) f.year = 1 - f.year;
  if (f.hour12 !== null) f.hour = f.hour12 + (f.pm ? 12 : 0);
  else if (f.pm !== null && f.hour < 12 && f.pm) f.hour += 12;
  const check = (v: number, lo: number, hi: number, name: string) => {
    if (v < lo || v > hi) throw new TimeError(`'${text}': ${name} ${v} must be between ${lo} and ${hi}`);
  };
  check(f.year, -9999, 9999, 'year');
  check(f.month, 1, 12, 'month');
  check(f.hour, 0, 23, 'hour');
  check(f.minute, 0, 59, 'minute');
  check(f.second, 0, 59, 'second');
  let local: number;
  if (f.doy) {
    check(f.doy, 1, isLeap(f.year) ? 366 : 365, 'day of year');
    local = utcOf(f.year, 1, 1, f.hour, f.minute, f.second, f.ms) + (f.doy - 1) * 86400000;
  } else {
    check(f.day, 1, daysInMonth(f.year, f.month), 'day');
    local = utcOf(f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms);
  }
  if (offset !== null) return local - offset * 60000;
  const guess = local - zone.offsetAt(local) * 60000;
  return local - zone.offsetAt(guess) * 60000;
}

function utcOf(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  t.setUTCFullYear(y);
  return t.getTime();
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/**
 * Parses ISO 8601 as Joda's default parser does: a date, optionally `T` and a time (minutes,
 * seconds, fraction), optionally `Z` or an offset. Without an offset the time is UTC.
 */
export function parseIso(text: string): number {
  const m = /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[Tt](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(text.trim());
  if (!m) throw new TimeError(`'${text}' is not an ISO 8601 date-time (such as 2015-07-31T17:18:37.979Z)`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', z] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Math.abs(year) > 9999) {
    throw new TimeError(`'${text}' is not a valid date-time`);
  }
  const ms = Number((frac + '000').slice(0, 3));
  let t = utcOf(year, month, day, Number(h), Number(mi), Number(s), ms);
  if (z && z !== 'Z' && z !== 'z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(z)!;
    t -= (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0)) * 60000;
  }
  return t;
}
