/*
 * Reading whatever a tester pastes: a JWT, an encrypted JWT, an opaque token, a token endpoint
 * response, or something that is none of these. Pure functions, no I/O; every way the input can be
 * wrong ends in an explanation in words, never an exception.
 */

export type PartName = 'header' | 'payload' | 'signature';
export type JwtType = 'access' | 'id' | 'jwt';

export interface Note {
  tone: 'info' | 'warn' | 'bad';
  text: string;
}

export type Json = Record<string, unknown>;

export type Analysis =
  | { kind: 'empty' }
  | {
      kind: 'jwt';
      token: string;
      parts: [string, string, string];
      header: Json;
      payload: Json;
      alg?: string;
      kid?: string;
      tokenType: JwtType;
      /** Why the token was taken for an access token, an ID token, or neither. */
      typeReason: string;
      unsigned: boolean;
      notes: Note[];
    }
  | { kind: 'jwe'; token: string; header?: Json; notes: Note[] }
  | { kind: 'opaque'; token: string; notes: Note[] }
  | { kind: 'response'; tokens: { field: string; value: string }[]; notes: Note[] }
  | { kind: 'malformed'; title: string; detail: string; part?: PartName; notes: Note[] };

const B64URL = /^[A-Za-z0-9_-]*$/;
/** RFC 6750's b64token: what an opaque bearer token may contain. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The input as a token: surrounding space, quotes, a `Bearer ` prefix and line breaks removed, each said. */
export function clean(input: string): { text: string; notes: Note[] } {
  const notes: Note[] = [];
  let t = input.trim();
  const bearer = /^(bearer|authorization:\s*bearer)\s+/i.exec(t);
  if (bearer) {
    t = t.slice(bearer[0].length).trim();
    notes.push({ tone: 'info', text: 'Removed the “Bearer ” prefix: the token is what follows it.' });
  }
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    t = t.slice(1, -1).trim();
    notes.push({ tone: 'info', text: 'Removed the quotes around the token.' });
  }
  if (!t.startsWith('{') && /[\r\n]/.test(t)) {
    // A token wrapped over lines is joined; spaces within a line are left for the checks to name.
    t = t.replace(/[ \t]*[\r\n]+[ \t]*/g, '');
    notes.push({ tone: 'info', text: 'Joined the lines: the token was broken over several lines, and a token never contains line breaks.' });
  }
  return { text: t, notes };
}

export function analyze(input: string): Analysis {
  const { text, notes } = clean(input);
  if (!text) return { kind: 'empty' };
  if (text.startsWith('{') || text.startsWith('[')) return analyzeJson(text, notes);

  const parts = text.split('.');
  if (parts.length === 1) return analyzeSingle(text, notes);
  if (parts.length === 5) return analyzeJwe(text, parts, notes);
  if (parts.length !== 3) {
    const detail =
      parts.length === 2
        ? 'A JWT has three parts separated by dots: header.payload.signature. This one has two, so a part is missing (the signature, if it was cut off while copying).'
        : parts.length === 4
          ? 'A JWT has three parts separated by dots (header.payload.signature) and an encrypted JWT (JWE) has five. This one has four: part of the token is missing or two tokens were pasted together.'
          : `A JWT has three parts separated by dots (header.payload.signature) and an encrypted JWT (JWE) has five. This one has ${parts.length}: two tokens may have been pasted together.`;
    return { kind: 'malformed', title: `Not a JWT: ${parts.length} parts instead of 3`, detail, notes };
  }
  return analyzeJws(text, parts as [string, string, string], notes);
}

function analyzeJson(text: string, notes: Note[]): Analysis {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'malformed', title: 'Not a token', detail: `This starts like JSON but is not valid JSON (${jsonMessage(e)}). A token is a string such as eyJhbGciOi…, or an opaque string.`, notes };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Json;
    const tokens = ['access_token', 'id_token', 'refresh_token', 'device_secret', 'issued_token']
      .filter((f) => typeof obj[f] === 'string' && obj[f])
      .map((f) => ({ field: f, value: obj[f] as string }));
    if (tokens.length) return { kind: 'response', tokens, notes };
    if (typeof obj.error === 'string') {
      return { kind: 'malformed', title: 'An error response, not a token', detail: `This is an OAuth error response: ${obj.error}${typeof obj.error_description === 'string' ? ` (“${obj.error_description}”)` : ''}. There is no token in it.`, notes };
    }
    if ('alg' in obj || 'kid' in obj || 'iss' in obj || 'sub' in obj) {
      return { kind: 'malformed', title: 'Decoded JSON, not a token', detail: 'This is the JSON of a header or a payload, already decoded. Paste the token itself: three base64url parts joined by dots.', notes };
    }
  }
  return { kind: 'malformed', title: 'JSON, not a token', detail: 'This is JSON without an access_token, id_token or refresh_token in it. Paste a token, or a token endpoint response that contains one.', notes };
}

function analyzeSingle(text: string, notes: Note[]): Analysis {
  if (!B64TOKEN.test(text)) {
    const i = [...text].findIndex((c) => !/[A-Za-z0-9\-._~+/=]/.test(c));
    const ch = [...text][i] ?? '';
    return {
      kind: 'malformed',
      title: 'Not a token',
      detail: `Tokens are made of letters, digits and - . _ ~ + / = only; this has ${describeChar(ch)} at position ${i + 1}. Paste a JWT (eyJ…) or an opaque token.`,
      notes,
    };
  }
  if (B64URL.test(text) && text.length >= 8) {
    const decoded = tryJsonPart(text);
    if (decoded) {
      const which = 'alg' in decoded ? 'header' : 'payload';
      return { kind: 'malformed', title: 'Only one part of a JWT', detail: `This decodes to a JSON object, the ${which} of a JWT on its own. Paste the whole token: header.payload.signature.`, notes };
    }
  }
  return { kind: 'opaque', token: text, notes };
}

function analyzeJwe(text: string, parts: string[], notes: Note[]): Analysis {
  const header = tryJsonPart(parts[0]!);
  return { kind: 'jwe', token: text, header, notes };
}

function analyzeJws(text: string, parts: [string, string, string], notes: Note[]): Analysis {
  const header = decodeJsonPart('header', parts[0]);
  if ('error' in header) return { kind: 'malformed', title: header.title, detail: header.error, part: 'header', notes };
  const payload = decodeJsonPart('payload', parts[1]);
  if ('error' in payload) return { kind: 'malformed', title: payload.title, detail: payload.error, part: 'payload', notes };
  const sigIssue = base64urlIssue('signature', parts[2]);
  if (sigIssue && parts[2] !== '') return { kind: 'malformed', title: 'The signature is not base64url', detail: sigIssue, part: 'signature', notes };

  const h = header.value;
  const p = payload.value;
  const out: Note[] = [...notes];
  const alg = typeof h.alg === 'string' ? h.alg : undefined;
  const kid = typeof h.kid === 'string' ? h.kid : undefined;
  const unsigned = alg?.toLowerCase() === 'none';
  if (h.alg === undefined) out.push({ tone: 'bad', text: 'The header has no “alg”: a signed JWT must say which algorithm signed it, so no verifier can check this one.' });
  else if (alg === undefined) out.push({ tone: 'bad', text: `The header's “alg” is ${JSON.stringify(h.alg)}, not a string: no verifier can check this token.` });
  if (unsigned) {
    out.push({ tone: 'bad', text: 'Unsigned token (alg: none): anyone can write one, so a verifier must never accept it. Gatehouse never mints unsigned tokens.' });
    if (parts[2]) out.push({ tone: 'bad', text: 'It says alg: none yet carries a signature part, which is not allowed either.' });
  } else if (alg && parts[2] === '') {
    out.push({ tone: 'bad', text: `The signature part is empty, although the header says it was signed with ${alg}: the signature was cut off or removed.` });
  }
  if (typeof h.enc === 'string') out.push({ tone: 'warn', text: `The header has “enc” (${h.enc}), which belongs to encrypted tokens (JWE, five parts), not to a signed one.` });
  if (Array.isArray(h.crit) && h.crit.length) out.push({ tone: 'warn', text: `The header marks ${h.crit.map(String).join(', ')} as critical: a verifier that does not understand them must reject the token.` });
  if (typeof h.jku === 'string' || typeof h.x5u === 'string') out.push({ tone: 'warn', text: 'The header points at a key by URL (jku or x5u). A verifier must not fetch keys from a URL the token itself names; the inspector does not.' });
  out.push(...claimTypeNotes(p));

  const { type, reason } = classify(h, p);
  return { kind: 'jwt', token: text, parts, header: h, payload: p, alg, kid, tokenType: type, typeReason: reason, unsigned, notes: out };
}

/** Access token, ID token, or a JWT of another kind, and why. */
export function classify(header: Json, payload: Json): { type: JwtType; reason: string } {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  const jti = typeof payload.jti === 'string' ? payload.jti : '';
  if (typ === 'at+jwt' || typ === 'application/at+jwt') return { type: 'access', reason: `Its header says typ: ${String(header.typ)} (RFC 9068 access token).` };
  if (jti.startsWith('AT.')) return { type: 'access', reason: 'Its jti starts with “AT.”, as Okta marks access tokens.' };
  if (jti.startsWith('ID.')) return { type: 'id', reason: 'Its jti starts with “ID.”, as Okta marks ID tokens.' };
  if ('scp' in payload || 'cid' in payload) return { type: 'access', reason: 'It carries scp (granted scopes) and cid (the client), as access tokens do.' };
  if ('scope' in payload && 'client_id' in payload) return { type: 'access', reason: 'It carries scope and client_id, as RFC 9068 access tokens do.' };
  const idMarks = ['nonce', 'at_hash', 'c_hash', 'amr', 'auth_time', 'azp'].filter((k) => k in payload);
  if (idMarks.length) return { type: 'id', reason: `It carries ${idMarks.join(', ')} and no scopes, as ID tokens do.` };
  return { type: 'jwt', reason: 'Neither an access token (no scp, cid or AT. jti) nor an ID token (no nonce, amr, auth_time or ID. jti).' };
}

const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time'];

function claimTypeNotes(p: Json): Note[] {
  const notes: Note[] = [];
  for (const k of TIME_CLAIMS) {
    if (!(k in p)) continue;
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      notes.push({ tone: 'bad', text: `“${k}” is ${JSON.stringify(v)}: it must be a number of seconds since 1970 (a NumericDate), so verifiers will reject the token.` });
    } else if (v > 1e11) {
      notes.push({ tone: 'warn', text: `“${k}” is ${v}, which reads as a date thousands of years away: it looks like milliseconds, but JWT times are in seconds.` });
    }
  }
  if ('aud' in p && typeof p.aud !== 'string' && !(Array.isArray(p.aud) && p.aud.every((a) => typeof a === 'string'))) {
    notes.push({ tone: 'bad', text: '“aud” must be a string or an array of strings.' });
  }
  if ('iss' in p && typeof p.iss !== 'string') notes.push({ tone: 'bad', text: '“iss” must be a string (the issuer URL).' });
  if ('scp' in p && !Array.isArray(p.scp)) notes.push({ tone: 'warn', text: '“scp” is usually an array of scope names; here it is not.' });
  return notes;
}

/** Why `s` is not base64url, in words, or undefined when it is. */
export function base64urlIssue(part: PartName, s: string): string | undefined {
  if (s === '') return `The ${part} is empty.`;
  if (!B64URL.test(s)) {
    const i = [...s].findIndex((c) => !/[A-Za-z0-9_-]/.test(c));
    const ch = [...s][i] ?? '';
    if (ch === '=') return `The ${part} ends with “=” padding. JWTs use base64url without padding (RFC 7515): the token was encoded with the wrong function or altered.`;
    if (ch === '+' || ch === '/') return `The ${part} contains “${ch}” at position ${i + 1}: that is standard base64. JWTs use base64url, which writes “-” and “_” instead.`;
    return `The ${part} is not base64url: it contains ${describeChar(ch)} at position ${i + 1}. Only letters, digits, “-” and “_” may appear.`;
  }
  if (s.length % 4 === 1) return `The ${part} has a length (${s.length}) that no base64url encoding produces: a character is missing or extra.`;
  return undefined;
}

export function base64urlToBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function decodeJsonPart(part: 'header' | 'payload', s: string): { value: Json } | { title: string; error: string } {
  const Part = part === 'header' ? 'Header' : 'Payload';
  const issue = base64urlIssue(part, s);
  if (issue) return { title: `${Part} is not base64url`, error: issue };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64urlToBytes(s));
  } catch {
    return { title: `${Part} is not text`, error: `The ${part} decodes to bytes that are not UTF-8 text, so it cannot be JSON. The token is damaged or is not a JWT.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { title: `${Part} is not JSON`, error: `The ${part} decodes to “${snippet(text)}”, which is not JSON (${jsonMessage(e)}).` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { title: `${Part} is not a JSON object`, error: `The ${part} decodes to ${snippet(JSON.stringify(value))}; a JWT's ${part} must be a JSON object ({ … }).` };
  }
  return { value: value as Json };
}

function tryJsonPart(s: string): Json | undefined {
  const r = decodeJsonPart('header', s);
  return 'value' in r ? r.value : undefined;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

function jsonMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^JSON\.parse: /, '');
}

function describeChar(ch: string): string {
  if (ch === ' ') return 'a space';
  if (ch === '\t') return 'a tab';
  return `“${ch}”`;
}
