import { randomBytes } from '../util/ids.js';
import { decide } from '../policy/engine.js';
import { decideOrg, ORG_SCOPES } from '../policy/org-server.js';
import { accessTokenClaims, idTokenClaims, type ClaimSource, type EvaluateExpression, type TokenClaims } from '../policy/claims.js';
import type { OAuthFailure } from '../policy/errors.js';
import type { ClientModel, Decision, DecisionRequest, Granted, ServerModel, SubjectModel } from '../policy/types.js';
import type { Scope } from '../authz/scopes.js';
import { SYSTEM_SUB_CLAIM, type Claim } from '../authz/claims.js';

/*
 * Decides a token request and prepares the claims of every token it would mint, unsigned. The token
 * endpoint signs what this returns; the preview shows it as it is. One code path, so the preview
 * never differs from what the endpoint mints.
 */

export interface PrepareInput {
  /** A custom authorization server, or the org authorization server. */
  server: ServerModel | { org: true; issuer: string };
  client: ClientModel;
  subject: SubjectModel | null;
  request: DecisionRequest;
  nonce?: string;
  authTime?: number;
  /** A decision already made (at /authorize, carried by the code): minted from, not made again. */
  decided?: Granted;
}

export interface PrepareOptions {
  /** Seconds since the epoch. */
  now: number;
  /** The `kid` of the key that signs (the server's ACTIVE key). */
  kid: string;
  /** When access tokens are signed by another key (the org server's unpublished one). */
  accessTokenKid?: string;
  org: { id: string; name: string; subdomain: string };
  evaluate: EvaluateExpression;
}

export interface PreparedTokens {
  decision: Decision;
  /** Set when the request fails: the decision's, or a claim's that could not be evaluated. */
  failure?: OAuthFailure;
  accessToken?: TokenClaims;
  idToken?: TokenClaims;
  refreshToken?: { lifetimeMinutes: number; windowMinutes: number; expiresAt: number | null };
  /** Claim sources of a token that failed to build, to show which claim broke. */
  failedSources?: ClaimSource[];
}

/** `AT.`/`ID.` + base64url, as Okta's `jti`s look. */
export function newJti(prefix: 'AT' | 'ID'): string {
  return `${prefix}.${randomBytes(32).toString('base64url')}`;
}

/**
 * The org authorization server seen as a server model with no policies, and no claims but `sub`
 * and the client's own groups claim on ID tokens and userinfo (reference §5.8).
 */
export function orgServerModel(issuer: string, client?: ClientModel): ServerModel {
  const scopes = new Map<string, Scope>(
    ORG_SCOPES.map((name) => [name, { id: name, authServerId: 'org', name, consent: 'IMPLICIT', optional: false, default: false, metadataPublish: 'ALL_CLIENTS', system: true }]),
  );
  const g = client?.groupsClaim;
  // The access token's `sub` (the user's login, or the client id), as on every custom server.
  const sub: Claim = { id: 'org-sub', authServerId: 'org', ...SYSTEM_SUB_CLAIM, status: 'ACTIVE', conditions: { scopes: [] }, alwaysIncludeInToken: true, system: true };
  const claims: Claim[] = [sub];
  if (g) {
    claims.push({
      id: `groups-claim-${client!.appId}`, authServerId: 'org', name: g.name, status: 'ACTIVE', claimType: 'IDENTITY',
      valueType: g.type === 'FILTER' ? 'GROUPS' : 'EXPRESSION', value: g.value, ...(g.filter_type ? { group_filter_type: g.filter_type } : {}),
      conditions: { scopes: ['groups'] }, alwaysIncludeInToken: true, system: false,
    });
  }
  return { id: 'org', name: 'Org authorization server', status: 'ACTIVE', audience: issuer, issuer, scopes, claims, policies: [] };
}

export function prepareTokens(input: PrepareInput, o: PrepareOptions): PreparedTokens {
  const isOrg = 'org' in input.server;
  const model = 'org' in input.server ? orgServerModel(input.server.issuer, input.client) : input.server;
  const decision = input.decided ?? (isOrg ? decideOrg(input.client, input.subject, input.request) : decide(model, input.client, input.subject, input.request));
  if (!decision.ok) return { decision, failure: decision.failure };

  const responseTypes = input.request.responseType?.split(' ').filter(Boolean);
  // From /authorize, `response_type` says which tokens come back; from /token, an access token always does.
  const wantsAccess = responseTypes ? responseTypes.includes('token') || responseTypes.includes('code') : true;
  const wantsId = decision.scopes.includes('openid') && input.subject !== null && (responseTypes ? responseTypes.includes('id_token') || responseTypes.includes('code') : true);
  const out: PreparedTokens = { decision };

  if (wantsAccess) {
    const at = accessTokenClaims(model, input.client, input.subject, decision, { now: o.now, jti: newJti('AT'), kid: o.accessTokenKid ?? o.kid, authTime: input.authTime, evaluate: o.evaluate, org: o.org });
    if (!at.ok) return { decision, failure: at.failure, failedSources: at.sources };
    out.accessToken = at.token;
  }
  if (wantsId && input.subject) {
    // An ID token that comes alone is "fat"; with an access token it is "thin" (reference §3.3).
    const kind = responseTypes && !responseTypes.includes('token') && !responseTypes.includes('code') ? 'fat' : 'thin';
    const id = idTokenClaims(model, input.client, input.subject, decision, {
      now: o.now, jti: newJti('ID'), kid: o.kid, authTime: input.authTime, evaluate: o.evaluate, org: o.org, kind, nonce: input.nonce,
    });
    if (!id.ok) return { decision, failure: id.failure, failedSources: id.sources };
    out.idToken = id.token;
  }
  if (decision.refreshToken && (!responseTypes || responseTypes.includes('code'))) {
    const l = decision.lifetimes;
    out.refreshToken = {
      lifetimeMinutes: l.refreshTokenMinutes,
      windowMinutes: l.refreshWindowMinutes,
      expiresAt: l.refreshTokenMinutes === 0 ? null : o.now + l.refreshTokenMinutes * 60,
    };
  }
  return out;
}
