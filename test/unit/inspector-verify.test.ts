import { beforeAll, describe, expect, test } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { jwksFromJson, parseJwks, verifySignature, type Jwks } from '../../src-renderer/src/screens/inspector/verify.js';
import { analyze } from '../../src-renderer/src/screens/inspector/decode.js';

/* Signature verification as the inspector runs it (jose, in the renderer): which kid verified it, or why not. */

let rsa: JWK;
let otherRsa: JWK;
let ec: JWK;
let token: string;
let ecToken: string;

const header = (t: string) => {
  const a = analyze(t);
  if (a.kind !== 'jwt') throw new Error('not a jwt');
  return a.header;
};

beforeAll(async () => {
  const a = await generateKeyPair('RS256', { extractable: true });
  const b = await generateKeyPair('RS256', { extractable: true });
  const e = await generateKeyPair('ES256', { extractable: true });
  rsa = { ...(await exportJWK(a.publicKey)), kid: 'k-active', alg: 'RS256', use: 'sig' };
  otherRsa = { ...(await exportJWK(b.publicKey)), kid: 'k-next', alg: 'RS256', use: 'sig' };
  ec = { ...(await exportJWK(e.publicKey)), kid: 'k-ec' };
  token = await new SignJWT({ scp: ['orders:read'] }).setProtectedHeader({ alg: 'RS256', kid: 'k-active' }).setIssuer('http://x').setExpirationTime('10m').sign(a.privateKey);
  ecToken = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(e.privateKey);
});

const set = (...keys: JWK[]): Jwks => ({ keys });

describe('verifySignature', () => {
  test('names the kid that verified the token, among several keys', async () => {
    expect(await verifySignature(token, header(token), set(otherRsa, rsa), 'The keys')).toEqual({ ok: true, kid: 'k-active', alg: 'RS256', keyIndex: 1 });
  });

  test('a token without kid is tried against every signing key of the right type', async () => {
    expect(await verifySignature(ecToken, header(ecToken), set(rsa, ec), 'The keys')).toMatchObject({ ok: true, kid: 'k-ec', alg: 'ES256' });
  });

  test('no key with that kid: says which kids there are', async () => {
    const r = await verifySignature(token, header(token), set(otherRsa), "Orders API's keys");
    expect(r).toMatchObject({ ok: false, reason: 'no-kid-match', title: 'No key with kid k-active' });
    expect(!r.ok && r.detail).toContain('Its keys: k-next');
  });

  test('a changed payload is a bad signature', async () => {
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.scp = ['orders:admin'];
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    expect(await verifySignature(forged, header(forged), set(rsa), 'The keys')).toMatchObject({ ok: false, reason: 'bad-signature', title: 'Bad signature', detail: expect.stringContaining('changed after signing') });
  });

  test('the same kid on another key: bad signature', async () => {
    expect(await verifySignature(token, header(token), set({ ...otherRsa, kid: 'k-active' }), 'The keys')).toMatchObject({ reason: 'bad-signature' });
  });

  test('alg mismatch: the key says RS256, the token says RS512 (or PS256 on an EC key)', async () => {
    const h = { ...header(token), alg: 'RS512' };
    const r = await verifySignature(token, h, set(rsa), 'The keys');
    expect(r).toMatchObject({ ok: false, reason: 'alg-mismatch' });
    expect(!r.ok && r.detail).toContain('the key k-active is for RS256');
    const onEc = await verifySignature(token, { alg: 'PS256', kid: 'k-ec' }, set(ec), 'The keys');
    expect(onEc).toMatchObject({ reason: 'alg-mismatch', detail: expect.stringContaining('needs an RSA key') });
  });

  test('HMAC, alg none, no alg and an empty key set are explained', async () => {
    expect(await verifySignature(token, { alg: 'HS256', kid: 'k-active' }, set(rsa), 'x')).toMatchObject({ reason: 'symmetric', detail: expect.stringContaining('never published') });
    expect(await verifySignature(token, { alg: 'none' }, set(rsa), 'x')).toMatchObject({ reason: 'unsigned' });
    expect(await verifySignature(token, {}, set(rsa), 'x')).toMatchObject({ reason: 'no-alg' });
    expect(await verifySignature(token, header(token), set(), 'The pasted JWKS')).toMatchObject({ reason: 'no-keys', detail: 'The pasted JWKS has no keys.' });
    expect(await verifySignature(token, { alg: 'RS256' }, set({ ...rsa, use: 'enc' }), 'x')).toMatchObject({ reason: 'no-keys', detail: expect.stringContaining('encryption') });
  });

  test('a damaged key is named, not thrown', async () => {
    const r = await verifySignature(token, header(token), set({ kty: 'RSA', kid: 'k-active', alg: 'RS256', n: '', e: '' }), 'x');
    expect(r).toMatchObject({ ok: false, reason: 'bad-key', title: 'The key cannot be used' });
  });
});

describe('a pasted JWKS', () => {
  test('is read as a set, or as one key', () => {
    expect(parseJwks(JSON.stringify({ keys: [rsa] }))).toEqual({ jwks: { keys: [rsa] }, notes: [] });
    const one = parseJwks(JSON.stringify(rsa));
    expect('jwks' in one && one.jwks.keys).toHaveLength(1);
    expect('notes' in one && one.notes[0]).toContain('single key');
  });

  test('every way it can be wrong is said', () => {
    expect(parseJwks('  ')).toMatchObject({ error: expect.stringContaining('Paste a JWKS') });
    expect(parseJwks('{"keys": [')).toMatchObject({ error: expect.stringContaining('not JSON') });
    expect(parseJwks('[1]')).toMatchObject({ error: 'A JWKS is a JSON object with a “keys” array.' });
    expect(parseJwks('{"foo": 1}')).toMatchObject({ error: expect.stringContaining('no “keys” array') });
    expect(parseJwks('{"keys": []}')).toMatchObject({ error: expect.stringContaining('empty') });
    expect(parseJwks('{"keys": [{"kid": "a"}]}')).toMatchObject({ error: 'Key 1 has no “kty” (key type): every JWK needs one, e.g. "RSA" or "EC".' });
    const priv = jwksFromJson({ keys: [{ ...rsa, d: 'secret' }] });
    expect('notes' in priv && priv.notes[0]).toContain('private key material');
  });
});
