import type { Claim, Scope } from '../../api/types';
import { CLAIMS, scopeGlossary, type GlossaryEntry } from './claims-glossary';
import type { Json, JwtType } from './decode';

/*
 * What a decoded token says, checked and explained against an authorization server of this
 * workspace: issuer and audience, times, and each claim (its definition when the server has one,
 * else its standard meaning). Pure functions; `now` is passed in.
 */

/** An authorization server as the inspector compares tokens with it. `id: null` is the org server. */
export interface ServerRef {
  id: string | null;
  name: string;
  issuer: string;
  /** What access tokens' `aud` must be: the custom server's audiences, or the org URL. */
  audiences: string[];
  status?: string;
}

export interface AppRef {
  id: string;
  label: string;
  clientId: string;
}

export interface Check {
  status: 'ok' | 'bad' | 'warn' | 'info';
  title: string;
  detail?: string;
}

export const SKEW_SECONDS = 60;

/** "in 14 min", "3 min ago", "in 2 h 5 min", "4 days ago". */
export function relative(seconds: number, nowSeconds: number): string {
  const d = Math.round(seconds - nowSeconds);
  const a = Math.abs(d);
  let text: string;
  if (a < 60) text = `${a} s`;
  else if (a < 3600) text = `${Math.round(a / 60)} min`;
  else if (a < 86400) {
    const h = Math.floor(a / 3600);
    const m = Math.round((a % 3600) / 60);
    text = m ? `${h} h ${m} min` : `${h} h`;
  } else {
    const days = Math.round(a / 86400);
    text = days === 1 ? '1 day' : `${days} days`;
  }
  // Clocks a few seconds apart should not make a token minted just now read "in 1 s".
  if (Math.abs(d) < 5) return 'now';
  return d > 0 ? `in ${text}` : `${text} ago`;
}

export function localDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return 'not a date';
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

export function isTimeClaim(name: string, value: unknown): value is number {
  return TIME_CLAIMS.has(name) && typeof value === 'number' && Number.isFinite(value) && value < 1e11;
}

/** exp, nbf and iat against the clock, in words. */
export function checkTimes(p: Json, now: number): Check[] {
  const out: Check[] = [];
  const num = (k: string) => (typeof p[k] === 'number' && Number.isFinite(p[k]) ? (p[k] as number) : undefined);
  const exp = num('exp');
  const nbf = num('nbf');
  const iat = num('iat');
  if (exp === undefined) {
    out.push('exp' in p ? { status: 'bad', title: 'Expiry unreadable', detail: '“exp” is not a number of seconds.' } : { status: 'warn', title: 'Never expires', detail: 'There is no “exp”: the token is valid forever, which APIs should refuse.' });
  } else if (exp <= now) {
    out.push({ status: 'bad', title: `Expired ${relative(exp, now)}`, detail: `It expired at ${localDate(exp)}.` });
  } else {
    const left = relative(exp, now);
    out.push({ status: left === 'now' ? 'warn' : 'ok', title: left === 'now' ? 'Expires in a few seconds' : `Valid for another ${left.replace(/^in /, '')}`, detail: `It expires at ${localDate(exp)}.` });
  }
  if (nbf !== undefined && nbf > now) out.push({ status: 'bad', title: `Not valid yet: usable ${relative(nbf, now)}`, detail: `“nbf” is ${localDate(nbf)}.` });
  if (iat !== undefined && iat > now + SKEW_SECONDS) out.push({ status: 'warn', title: `Issued in the future (${relative(iat, now)})`, detail: "“iat” is later than this computer's clock: the clocks disagree or the token was made by hand." });
  if (exp !== undefined && iat !== undefined && exp > iat) {
    out.push({ status: 'info', title: `Lifetime ${relative(exp, iat).replace(/^in /, '')}`, detail: `From issue (${localDate(iat)}) to expiry.` });
  }
  return out;
}

/** The server whose issuer is the token's `iss`. */
export function serverForIssuer(iss: unknown, servers: ServerRef[]): ServerRef | undefined {
  if (typeof iss !== 'string') return undefined;
  return servers.find((s) => s.issuer === iss);
}

export function checkIssuer(p: Json, server: ServerRef, servers: ServerRef[]): Check {
  const iss = p.iss;
  if (typeof iss !== 'string') return { status: 'bad', title: 'No issuer', detail: `The token has no “iss”, so nothing says which server minted it; ${server.name} expects ${server.issuer}.` };
  if (iss === server.issuer) return { status: 'ok', title: `Issuer matches ${server.name}`, detail: `iss is ${iss}.` };
  const other = serverForIssuer(iss, servers);
  if (other) return { status: 'bad', title: `Issued by ${other.name}, not ${server.name}`, detail: `iss is ${iss}; ${server.name} issues ${server.issuer}. A verifier configured for ${server.name} rejects it.` };
  if (iss.replace(/\/+$/, '') === server.issuer.replace(/\/+$/, '')) {
    return { status: 'bad', title: 'Issuer differs by a trailing slash', detail: `iss is ${iss}, ${server.name} issues ${server.issuer}. Issuers are compared exactly, so this fails.` };
  }
  return { status: 'bad', title: 'Issuer is not this workspace', detail: `iss is ${iss}; no authorization server of this workspace issues it (${server.name} issues ${server.issuer}).` };
}

function audList(aud: unknown): string[] {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

export function checkAudience(p: Json, type: JwtType, server: ServerRef, apps: AppRef[]): Check {
  const auds = audList(p.aud);
  if (!auds.length) return { status: 'bad', title: 'No audience', detail: 'The token has no “aud”: it does not say whom it is for, and recipients must reject it.' };
  const shown = auds.join(', ');
  const app = apps.find((a) => auds.includes(a.clientId));
  const forServer = auds.find((a) => server.audiences.includes(a));
  if (type === 'id') {
    if (app) return { status: 'ok', title: `Audience is the client “${app.label}”`, detail: `aud is ${shown}, the client id of ${app.label}: an ID token is for the client that signed the user in, not for an API.` };
    return { status: 'bad', title: 'Audience is not a client of this workspace', detail: `aud is ${shown}; an ID token's audience is the client id of the app that asked for it, and no app here has it.` };
  }
  if (forServer) return { status: 'ok', title: `Audience matches ${server.name}`, detail: `aud is ${shown}, the audience ${server.name} puts in its access tokens.` };
  if (type === 'jwt' && app) return { status: 'info', title: `Audience is the client “${app.label}”`, detail: `aud is ${shown}: a token for a client, like an ID token.` };
  return { status: 'bad', title: `Audience is not ${server.name}'s`, detail: `aud is ${shown}; ${server.name}'s access tokens carry ${server.audiences.join(', ') || '(no audience)'}. An API that expects that audience rejects this token.` };
}

/** What a claim's value means and where it came from. */
export type Meaning =
  | { kind: 'definition'; claim: Claim; condition: string; granted?: boolean; standard?: GlossaryEntry }
  | { kind: 'glossary'; entry: GlossaryEntry; inactive?: Claim }
  | { kind: 'unknown'; inactive?: Claim };

export interface ClaimRow {
  name: string;
  value: unknown;
  meaning: Meaning;
  /** A time claim: the date and how far it is. */
  time?: { date: string; relative: string };
  /** A word about this value in particular (which app a client id is, what a scope means). */
  about?: string;
  scopes?: { name: string; description?: string }[];
}

export function groupFilterWords(c: Claim): string {
  const how: Record<string, string> = { STARTS_WITH: 'start with', EQUALS: 'equal', CONTAINS: 'contain', REGEX: 'match the regular expression' };
  return `the user's groups whose names ${how[c.group_filter_type ?? 'STARTS_WITH'] ?? 'match'} “${c.value}”`;
}

function conditionWords(c: Claim, granted: string[] | undefined): { condition: string; granted?: boolean } {
  const scopes = c.conditions?.scopes ?? [];
  if (!scopes.length) return { condition: 'Included whatever scopes are granted.' };
  const hit = granted?.filter((s) => scopes.includes(s)) ?? [];
  return {
    condition: `Included when any of ${scopes.join(', ')} is granted${granted ? (hit.length ? ` (here: ${hit.join(', ')})` : ' (none is granted here)') : ''}.`,
    granted: granted ? hit.length > 0 : undefined,
  };
}

/** Each claim of the payload, explained; server definitions win over the glossary. */
export function explainClaims(p: Json, type: JwtType, now: number, defs: Claim[] = [], scopes: Scope[] = [], apps: AppRef[] = []): ClaimRow[] {
  const granted = Array.isArray(p.scp) ? p.scp.filter((s): s is string => typeof s === 'string') : typeof p.scope === 'string' ? p.scope.split(' ').filter(Boolean) : undefined;
  const wanted = type === 'access' ? ['RESOURCE'] : type === 'id' ? ['IDENTITY'] : ['RESOURCE', 'IDENTITY'];
  return Object.entries(p).map(([name, value]) => {
    const matching = defs.filter((d) => d.name === name && wanted.includes(d.claimType));
    const active = matching.find((d) => d.status === 'ACTIVE');
    const inactive = active ? undefined : matching.find((d) => d.status !== 'ACTIVE');
    const entry = CLAIMS[name];
    let meaning: Meaning;
    if (active) meaning = { kind: 'definition', claim: active, ...conditionWords(active, granted), standard: entry };
    else if (entry) meaning = { kind: 'glossary', entry, inactive };
    else meaning = { kind: 'unknown', inactive };
    const row: ClaimRow = { name, value, meaning };
    if (isTimeClaim(name, value)) row.time = { date: localDate(value), relative: relative(value, now) };
    if ((name === 'cid' || name === 'client_id' || name === 'azp' || (name === 'aud' && type !== 'access') || (name === 'sub' && !('uid' in p) && type === 'access')) && typeof value === 'string') {
      const app = apps.find((a) => a.clientId === value);
      if (app) row.about = `The client id of “${app.label}”.`;
    }
    if ((name === 'scp' || name === 'scope') && granted) {
      row.scopes = granted.map((s) => ({ name: s, description: scopeDescription(s, scopes) }));
    }
    return row;
  });
}

export function scopeDescription(name: string, scopes: Scope[]): string | undefined {
  const s = scopes.find((x) => x.name === name);
  return s?.description || s?.displayName || scopeGlossary(name);
}

/** The expression or filter that produced a defined claim, in one line. */
export function definitionWords(c: Claim): string {
  if (c.valueType === 'GROUPS') return groupFilterWords(c);
  return c.value;
}
