import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * Passwords are hashed with scrypt (a slow, memory-hard KDF built into Node, so no native addon).
 * The parameters are stored with each hash so they can be raised later without breaking old hashes.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keylen, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P, KEYLEN);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so a missing password cannot be told apart by timing.
    await derive(password, randomBytes(16), N, R, P, KEYLEN);
    return false;
  }
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * Okta's default password policy: at least 8 characters, a lowercase letter, an uppercase letter,
 * a number, and no part of the username (the login's local part, when it is 3+ characters).
 */
export function meetsPasswordPolicy(password: string, login: string): boolean {
  if (password.length < 8 || password.length > 256) return false;
  if (!/[a-z]/.test(password) || !/[A-Z]/.test(password) || !/[0-9]/.test(password)) return false;
  const lower = password.toLowerCase();
  const parts = login.toLowerCase().split(/[@.,\-_+#\s]+/).filter((p) => p.length >= 3);
  return !parts.some((part) => lower.includes(part));
}
