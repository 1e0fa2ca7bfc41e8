import { randomBytes, randomInt } from 'node:crypto';

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
} as const;

export type IdKind = keyof typeof ID_PREFIX;

function base62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

export function newId(kind: IdKind): string {
  return ID_PREFIX[kind] + base62(17);
}

/**
 * Client secrets and tokens: base64url only (`A-Z a-z 0-9 - _`), so URL-encoded and raw HTTP Basic
 * credentials decode the same (client-compat.md: authlib does not URL-encode).
 */
export function randomSecret(bytes = 30): string {
  return randomBytes(bytes).toString('base64url');
}
