/** Conversion functions (reference §7.6): `Convert.*` and `Iso3166Convert.*`. */
import { kindOf, typeName, type Val } from '../values.js';
import { ISO3166 } from './iso3166-data.js';
import { type CallSite, type FunctionDef, argName, fail } from './types.js';

/** Java's `(int) Math.round(d)`: half up, then the long narrowed to 32 bits (so it can overflow, as in Okta). */
export function javaRoundToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  let r = Math.floor(d + 0.5);
  const LONG_MAX = 9223372036854775807n;
  const LONG_MIN = -9223372036854775808n;
  let big: bigint;
  if (r >= 9.223372036854776e18) big = LONG_MAX;
  else if (r <= -9.223372036854776e18) big = LONG_MIN;
  else big = BigInt(r);
  r = Number(BigInt.asIntN(32, big));
  return r;
}

function toInt(v: Val, c: CallSite): Val {
  switch (kindOf(v)) {
    case 'null':
      return null;
    case 'number':
      return javaRoundToInt(v as number);
    case 'string': {
      const s = v as string;
      if (!/^[+-]?\d+$/.test(s)) return fail('argument', `${c.display}: '${clip(s)}' is not an integer`, c.arg(0));
      const n = Number(s);
      if (n > 2_147_483_647 || n < -2_147_483_648) return fail('argument', `${c.display}: ${clip(s)} is out of the int range`, c.arg(0));
      return n;
    }
    default:
      return fail('type', `${c.display}: ${argName(0)} must be a string or a number, not ${typeName(v)}`, c.arg(0));
  }
}

function toNum(v: Val, c: CallSite): Val {
  switch (kindOf(v)) {
    case 'null':
      return null;
    case 'number':
      return v;
    case 'string': {
      const s = (v as string).trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(s)) return fail('argument', `${c.display}: '${clip(v as string)}' is not a number`, c.arg(0));
      const n = Number(s.replace(/[fFdD]$/, ''));
      if (!Number.isFinite(n)) return fail('argument', `${c.display}: '${clip(v as string)}' is out of range`, c.arg(0));
      return n;
    }
    default:
      return fail('type', `${c.display}: ${argName(0)} must be a string or a number, not ${typeName(v)}`, c.arg(0));
  }
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

// ---- ISO 3166 ----------------------------------------------------------------------------------

interface Country {
  alpha2: string;
  alpha3: string;
  numeric: string;
}

const BY_ALPHA2 = new Map<string, Country>();
const BY_ALPHA3 = new Map<string, Country>();
const BY_NUMERIC = new Map<string, Country>();
for (const line of ISO3166.trim().split(/\s*[,\n]\s*/)) {
  const [alpha2, alpha3, numeric] = line.trim().split(/\s+/) as [string, string, string];
  const c = { alpha2, alpha3, numeric };
  BY_ALPHA2.set(alpha2, c);
  BY_ALPHA3.set(alpha3, c);
  BY_NUMERIC.set(numeric, c);
}

let regionNames: Intl.DisplayNames | null | undefined;
function countryName(alpha2: string): string | null {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    } catch {
      regionNames = null;
    }
  }
  return regionNames?.of(alpha2) ?? null;
}

/** Finds a country from an alpha-2, alpha-3 or numeric code (case-insensitive; numeric may be unpadded). */
export function findCountry(code: string): Country | null {
  const s = code.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(s)) return BY_ALPHA2.get(s) ?? null;
  if (/^[A-Z]{3}$/.test(s)) return BY_ALPHA3.get(s) ?? null;
  if (/^\d{1,3}$/.test(s)) return BY_NUMERIC.get(s.padStart(3, '0')) ?? null;
  return null;
}

function iso(pick: (c: Country) => string | null) {
  return (a: Val[], _rt: unknown, c: CallSite): Val => {
    const v = a[0] ?? null;
    if (v === null) return null;
    let code: string;
    if (typeof v === 'string') code = v;
    else if (typeof v === 'number' && Number.isInteger(v)) code = String(v);
    else return fail('type', `${c.display}: ${argName(0)} must be a country code string, not ${typeName(v)}`, c.arg(0));
    const country = findCountry(code);
    return country ? pick(country) : null;
  };
}

export const CONVERT_FUNCTIONS: FunctionDef[] = [
  {
    name: 'toInt', namespace: 'Convert', signature: 'Convert.toInt(String|Double value)', returns: 'Integer', minArgs: 1, maxArgs: 1,
    doc: "A string of digits as an integer ('1234' → 1234), or a number rounded to the nearest integer (123.6 → 124).",
    impl: (a, _rt, c) => toInt(a[0] ?? null, c),
  },
  {
    name: 'toNum', namespace: 'Convert', signature: 'Convert.toNum(String value)', returns: 'Double', minArgs: 1, maxArgs: 1,
    doc: "A decimal string as a number ('3.141' → 3.141).",
    impl: (a, _rt, c) => toNum(a[0] ?? null, c),
  },
  {
    name: 'toAlpha2', namespace: 'Iso3166Convert', signature: 'Iso3166Convert.toAlpha2(String code)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: "The ISO 3166 alpha-2 code of a country given by any code ('IND' → 'IN'); null if unknown.",
    impl: iso((c) => c.alpha2),
  },
  {
    name: 'toAlpha3', namespace: 'Iso3166Convert', signature: 'Iso3166Convert.toAlpha3(String code)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: "The ISO 3166 alpha-3 code of a country given by any code ('840' → 'USA'); null if unknown.",
    impl: iso((c) => c.alpha3),
  },
  {
    name: 'toNumeric', namespace: 'Iso3166Convert', signature: 'Iso3166Convert.toNumeric(String code)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: "The ISO 3166 numeric code of a country given by any code ('USA' → '840'); null if unknown.",
    impl: iso((c) => c.numeric),
  },
  {
    name: 'toName', namespace: 'Iso3166Convert', signature: 'Iso3166Convert.toName(String code)', returns: 'String', minArgs: 1, maxArgs: 1,
    doc: "The English name of a country given by any code ('IN' → 'India'); null if unknown.",
    impl: iso((c) => countryName(c.alpha2)),
  },
];
