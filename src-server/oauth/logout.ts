import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { verifyJwt } from '../tokens/sign.js';
import { cookies, setCookie, SESSION_COOKIE } from './cookies.js';
import { errorPage } from './pages.js';
import { PAGE_CSP } from './sign-in.js';
import { verificationKeys, type ProtocolServer } from './servers.js';
import { appByClientId } from './config-cache.js';

/**
 * `/v1/logout` (RP-initiated logout, reference §2.10): `id_token_hint` must be an ID token this
 * server signed (expired ones are accepted); `post_logout_redirect_uri` must be registered on the
 * app the token was issued to; `state` is echoed. The session ends; without one nothing else
 * happens and the redirect is the same.
 */
export async function logoutEndpoint(ctx: AppContext, req: Request, res: Response, server: ProtocolServer): Promise<void> {
  const p = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const show = (error: string, description: string) =>
    void res.status(400).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Frame-Options': 'DENY' }).type('html').send(errorPage(error, description));

  const hint = str('id_token_hint');
  if (!hint) return show('invalid_request', "The 'id_token_hint' parameter is required.");
  const verified = await verifyJwt(hint, verificationKeys(ctx, server));
  const claims = verified?.payload;
  if (!claims || claims.iss !== server.issuer || typeof claims.aud !== 'string' || typeof claims.jti !== 'string' || !claims.jti.startsWith('ID.')) {
    return show('invalid_request', "The 'id_token_hint' parameter is invalid.");
  }
  const app = appByClientId(ctx, claims.aud);
  const target = str('post_logout_redirect_uri');
  if (target !== undefined && (!app || !app.settings.post_logout_redirect_uris.includes(target))) {
    return show('invalid_request', "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
  }
  const sid = cookies(req)[SESSION_COOKIE];
  if (sid) {
    const session = ctx.store.browser.session(sid, Math.floor(ctx.now() / 1000));
    if (session && session.userId !== claims.sub) {
      return show('id_token_does_not_match_session', "The ID token subject does not match the current session's user.");
    }
    ctx.store.browser.endSession(sid);
    setCookie(res, SESSION_COOKIE, '', { maxAge: 0 });
  }
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  if (!target) return void res.redirect(302, '/login/signed-out');
  const url = new URL(target);
  const state = str('state');
  if (state !== undefined) url.searchParams.set('state', state);
  res.redirect(302, url.href);
}
