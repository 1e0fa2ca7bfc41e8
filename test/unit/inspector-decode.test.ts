import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { analyze, base64urlIssue, classify, clean } from '../../src-renderer/src/screens/inspector/decode.js';

/* The token inspector's reading of whatever is pasted: every malformed input gets an explanation. */

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const jwt = (h: unknown, p: unknown, sig = 'c2lnbmF0dXJl') => `${b64(h)}.${b64(p)}.${sig}`;
const ACCESS = { ver: 1, jti: 'AT.abc', iss: 'http://127.0.0.1:1/oauth2/aus1', aud: 'api://orders', iat: 1_700_000_000, exp: 1_700_000_600, cid: '0oa1', scp: ['orders:read'], sub: '0oa1' };

describe('a well-formed JWT', () => {
  test('is decoded into header and payload, and taken for an access token', () => {
    const a = analyze(jwt({ kid: 'k1', alg: 'RS256' }, ACCESS));
    expect(a.kind).toBe('jwt');
    if (a.kind !== 'jwt') return;
    expect(a.header).toEqual({ kid: 'k1', alg: 'RS256' });
    expect(a.payload).toEqual(ACCESS);
    expect(a.alg).toBe('RS256');
    expect(a.kid).toBe('k1');
    expect(a.tokenType).toBe('access');
    expect(a.typeReason).toContain('AT.');
    expect(a.unsigned).toBe(false);
    expect(a.notes).toEqual([]);
  });

  test('an ID token is told from an access token', () => {
    const a = analyze(jwt({ alg: 'RS256' }, { sub: '00u1', aud: '0oa1', iss: 'x', nonce: 'n', amr: ['pwd'], iat: 1, exp: 2 }));
    expect(a.kind === 'jwt' && a.tokenType).toBe('id');
    expect(classify({}, { jti: 'ID.x' }).type).toBe('id');
    expect(classify({ typ: 'at+jwt' }, {}).type).toBe('access');
    expect(classify({}, { scope: 'a b', client_id: 'c' }).type).toBe('access');
    expect(classify({}, { sub: 'x' })).toMatchObject({ type: 'jwt', reason: expect.stringContaining('Neither') });
  });

  test('a Bearer prefix, quotes and line breaks are removed, and said', () => {
    const token = jwt({ alg: 'RS256' }, ACCESS);
    const wrapped = `Bearer "${token.slice(0, 30)}\n   ${token.slice(30)}"`;
    const a = analyze(`  ${wrapped}  `);
    expect(a.kind).toBe('jwt');
    expect(a.kind === 'jwt' && a.token).toBe(token);
    const notes = a.kind === 'jwt' ? a.notes.map((n) => n.text).join(' ') : '';
    expect(notes).toContain('Bearer');
    expect(notes).toContain('quotes');
    expect(notes).toContain('lines');
    expect(clean('Authorization: Bearer abc').text).toBe('abc');
  });
});

describe('malformed input is explained, never thrown', () => {
  test('empty input', () => {
    expect(analyze('')).toEqual({ kind: 'empty' });
    expect(analyze('   \n ')).toEqual({ kind: 'empty' });
  });

  test.each([
    [2, 'aaa.bbb', 'two'],
    [4, 'a.b.c.d', 'four'],
    [7, 'a.b.c.d.e.f.g', 'two tokens'],
  ])('%i parts', (n, input, words) => {
    const a = analyze(input);
    expect(a).toMatchObject({ kind: 'malformed', title: `Not a JWT: ${n} parts instead of 3` });
    expect(a.kind === 'malformed' && a.detail).toContain(words);
  });

  test('not base64url: standard base64, padding, a foreign character, an impossible length', () => {
    const p = b64(ACCESS);
    expect(analyze(`eyJhbGc+Oi.${p}.sig`)).toMatchObject({ kind: 'malformed', part: 'header', title: 'Header is not base64url', detail: expect.stringContaining('standard base64') });
    expect(analyze(`${b64({ alg: 'RS256' })}=.${p}.sig`)).toMatchObject({ part: 'header', detail: expect.stringContaining('padding') });
    expect(analyze(`${b64({ alg: 'RS256' })}.${p}$.sig`)).toMatchObject({ part: 'payload', detail: expect.stringContaining('“$”') });
    expect(analyze(`${b64({ alg: 'RS256' })}.${p}.si g`)).toMatchObject({ part: 'signature', detail: expect.stringContaining('a space') });
    expect(base64urlIssue('payload', 'abcde')).toContain('length (5)');
    expect(base64urlIssue('payload', '')).toBe('The payload is empty.');
  });

  test('decodes to something that is not JSON, not UTF-8, or not an object', () => {
    expect(analyze(`${b64('{"alg":"RS256"')}.${b64(ACCESS)}.sig`)).toMatchObject({ kind: 'malformed', part: 'header', title: 'Header is not JSON', detail: expect.stringContaining('{"alg":"RS256"') });
    expect(analyze(`${b64({ alg: 'RS256' })}.${Buffer.from([0xff, 0xfe, 0x80]).toString('base64url')}.s`)).toMatchObject({ part: 'payload', title: 'Payload is not text' });
    expect(analyze(`${b64({ alg: 'RS256' })}.${b64([1, 2])}.s`)).toMatchObject({ part: 'payload', title: 'Payload is not a JSON object' });
    expect(analyze(`${b64({ alg: 'RS256' })}.${b64('42')}.s`)).toMatchObject({ title: 'Payload is not a JSON object' });
  });

  test('alg none is decoded but marked unsigned, with or without a signature part', () => {
    const a = analyze(`${b64({ alg: 'none' })}.${b64(ACCESS)}.`);
    expect(a).toMatchObject({ kind: 'jwt', unsigned: true });
    expect(a.kind === 'jwt' && a.notes[0]).toMatchObject({ tone: 'bad', text: expect.stringContaining('Unsigned token (alg: none)') });
    const b = analyze(`${b64({ alg: 'None' })}.${b64(ACCESS)}.abc`);
    expect(b.kind === 'jwt' && b.notes.map((n) => n.text).join(' ')).toContain('carries a signature part');
  });

  test('a header without alg, an empty signature, enc, crit and jku are each named', () => {
    const texts = (input: string) => {
      const a = analyze(input);
      return a.kind === 'jwt' ? a.notes.map((n) => n.text).join(' | ') : `not a jwt: ${a.kind}`;
    };
    expect(texts(`${b64({ typ: 'JWT' })}.${b64(ACCESS)}.sig`)).toContain('no “alg”');
    expect(texts(`${b64({ alg: 5 })}.${b64(ACCESS)}.sig`)).toContain('not a string');
    expect(texts(`${b64({ alg: 'RS256' })}.${b64(ACCESS)}.`)).toContain('signature part is empty');
    expect(texts(`${b64({ alg: 'RS256', enc: 'A256GCM' })}.${b64(ACCESS)}.sig`)).toContain('“enc”');
    expect(texts(`${b64({ alg: 'RS256', crit: ['exp'] })}.${b64(ACCESS)}.sig`)).toContain('critical');
    expect(texts(`${b64({ alg: 'RS256', jku: 'https://evil.example/keys' })}.${b64(ACCESS)}.sig`)).toContain('jku');
  });

  test('claims of the wrong type are named: times as strings or milliseconds, aud, iss', () => {
    const a = analyze(jwt({ alg: 'RS256' }, { exp: '2030-01-01', iat: 1_700_000_000_000, aud: 5, iss: 7, scp: 'a b' }));
    const t = a.kind === 'jwt' ? a.notes.map((n) => n.text).join(' | ') : '';
    expect(t).toContain('“exp” is "2030-01-01"');
    expect(t).toContain('milliseconds');
    expect(t).toContain('“aud” must be');
    expect(t).toContain('“iss” must be');
    expect(t).toContain('“scp”');
  });

  test('a JWE (five parts) is recognised, its header read', () => {
    const a = analyze(`${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })}.key.iv.cipher.tag`);
    expect(a).toMatchObject({ kind: 'jwe', header: { alg: 'RSA-OAEP-256', enc: 'A256GCM' } });
    expect(analyze('x.y.z.w.v')).toMatchObject({ kind: 'jwe', header: undefined });
  });

  test('one part: an opaque token, one part of a JWT alone, or not a token at all', () => {
    const refresh = Buffer.alloc(32, 7).toString('base64url');
    expect(analyze(refresh)).toMatchObject({ kind: 'opaque', token: refresh });
    expect(analyze(b64(ACCESS))).toMatchObject({ kind: 'malformed', title: 'Only one part of a JWT', detail: expect.stringContaining('payload') });
    expect(analyze(b64({ alg: 'RS256', kid: 'k' }))).toMatchObject({ detail: expect.stringContaining('header') });
    expect(analyze('hello world')).toMatchObject({ kind: 'malformed', title: 'Not a token', detail: expect.stringContaining('a space at position 6') });
    expect(analyze('tök')).toMatchObject({ kind: 'malformed', detail: expect.stringContaining('“ö”') });
  });

  test('JSON: a token response offers its tokens; an error response, decoded claims and other JSON are explained', () => {
    expect(analyze(JSON.stringify({ token_type: 'Bearer', access_token: 'a.b.c', id_token: 'd.e.f', refresh_token: 'r' }))).toEqual({
      kind: 'response',
      tokens: [{ field: 'access_token', value: 'a.b.c' }, { field: 'id_token', value: 'd.e.f' }, { field: 'refresh_token', value: 'r' }],
      notes: [],
    });
    expect(analyze('{"error":"invalid_grant","error_description":"The code is bad."}')).toMatchObject({ title: 'An error response, not a token', detail: expect.stringContaining('The code is bad.') });
    expect(analyze(JSON.stringify(ACCESS))).toMatchObject({ title: 'Decoded JSON, not a token' });
    expect(analyze('{"a":1}')).toMatchObject({ title: 'JSON, not a token' });
    expect(analyze('[1,2]')).toMatchObject({ title: 'JSON, not a token' });
    expect(analyze('{"access_token": ')).toMatchObject({ kind: 'malformed', title: 'Not a token', detail: expect.stringContaining('not valid JSON') });
  });

  test('nothing anyone types makes it throw', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof analyze(s).kind === 'string'));
    fc.assert(fc.property(fc.array(fc.string({ unit: fc.constantFrom('e', 'y', 'J', '.', '-', '_', '=', '+', '{', 'A', '0', ' ', '\n') }), { maxLength: 8 }), (xs) => typeof analyze(xs.join('')).kind === 'string'));
  });
});
