import { generateKeyPair as generateKeyPairCb } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { link } from '../admin/http.js';

const generateKeyPair = promisify(generateKeyPairCb);

export type KeyStatus = 'ACTIVE' | 'NEXT' | 'EXPIRED' | 'RETIRED';

/** An RS256 signing key. `RETIRED` keys are older than the last EXPIRED one: kept to verify old tokens, not published. */
export interface SigningKey {
  kid: string;
  authServerId: string | null;
  status: KeyStatus;
  created: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export type NewKey = Pick<SigningKey, 'kid' | 'publicJwk' | 'privateJwk'>;

/** Generates an RSA-2048 key off the event loop; its `kid` is the JWK thumbprint (43 base64url chars, as Okta's). */
export async function generateSigningKey(): Promise<NewKey> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const pub = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(pub, 'sha256');
  const common = { kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    publicJwk: { kty: 'RSA', ...common, e: pub.e, n: pub.n },
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...common },
  };
}

/** The public JWK as published in `/keys` (no status). */
export function publicJwk(k: SigningKey): JWK {
  return { kty: 'RSA', alg: 'RS256', kid: k.kid, use: 'sig', e: k.publicJwk.e, n: k.publicJwk.n };
}

export function keyToWire(k: SigningKey, org: string) {
  return {
    status: k.status,
    alg: 'RS256',
    e: k.publicJwk.e,
    n: k.publicJwk.n,
    kid: k.kid,
    kty: 'RSA',
    use: 'sig',
    _links: { self: link(`${org}/api/v1/authorizationServers/${k.authServerId}/credentials/keys/${k.kid}`, 'GET') },
  };
}

/** Key statuses shown in the admin API and published in JWKS, in Okta's order. */
export const PUBLISHED_STATUSES: KeyStatus[] = ['ACTIVE', 'NEXT', 'EXPIRED'];

const ORG_ACCESS_TOKEN_KEY = 'orgAccessTokenKey';

/**
 * The org authorization server signs its access tokens with a key it never publishes: they are
 * for Okta's own APIs, and apps must treat them as opaque (reference §3.4). Made once per workspace.
 */
export async function ensureOrgAccessTokenKey(settings: { get(k: string): string | undefined; set(k: string, v: string): void }, now: string): Promise<void> {
  if (settings.get(ORG_ACCESS_TOKEN_KEY)) return;
  settings.set(ORG_ACCESS_TOKEN_KEY, JSON.stringify({ ...(await generateSigningKey()), created: now }));
}

export function readOrgAccessTokenKey(settings: { get(k: string): string | undefined }): SigningKey | undefined {
  const raw = settings.get(ORG_ACCESS_TOKEN_KEY);
  if (!raw) return undefined;
  const k = JSON.parse(raw) as NewKey & { created: string };
  return { ...k, authServerId: null, status: 'ACTIVE' };
}
