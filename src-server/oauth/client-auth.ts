import { createHash, timingSafeEqual } from 'node:crypto';
import type { FormRequest } from './form-request.js';
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader, errors as joseErrors, type JSONWebKeySet } from 'jose';
import type { AppContext } from '../context.js';
import { appByClientId } from './config-cache.js';
import type { App, AuthMethod } from '../directory/apps.js';
import { OAuthError, invalidRequest } from './errors.js';

/*
 * Client authentication for token, introspect and revoke (reference §2.2): Basic, post body, a
 * client_assertion (client_secret_jwt, private_key_jwt) or none; Okta's error strings; secrets
 * compared in constant time; assertion `jti`s are single use.
 */

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const invalidClient = (d: string) => new OAuthError('invalid_client', d, 401);
export const UNKNOWN_CLIENT = "Invalid value for 'client_id' parameter.";
const AUTH_FAILED = 'Client authentication failed. Either the client or the client credentials are invalid.';

export interface AuthenticatedClient {
  app: App;
  method: AuthMethod;
}

function sameSecret(given: string, expected: string | undefined): boolean {
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected ?? '\0no secret').digest();
  return timingSafeEqual(a, b) && expected !== undefined;
}

/**
 * Basic credentials are form-urlencoded by spec clients (RFC 6749 §2.3.1) and raw by others (a `+`
 * or `%` in a raw secret means itself). Both readings are returned; the caller tries each.
 */
function decodeBasic(header: string): { id: string; secret: string }[] | undefined {
  const decoded = Buffer.from(header, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  const raw = { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
  const dec = (x: string) => {
    try {
      return decodeURIComponent(x.replace(/\+/g, ' '));
    } catch {
      return x;
    }
  };
  const form = { id: dec(raw.id), secret: dec(raw.secret) };
  return form.id === raw.id && form.secret === raw.secret ? [raw] : [form, raw];
}

export async function authenticateClient(req: FormRequest, ctx: AppContext, endpointUrl: string, nowSeconds: number): Promise<AuthenticatedClient> {
  const q = req.query;
  if (q.client_secret !== undefined || q.client_assertion !== undefined) throw invalidRequest('Client credentials cannot be supplied via query parameters.');
  const body: Record<string, unknown> = req.body;
  const header = req.headers.authorization;
  const basic = header && /^Basic /i.test(header) ? header.slice(6).trim() : undefined;
  const hasPost = typeof body.client_secret === 'string';
  const hasAssertion = body.client_assertion !== undefined || body.client_assertion_type !== undefined;
  if ([basic !== undefined, hasPost, hasAssertion].filter(Boolean).length > 1) {
    throw invalidRequest('Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.');
  }

  if (basic !== undefined) {
    const bare = publicClientInHeader(ctx, basic, body.client_id);
    if (bare) return bare;
    const readings = decodeBasic(basic);
    if (!readings || !readings[0]!.id) throw invalidClient('Found Authentication header but was not valid client credentials.');
    const found = readings.map((c) => ({ c, app: appByClientId(ctx, c.id) })).find((x) => x.app && x.app.status === 'ACTIVE');
    if (!found) throw invalidClient(UNKNOWN_CLIENT);
    const app = found.app!;
    if (typeof body.client_id === 'string' && body.client_id !== app.credentials.client_id) throw invalidClient(AUTH_FAILED);
    const method = app.credentials.token_endpoint_auth_method;
    // Every reading is compared, so the time taken does not tell which one matched.
    const matches = readings.map((c) => sameSecret(c.secret, app.credentials.client_secret));
    if (!matches.some(Boolean) || method !== 'client_secret_basic') throw invalidClient(AUTH_FAILED);
    return { app, method };
  }
  if (hasPost) {
    const id = typeof body.client_id === 'string' ? body.client_id : '';
    if (!id) throw invalidClient('No client credentials found.');
    const app = activeApp(ctx, id);
    const method = app.credentials.token_endpoint_auth_method;
    if (!sameSecret(body.client_secret as string, app.credentials.client_secret) || method !== 'client_secret_post') throw invalidClient(AUTH_FAILED);
    return { app, method };
  }
  if (hasAssertion) return authenticateAssertion(body, ctx, endpointUrl, nowSeconds);

  const id = typeof body.client_id === 'string' ? body.client_id : typeof q.client_id === 'string' ? q.client_id : '';
  if (!id) throw invalidClient('No client credentials found.');
  const app = activeApp(ctx, id);
  if (app.credentials.token_endpoint_auth_method !== 'none') throw invalidClient(AUTH_FAILED);
  return { app, method: 'none' };
}

/**
 * A client id alone in the Basic header, with no colon and no secret: how Okta's SPA SDK names a
 * public client to /revoke and /introspect. Only a public client may be named that way.
 */
function publicClientInHeader(ctx: AppContext, basic: string, bodyClientId: unknown): AuthenticatedClient | undefined {
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  if (!decoded || decoded.includes(':')) return undefined;
  const app = appByClientId(ctx, decoded);
  if (!app || app.status !== 'ACTIVE' || app.credentials.token_endpoint_auth_method !== 'none') return undefined;
  if (bodyClientId !== undefined && bodyClientId !== decoded) throw invalidClient(AUTH_FAILED);
  return { app, method: 'none' };
}

function activeApp(ctx: AppContext, clientId: string): App {
  const app = appByClientId(ctx, clientId);
  if (!app || app.status !== 'ACTIVE') throw invalidClient(UNKNOWN_CLIENT);
  return app;
}

async function authenticateAssertion(body: Record<string, unknown>, ctx: AppContext, endpointUrl: string, now: number): Promise<AuthenticatedClient> {
  if (body.client_assertion_type !== ASSERTION_TYPE) throw invalidRequest('The client_assertion_type is invalid.');
  const assertion = body.client_assertion;
  if (typeof assertion !== 'string' || assertion.split('.').length !== 3) throw invalidClient('The parsing of the client_assertion failed.');
  let claims: Record<string, unknown>;
  let header: { alg?: string; kid?: string };
  try {
    header = decodeProtectedHeader(assertion);
    claims = JSON.parse(Buffer.from(assertion.split('.')[1]!, 'base64url').toString('utf8'));
  } catch {
    throw invalidClient('The parsing of the client_assertion failed.');
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw invalidClient('The parsing of the client_assertion failed.');
  const iss = claims.iss;
  const app = typeof iss === 'string' ? appByClientId(ctx, iss) : undefined;
  if (!app || app.status !== 'ACTIVE') throw invalidClient('The issuer claim for client_assertion is not a valid client_id.');
  if (claims.sub !== iss) throw invalidClient('The subject claim for client_assertion is not a valid client_id.');
  if (typeof body.client_id === 'string' && body.client_id !== iss) throw invalidClient(AUTH_FAILED);
  const method = app.credentials.token_endpoint_auth_method;
  if (method !== 'client_secret_jwt' && method !== 'private_key_jwt') throw invalidClient(AUTH_FAILED);
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!auds.includes(endpointUrl)) throw invalidClient('The audience claim for client_assertion must be the endpoint invoked for the request.');
  if (typeof claims.exp !== 'number') throw invalidClient("The client_assertion must contain the 'exp' claim as seconds since epoch.");
  if (claims.exp <= now) throw invalidClient('The client_assertion token is expired.');
  if (claims.exp > now + 3600) throw invalidClient('The client_assertion token has an expiration too far into the future.');
  if (typeof claims.iat === 'number' && claims.iat > now + 5) throw invalidClient('The client_assertion token must be issued before the current time.');

  try {
    if (method === 'client_secret_jwt') {
      const secret = app.credentials.client_secret ?? '';
      if (secret.length < 32) throw invalidClient('The client secret is too short to verify a JWT HMAC.');
      await jwtVerify(assertion, new TextEncoder().encode(secret), { algorithms: ['HS256', 'HS384', 'HS512'], clockTolerance: 5, currentDate: new Date(now * 1000) });
    } else {
      const jwks = app.settings.jwks as JSONWebKeySet | undefined;
      if (!jwks?.keys?.length) throw invalidClient('The client_assertion JWT kid is invalid.');
      if (header.kid !== undefined && !jwks.keys.some((k) => k.kid === header.kid)) throw invalidClient('The client_assertion JWT kid is invalid.');
      await jwtVerify(assertion, createLocalJWKSet(jwks), { algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'], clockTolerance: 5, currentDate: new Date(now * 1000) });
    }
  } catch (e) {
    if (e instanceof OAuthError) throw e;
    if (e instanceof joseErrors.JOSEError && e.code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw invalidClient('The client_assertion JWT kid is invalid.');
    throw invalidClient('The client_assertion signature is invalid.');
  }
  if (typeof claims.jti === 'string' && !ctx.store.tokens.useAssertion(app.credentials.client_id, claims.jti, claims.exp, now)) {
    throw invalidClient('The client_assertion token has already been used.');
  }
  return { app, method };
}
