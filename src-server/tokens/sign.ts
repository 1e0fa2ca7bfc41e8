import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, type JWK } from 'jose';
import type { SigningKey } from './keys.js';

/*
 * RS256 signing and verification with imported keys cached by `kid`: importing a JWK costs far more
 * than a signature, and keys never change once made.
 */
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function privateKey(k: SigningKey): KeyObject {
  let key = privateKeys.get(k.kid);
  if (!key) privateKeys.set(k.kid, (key = createPrivateKey({ key: k.privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' })));
  return key;
}

function publicKey(k: SigningKey): KeyObject {
  let key = publicKeys.get(k.kid);
  if (!key) publicKeys.set(k.kid, (key = createPublicKey({ key: k.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' })));
  return key;
}

const encoder = new TextEncoder();

/** Okta's JWT header is `{"kid": …, "alg": "RS256"}` (no `typ`); claims keep their order. */
export async function signJwt(key: SigningKey, payload: Record<string, unknown>): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(privateKey(key));
}

export interface VerifiedJwt {
  header: { kid?: string; alg?: string };
  payload: Record<string, unknown>;
}

/** Verifies a JWT against the given keys (by `kid`). Checks only the signature: callers check claims. */
export async function verifyJwt(token: string, keys: SigningKey[]): Promise<VerifiedJwt | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let header: VerifiedJwt['header'];
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) return undefined;
  const key = keys.find((k) => k.kid === header.kid);
  if (!key || header.alg !== 'RS256') return undefined;
  try {
    const { payload } = await compactVerify(token, publicKey(key), { algorithms: ['RS256'] });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return undefined;
    return { header, payload: claims };
  } catch {
    return undefined;
  }
}

/** OIDC `at_hash`/`c_hash`: the left half of SHA-256 of the value, base64url (RS256). */
export function halfHash(value: string): string {
  const digest = createHash('sha256').update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export type { JWK };
