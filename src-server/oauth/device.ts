import { randomInt } from 'node:crypto';
import type { Request, Response } from 'express';
import type { FormRequest } from './form-request.js';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { randomSecret } from '../util/ids.js';
import { authenticate } from '../directory/service.js';
import { authenticateClient } from './client-auth.js';
import { formParams } from './token.js';
import { OAuthError } from './errors.js';
import { oktaList } from '../policy/errors.js';
import { cookies, CSRF_COOKIE, SESSION_COOKIE } from './cookies.js';
import { csrfToken, startSession } from './authorize.js';
import { escapeHtml, page } from './pages.js';
import { PAGE_CSP } from './sign-in.js';
import type { ProtocolServer } from './servers.js';
import { timingSafeEqual } from 'node:crypto';

/*
 * The device authorization grant (RFC 8628, reference §2.11): a device asks for a code pair, the
 * person enters the user code at `<org>/activate` and signs in, the device polls the token endpoint.
 */

export const DEVICE_CODE_TTL = 600;
export const DEVICE_POLL_INTERVAL = 5;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Upper-case letters without vowels, so a code never spells a word. */
const LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

function userCode(): string {
  return Array.from({ length: 8 }, () => LETTERS[randomInt(LETTERS.length)]).join('');
}

export async function deviceAuthorizeEndpoint(ctx: AppContext, req: FormRequest, server: ProtocolServer): Promise<Record<string, unknown>> {
  const now = Math.floor(ctx.now() / 1000);
  const client = await authenticateClient(req, ctx, `${server.endpoints}/device/authorize`, now);
  if (!client.app.settings.grant_types.includes(DEVICE_GRANT)) {
    throw new OAuthError('unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: ${oktaList(client.app.settings.grant_types)}.`);
  }
  const params = formParams(req);
  const scopes = params.scope === undefined ? null : params.scope.split(' ').filter(Boolean);
  if (scopes?.some((s) => !server.model.scopes.has(s))) {
    throw new OAuthError('invalid_scope', server.isOrg ? 'Custom scopes are not allowed for this request.' : 'One or more scopes are not configured for the authorization server resource.');
  }
  let code = userCode();
  while (ctx.store.devices.userCodeTaken(code)) code = userCode();
  const deviceCode = randomSecret(32);
  ctx.store.devices.insert(deviceCode, {
    userCode: code, authServerId: server.id, clientId: client.app.credentials.client_id, scopes, status: 'PENDING',
    userId: null, authTime: null, expiresAt: now + DEVICE_CODE_TTL, interval: DEVICE_POLL_INTERVAL, lastPoll: null,
  });
  const verification = `${ctx.orgUrl()}/activate`;
  return {
    device_code: deviceCode,
    user_code: code,
    verification_uri: verification,
    verification_uri_complete: `${verification}?user_code=${code}`,
    expires_in: DEVICE_CODE_TTL,
    interval: DEVICE_POLL_INTERVAL,
  };
}

function activatePage(v: { csrf: string; userCode?: string; signedIn: string | null; error?: string; done?: string }): string {
  if (v.done) return page('Device activated', `<h1>${escapeHtml(v.done)}</h1><p class="sub">You can return to your device.</p>`);
  return page(
    'Activate your device',
    `<h1>Activate your device</h1><p class="sub">Enter the code shown on your device${v.signedIn ? ` (signed in as ${escapeHtml(v.signedIn)})` : ', then sign in'}.</p>
${v.error ? `<p class="alert" role="alert">${escapeHtml(v.error)}</p>` : ''}
<form method="post" action="/activate" novalidate><input type="hidden" name="csrf" value="${escapeHtml(v.csrf)}">
<label for="user_code">Code</label><input id="user_code" name="user_code" type="text" autocomplete="one-time-code" autocapitalize="characters" value="${escapeHtml(v.userCode ?? '')}" required>
${v.signedIn ? '' : `<label for="username">Username</label><input id="username" name="username" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>`}
<button type="submit" name="decision" value="allow">Activate</button>
<button type="submit" name="decision" value="deny" class="secondary">Cancel</button></form>`,
  );
}

function signedInUser(ctx: AppContext, req: Request): { id: string; login: string; authTime: number } | null {
  const sid = cookies(req)[SESSION_COOKIE];
  const session = sid ? ctx.store.browser.session(sid, Math.floor(ctx.now() / 1000)) : undefined;
  const user = session ? ctx.store.users.get(session.userId) : undefined;
  return user && user.status === 'ACTIVE' && session ? { id: user.id, login: user.profile.login, authTime: session.authTime } : null;
}

function send(res: Response, status: number, html: string) {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Frame-Options': 'DENY' }).type('html').send(html);
}

export function activateGet(ctx: AppContext, req: Request, res: Response): void {
  const code = typeof req.query.user_code === 'string' ? req.query.user_code : undefined;
  send(res, 200, activatePage({ csrf: csrfToken(req, res), userCode: code, signedIn: signedInUser(ctx, req)?.login ?? null }));
}

export async function activatePost(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const csrf = cookies(req)[CSRF_COOKIE];
  const given = typeof body.csrf === 'string' ? body.csrf : '';
  const code = (typeof body.user_code === 'string' ? body.user_code : '').replace(/[\s-]/g, '').toUpperCase();
  let user = signedInUser(ctx, req);
  const again = (status: number, error: string) => send(res, status, activatePage({ csrf: csrfToken(req, res), userCode: code, signedIn: user?.login ?? null, error }));
  if (!csrf || csrf.length !== given.length || !timingSafeEqual(Buffer.from(csrf), Buffer.from(given))) return again(403, 'Your form expired. Please try again.');
  const now = Math.floor(ctx.now() / 1000);
  const device = code ? ctx.store.devices.byUserCode(code) : undefined;
  if (!device || device.status !== 'PENDING' || device.expiresAt <= now) return again(400, 'The user code is invalid or has expired.');
  if (!user) {
    const result = await authenticate(ctx.store, typeof body.username === 'string' ? body.username.trim() : '', typeof body.password === 'string' ? body.password : '', isoAt(ctx));
    if (!result.ok) return again(401, 'Sign in failed. Check your username and password and try again.');
    startSession(ctx, res, result.user.id, now);
    user = { id: result.user.id, login: result.user.profile.login, authTime: now };
  }
  const approve = body.decision !== 'deny';
  if (!ctx.store.devices.decide(code, approve ? 'APPROVED' : 'DENIED', user.id, user.authTime)) return again(400, 'The user code is invalid or has expired.');
  send(res, 200, activatePage({ csrf: '', signedIn: user.login, done: approve ? 'Your device is activated' : 'Activation cancelled' }));
}
