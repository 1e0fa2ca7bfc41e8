import type { AppContext } from '../context.js';
import { publicJwk } from '../tokens/keys.js';
import { publishedKeys, type ProtocolServer } from './servers.js';
import { GRANTS } from './token.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];
const ID_TOKEN_CLAIMS = ['iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name', 'nickname', 'preferred_username', 'given_name', 'middle_name', 'family_name', 'email', 'email_verified', 'profile', 'zoneinfo', 'locale', 'address', 'phone_number', 'picture', 'website', 'gender', 'birthdate', 'updated_at', 'at_hash', 'c_hash'];
const ACCESS_TOKEN_CLAIMS = ['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub'];

/**
 * Discovery documents (reference §2.13), advertising exactly what this server does today: the
 * endpoints and grants that exist (token exchange, PAR and request objects are not served).
 * `scopes_supported`: system scopes and custom scopes with `metadataPublish: ALL_CLIENTS`.
 */
export function discoveryDocument(ctx: AppContext, server: ProtocolServer, kind: 'openid-configuration' | 'oauth-authorization-server') {
  const iss = server.issuer;
  const e = server.endpoints;
  const scopes = [...server.model.scopes.values()].filter((s) => s.system || s.metadataPublish === 'ALL_CLIENTS').map((s) => s.name);
  const grants = [...GRANTS.map((g) => g.grantType), 'implicit'].filter((g) => !(server.isOrg && g === 'client_credentials'));
  const oidc = kind === 'openid-configuration';
  return {
    issuer: iss,
    authorization_endpoint: `${e}/authorize`,
    token_endpoint: `${e}/token`,
    ...(oidc ? { userinfo_endpoint: `${e}/userinfo` } : {}),
    jwks_uri: `${e}/keys`,
    response_types_supported: oidc ? ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'] : ['code', 'token', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: oidc ? grants.filter((g) => g !== 'client_credentials') : grants,
    ...(oidc ? { subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] } : {}),
    scopes_supported: server.isOrg ? ['openid', 'email', 'profile', 'address', 'phone', 'offline_access', 'groups'] : scopes,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
    claims_supported: oidc ? ID_TOKEN_CLAIMS : ACCESS_TOKEN_CLAIMS,
    code_challenge_methods_supported: ['S256'],
    end_session_endpoint: `${e}/logout`,
    device_authorization_endpoint: `${e}/device/authorize`,
    introspection_endpoint: `${e}/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${e}/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    // RFC 9207: every authorization response carries `iss`.
    authorization_response_iss_parameter_supported: true,
    // OIDC Discovery: an absent value means true; request objects are refused (request_not_supported).
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}

/** Seconds a JWKS may be cached: a day, or less when an AUTO rotation is nearer. */
export function jwksDocument(ctx: AppContext, server: ProtocolServer) {
  return { keys: publishedKeys(ctx, server).map(publicJwk) };
}
