import type { SystemLog, LogEvent, LogTarget } from './system-log.js';
import type { ClientModel, Decision, SubjectModel } from '../policy/types.js';
import type { OAuthFailure } from '../policy/errors.js';

/** What the token endpoint records about one decision (never a token, code or secret). */
export interface DecisionEventInput {
  /** `null` for the org authorization server. */
  server: { id: string; name: string } | null;
  client: ClientModel;
  subject: SubjectModel | null;
  grantType: string;
  decision: Decision;
  /** A failure after the decision (a claim that could not be evaluated). */
  failure?: OAuthFailure;
  /** Which tokens were minted, for a success. */
  minted?: { accessToken?: string; idToken?: boolean; refreshToken?: boolean };
  requestId?: string;
  ipAddress?: string;
  userAgent?: string;
}

/**
 * Writes the System Log event of a token decision with Okta's event type names (reference §9.5):
 * `app.oauth2.as.token.grant.access_token` on success, `app.oauth2.as.authorize.token.grant_failure`
 * on failure (`app.oauth2.*` without `.as` for the org authorization server), the outcome reason
 * (`no_matching_policy`, ...) and the whole decision trace in `debugContext.debugData`.
 */
export function logTokenDecision(log: SystemLog, e: DecisionEventInput): void {
  const prefix = e.server ? 'app.oauth2.as' : 'app.oauth2';
  const failure = e.failure ?? (e.decision.ok ? undefined : e.decision.failure);
  const target: LogTarget[] = [];
  if (e.server) target.push({ id: e.server.id, type: 'AuthorizationServer', displayName: e.server.name });
  if (e.subject) target.push({ id: e.subject.id, type: 'User', alternateId: e.subject.login, displayName: e.subject.login });
  if (!failure && e.decision.ok) {
    target.push({
      id: e.minted?.accessToken ?? 'AT',
      type: 'access_token',
      displayName: 'Access Token',
      detailEntry: { expires: e.decision.lifetimes.accessTokenMinutes * 60, subject: e.subject?.id ?? e.client.clientId, hash: null },
    });
  }
  const debugData: Record<string, unknown> = {
    grantType: e.grantType,
    requestedScopes: e.decision.trace.requestedScopes.join(' '),
    trace: e.decision.trace,
  };
  if (e.decision.ok) {
    debugData.grantedScopes = e.decision.scopes.join(' ');
    if (e.decision.policy) debugData.policyId = e.decision.policy.id;
    if (e.decision.rule) debugData.ruleId = e.decision.rule.id;
  }
  if (failure) {
    debugData.error = failure.error;
    debugData.errorDescription = failure.description;
  }
  log.write({
    eventType: failure ? `${prefix}.authorize.token.grant_failure` : `${prefix}.token.grant.access_token`,
    displayMessage: failure ? 'OAuth2 token grant request failed' : 'OAuth2 access token is granted',
    outcome: { result: failure ? 'FAILURE' : 'SUCCESS', reason: failure ? (failure.reason ?? failure.error) : null },
    actor: { id: e.client.clientId, type: 'PublicClientApp', alternateId: e.client.clientId, displayName: e.client.label },
    target,
    requestId: e.requestId,
    ipAddress: e.ipAddress,
    userAgent: e.userAgent,
    debugData,
  });
}

/**
 * A token request refused before any policy was consulted (a wrong PKCE verifier, a spent code, a
 * bad client secret...): the same failure event as a refused decision, with a one-line trace, so the
 * System Log and the simulator can say why for every refusal, not only the policy ones.
 */
export function logTokenRequestFailure(
  log: SystemLog,
  e: { server: { id: string; name: string } | null; clientId?: string; grantType?: string; error: string; description: string; reason?: string; requestId?: string; ipAddress?: string; userAgent?: string },
): void {
  const prefix = e.server ? 'app.oauth2.as' : 'app.oauth2';
  const target: LogTarget[] = e.server ? [{ id: e.server.id, type: 'AuthorizationServer', displayName: e.server.name }] : [];
  log.write({
    eventType: `${prefix}.authorize.token.grant_failure`,
    displayMessage: 'OAuth2 token grant request failed',
    outcome: { result: 'FAILURE', reason: e.reason ?? e.error },
    actor: { id: e.clientId ?? 'unknown', type: 'PublicClientApp', alternateId: e.clientId ?? 'unknown', displayName: e.clientId ?? 'unknown client' },
    target,
    requestId: e.requestId,
    ipAddress: e.ipAddress,
    userAgent: e.userAgent,
    debugData: {
      grantType: e.grantType ?? '',
      error: e.error,
      errorDescription: e.description,
      trace: { checks: [{ check: 'request', ok: false, detail: e.description }], policies: [], requestedScopes: [], usedDefaultScopes: false },
    },
  });
}
