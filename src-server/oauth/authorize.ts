import { randomBytes, createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import type { App } from '../directory/apps.js';
import { randomSecret } from '../util/ids.js';
import { clientModel, subjectModel } from '../authz/decision-model.js';
import { decide } from '../policy/engine.js';
import { decideOrg } from '../policy/org-server.js';
import { oktaList } from '../policy/errors.js';
import { cookies, setCookie, CSRF_COOKIE, FRESH_COOKIE, SESSION_COOKIE } from './cookies.js';
import { consentPage, errorPage, formPostPage, page } from './pages.js';
import type { ProtocolServer } from './servers.js';
import { PAGE_CSP } from './sign-in.js';
import { mintFrontChannel } from './mint.js';
import { OAuthError } from './errors.js';
import { appByClientId } from './config-cache.js';
import { fromExpress } from './form-request.js';

/*
 * `/v1/authorize` (reference §2.3) for `code`, `token`, `id_token` and their hybrids: checks in Okta's order; an unknown
 * client or redirect URI gets the error page, anything after that goes back to the app through the
 * response mode; then the user (sessionToken, session cookie, or the sign-in page), the decision
 * core, consent, and a single-use code (stored hashed, 300 s).
 */

export const CODE_TTL_SECONDS = 300;
export const SESSION_TTL_SECONDS = 2 * 3600;
const RESPONSE_MODES = ['query', 'fragment', 'form_post', 'okta_post_message'];
const PROMPTS = ['none', 'login', 'consent'];
const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;
const STATE = /^[\x20-\x7e]{1,2048}$/;

class Redirectable extends Error {
  constructor(readonly error: string, readonly description: string) {
    super(description);
  }
}

/** Parameters from the query (GET) or the form body (POST); duplicates are kept to refuse them. */
function authorizeParams(req: Request): { params: Record<string, string>; duplicated: string[] } {
  const source = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
  const params: Record<string, string> = {};
  const duplicated: string[] = [];
  for (const [k, v] of Object.entries(source ?? {})) {
    if (Array.isArray(v)) {
      duplicated.push(k);
      params[k] = String(v[0]);
    } else if (typeof v === 'string') params[k] = v;
  }
  return { params, duplicated };
}

/**
 * Sends the response to the app. Every response names the issuer (RFC 9207, mix-up defence), and
 * the answer to a POST is a 303, so the browser does not post the form again to the app (RFC 9700 §4.12).
 */
function deliver(req: Request, res: Response, redirectUri: string, mode: string, issuer: string, response: Record<string, string | undefined>): void {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(response)) if (v !== undefined) fields[k] = v;
  fields.iss = issuer;
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', 'Referrer-Policy': 'no-referrer' });
  if (mode === 'form_post' || mode === 'okta_post_message') {
    const nonce = randomBytes(12).toString('base64');
    const target = new URL(redirectUri).origin;
    res.set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}'; form-action ${target}; frame-ancestors ${mode === 'okta_post_message' ? target : "'none'"}`);
    if (mode === 'form_post') return void res.status(200).type('html').send(formPostPage(redirectUri, fields, nonce));
    const script = `(window.opener || window.parent).postMessage(${JSON.stringify(fields).replace(/</g, '\\u003c')}, ${JSON.stringify(target)});`;
    return void res.status(200).type('html').send(page('Signing you in', '<h1>Signing you in…</h1>', { nonce, script }));
  }
  const url = new URL(redirectUri);
  const qs = new URLSearchParams(fields);
  if (mode === 'fragment') url.hash = qs.toString();
  else for (const [k, v] of qs) url.searchParams.append(k, v);
  res.redirect(req.method === 'POST' ? 303 : 302, url.href);
}

function showError(res: Response, error: string, description: string): void {
  res.status(400).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Frame-Options': 'DENY' }).type('html').send(errorPage(error, description));
}

/**
 * Exact redirect URI match (RFC 9700 §2.1). For SUBDOMAIN apps a registered `https://*.host/path`
 * also admits exactly one plain DNS label in place of `*`: both URIs are parsed, the given one must
 * be in its canonical form (so no percent-encoding or backslash tricks survive), and scheme, port,
 * path, query and fragment must be equal.
 */
export function redirectUriAllowed(app: App, uri: string): boolean {
  if (app.settings.redirect_uris.includes(uri)) return true;
  if (app.settings.wildcard_redirect !== 'SUBDOMAIN') return false;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.href !== uri || u.protocol !== 'https:' || u.username || u.password) return false;
  const PLACEHOLDER = 'gatehouse-wildcard-label';
  return app.settings.redirect_uris.some((pattern) => {
    if (!pattern.startsWith('https://*.')) return false;
    let p: URL;
    try {
      p = new URL(pattern.replace('https://*.', `https://${PLACEHOLDER}.`));
    } catch {
      return false;
    }
    const base = p.hostname.slice(PLACEHOLDER.length + 1);
    if (u.port !== p.port || u.pathname !== p.pathname || u.search !== p.search || u.hash !== p.hash) return false;
    if (!u.hostname.endsWith(`.${base}`)) return false;
    return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(u.hostname.slice(0, -(base.length + 1)));
  });
}

export async function authorizeEndpoint(ctx: AppContext, req: Request, res: Response, server: ProtocolServer): Promise<void> {
  const { store } = ctx;
  const { params: p, duplicated } = authorizeParams(req);
  const app = p.client_id ? appByClientId(ctx, p.client_id) : undefined;
  if (!app || app.status !== 'ACTIVE') return showError(res, 'invalid_client', "Invalid value for 'client_id' parameter.");
  if (!p.redirect_uri || !redirectUriAllowed(app, p.redirect_uri)) {
    return showError(res, 'invalid_request', `The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: ${ctx.orgUrl()}/admin/app/oidc_client/instance/${app.id}#tab-general`);
  }
  const redirectUri = p.redirect_uri;
  const responseTypes = (p.response_type ?? '').split(' ').filter(Boolean);
  const hasTokens = responseTypes.some((t) => t === 'token' || t === 'id_token');
  const mode = p.response_mode ?? (hasTokens ? 'fragment' : 'query');
  const state = p.state;
  const fail = (error: string, description: string) =>
    deliver(req, res, redirectUri, RESPONSE_MODES.includes(mode) && !(mode === 'query' && hasTokens) ? mode : hasTokens ? 'fragment' : 'query', server.issuer, {
      error, error_description: description, state,
    });

  try {
    if (duplicated.length) throw new Redirectable('invalid_request', `Duplicate parameter provided in request. Duplicated parameters: ${oktaList(duplicated)}.`);
    // Request objects are not built (README: differences from Okta); saying so beats ignoring them (OIDC Core §6).
    if (p.request !== undefined) throw new Redirectable('request_not_supported', "The 'request' parameter is not supported by this authorization server.");
    if (p.request_uri !== undefined) throw new Redirectable('request_uri_not_supported', "The 'request_uri' parameter is not supported by this authorization server.");
    if (!RESPONSE_MODES.includes(mode)) throw new Redirectable('unsupported_response_mode', `The response mode is not supported by the authorization server. Valid response modes: ${oktaList(RESPONSE_MODES)}.`);
    if ((mode === 'form_post' || mode === 'okta_post_message') && new URL(redirectUri).origin === 'null') {
      throw new Redirectable('unsupported_response_mode', `The '${mode}' response mode needs a redirect URI with an http(s) origin.`);
    }
    if (mode === 'query' && hasTokens) throw new Redirectable('unsupported_response_mode', "'query' response mode cannot be used with either the 'id_token' or 'token' response types.");
    if (responseTypes.length === 0 || responseTypes.some((t) => !app.settings.response_types.includes(t))) {
      throw new Redirectable('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: ${oktaList(app.settings.response_types)}.`);
    }
    if (responseTypes.some((t) => !['code', 'token', 'id_token'].includes(t))) {
      throw new Redirectable('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: ${oktaList(app.settings.response_types)}.`);
    }
    // `code` (with or without tokens: hybrid) is the code grant; tokens alone are the implicit grant.
    const grantType = responseTypes.includes('code') ? 'authorization_code' : 'implicit';
    if (!app.settings.grant_types.includes(grantType)) {
      throw new Redirectable('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: ${oktaList(app.settings.grant_types)}.`);
    }
    if (state === undefined || !STATE.test(state)) throw new Redirectable('invalid_request', "The authentication request has an invalid 'state' parameter.");
    const prompt = (p.prompt ?? '').split(' ').filter(Boolean);
    if (prompt.some((x) => !PROMPTS.includes(x)) || (prompt.includes('none') && prompt.length > 1)) {
      throw new Redirectable('invalid_request', `Invalid value for 'prompt' parameter. Supported values: ${oktaList(PROMPTS)}`);
    }
    let maxAge: number | undefined;
    if (p.max_age !== undefined) {
      maxAge = /^\d{1,10}$/.test(p.max_age) ? Number(p.max_age) : NaN;
      if (!Number.isInteger(maxAge) || maxAge > 2 ** 31 - 1) throw new Redirectable('invalid_request', "Invalid value for 'max_age' parameter. It should be within range 0 - 2^31-1.");
    }
    if (hasTokens && !p.nonce) {
      throw new Redirectable('invalid_request', "The 'nonce' parameter is required for authorize requests with either the 'id_token' or 'token' response types..");
    }
    const scopes = p.scope === undefined ? undefined : p.scope.split(' ').filter(Boolean);
    if (responseTypes.includes('id_token') && !(scopes ?? []).includes('openid')) {
      throw new Redirectable('invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.");
    }
    const oidcScopes = ['profile', 'email', 'address', 'phone'];
    if (scopes && !scopes.includes('openid') && scopes.some((s) => oidcScopes.includes(s))) {
      throw new Redirectable('invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.");
    }
    // Scopes that cannot exist here are refused before anyone is asked to sign in.
    if (scopes === undefined && ![...server.model.scopes.values()].some((x) => x.default)) {
      throw new Redirectable('invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
    }
    if (scopes?.some((x) => !server.model.scopes.has(x))) {
      throw new Redirectable('invalid_scope', server.isOrg ? 'Custom scopes are not allowed for this request.' : 'One or more scopes are not configured for the authorization server resource.');
    }
    if (p.code_challenge === undefined) {
      if (app.credentials.pkce_required && grantType === 'authorization_code') throw new Redirectable('invalid_request', 'PKCE code challenge is required by the application.');
    } else {
      if ((p.code_challenge_method ?? 'plain') !== 'S256') throw new Redirectable('invalid_request', 'PKCE code challenge method is not supported. Valid values: [S256]');
      if (!PKCE_CHALLENGE.test(p.code_challenge)) throw new Redirectable('invalid_request', 'PKCE code challenge contains illegal characters.');
    }

    // ---- who is signing in ----
    const now = Math.floor(ctx.now() / 1000);
    const jar = cookies(req);
    let userId: string | undefined;
    let sid: string | undefined;
    let authTime = now;
    if (p.sessionToken) {
      userId = store.sessionTokens.consume(p.sessionToken, new Date(ctx.now()).toISOString());
      if (userId) sid = startSession(ctx, res, userId, now);
    }
    if (!userId && jar[SESSION_COOKIE]) {
      const session = store.browser.session(jar[SESSION_COOKIE], now);
      const fresh = jar[FRESH_COOKIE] === '1' && !!session && session.authTime >= now - 60;
      const tooOld = session && maxAge !== undefined && session.authTime + maxAge < now;
      if (session && ((!prompt.includes('login') && !tooOld) || fresh)) {
        userId = session.userId;
        sid = jar[SESSION_COOKIE];
        authTime = session.authTime;
        if (fresh) setCookie(res, FRESH_COOKIE, '', { maxAge: 0 });
      }
    }
    const user = userId ? store.users.get(userId) : undefined;
    if (!user || user.status !== 'ACTIVE') {
      if (prompt.includes('none')) throw new Redirectable('login_required', 'The client specified not to prompt, but the user is not logged in.');
      const fromURI = req.originalUrl.startsWith('/oauth2/') && req.method === 'GET' ? req.originalUrl : `${new URL(req.originalUrl, ctx.orgUrl()).pathname}?${new URLSearchParams(p).toString()}`;
      return void res.redirect(req.method === 'POST' ? 303 : 302, `/login/login.htm?fromURI=${encodeURIComponent(fromURI)}${p.login_hint ? `&login_hint=${encodeURIComponent(p.login_hint)}` : ''}`);
    }
    if (p.gh_consent === 'deny') throw new Redirectable('access_denied', 'The resource owner or authorization server denied the request.');

    // ---- the decision ----
    const subject = subjectModel(store, user, app);
    const client = clientModel(app);
    const consented = server.isOrg ? [] : store.browser.consentedScopes(user.id, client.clientId, server.id!);
    const request = { grantType, scopes, responseType: responseTypes.join(' '), prompt, consentedScopes: consented };
    const decision = server.isOrg ? decideOrg(client, subject, request) : decide(server.model, client, subject, request);
    if (!decision.ok) {
      ctx.systemLog.write({
        eventType: server.isOrg ? 'app.oauth2.authorize_failure' : 'app.oauth2.as.authorize_failure',
        displayMessage: 'OAuth2 authorization request failed',
        outcome: { result: 'FAILURE', reason: decision.failure.reason ?? decision.failure.error },
        actor: { id: client.clientId, type: 'PublicClientApp', alternateId: client.clientId, displayName: client.label },
        target: [{ id: user.id, type: 'User', alternateId: user.profile.login, displayName: user.profile.login }],
        requestId: String(res.getHeader('X-Okta-Request-Id') ?? ''),
        debugData: { grantType, requestedScopes: decision.trace.requestedScopes.join(' '), trace: decision.trace, error: decision.failure.error },
      });
      throw new Redirectable(decision.failure.error, decision.failure.description);
    }
    if (decision.consentScopes.length) {
      const csrf = sessionBoundToken(csrfToken(req, res), sid!);
      const fromURI = req.originalUrl.startsWith('/oauth2/') && req.method === 'GET' ? req.originalUrl : `${new URL(req.originalUrl, ctx.orgUrl()).pathname}?${new URLSearchParams(p).toString()}`;
      res.set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Frame-Options': 'DENY' });
      return void res.status(200).type('html').send(
        consentPage({
          appLabel: app.label,
          userLogin: user.profile.login,
          action: '/login/consent',
          csrf,
          fromURI,
          scopes: decision.consentScopes.map((name) => {
            const s = server.model.scopes.get(name);
            return { name, displayName: s?.displayName, description: s?.description };
          }),
        }),
      );
    }

    const fields: Record<string, string> = {};
    if (responseTypes.includes('code')) {
      const code = randomSecret(32);
      store.browser.insertCode(code, {
        authServerId: server.id, clientId: client.clientId, userId: user.id, redirectUri, scopes: decision.scopes,
        nonce: p.nonce ?? null, codeChallenge: p.code_challenge ?? null, authTime, expiresAt: now + CODE_TTL_SECONDS, decision,
      });
      logCodeIssued(ctx, res, server, client, subject, decision);
      fields.code = code;
    }
    if (hasTokens) Object.assign(fields, await mintFrontChannel(ctx, fromExpress(req), { server, app, subject, request, nonce: p.nonce, authTime, code: fields.code }));
    deliver(req, res, redirectUri, mode, server.issuer, { ...fields, state });
  } catch (e) {
    if (e instanceof Redirectable || e instanceof OAuthError) return fail(e.error, e.description);
    throw e;
  }
}

function logCodeIssued(ctx: AppContext, res: Response, server: ProtocolServer, client: ReturnType<typeof clientModel>, subject: ReturnType<typeof subjectModel>, decision: Extract<ReturnType<typeof decide>, { ok: true }>) {
  ctx.systemLog.write({
    eventType: server.isOrg ? 'app.oauth2.authorize.code' : 'app.oauth2.as.authorize.code',
    displayMessage: 'OAuth2 authorization code request',
    outcome: { result: 'SUCCESS' },
    actor: { id: client.clientId, type: 'PublicClientApp', alternateId: client.clientId, displayName: client.label },
    target: [{ id: subject.id, type: 'User', alternateId: subject.login, displayName: subject.login }],
    requestId: String(res.getHeader('X-Okta-Request-Id') ?? ''),
    debugData: { grantType: 'authorization_code', grantedScopes: decision.scopes.join(' '), policyId: decision.policy?.id, ruleId: decision.rule?.id, trace: decision.trace },
  });
}

export function startSession(ctx: AppContext, res: Response, userId: string, now: number): string {
  const sid = randomSecret(32);
  ctx.store.browser.createSession(sid, userId, now, now + SESSION_TTL_SECONDS, isoAt(ctx));
  setCookie(res, SESSION_COOKIE, sid, { maxAge: SESSION_TTL_SECONDS });
  return sid;
}

/**
 * The consent form's CSRF token is bound to the session that shows it: an HMAC of the session id
 * keyed by the CSRF cookie. Someone who can plant a CSRF cookie (a sibling subdomain) still cannot
 * make a token for the victim's session, whose id they never see (HttpOnly).
 */
export function sessionBoundToken(csrfCookie: string, sid: string): string {
  return createHmac('sha256', csrfCookie).update(sid).digest('base64url');
}

/** Double-submit CSRF token: a random cookie, echoed in the form. */
export function csrfToken(req: Request, res: Response): string {
  const existing = cookies(req)[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  const token = randomSecret(24);
  setCookie(res, CSRF_COOKIE, token, { sameSite: 'Strict' });
  return token;
}

