import type { Claim } from '../authz/claims.js';
import { OAuthErrors, type OAuthFailure } from './errors.js';
import { compileJavaRegex, regexMatchesWhole } from '../expression/index.js';
import { RESERVED_CLAIM_NAMES } from '../authz/claims.js';
import type { ClientModel, Granted, ServerModel, SubjectModel } from './types.js';

/*
 * Building token claims from the server's claim definitions (reference §3.2, §3.3, §6). Pure: the
 * expression evaluator, the clock, the ids and the keys are passed in. Every claim records where it
 * came from, for the trace the UI shows.
 */

/** What claim expressions can see (reference §6, "EL context for claims"). */
export interface ClaimContext {
  subject: SubjectModel | null;
  client: ClientModel;
  org: { id: string; name: string; subdomain: string };
  scopes: string[];
  /** Epoch milliseconds of the minting, for time functions. */
  now: number;
}

export type EvaluateExpression = (expression: string, ctx: ClaimContext) => { ok: true; value: unknown } | { ok: false; message: string };

export interface ClaimSource {
  claim: string;
  /** `system`: set by the authorization server; `definition`: one of the server's claims; `standard`: an OIDC profile claim. */
  source: 'system' | 'definition' | 'standard';
  definitionId?: string;
  valueType?: Claim['valueType'];
  /** The EL expression or group filter that produced the value. */
  expression?: string;
  /** Why a definition produced nothing (shown in the trace), when it did not. */
  omitted?: string;
  error?: string;
}

export interface TokenClaims {
  header: { kid: string; alg: 'RS256' };
  payload: Record<string, unknown>;
  sources: ClaimSource[];
}

export type ClaimsResult = { ok: true; token: TokenClaims } | { ok: false; failure: OAuthFailure; sources: ClaimSource[] };

export interface MintOptions {
  /** Seconds since the epoch. */
  now: number;
  jti: string;
  kid: string;
  authTime?: number;
  evaluate: EvaluateExpression;
  org: ClaimContext['org'];
}

/** Okta's cap on the groups in a claim (reference §3.5). */
export const MAX_GROUPS_IN_CLAIM = 100;

function claimContext(subject: SubjectModel | null, client: ClientModel, decision: Granted, org: ClaimContext['org'], nowSeconds: number): ClaimContext {
  return { subject, client, org, scopes: decision.scopes, now: nowSeconds * 1000 };
}

/** Claims in the order Okta emits them: the fixed ones, then the server's definitions (§3.2). */
export function accessTokenClaims(server: ServerModel, client: ClientModel, subject: SubjectModel | null, decision: Granted, o: MintOptions): ClaimsResult {
  const payload: Record<string, unknown> = {
    ver: 1,
    jti: o.jti,
    iss: server.issuer,
    aud: server.audience,
    iat: o.now,
    exp: o.now + decision.lifetimes.accessTokenMinutes * 60,
    cid: client.clientId,
  };
  const sources: ClaimSource[] = ['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid'].map((claim) => ({ claim, source: 'system' as const }));
  if (subject) {
    payload.uid = subject.id;
    sources.push({ claim: 'uid', source: 'system' });
  }
  payload.scp = [...decision.scopes];
  sources.push({ claim: 'scp', source: 'system' });
  if (subject && o.authTime !== undefined) {
    payload.auth_time = o.authTime;
    sources.push({ claim: 'auth_time', source: 'system' });
  }
  const failure = applyDefinitions(server.claims, 'RESOURCE', payload, sources, claimContext(subject, client, decision, o.org, o.now), o.evaluate, () => true);
  if (failure) return { ok: false, failure, sources };
  return { ok: true, token: { header: { kid: o.kid, alg: 'RS256' }, payload, sources } };
}

export interface IdTokenOptions extends MintOptions {
  /**
   * `thin`: the ID token comes with an access token (code, password, refresh grants, `id_token token`);
   * `fat`: it comes alone (`response_type=id_token`). See reference §3.3.
   */
  kind: 'thin' | 'fat';
  nonce?: string;
  amr?: string[];
  atHash?: string;
  cHash?: string;
}

export function idTokenClaims(server: ServerModel, client: ClientModel, subject: SubjectModel, decision: Granted, o: IdTokenOptions): ClaimsResult {
  const scopes = decision.scopes;
  const payload: Record<string, unknown> = { sub: subject.id };
  const sources: ClaimSource[] = [{ claim: 'sub', source: 'system' }];
  const standard = standardClaims(subject, scopes);
  const thinNames = new Set([...(scopes.includes('profile') ? ['name', 'preferred_username'] : []), ...(scopes.includes('email') ? ['email'] : [])]);
  const early = o.kind === 'thin' ? ['name', 'email'] : Object.keys(standard).filter((k) => k !== 'preferred_username');
  for (const k of early) {
    if (standard[k] !== undefined && (o.kind === 'fat' || thinNames.has(k))) {
      payload[k] = standard[k];
      sources.push({ claim: k, source: 'standard' });
    }
  }
  Object.assign(payload, {
    ver: 1,
    iss: server.issuer,
    aud: client.clientId,
    iat: o.now,
    exp: o.now + decision.lifetimes.idTokenMinutes * 60,
    jti: o.jti,
    amr: o.amr ?? ['pwd'],
    idp: o.org.id,
  });
  for (const k of ['ver', 'iss', 'aud', 'iat', 'exp', 'jti', 'amr', 'idp']) sources.push({ claim: k, source: 'system' });
  if (o.nonce !== undefined) {
    payload.nonce = o.nonce;
    sources.push({ claim: 'nonce', source: 'system' });
  }
  if (standard.preferred_username !== undefined && (o.kind === 'fat' || thinNames.has('preferred_username'))) {
    payload.preferred_username = standard.preferred_username;
    sources.push({ claim: 'preferred_username', source: 'standard' });
  }
  if (o.authTime !== undefined) {
    payload.auth_time = o.authTime;
    sources.push({ claim: 'auth_time', source: 'system' });
  }
  if (o.atHash) {
    payload.at_hash = o.atHash;
    sources.push({ claim: 'at_hash', source: 'system' });
  }
  if (o.cHash) {
    payload.c_hash = o.cHash;
    sources.push({ claim: 'c_hash', source: 'system' });
  }
  // Thin ID tokens carry only the IDENTITY claims marked "always include" (§3.3).
  const include = (c: Claim) => o.kind === 'fat' || c.alwaysIncludeInToken;
  const failure = applyDefinitions(server.claims, 'IDENTITY', payload, sources, claimContext(subject, client, decision, o.org, o.now), o.evaluate, include);
  if (failure) return { ok: false, failure, sources };
  return { ok: true, token: { header: { kid: o.kid, alg: 'RS256' }, payload, sources } };
}

/** The claims userinfo answers (all standard claims of the granted scopes and every IDENTITY claim). */
export function userinfoClaims(server: ServerModel, client: ClientModel, subject: SubjectModel, scopes: string[], o: Pick<MintOptions, 'evaluate' | 'org' | 'now'>): ClaimsResult {
  const payload: Record<string, unknown> = { sub: subject.id, ...standardClaims(subject, scopes) };
  const sources: ClaimSource[] = Object.keys(payload).map((claim) => ({ claim, source: claim === 'sub' ? ('system' as const) : ('standard' as const) }));
  const ctx: ClaimContext = { subject, client, org: o.org, scopes, now: o.now * 1000 };
  const failure = applyDefinitions(server.claims, 'IDENTITY', payload, sources, ctx, o.evaluate, () => true);
  if (failure) return { ok: false, failure, sources };
  return { ok: true, token: { header: { kid: '', alg: 'RS256' }, payload, sources } };
}

/**
 * Applies the server's claim definitions of one type. Inactive claims and claims whose scope
 * condition shares no granted scope are skipped; a null result omits the claim (Okta's observed
 * behaviour, reference §6.6); system names set above cannot be overridden, except `sub` through the
 * system claim. Returns the failure when an expression cannot be evaluated.
 */
function applyDefinitions(
  claims: Claim[],
  type: Claim['claimType'],
  payload: Record<string, unknown>,
  sources: ClaimSource[],
  ctx: ClaimContext,
  evaluate: EvaluateExpression,
  include: (c: Claim) => boolean,
): OAuthFailure | undefined {
  for (const c of claims) {
    if (c.claimType !== type) continue;
    const src: ClaimSource = { claim: c.name, source: c.system ? 'system' : 'definition', definitionId: c.id, valueType: c.valueType, expression: c.value };
    if (c.status !== 'ACTIVE') {
      sources.push({ ...src, omitted: 'The claim is inactive.' });
      continue;
    }
    if (c.conditions.scopes.length && !c.conditions.scopes.some((s) => ctx.scopes.includes(s))) {
      sources.push({ ...src, omitted: `None of its scopes (${c.conditions.scopes.join(', ')}) was granted.` });
      continue;
    }
    if (!include(c)) {
      sources.push({ ...src, omitted: 'Not "always include in token", and this ID token is a thin one (it comes with an access token).' });
      continue;
    }
    if (!c.system && (Object.hasOwn(payload, c.name) || RESERVED_CLAIM_NAMES[type].includes(c.name))) {
      sources.push({ ...src, omitted: `"${c.name}" is set by the authorization server and cannot be overridden.` });
      continue;
    }
    let value: unknown;
    if (c.valueType === 'GROUPS') {
      const names = filterGroups(ctx.subject?.groups.map((g) => g.name) ?? [], c.group_filter_type ?? 'STARTS_WITH', c.value);
      if (names.length > MAX_GROUPS_IN_CLAIM) {
        sources.push({ ...src, error: `${names.length} groups matched; at most ${MAX_GROUPS_IN_CLAIM} may.` });
        return OAuthErrors.tooManyGroups();
      }
      value = names;
    } else {
      const r = evaluate(c.value, ctx);
      if (!r.ok) {
        sources.push({ ...src, error: r.message });
        return OAuthErrors.claimFailed(c.name);
      }
      value = r.value;
    }
    if (value === null || value === undefined) {
      sources.push({ ...src, omitted: 'The expression gave null, so the claim is left out.' });
      continue;
    }
    // The system `sub` claim replaces its placeholder position at the end, as Okta orders it.
    if (c.system && Object.hasOwn(payload, c.name)) delete payload[c.name];
    payload[c.name] = value;
    sources.push(src);
  }
  return undefined;
}

/** Group-name filters (reference §4.5): STARTS_WITH, EQUALS, CONTAINS ignore case; REGEX matches the whole name, case-sensitively. */
export function filterGroups(names: string[], type: NonNullable<Claim['group_filter_type']>, value: string): string[] {
  const v = value.toLowerCase();
  switch (type) {
    case 'STARTS_WITH':
      return names.filter((n) => n.toLowerCase().startsWith(v));
    case 'EQUALS':
      return names.filter((n) => n.toLowerCase() === v);
    case 'CONTAINS':
      return names.filter((n) => n.toLowerCase().includes(v));
    case 'REGEX': {
      // Java's `String.matches` (Okta's semantics, `(?i)` included) on the EL's linear-time engine.
      let re;
      try {
        re = compileJavaRegex(value);
      } catch {
        return [];
      }
      return names.filter((n) => {
        try {
          return regexMatchesWhole(re, n, { left: 100_000 });
        } catch {
          return false;
        }
      });
    }
  }
}

/** OIDC standard claims from the Okta profile, for the granted scopes (OIDC Core §5.1, §5.4). */
export function standardClaims(subject: SubjectModel, scopes: string[]): Record<string, unknown> {
  const p = subject.profile as Record<string, string | undefined>;
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') out[k] = v;
  };
  if (scopes.includes('profile')) {
    put('name', p.displayName ?? ([p.firstName, p.lastName].filter(Boolean).join(' ') || undefined));
    put('family_name', p.lastName);
    put('given_name', p.firstName);
    put('middle_name', p.middleName);
    put('nickname', p.nickName);
    put('preferred_username', subject.login);
    put('profile', p.profileUrl);
    put('zoneinfo', p.timezone ?? 'America/Los_Angeles');
    put('locale', p.locale ?? 'en_US');
    put('updated_at', Math.floor(Date.parse(subject.lastUpdated) / 1000));
  }
  if (scopes.includes('email')) {
    put('email', p.email);
    // Okta reports whether the primary email was verified; Gatehouse users are treated as verified.
    if (p.email) out.email_verified = true;
  }
  if (scopes.includes('address')) {
    const address: Record<string, string> = {};
    for (const [k, attr] of [['street_address', 'streetAddress'], ['locality', 'city'], ['region', 'state'], ['postal_code', 'zipCode'], ['country', 'countryCode']] as const) {
      if (p[attr]) address[k] = p[attr]!;
    }
    if (Object.keys(address).length) out.address = address;
  }
  if (scopes.includes('phone')) put('phone_number', p.mobilePhone ?? p.primaryPhone);
  return out;
}
