import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { SimulationSetup } from './definition.js';
import type { DecodedJwt, HttpRequestSpec, SimState, StepInfo, StepResult } from './types.js';

/*
 * One definition per step of every flow: what it sends (`prepare`, from the setup and what the flow
 * gathered so far) and what it learns from the answer (`absorb`). The simulator is a client of the
 * server: everything here is what a real client, browser or person would send and read.
 */

/** The client as the simulator needs it: how it authenticates and where it is sent back to. */
export interface ClientProfile {
  clientId: string;
  clientSecret?: string;
  authMethod: 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  label: string;
}

export interface FlowContext {
  orgUrl: string;
  setup: SimulationSetup;
  client: ClientProfile;
}

export class SimulationError extends Error {}

const b64url = (b: Buffer) => b.toString('base64url');

export function newState(setup: SimulationSetup): SimState {
  const s: SimState = { state: b64url(randomBytes(12)), cookies: {} };
  if (usesBrowser(setup.flow)) {
    if (setup.options.nonce) s.nonce = b64url(randomBytes(12));
    if (setup.options.pkce !== 'none') {
      s.codeVerifier = b64url(randomBytes(32));
      s.codeChallenge = setup.options.pkce === 'S256' ? b64url(createHash('sha256').update(s.codeVerifier).digest()) : s.codeVerifier;
    }
  }
  return s;
}

const usesBrowser = (flow: SimulationSetup['flow']) => flow === 'authorization_code' || flow === 'implicit' || flow === 'hybrid';

export function responseTypeOf(setup: SimulationSetup): string {
  if (setup.options.responseType) return setup.options.responseType;
  if (setup.flow === 'implicit') return setup.scopes.includes('openid') ? 'id_token token' : 'token';
  if (setup.flow === 'hybrid') return 'code id_token';
  return 'code';
}

function issuerBase(ctx: FlowContext): string {
  return ctx.setup.authServerId === 'org' ? `${ctx.orgUrl}/oauth2/v1` : `${ctx.orgUrl}/oauth2/${encodeURIComponent(ctx.setup.authServerId)}/v1`;
}

function redirectUri(ctx: FlowContext): string {
  const uri = ctx.setup.options.redirectUri ?? ctx.client.redirectUris[0];
  if (!uri) throw new SimulationError(`The app '${ctx.client.label}' has no redirect URI; add one or set one in the simulation's options.`);
  return uri;
}

// ---- the plan ----

const STEP_INFO: Record<string, Omit<StepInfo, 'id'>> = {
  sign_in: { title: 'Sign in (Authentication API)', from: 'user', to: 'server', explain: 'The user signs in with POST /api/v1/authn; the session token stands in for the sign-in page at /authorize.' },
  authorize: { title: 'Authorization request', from: 'browser', to: 'server', explain: 'The browser is sent to /authorize with what the app asks for.' },
  sign_in_page: { title: 'Open the sign-in page', from: 'browser', to: 'server', explain: 'The browser follows the redirect to the hosted sign-in page.' },
  sign_in_form: { title: 'Submit the sign-in form', from: 'user', to: 'server', explain: 'The user enters their username and password on the sign-in page.' },
  authorize_resume: { title: 'Back to /authorize, signed in', from: 'browser', to: 'server', explain: 'With a session, /authorize decides and sends the browser back to the app.' },
  token: { title: 'Token request', from: 'client', to: 'server', explain: 'The client asks the token endpoint for tokens.' },
  device_authorize: { title: 'Device authorization request', from: 'client', to: 'server', explain: 'The device asks for a device code and a user code to show the user.' },
  activate_page: { title: 'Open the activation page', from: 'browser', to: 'server', explain: 'On another device, the user opens the verification URI with the user code.' },
  activate: { title: 'Enter the code and sign in', from: 'user', to: 'server', explain: 'The user confirms the code, signs in and allows the device.' },
  replay_code: { title: 'Replay the authorization code', from: 'client', to: 'server', explain: 'The same code is sent again: the server must refuse it and revoke what it issued.' },
  refresh: { title: 'Refresh the tokens', from: 'client', to: 'server', explain: 'The client trades its refresh token for new tokens.' },
  userinfo: { title: 'UserInfo', from: 'client', to: 'server', explain: "The client reads the user's claims with the access token." },
  introspect_access: { title: 'Introspect the access token', from: 'client', to: 'server', explain: 'Is the access token active, and what does it carry?' },
  introspect_refresh: { title: 'Introspect the refresh token', from: 'client', to: 'server', explain: 'Is the refresh token active?' },
  introspect_id: { title: 'Introspect the ID token', from: 'client', to: 'server', explain: 'Is the ID token active?' },
  revoke_access: { title: 'Revoke the access token', from: 'client', to: 'server', explain: 'The client revokes its access token.' },
  revoke_refresh: { title: 'Revoke the refresh token', from: 'client', to: 'server', explain: 'The client revokes its refresh token (and the grant it belongs to).' },
  logout: { title: 'Sign out', from: 'browser', to: 'server', explain: 'RP-initiated logout with the ID token as a hint.' },
  consent: { title: 'Consent', from: 'user', to: 'server', explain: 'The server asked the user to allow the app its scopes; the user answers.' },
  authorize_consented: { title: 'Back to /authorize, after consent', from: 'browser', to: 'server', explain: 'With the answer recorded, /authorize decides and sends the browser back to the app.' },
  expire_access: {
    title: 'Let the access token expire', from: 'client', to: 'client', local: true,
    explain: "A tester's tool: the server re-signs the access token with the same claims and an expiry a minute ago, so the next steps use an expired token without waiting for it.",
  },
};

/** The steps of a setup, in order. A follow-up given twice gets `_2`, `_3` on its id. */
export function planSteps(setup: SimulationSetup): StepInfo[] {
  const ids: string[] = [];
  const hasCode = responseTypeOf(setup).split(' ').includes('code');
  switch (setup.flow) {
    case 'authorization_code':
    case 'implicit':
    case 'hybrid':
      if (setup.signIn === 'sessionToken') ids.push('sign_in', 'authorize');
      else if (setup.signIn === 'signInPage') ids.push('authorize', 'sign_in_page', 'sign_in_form', 'authorize_resume');
      else ids.push('authorize');
      if (setup.options.consent && setup.signIn !== 'person') ids.push('consent', 'authorize_consented');
      if (hasCode) ids.push('token');
      break;
    case 'password':
    case 'client_credentials':
      ids.push('token');
      break;
    case 'device_code':
      ids.push('device_authorize', 'activate_page', 'activate', 'token');
      break;
  }
  const seen = new Map<string, number>();
  const out: StepInfo[] = ids.map((id) => ({ id, ...STEP_INFO[id]! }));
  for (const f of setup.then) {
    const n = (seen.get(f) ?? 0) + 1;
    seen.set(f, n);
    out.push({ id: n === 1 ? f : `${f}_${n}`, ...STEP_INFO[f]! });
  }
  if (setup.flow === 'password') out[0] = { ...out[0]!, from: 'client', explain: "The client sends the user's username and password to the token endpoint (resource owner password grant)." };
  if (setup.signIn === 'person' && usesBrowser(setup.flow)) {
    out[out.findIndex((s) => s.id === 'authorize')] = { ...STEP_INFO.authorize!, id: 'authorize', interactive: true, from: 'user', explain: 'You open the authorization URL in your browser, sign in on the real page, then paste the address you land on.' };
  }
  return out;
}

/** The follow-up kind of a step id (`introspect_access_2` -> `introspect_access`). */
export function kindOf(stepId: string): string {
  return stepId.replace(/_\d+$/, '');
}

// ---- requests ----

const FORM = 'application/x-www-form-urlencoded';

function cookieHeader(state: SimState): Record<string, string> {
  const c = Object.entries(state.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  return c ? { Cookie: c } : {};
}

async function withClientAuth(ctx: FlowContext, endpoint: string, form: Record<string, string>): Promise<{ headers: Record<string, string>; form: Record<string, string> }> {
  const c = ctx.client;
  const headers: Record<string, string> = {};
  switch (c.authMethod) {
    case 'client_secret_basic':
      headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret ?? '')}`).toString('base64')}`;
      break;
    case 'client_secret_post':
      form = { ...form, client_id: c.clientId, client_secret: c.clientSecret ?? '' };
      break;
    case 'client_secret_jwt': {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new SignJWT({ jti: b64url(randomBytes(16)) })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(c.clientId).setSubject(c.clientId).setAudience(endpoint).setIssuedAt(now).setExpirationTime(now + 300)
        .sign(Buffer.from(c.clientSecret ?? ''));
      form = { ...form, client_id: c.clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
      break;
    }
    case 'private_key_jwt':
      throw new SimulationError(`The app '${c.label}' authenticates with private_key_jwt; the simulator does not hold its private key. Use an app with a client secret, or a public client.`);
    case 'none':
      form = { ...form, client_id: c.clientId };
      break;
  }
  return { headers, form };
}

async function backChannel(ctx: FlowContext, path: string, form: Record<string, string>): Promise<HttpRequestSpec> {
  const url = `${issuerBase(ctx)}/${path}`;
  const auth = await withClientAuth(ctx, url, form);
  return { method: 'POST', url, headers: { 'Content-Type': FORM, Accept: 'application/json', ...auth.headers }, body: new URLSearchParams(auth.form).toString() };
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === '') throw new SimulationError(`This step needs ${what}, and the steps before it did not produce one.`);
  return v;
}

function user(ctx: FlowContext): { username: string; password: string } {
  if (!ctx.setup.user) throw new SimulationError('This flow signs a user in: choose a user (and their password) in the simulation.');
  return ctx.setup.user;
}

function authorizeUrl(ctx: FlowContext, state: SimState): string {
  const s = ctx.setup;
  const q = new URLSearchParams({ client_id: ctx.client.clientId, response_type: responseTypeOf(s), scope: s.scopes.join(' '), redirect_uri: redirectUri(ctx), state: state.state });
  if (state.nonce) q.set('nonce', state.nonce);
  if (state.codeChallenge) {
    q.set('code_challenge', state.codeChallenge);
    q.set('code_challenge_method', s.options.pkce === 'plain' ? 'plain' : 'S256');
  }
  if (s.options.responseMode) q.set('response_mode', s.options.responseMode);
  if (s.options.prompt) q.set('prompt', s.options.prompt);
  if (s.options.loginHint) q.set('login_hint', s.options.loginHint);
  if (s.options.maxAge !== undefined) q.set('max_age', String(s.options.maxAge));
  if (s.signIn === 'sessionToken' && state.sessionToken) q.set('sessionToken', state.sessionToken);
  return `${issuerBase(ctx)}/authorize?${q.toString()}`;
}

function absolute(ctx: FlowContext, location: string): string {
  return new URL(location, ctx.orgUrl).toString();
}

/** The request a step will send, before any tamper. */
export async function prepare(stepId: string, ctx: FlowContext, state: SimState): Promise<HttpRequestSpec> {
  const s = ctx.setup;
  const kind = kindOf(stepId);
  switch (kind) {
    case 'sign_in': {
      const u = user(ctx);
      return { method: 'POST', url: `${ctx.orgUrl}/api/v1/authn`, headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ username: u.username, password: u.password }) };
    }
    case 'authorize':
      return { method: 'GET', url: authorizeUrl(ctx, state), headers: { Accept: 'text/html', ...cookieHeader(state) } };
    case 'sign_in_page':
      return { method: 'GET', url: absolute(ctx, need(state.location, 'a redirect to the sign-in page')), headers: { Accept: 'text/html', ...cookieHeader(state) } };
    case 'sign_in_form': {
      const u = user(ctx);
      const body = new URLSearchParams({ fromURI: need(state.fromURI, 'the sign-in page'), csrf: need(state.csrf, 'the sign-in form'), username: u.username, password: u.password });
      return { method: 'POST', url: `${ctx.orgUrl}/login/login.htm`, headers: { 'Content-Type': FORM, Accept: 'text/html', ...cookieHeader(state) }, body: body.toString() };
    }
    case 'authorize_resume':
      return { method: 'GET', url: absolute(ctx, need(state.location, 'a redirect back to /authorize')), headers: { Accept: 'text/html', ...cookieHeader(state) } };
    case 'consent': {
      const c = need(state.consent, 'the consent page (the server did not ask for consent: it was given before, or the app does not require it)');
      const body = new URLSearchParams({ csrf: c.csrf, fromURI: c.fromURI, decision: s.options.consent ?? 'allow' });
      return { method: 'POST', url: `${ctx.orgUrl}/login/consent`, headers: { 'Content-Type': FORM, Accept: 'text/html', ...cookieHeader(state) }, body: body.toString() };
    }
    case 'authorize_consented':
      return { method: 'GET', url: absolute(ctx, need(state.consentLocation, 'an answer on the consent page')), headers: { Accept: 'text/html', ...cookieHeader(state) } };
    case 'token':
      return backChannel(ctx, 'token', tokenForm(ctx, state));
    case 'replay_code':
      return backChannel(ctx, 'token', codeExchange(ctx, state));
    case 'device_authorize':
      return backChannel(ctx, 'device/authorize', { scope: s.scopes.join(' ') });
    case 'activate_page':
      return { method: 'GET', url: `${ctx.orgUrl}/activate?user_code=${encodeURIComponent(need(state.userCode, 'a user code'))}`, headers: { Accept: 'text/html', ...cookieHeader(state) } };
    case 'activate': {
      const u = user(ctx);
      const body = new URLSearchParams({ csrf: need(state.csrf, 'the activation form'), user_code: need(state.userCode, 'a user code'), username: u.username, password: u.password, decision: 'allow' });
      return { method: 'POST', url: `${ctx.orgUrl}/activate`, headers: { 'Content-Type': FORM, Accept: 'text/html', ...cookieHeader(state) }, body: body.toString() };
    }
    case 'refresh':
      return backChannel(ctx, 'token', { grant_type: 'refresh_token', refresh_token: need(state.refreshToken, 'a refresh token (ask for offline_access)') });
    case 'userinfo':
      return { method: 'GET', url: `${issuerBase(ctx)}/userinfo`, headers: { Accept: 'application/json', Authorization: `Bearer ${need(state.accessToken, 'an access token')}` } };
    case 'introspect_access':
    case 'revoke_access':
      return backChannel(ctx, kind.startsWith('revoke') ? 'revoke' : 'introspect', { token: need(state.accessToken, 'an access token'), token_type_hint: 'access_token' });
    case 'introspect_refresh':
    case 'revoke_refresh':
      return backChannel(ctx, kind.startsWith('revoke') ? 'revoke' : 'introspect', { token: need(state.refreshToken, 'a refresh token (ask for offline_access)'), token_type_hint: 'refresh_token' });
    case 'introspect_id':
      return backChannel(ctx, 'introspect', { token: need(state.idToken, 'an ID token (ask for openid)'), token_type_hint: 'id_token' });
    case 'logout': {
      const q = new URLSearchParams({ id_token_hint: need(state.idToken, 'an ID token (ask for openid)'), state: state.state });
      if (ctx.client.postLogoutRedirectUris[0]) q.set('post_logout_redirect_uri', ctx.client.postLogoutRedirectUris[0]);
      return { method: 'GET', url: `${issuerBase(ctx)}/logout?${q.toString()}`, headers: { Accept: 'text/html', ...cookieHeader(state) } };
    }
  }
  throw new SimulationError(`There is no step '${stepId}' in this simulation.`);
}

function codeExchange(ctx: FlowContext, state: SimState): Record<string, string> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code: need(state.code, 'an authorization code'), redirect_uri: redirectUri(ctx) };
  if (state.codeVerifier) form.code_verifier = state.codeVerifier;
  return form;
}

function tokenForm(ctx: FlowContext, state: SimState): Record<string, string> {
  const s = ctx.setup;
  const scope = s.scopes.join(' ');
  switch (s.flow) {
    case 'password': {
      const u = user(ctx);
      return { grant_type: 'password', username: u.username, password: u.password, ...(scope ? { scope } : {}) };
    }
    case 'client_credentials':
      return { grant_type: 'client_credentials', ...(scope ? { scope } : {}) };
    case 'device_code':
      return { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: need(state.deviceCode, 'a device code') };
    default:
      return codeExchange(ctx, state);
  }
}

// ---- answers ----

export function decodeToken(raw: string): DecodedJwt {
  try {
    return { raw, header: decodeProtectedHeader(raw) as Record<string, unknown>, claims: decodeJwt(raw) as Record<string, unknown> };
  } catch {
    return { raw, header: null, claims: null };
  }
}

function json(body: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** What an HTML page says: the error page's code and description, or the page's message. */
function htmlError(body: string): { error?: string; description?: string } {
  const code = /<dt>Error Code<\/dt><dd>([^<]*)<\/dd>/.exec(body)?.[1];
  const desc = /<dt>Description<\/dt><dd>([^<]*)<\/dd>/.exec(body)?.[1];
  const msg = /role="alert"[^>]*>([^<]+)</.exec(body)?.[1];
  return { error: code, description: unescapeHtml(desc ?? msg ?? '') || undefined };
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function hidden(body: string, name: string): string | undefined {
  const v = new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1];
  return v === undefined ? undefined : unescapeHtml(v);
}

function absorbCookies(state: SimState, setCookies: string[]): void {
  for (const c of setCookies) {
    const [pair, ...attrs] = c.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
    if (expired || value === '') delete state.cookies[name];
    else state.cookies[name] = value;
  }
}

/** Parameters sent back to the app: query, fragment, or a form_post page's fields. */
export function callbackParams(location: string | undefined, body: string): URLSearchParams | undefined {
  if (location) {
    const u = new URL(location, 'http://x.invalid');
    const p = new URLSearchParams(u.hash.slice(1) || u.search.slice(1));
    return p.has('code') || p.has('error') || p.has('access_token') || p.has('id_token') ? p : undefined;
  }
  if (/<form method="post"/.test(body)) {
    const p = new URLSearchParams();
    for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) p.set(unescapeHtml(m[1]!), unescapeHtml(m[2]!));
    return p;
  }
  return undefined;
}

function tokensFrom(state: SimState, p: Record<string, unknown> | URLSearchParams): NonNullable<StepResult['tokens']> {
  const get = (k: string) => (p instanceof URLSearchParams ? (p.get(k) ?? undefined) : str(p[k]));
  const out: NonNullable<StepResult['tokens']> = {};
  const at = get('access_token');
  const id = get('id_token');
  const rt = get('refresh_token');
  if (at) { state.accessToken = at; out.access_token = decodeToken(at); }
  if (id) { state.idToken = id; out.id_token = decodeToken(id); }
  if (rt) {
    if (state.refreshToken && state.refreshToken !== rt) state.previousRefreshToken = state.refreshToken;
    state.refreshToken = rt;
    out.refresh_token = rt;
  }
  return out;
}

function tokenSummary(t: NonNullable<StepResult['tokens']>, scopes: string[]): string {
  const parts = [t.access_token && `an access token${scopes.length ? ` for ${scopes.join(', ')}` : ''}`, t.id_token && 'an ID token', t.refresh_token && 'a refresh token'].filter(Boolean);
  return parts.length ? `Granted: ${parts.join(', ')}.` : 'The server answered without tokens.';
}

function oauthError(status: number, body: Record<string, unknown> | undefined, fallback: string): StepResult {
  const error = str(body?.error) ?? str(body?.errorCode);
  const description = str(body?.error_description) ?? str(body?.errorSummary);
  return { ok: false, status, error, errorDescription: description, summary: `Refused${error ? ` with ${error}` : ''}: ${description ?? fallback}` };
}

/** Reads a step's answer: updates the flow state and says what happened. */
export function absorb(stepId: string, ctx: FlowContext, state: SimState, res: { status: number; headers: Record<string, string>; body: string; setCookies: string[] }): StepResult {
  absorbCookies(state, res.setCookies);
  const kind = kindOf(stepId);
  const location = res.headers.location;
  const body = json(res.body);
  switch (kind) {
    case 'sign_in': {
      if (res.status === 200 && str(body?.sessionToken)) {
        state.sessionToken = str(body!.sessionToken);
        return { ok: true, status: res.status, summary: `Signed in as ${ctx.setup.user?.username}: the server answered with a one-time session token.` };
      }
      return oauthError(res.status, body, 'the sign-in failed.');
    }
    case 'authorize':
    case 'authorize_resume':
    case 'authorize_consented':
      return absorbAuthorize(ctx, state, res.status, location, res.body);
    case 'consent':
      if ((res.status === 302 || res.status === 303) && location) {
        state.consentLocation = absolute(ctx, location);
        delete state.consent;
        const allowed = (ctx.setup.options.consent ?? 'allow') === 'allow';
        return { ok: true, status: res.status, summary: allowed ? 'The user allowed access; the browser goes back to /authorize.' : "The user did not allow access; the browser goes back to /authorize, which tells the app." };
      }
      return { ok: false, status: res.status, summary: `The consent form was refused: ${res.body.slice(0, 200)}` };
    case 'sign_in_page': {
      state.csrf = hidden(res.body, 'csrf');
      state.fromURI = hidden(res.body, 'fromURI');
      if (res.status === 200 && state.csrf) return { ok: true, status: res.status, summary: 'The sign-in page is shown, with its form.' };
      return { ok: false, status: res.status, summary: `The sign-in page did not open: ${htmlError(res.body).description ?? res.body.slice(0, 200)}` };
    }
    case 'sign_in_form':
      if ((res.status === 302 || res.status === 303) && location) {
        state.location = absolute(ctx, location);
        return { ok: true, status: res.status, summary: `Signed in as ${ctx.setup.user?.username}; the browser goes back to /authorize.` };
      }
      return { ok: false, status: res.status, error: 'access_denied', errorDescription: htmlError(res.body).description, summary: `The sign-in page refused: ${htmlError(res.body).description ?? `status ${res.status}`}` };
    case 'device_authorize':
      if (res.status === 200 && body) {
        state.deviceCode = str(body.device_code);
        state.userCode = str(body.user_code);
        return { ok: true, status: res.status, summary: `The device shows the code ${state.userCode} and asks the user to visit ${str(body.verification_uri)}.` };
      }
      return oauthError(res.status, body, 'the device authorization failed.');
    case 'activate_page':
      state.csrf = hidden(res.body, 'csrf');
      return res.status === 200 && state.csrf ? { ok: true, status: res.status, summary: `The activation page is shown with the code ${state.userCode}.` } : { ok: false, status: res.status, summary: 'The activation page did not open.' };
    case 'activate': {
      const done = /Your device is activated/.test(res.body);
      return done ? { ok: true, status: res.status, summary: 'The user signed in and allowed the device.' } : { ok: false, status: res.status, error: 'access_denied', errorDescription: htmlError(res.body).description, summary: `The activation failed: ${htmlError(res.body).description ?? `status ${res.status}`}` };
    }
    case 'token':
    case 'refresh':
    case 'replay_code': {
      if (res.status === 200 && body && str(body.access_token)) {
        const scopes = (str(body.scope) ?? '').split(' ').filter(Boolean);
        const tokens = tokensFrom(state, body);
        return { ok: true, status: res.status, scopes, tokens, summary: tokenSummary(tokens, scopes) };
      }
      return oauthError(res.status, body, `status ${res.status}`);
    }
    case 'userinfo':
      if (res.status === 200 && body) return { ok: true, status: res.status, claims: body, summary: `The server returned ${Object.keys(body).length} claims about ${str(body.sub) ?? 'the user'}.` };
      return userinfoError(res.status, res.headers['www-authenticate'], body);
    case 'introspect_access':
    case 'introspect_refresh':
    case 'introspect_id':
      if (res.status === 200 && body) {
        const active = body.active === true;
        return { ok: true, status: res.status, active, claims: body, summary: active ? `The token is active${str(body.scope) ? ` (scopes: ${str(body.scope)})` : ''}.` : 'The token is not active: expired, revoked, or not a token this server issued.' };
      }
      return oauthError(res.status, body, `status ${res.status}`);
    case 'revoke_access':
    case 'revoke_refresh':
      return res.status === 200 ? { ok: true, status: res.status, summary: 'The server accepted the revocation.' } : oauthError(res.status, body, `status ${res.status}`);
    case 'logout':
      if (res.status === 302 || res.status === 303) return { ok: true, status: res.status, summary: `Signed out; the browser is sent to ${location}.` };
      return { ok: false, status: res.status, ...htmlError(res.body), summary: `The logout was refused: ${htmlError(res.body).description ?? `status ${res.status}`}` };
  }
  return { ok: false, status: res.status, summary: `Unknown step '${stepId}'.` };
}

function userinfoError(status: number, challenge: string | undefined, body: Record<string, unknown> | undefined): StepResult {
  const error = challenge ? /error="([^"]+)"/.exec(challenge)?.[1] : undefined;
  const description = challenge ? /error_description="([^"]+)"/.exec(challenge)?.[1] : undefined;
  if (error) return { ok: false, status, error, errorDescription: description, summary: `Refused with ${error}: ${description ?? ''}` };
  return oauthError(status, body, `status ${status}`);
}

function absorbAuthorize(ctx: FlowContext, state: SimState, status: number, location: string | undefined, body: string): StepResult {
  const consentPage = status === 200 && /name="decision" value="allow"/.test(body);
  const back = consentPage ? undefined : callbackParams(location && !/\/login\/login\.htm/.test(location) ? location : undefined, body);
  if (back) return absorbCallback(ctx, state, back, status);
  if (location && /\/login\/login\.htm/.test(location)) {
    state.location = absolute(ctx, location);
    return { ok: true, status, summary: 'Nobody is signed in: the server sends the browser to its sign-in page.' };
  }
  if (consentPage) {
    const scopes = [...body.matchAll(/<div class="desc"><code>([^<]+)<\/code><\/div>/g)].map((m) => unescapeHtml(m[1]!));
    state.consent = { csrf: hidden(body, 'csrf') ?? '', fromURI: hidden(body, 'fromURI') ?? '', scopes };
    if (ctx.setup.options.consent) {
      return { ok: true, status, summary: `The server asks ${ctx.setup.user?.username ?? 'the user'} to allow ${ctx.client.label}: ${scopes.join(', ')}.` };
    }
    return { ok: false, status, error: 'consent_required', errorDescription: 'The server shows its consent page.', summary: 'The server asks the user to consent to the scopes: choose what the user answers (the consent option) to go on.' };
  }
  const e = htmlError(body);
  return { ok: false, status, error: e.error, errorDescription: e.description, summary: `The server refused the request without sending the browser back to the app${e.error ? ` (${e.error})` : ''}: ${e.description ?? `status ${status}`}` };
}

/** The parameters the app received at its redirect URI. */
export function absorbCallback(ctx: FlowContext, state: SimState, p: URLSearchParams, status = 302): StepResult {
  const error = p.get('error');
  if (p.get('state') !== null && p.get('state') !== state.state) {
    return { ok: false, status, error: 'state_mismatch', summary: 'The state sent back does not match the one sent: a client must reject this response.' };
  }
  if (error) return { ok: false, status, error, errorDescription: p.get('error_description') ?? undefined, summary: `Sent back to the app with ${error}: ${p.get('error_description') ?? ''}` };
  const code = p.get('code');
  if (code) state.code = code;
  const tokens = tokensFrom(state, p);
  const scopes = (p.get('scope') ?? '').split(' ').filter(Boolean);
  const got = [code && 'an authorization code', tokens?.access_token && 'an access token', tokens?.id_token && 'an ID token'].filter(Boolean);
  return { ok: true, status, ...(scopes.length ? { scopes } : {}), tokens, summary: `Sent back to ${ctx.client.label} with ${got.join(', ') || 'nothing'}.` };
}

