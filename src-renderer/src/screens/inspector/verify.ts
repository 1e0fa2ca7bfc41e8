import { compactVerify, errors, importJWK, type JWK } from 'jose';

/*
 * Signature verification in the renderer with jose: which key verified the token, or why none did,
 * in words. The key is chosen here (by kid, then by key type) rather than by jose's key set, so the
 * explanation can say exactly what did not fit.
 */

export interface Jwks {
  keys: JWK[];
}

export type VerifyOutcome =
  | { ok: true; kid?: string; alg: string; keyIndex: number }
  | {
      ok: false;
      reason: 'unsigned' | 'no-alg' | 'symmetric' | 'no-keys' | 'no-kid-match' | 'alg-mismatch' | 'bad-signature' | 'unsupported' | 'bad-key';
      title: string;
      detail: string;
    };

const FAMILY: Record<string, string> = { RS: 'RSA', PS: 'RSA', ES: 'EC', Ed: 'OKP', HS: 'oct' };

function keyTypeFor(alg: string): string | undefined {
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'OKP';
  return FAMILY[alg.slice(0, 2)];
}

/** Reads a pasted JWKS (or one key), saying what is wrong with it. */
export function parseJwks(text: string): { jwks: Jwks; notes: string[] } | { error: string } {
  const t = text.trim();
  if (!t) return { error: 'Paste a JWKS: the JSON an issuer publishes at its jwks_uri, {"keys": [...]}.' };
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch (e) {
    return { error: `This is not JSON (${e instanceof Error ? e.message : String(e)}). A JWKS looks like {"keys": [{"kty": "RSA", "kid": "…", "n": "…", "e": "AQAB"}]}.` };
  }
  return jwksFromJson(value);
}

export function jwksFromJson(value: unknown): { jwks: Jwks; notes: string[] } | { error: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'A JWKS is a JSON object with a “keys” array.' };
  const obj = value as Record<string, unknown>;
  const notes: string[] = [];
  let keys: unknown[];
  if (Array.isArray(obj.keys)) keys = obj.keys;
  else if (typeof obj.kty === 'string') {
    keys = [obj];
    notes.push('This is a single key (JWK), not a key set; it is used as a set of one.');
  } else return { error: 'There is no “keys” array: a JWKS looks like {"keys": [ … ]}.' };
  if (!keys.length) return { error: 'The “keys” array is empty: there is no key to verify with.' };
  const bad = keys.findIndex((k) => !k || typeof k !== 'object' || typeof (k as JWK).kty !== 'string');
  if (bad >= 0) return { error: `Key ${bad + 1} has no “kty” (key type): every JWK needs one, e.g. "RSA" or "EC".` };
  if (keys.some((k) => 'd' in (k as object))) notes.push('This key set contains private key material (“d”). Only the public part is needed to verify; do not share private keys.');
  return { jwks: { keys: keys as JWK[] }, notes };
}

/** The key without private members: verifying needs only the public part, and a pasted set may carry more. */
function publicPart(k: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...pub } = k;
  return pub;
}

function kidsOf(jwks: Jwks): string {
  const kids = jwks.keys.map((k) => k.kid).filter(Boolean);
  return kids.length ? kids.join(', ') : 'none of them has a kid';
}

export async function verifySignature(token: string, header: Record<string, unknown>, jwks: Jwks, source: string): Promise<VerifyOutcome> {
  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const Source = source.charAt(0).toUpperCase() + source.slice(1);
  if (!alg) return { ok: false, reason: 'no-alg', title: 'Cannot be verified', detail: 'The header names no algorithm (“alg”).' };
  if (alg.toLowerCase() === 'none') return { ok: false, reason: 'unsigned', title: 'Not signed (alg: none)', detail: 'There is no signature to verify. Anyone could have written this token; reject it.' };
  if (alg.startsWith('HS')) {
    return { ok: false, reason: 'symmetric', title: `Signed with a shared secret (${alg})`, detail: 'HMAC tokens are verified with the secret that signed them, which is never published in a JWKS. Authorization servers sign tokens with private keys (RS256) so anyone can verify them with the public key.' };
  }
  if (!jwks.keys.length) return { ok: false, reason: 'no-keys', title: 'No keys to verify with', detail: `${Source} has no keys.` };

  const sigKeys = jwks.keys.map((k, i) => ({ k, i })).filter(({ k }) => k.use !== 'enc');
  const candidates = kid ? sigKeys.filter(({ k }) => k.kid === kid) : sigKeys;
  if (!candidates.length) {
    return kid
      ? { ok: false, reason: 'no-kid-match', title: `No key with kid ${kid}`, detail: `${Source} has no signing key with the token's kid. Its keys: ${kidsOf(jwks)}. The token was signed by another server, or by a key that has since been removed.` }
      : { ok: false, reason: 'no-keys', title: 'No signing keys', detail: `${Source} has only encryption keys (use: enc).` };
  }

  const wantKty = keyTypeFor(alg);
  let mismatch: string | undefined;
  let lastError: VerifyOutcome | undefined;
  for (const { k, i } of candidates) {
    if (k.alg && k.alg !== alg) {
      mismatch = `The token says alg ${alg}, but the key${k.kid ? ` ${k.kid}` : ''} is for ${k.alg}. Verifiers take the algorithm from the key, never from the token (else an attacker picks it), so this fails.`;
      continue;
    }
    if (wantKty && k.kty !== wantKty) {
      mismatch = `The token says alg ${alg}, which needs an ${wantKty} key, but the key${k.kid ? ` ${k.kid}` : ''} is ${k.kty}.`;
      continue;
    }
    let key: Awaited<ReturnType<typeof importJWK>>;
    try {
      key = await importJWK(publicPart(k), alg);
    } catch (e) {
      lastError = e instanceof errors.JOSENotSupported
        ? { ok: false, reason: 'unsupported', title: `Algorithm ${alg} is not supported here`, detail: e.message }
        : { ok: false, reason: 'bad-key', title: 'The key cannot be used', detail: `The key${k.kid ? ` ${k.kid}` : ''} is not a valid ${k.kty} public key: ${e instanceof Error ? e.message : String(e)}.` };
      continue;
    }
    try {
      await compactVerify(token, key, { algorithms: [alg] });
      return { ok: true, kid: k.kid, alg, keyIndex: i };
    } catch (e) {
      if (e instanceof errors.JWSSignatureVerificationFailed) {
        lastError = {
          ok: false,
          reason: 'bad-signature',
          title: 'Bad signature',
          detail: kid
            ? `The key ${kid} does not verify this signature: the header or payload was changed after signing, or another key with the same kid signed it.`
            : 'No key verifies this signature: the token was changed after signing, or signed by a key not in this set.',
        };
      } else if (e instanceof errors.JOSENotSupported || e instanceof errors.JOSEAlgNotAllowed) {
        lastError = { ok: false, reason: 'unsupported', title: `Algorithm ${alg} is not supported here`, detail: e.message };
      } else {
        // jose refuses keys it cannot use (an RSA modulus under 2048 bits, a broken key) with a TypeError.
        lastError = { ok: false, reason: 'bad-key', title: 'The key cannot be used', detail: `The key${k.kid ? ` ${k.kid}` : ''} cannot verify ${alg}: ${e instanceof Error ? e.message : String(e)}.` };
      }
    }
  }
  if (lastError) return lastError;
  return { ok: false, reason: 'alg-mismatch', title: 'Algorithm does not fit the key', detail: mismatch ?? `No key fits alg ${alg}.` };
}
