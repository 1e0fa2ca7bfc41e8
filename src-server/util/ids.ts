import { randomFillSync } from 'node:crypto';

/*
 * Random bytes come from a pool filled 8 KiB at a time from the CSPRNG (as crypto.randomUUID
 * does): a token request needs four small draws, and each randomBytes call cost more than the
 * bytes. A byte is handed out once and the pool is refilled when it runs out.
 */
const pool = Buffer.alloc(8192);
let poolOffset = pool.length;

/** `n` fresh random bytes (a copy: the pool is reused). */
export function randomBytes(n: number): Buffer {
  if (n > pool.length) return randomFillSync(Buffer.alloc(n));
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  poolOffset += n;
  return out;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Okta object id prefixes (reference §1): all ids are 20 base-62 characters. */
export const ID_PREFIX = {
  user: '00u',
  group: '00g',
  app: '0oa',
  authServer: 'aus',
  policy: '00p',
  rule: '0pr',
  scope: 'scp',
  claim: 'ocl',
  error: 'oae',
  request: 'req',
  logEvent: 'evt',
  refreshToken: 'oar',
  trustedOrigin: 'tos',
  scenario: 'gsc',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** Uniform base-62 characters from one batch of random bytes (a byte of 248 or more is skipped). */
function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length + 8)) {
      if (b < 248) out += BASE62[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function newId(kind: IdKind): string {
  return ID_PREFIX[kind] + base62(17);
}

/** Base 62 in ASCII order, so that strings compare as the numbers they write. */
const SORTABLE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Milliseconds since the epoch in 8 base-62 characters, so that ids sort by time. */
function timePrefix(ms: number): string {
  let out = '';
  for (let i = 0, n = Math.floor(ms); i < 8; i++, n = Math.floor(n / 62)) out = SORTABLE62[n % 62] + out;
  return out;
}

/**
 * An id that sorts by creation time (then 9 random characters): rows keyed by it are appended to
 * their index instead of landing on a random page, which keeps the System Log's writes small.
 */
export function timeOrderedId(kind: IdKind, ms = Date.now()): string {
  return ID_PREFIX[kind] + timePrefix(ms) + base62(9);
}

/** A UUID version 7 (RFC 9562): a time-ordered UUID, for the same reason as `timeOrderedId`. */
export function uuidV7(ms = Date.now()): string {
  const b = randomBytes(16);
  const t = BigInt(Math.floor(ms));
  for (let i = 0; i < 6; i++) b[i] = Number((t >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Client secrets and tokens: base64url only (`A-Z a-z 0-9 - _`), so URL-encoded and raw HTTP Basic
 * credentials decode the same (client-compat.md: authlib does not URL-encode).
 */
export function randomSecret(bytes = 30): string {
  return randomBytes(bytes).toString('base64url');
}
