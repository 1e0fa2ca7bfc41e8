/*
 * OAuth errors as the token and authorize endpoints answer them (RFC 6749 §5.2, with Okta's codes
 * and strings from reference §2.5 and §2.14, byte for byte). Plain data: the protocol layer turns
 * them into HTTP answers; the preview and the simulator show them.
 */
export interface OAuthFailure {
  error: string;
  description: string;
  status: number;
  /** Okta's System Log reason, e.g. `no_matching_policy`. */
  reason?: string;
}

const fail = (error: string, description: string, status = 400, reason?: string): OAuthFailure => ({ error, description, status, ...(reason ? { reason } : {}) });

/** Okta renders lists as `[a, b]`. */
export const oktaList = (items: readonly string[]) => `[${items.join(', ')}]`;

export const OAuthErrors = {
  serverInactive: (id: string) => fail('invalid_request', `The authorization server '${id}' is not active.`, 400, 'inactive_authorization_server'),
  /** Unknown and inactive clients get the same answer (reference §2.2, §2.3). */
  clientInactive: () => fail('invalid_client', "Invalid value for 'client_id' parameter.", 401, 'inactive_client'),
  unauthorizedGrant: (configured: readonly string[]) =>
    fail('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: ${oktaList(configured)}.`),
  unsupportedResponseType: (configured: readonly string[]) =>
    fail('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: ${oktaList(configured)}.`),
  unknownScopes: () => fail('invalid_scope', 'One or more scopes are not configured for the authorization server resource.'),
  noDefaultScopes: () => fail('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided."),
  noScopes: () => fail('invalid_scope', 'No scopes were requested.'),
  openidWithClientCredentials: () => fail('invalid_scope', "Cannot request 'openid' scopes using client credentials."),
  consentWithClientCredentials: (scopes: readonly string[]) =>
    fail('consent_required', `The following scopes require user consent and cannot be granted for the client credentials grant type: ${oktaList(scopes)}.`),
  consentWithPassword: (scopes: readonly string[]) =>
    fail(
      'consent_required',
      `The following scopes require user consent: ${oktaList(scopes)}. To access protected scopes using the resource owner password grant type, please uncheck 'Require consent' in the app settings or set the 'consent_method' to 'TRUSTED' through the apps API.`,
    ),
  consentRequired: (scopes: readonly string[]) => fail('consent_required', `The following scopes require user consent: ${oktaList(scopes)}.`),
  userInactive: () => fail('access_denied', 'User is not active.', 400, 'inactive_user'),
  userNotAssigned: () => fail('access_denied', 'User is not assigned to the client application.', 400, 'user_not_assigned'),
  noMatchingPolicy: () => fail('access_denied', 'Policy evaluation failed for this request, please check the policy configurations.', 400, 'no_matching_policy'),
  customScopesOnOrgServer: () => fail('invalid_scope', 'Custom scopes are not allowed for this request.'),
  oktaScopesNotGranted: () => fail('consent_required', 'You are not allowed any of the requested scopes.'),
  clientCredentialsOnOrgServer: () => fail('unsupported_grant_type', "'client_credentials' grant type can only be used with a custom authorization server."),
  claimFailed: (name: string) => fail('server_error', `The '${name}' user claim could not be evaluated.`, 500, 'claim_evaluation_failed'),
  tooManyGroups: () => fail('server_error', 'The groups claim matched too many groups and must be configured to match fewer groups.', 500, 'too_many_groups'),
};
