import { OAuthErrors, type OAuthFailure } from './errors.js';
import type { ClientModel, Decision, DecisionRequest, DecisionTrace, SubjectModel } from './types.js';
import { grantLabel } from './engine.js';

/** The scopes the org authorization server grants to any assigned user (reference §5.8). */
export const ORG_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups', 'device_sso'];

/** Fixed org-AS lifetimes: access and ID tokens 60 min, refresh tokens 90 days, no idle window. */
export const ORG_LIFETIMES = { accessTokenMinutes: 60, refreshTokenMinutes: 90 * 24 * 60, refreshWindowMinutes: 0, idTokenMinutes: 60 };

/**
 * Decides a request to the org authorization server: no policies; any active, assigned user of an
 * active OIDC app gets the OIDC scopes it asks for; custom scopes are refused; Okta API scopes need
 * grants Gatehouse does not model, so they are refused as Okta refuses ungranted ones.
 */
export function decideOrg(client: ClientModel, subject: SubjectModel | null, req: DecisionRequest): Decision {
  const trace: DecisionTrace = { checks: [], policies: [], requestedScopes: req.scopes ?? [], usedDefaultScopes: false };
  const { checks } = trace;
  const deny = (failure: OAuthFailure): Decision => ({ ok: false, failure, trace });
  const grant = req.grantType === 'refresh_token' ? (req.originalGrantType ?? 'authorization_code') : req.grantType;

  if (client.status !== 'ACTIVE') {
    checks.push({ check: 'client', ok: false, detail: `The client "${client.label}" is inactive.` });
    return deny(OAuthErrors.clientInactive());
  }
  checks.push({ check: 'client', ok: true, detail: `The client "${client.label}" (${client.clientId}) is active.` });
  if (grant === 'client_credentials') {
    checks.push({ check: 'grant_type', ok: false, detail: 'The org authorization server issues client credentials tokens only for Okta API scopes.' });
    return deny(OAuthErrors.clientCredentialsOnOrgServer());
  }
  if (!client.grantTypes.includes(req.grantType)) {
    checks.push({ check: 'grant_type', ok: false, detail: `The client is not allowed the ${grantLabel(req.grantType)} grant.` });
    return deny(OAuthErrors.unauthorizedGrant(client.grantTypes));
  }
  checks.push({ check: 'grant_type', ok: true, detail: `The client may use the ${grantLabel(req.grantType)} grant.` });
  if (req.responseType !== undefined) {
    const missing = req.responseType.split(' ').filter((t) => t && !client.responseTypes.includes(t));
    if (missing.length) {
      checks.push({ check: 'response_type', ok: false, detail: `The client is not allowed the response type ${missing.join(' ')}.` });
      return deny(OAuthErrors.unsupportedResponseType(client.responseTypes));
    }
  }

  const scopes = [...new Set(req.scopes ?? [])];
  if (req.scopes === undefined) {
    checks.push({ check: 'scopes', ok: false, detail: 'The org authorization server has no default scopes.' });
    return deny(OAuthErrors.noDefaultScopes());
  }
  if (scopes.length === 0) return deny(OAuthErrors.noScopes());
  if (scopes.some((s) => /^okta[.:]/.test(s))) {
    checks.push({ check: 'scopes', ok: false, detail: 'Okta API scopes need grants on the app, which Gatehouse does not model.' });
    return deny(OAuthErrors.oktaScopesNotGranted());
  }
  const custom = scopes.filter((s) => !ORG_SCOPES.includes(s));
  if (custom.length) {
    checks.push({ check: 'scopes', ok: false, detail: `The org authorization server has no custom scopes: ${custom.join(', ')}.` });
    return deny(OAuthErrors.customScopesOnOrgServer());
  }
  checks.push({ check: 'scopes', ok: true, detail: `OIDC scopes: ${scopes.join(', ')}.` });

  if (!subject) return deny({ error: 'invalid_request', description: 'A user is required for this grant type.', status: 400 });
  if (subject.status !== 'ACTIVE') {
    checks.push({ check: 'user', ok: false, detail: `${subject.login} is ${subject.status}, not ACTIVE.` });
    return deny(OAuthErrors.userInactive());
  }
  checks.push({ check: 'user', ok: true, detail: `${subject.login} is active.` });
  if (!subject.assigned) {
    checks.push({ check: 'assignment', ok: false, detail: `${subject.login} is not assigned to "${client.label}".` });
    return deny(OAuthErrors.userNotAssigned());
  }
  checks.push({ check: 'assignment', ok: true, detail: `${subject.login} is assigned to "${client.label}"; the org authorization server has no access policies.` });

  const responseTypes = req.responseType?.split(' ') ?? [];
  const granted = req.responseType !== undefined && !responseTypes.includes('code') ? scopes.filter((s) => s !== 'offline_access') : scopes;
  return {
    ok: true,
    policy: null,
    rule: null,
    scopes: granted,
    lifetimes: { ...ORG_LIFETIMES },
    refreshToken: granted.includes('offline_access') && ['authorization_code', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'].includes(req.grantType) && client.grantTypes.includes('refresh_token'),
    consentScopes: [],
    trace,
  };
}
