import { ALL_CLIENTS, EVERYONE, type Rule } from '../authz/policies.js';
import { OAuthErrors, oktaList, type OAuthFailure } from './errors.js';
import type {
  CheckTrace, ClientModel, Decision, DecisionRequest, DecisionTrace, Granted, PolicyTrace, RuleTrace, ServerModel, SubjectModel,
} from './types.js';
import { consentScopes } from './consent.js';

/** Grants that run without a user (reference §5.1: no assignment check, no people condition). */
export const USERLESS_GRANTS = new Set(['client_credentials']);
/** Grants whose tokens may come with a refresh token (reference §5.7). */
const REFRESHABLE_GRANTS = new Set(['authorization_code', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code']);
/** Grants that pass through /authorize, where consent applies. */
const AUTHORIZE_GRANTS = new Set(['authorization_code', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code']);

const GRANT_LABELS: Record<string, string> = {
  authorization_code: 'Authorization Code',
  implicit: 'Implicit (hybrid)',
  password: 'Resource Owner Password',
  client_credentials: 'Client Credentials',
  refresh_token: 'Refresh Token',
  'urn:ietf:params:oauth:grant-type:device_code': 'Device Authorization',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'Token Exchange',
};
export const grantLabel = (g: string) => GRANT_LABELS[g] ?? g;

/**
 * Decides a token request on a custom authorization server (reference §5): the pre-checks of §5.1,
 * default scopes (§5.5), first-match policy and rule walk (§5.2), consent (§5.6), lifetimes and
 * refresh eligibility (§5.3, §5.7). Pure: the same inputs give the same decision and trace.
 */
export function decide(server: ServerModel, client: ClientModel, subject: SubjectModel | null, req: DecisionRequest): Decision {
  const checks: CheckTrace[] = [];
  const trace: DecisionTrace = { checks, policies: [], requestedScopes: req.scopes ?? [], usedDefaultScopes: false };
  const deny = (failure: OAuthFailure): Decision => ({ ok: false, failure, trace });
  const ruleGrant = req.grantType === 'refresh_token' ? (req.originalGrantType ?? 'authorization_code') : req.grantType;
  const userless = USERLESS_GRANTS.has(ruleGrant);

  // ---- §5.1 pre-checks ----
  if (server.status !== 'ACTIVE') {
    checks.push({ check: 'server', ok: false, detail: `The authorization server "${server.name}" is inactive.` });
    return deny(OAuthErrors.serverInactive(server.id));
  }
  checks.push({ check: 'server', ok: true, detail: `The authorization server "${server.name}" is active.` });

  if (client.status !== 'ACTIVE') {
    checks.push({ check: 'client', ok: false, detail: `The client "${client.label}" is inactive.` });
    return deny(OAuthErrors.clientInactive());
  }
  checks.push({ check: 'client', ok: true, detail: `The client "${client.label}" (${client.clientId}) is active.` });

  if (!client.grantTypes.includes(req.grantType)) {
    checks.push({ check: 'grant_type', ok: false, detail: `The client is not allowed the ${grantLabel(req.grantType)} grant; it has ${client.grantTypes.map(grantLabel).join(', ') || 'none'}.` });
    return deny(OAuthErrors.unauthorizedGrant(client.grantTypes));
  }
  checks.push({ check: 'grant_type', ok: true, detail: `The client may use the ${grantLabel(req.grantType)} grant.` });

  if (req.responseType !== undefined) {
    const missing = req.responseType.split(' ').filter((t) => t && !client.responseTypes.includes(t));
    if (missing.length) {
      checks.push({ check: 'response_type', ok: false, detail: `The client is not allowed the response type ${missing.join(' ')}; it has ${client.responseTypes.join(', ') || 'none'}.` });
      return deny(OAuthErrors.unsupportedResponseType(client.responseTypes));
    }
    checks.push({ check: 'response_type', ok: true, detail: `The client may use the response type "${req.responseType}".` });
  }

  // Scopes: requested, or the server's default scopes (§5.5).
  let requested = dedupe(req.scopes ?? []);
  if (req.scopes === undefined) {
    requested = [...server.scopes.values()].filter((s) => s.default).map((s) => s.name);
    trace.usedDefaultScopes = true;
    if (requested.length === 0) {
      checks.push({ check: 'scopes', ok: false, detail: 'No scope was requested and the server has no default scopes.' });
      return deny(OAuthErrors.noDefaultScopes());
    }
  } else if (requested.length === 0) {
    checks.push({ check: 'scopes', ok: false, detail: 'The scope parameter is empty.' });
    return deny(OAuthErrors.noScopes());
  }
  // `offline_access` is honoured only with a response type containing `code`; otherwise it is
  // ignored before any policy sees it (reference §2.3, §5.1).
  const responseTypes = req.responseType?.split(' ') ?? [];
  if (req.responseType !== undefined && !responseTypes.includes('code') && requested.includes('offline_access')) {
    requested = requested.filter((s) => s !== 'offline_access');
    checks.push({ check: 'scopes', ok: true, detail: `offline_access is ignored: the response type "${req.responseType}" has no code.` });
  }
  trace.requestedScopes = requested;
  const unknown = requested.filter((s) => !server.scopes.has(s));
  if (unknown.length) {
    checks.push({ check: 'scopes', ok: false, detail: `Not defined on this server: ${unknown.join(', ')}.` });
    return deny(OAuthErrors.unknownScopes());
  }
  if (ruleGrant === 'client_credentials') {
    if (requested.includes('openid')) {
      checks.push({ check: 'scopes', ok: false, detail: "Client credentials tokens have no user, so 'openid' cannot be requested." });
      return deny(OAuthErrors.openidWithClientCredentials());
    }
    const needConsent = requested.filter((s) => server.scopes.get(s)!.consent === 'REQUIRED');
    if (needConsent.length) {
      checks.push({ check: 'scopes', ok: false, detail: `These scopes need a user's consent, which client credentials cannot give: ${needConsent.join(', ')}.` });
      return deny(OAuthErrors.consentWithClientCredentials(needConsent));
    }
  }
  if (ruleGrant === 'password' && client.consentMethod === 'REQUIRED') {
    const needConsent = requested.filter((s) => server.scopes.get(s)!.consent === 'REQUIRED');
    if (needConsent.length) {
      checks.push({ check: 'scopes', ok: false, detail: `These scopes need consent, which the password grant cannot ask for: ${needConsent.join(', ')}.` });
      return deny(OAuthErrors.consentWithPassword(needConsent));
    }
  }
  checks.push({
    check: 'scopes',
    ok: true,
    detail: trace.usedDefaultScopes ? `No scope requested: using the default scopes ${requested.join(', ')}.` : `All requested scopes exist: ${requested.join(', ')}.`,
  });

  if (!userless) {
    if (!subject) {
      checks.push({ check: 'user', ok: false, detail: `The ${grantLabel(ruleGrant)} grant needs a user, and none was given.` });
      return deny({ error: 'invalid_request', description: 'A user is required for this grant type.', status: 400 });
    }
    if (subject.status !== 'ACTIVE') {
      checks.push({ check: 'user', ok: false, detail: `${subject.login} is ${subject.status}, not ACTIVE.` });
      return deny(OAuthErrors.userInactive());
    }
    checks.push({ check: 'user', ok: true, detail: `${subject.login} is active.` });
    if (!subject.assigned) {
      checks.push({ check: 'assignment', ok: false, detail: `${subject.login} is not assigned to "${client.label}", directly or through a group.` });
      return deny(OAuthErrors.userNotAssigned());
    }
    checks.push({ check: 'assignment', ok: true, detail: `${subject.login} is assigned to "${client.label}".` });
  }

  // ---- §5.2 policies and rules, first match wins ----
  const groupIds = new Set(subject?.groups.map((g) => g.id) ?? []);
  let match: { policyIndex: number; rule: Rule; scopes: string[] } | undefined;
  for (let pi = 0; pi < server.policies.length; pi++) {
    const policy = server.policies[pi]!;
    const pt: PolicyTrace = { policyId: policy.id, name: policy.name, priority: policy.priority, outcome: 'not_evaluated', reason: '', rules: [] };
    trace.policies.push(pt);
    if (match) {
      pt.reason = 'Not evaluated: an earlier policy matched.';
      continue;
    }
    if (policy.status !== 'ACTIVE') {
      pt.outcome = 'inactive';
      pt.reason = 'Skipped: the policy is inactive.';
      continue;
    }
    const activeRules = policy.rules.filter((r) => r.status === 'ACTIVE');
    if (activeRules.length === 0) {
      pt.outcome = 'no_active_rules';
      pt.reason = 'Skipped: the policy has no active rules.';
      continue;
    }
    const include = policy.conditions.clients.include;
    if (!include.includes(ALL_CLIENTS) && !include.includes(client.clientId)) {
      pt.outcome = 'client';
      pt.reason = `Skipped: the policy does not apply to "${client.label}".`;
      continue;
    }
    for (const rule of policy.rules) {
      const rt = matchRule(rule, ruleGrant, subject, groupIds, requested, trace.usedDefaultScopes, userless);
      pt.rules.push(rt.trace);
      if (match) {
        rt.trace.outcome = 'not_evaluated';
        rt.trace.reason = 'Not evaluated: an earlier rule matched.';
        continue;
      }
      if (rt.trace.outcome === 'matched') match = { policyIndex: pi, rule, scopes: rt.scopes };
    }
    if (match) {
      pt.outcome = 'matched';
      pt.reason = `Matched by its rule "${match.rule.name}".`;
    } else {
      pt.outcome = 'no_rule_matched';
      pt.reason = 'None of its rules matched; evaluation goes on to the next policy.';
    }
  }
  if (!match) {
    if (trace.policies.length === 0) trace.checks.push({ check: 'scopes', ok: false, detail: 'The server has no access policies.' });
    return deny(OAuthErrors.noMatchingPolicy());
  }

  // ---- §5.4, §5.6, §5.3, §5.7 what the match decides ----
  const scopes = match.scopes;
  const consent = AUTHORIZE_GRANTS.has(ruleGrant) && req.grantType !== 'refresh_token'
    ? consentScopes(server, client, scopes, req.prompt ?? [], req.consentedScopes ?? [])
    : [];
  if (consent.length && (req.prompt ?? []).includes('none')) {
    checks.push({ check: 'consent', ok: false, detail: `Consent is needed for ${consent.join(', ')}, and prompt=none forbids asking.` });
    return deny(OAuthErrors.consentRequired(consent));
  }
  if (AUTHORIZE_GRANTS.has(ruleGrant)) {
    checks.push({ check: 'consent', ok: true, detail: consent.length ? `The user will be asked to consent to ${consent.join(', ')}.` : 'No consent screen is needed.' });
  }
  const t = match.rule.actions.token;
  const policy = server.policies[match.policyIndex]!;
  const granted: Granted = {
    ok: true,
    policy: { id: policy.id, name: policy.name },
    rule: { id: match.rule.id, name: match.rule.name },
    scopes,
    lifetimes: {
      accessTokenMinutes: t.accessTokenLifetimeMinutes,
      refreshTokenMinutes: t.refreshTokenLifetimeMinutes,
      refreshWindowMinutes: t.refreshTokenWindowMinutes,
      idTokenMinutes: 60,
    },
    refreshToken: scopes.includes('offline_access') && REFRESHABLE_GRANTS.has(req.grantType) && client.grantTypes.includes('refresh_token'),
    consentScopes: consent,
    ...(t.inlineHook ? { inlineHook: t.inlineHook } : {}),
    trace,
  };
  return granted;
}

function matchRule(
  rule: Rule,
  grant: string,
  subject: SubjectModel | null,
  groupIds: Set<string>,
  requested: string[],
  usedDefaults: boolean,
  userless: boolean,
): { trace: RuleTrace; scopes: string[] } {
  const t: RuleTrace = { ruleId: rule.id, name: rule.name, priority: rule.priority, outcome: 'matched', reason: '' };
  const out = { trace: t, scopes: [] as string[] };
  if (rule.status !== 'ACTIVE') {
    t.outcome = 'inactive';
    t.reason = 'Skipped: the rule is inactive.';
    return out;
  }
  const c = rule.conditions;
  if (!c.grantTypes.include.includes(grant)) {
    t.outcome = 'grant_type';
    t.reason = `The ${grantLabel(grant)} grant is not one of its grant types (${c.grantTypes.include.map(grantLabel).join(', ')}).`;
    return out;
  }
  if (!userless && subject) {
    const people = peopleMatch(rule, subject, groupIds);
    if (!people.ok) {
      t.outcome = 'people';
      t.reason = people.reason;
      return out;
    }
  }
  const allowed = c.scopes.include;
  const any = allowed.includes('*');
  if (usedDefaults) {
    // With no scope parameter, the rule filters the default scopes instead of failing (§5.5).
    const permitted = any ? requested : requested.filter((s) => allowed.includes(s));
    if (permitted.length === 0) {
      t.outcome = 'scopes';
      t.reason = `It allows none of the default scopes (${requested.join(', ')}).`;
      return out;
    }
    out.scopes = permitted;
  } else {
    const missing = any ? [] : requested.filter((s) => !allowed.includes(s));
    if (missing.length) {
      t.outcome = 'scopes';
      t.reason = `It does not allow the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it allows ${oktaList(allowed)}).`;
      return out;
    }
    out.scopes = requested;
  }
  t.reason = `Matched: ${grantLabel(grant)} grant${userless ? '' : `, ${subject ? describePeople(rule) : 'any user'}`}, scopes ${any ? 'any (*)' : 'all allowed'}.`;
  return out;
}

function peopleMatch(rule: Rule, subject: SubjectModel, groupIds: Set<string>): { ok: boolean; reason: string } {
  const p = rule.conditions.people;
  if (p.users.exclude.includes(subject.id)) return { ok: false, reason: `${subject.login} is excluded by the rule.` };
  const excludedGroup = subject.groups.find((g) => p.groups.exclude.includes(g.id));
  if (excludedGroup) return { ok: false, reason: `${subject.login} is in "${excludedGroup.name}", which the rule excludes.` };
  if (p.groups.include.includes(EVERYONE)) return { ok: true, reason: '' };
  if (p.users.include.includes(subject.id)) return { ok: true, reason: '' };
  if (p.groups.include.some((g) => groupIds.has(g))) return { ok: true, reason: '' };
  return { ok: false, reason: `${subject.login} is not one of its users and in none of its groups.` };
}

function describePeople(rule: Rule): string {
  const p = rule.conditions.people;
  if (p.groups.include.includes(EVERYONE)) return 'anyone assigned the app';
  return 'the user is one of its people';
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
