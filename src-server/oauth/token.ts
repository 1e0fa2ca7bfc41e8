import type { FormRequest } from './form-request.js';
import type { AppContext } from '../context.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError, invalidRequest } from './errors.js';
import type { Grant } from './grants/types.js';
import { clientCredentials } from './grants/client-credentials.js';
import { password } from './grants/password.js';
import { refreshToken } from './grants/refresh-token.js';
import { authorizationCode } from './grants/authorization-code.js';
import { deviceCode } from './grants/device-code.js';
import { oktaList } from '../policy/errors.js';
import { logTokenRequestFailure } from '../log/decision-events.js';
import type { ProtocolServer } from './servers.js';

/** The grants this token endpoint serves, one module each (house rule 1). */
export const GRANTS: readonly Grant[] = [authorizationCode, clientCredentials, password, refreshToken, deviceCode];
const BY_TYPE = new Map(GRANTS.map((g) => [g.grantType, g]));
/** Every grant type Okta defines, for its "Valid values" message. */
const OKTA_GRANT_TYPES = ['authorization_code', 'password', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'interaction_code', 'urn:openid:params:grant-type:ciba'];
const CLIENT_PARAMS = ['client_id', 'client_secret', 'client_assertion', 'client_assertion_type', 'grant_type'];

/** Form parameters as single strings; a parameter given twice is an error (RFC 6749 §3.1). */
export function formParams(req: FormRequest): Record<string, string> {
  const body = req.body;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) throw invalidRequest(`The '${k}' parameter was provided more than once.`);
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/**
 * `POST /v1/token`: checks the request, authenticates the client, then hands the parameters the
 * grant accepts to that grant's module. Every refusal leaves a System Log event with its reason.
 */
export async function tokenEndpoint(ctx: AppContext, req: FormRequest, server: ProtocolServer) {
  try {
    return await tokenRequest(ctx, req, server);
  } catch (e) {
    if (e instanceof OAuthError && !e.logged) {
      e.logged = true;
      logTokenRequestFailure(ctx.systemLog, {
        server: server.isOrg ? null : { id: server.id!, name: server.name },
        clientId: claimedClientId(req),
        grantType: typeof req.body.grant_type === 'string' ? req.body.grant_type : undefined,
        error: e.error,
        description: e.description,
        reason: e.reason,
        requestId: req.requestId,
        ipAddress: req.ip,
        userAgent: req.headers['user-agent'],
      });
    }
    throw e;
  }
}

/** The client id a request claims (form or Basic), unauthenticated: for the log only. */
function claimedClientId(req: FormRequest): string | undefined {
  if (typeof req.body.client_id === 'string') return req.body.client_id;
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Basic ')) return undefined;
  const user = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0];
  try {
    return user ? decodeURIComponent(user) : undefined;
  } catch {
    return undefined;
  }
}

async function tokenRequest(ctx: AppContext, req: FormRequest, server: ProtocolServer) {
  if (!req.isForm) throw invalidRequest("The token request must be sent as 'application/x-www-form-urlencoded'.");
  const params = formParams(req);
  const grantType = params.grant_type;
  if (!grantType) throw invalidRequest(`The token request must specify a 'grant_type'. Valid values: ${oktaList(OKTA_GRANT_TYPES)}`);
  const grant = BY_TYPE.get(grantType);
  if (!grant) throw new OAuthError('unsupported_grant_type', `The authorization grant type is not supported by the authorization server. Configured grant types: ${oktaList(GRANTS.map((g) => g.grantType))}.`);
  if (req.headers.origin !== undefined && grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    throw new OAuthError('unauthorized_client', 'Browser requests to the token endpoint may only use the authorization_code grant_type.');
  }
  const client = await authenticateClient(req, ctx, `${server.endpoints}/token`, Math.floor(ctx.now() / 1000));
  if (!client.app.settings.grant_types.includes(grantType)) {
    throw new OAuthError('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: ${oktaList(client.app.settings.grant_types)}.`);
  }
  const accepted = new Set([...grant.parameters, ...CLIENT_PARAMS]);
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => accepted.has(k)));
  return grant.handle(ctx, req, client, server, own);
}

