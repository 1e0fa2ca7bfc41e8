import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { authenticate } from '../directory/service.js';
import { cookies, setCookie, CSRF_COOKIE, FRESH_COOKIE, SESSION_COOKIE } from './cookies.js';
import { signInPage } from './pages.js';
import { csrfToken, sessionBoundToken, startSession } from './authorize.js';
import { appByClientId } from './config-cache.js';

/*
 * The hosted sign-in page (`/login/login.htm`, Okta's path) and the consent form's target. Both are
 * plain HTML forms with a double-submit CSRF token; a successful POST answers 303 back to the
 * authorize request it came from (`fromURI`, which must be one of this server's authorize URLs).
 */

/**
 * No `form-action`: browsers apply it to the whole redirect chain after a POST, and this chain
 * ends at the app's redirect URI. Nothing on these pages is unescaped, and no script runs.
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

function safeFromURI(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.startsWith('/oauth2/')) return undefined;
  const path = v.split('?')[0]!;
  return /^\/oauth2\/([A-Za-z0-9_-]+\/)?v1\/authorize$/.test(path) ? v : undefined;
}

function appLabelOf(ctx: AppContext, fromURI: string): string {
  const clientId = new URL(fromURI, ctx.orgUrl()).searchParams.get('client_id');
  return (clientId && appByClientId(ctx, clientId)?.label) || 'your application';
}

function sameToken(a: string | undefined, b: unknown): boolean {
  if (!a || typeof b !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function render(ctx: AppContext, req: Request, res: Response, status: number, fromURI: string, username?: string, error?: string) {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP, 'X-Frame-Options': 'DENY' }).type('html').send(
    signInPage({ appLabel: appLabelOf(ctx, fromURI), action: '/login/login.htm', csrf: csrfToken(req, res), fromURI, username, error }),
  );
}

export function signInGet(ctx: AppContext, req: Request, res: Response): void {
  const fromURI = safeFromURI(req.query.fromURI);
  if (!fromURI) return void res.status(400).type('text/plain').send('This sign-in page is reached from an application. Start from the app you want to use.');
  render(ctx, req, res, 200, fromURI, typeof req.query.login_hint === 'string' ? req.query.login_hint : undefined);
}

export async function signInPost(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fromURI = safeFromURI(body.fromURI);
  if (!fromURI) return void res.status(400).type('text/plain').send('This sign-in page is reached from an application. Start from the app you want to use.');
  if (!sameToken(cookies(req)[CSRF_COOKIE], body.csrf)) {
    return render(ctx, req, res, 403, fromURI, undefined, 'Your sign-in form expired. Please try again.');
  }
  const username = typeof body.username === 'string' ? body.username.trim() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!username || !password) return render(ctx, req, res, 400, fromURI, username, 'Enter your username and password.');
  const result = await authenticate(ctx.store, username, password, isoAt(ctx));
  // One answer for every failure (wrong username, wrong password, locked, inactive): nothing to probe.
  if (!result.ok) return render(ctx, req, res, 401, fromURI, username, 'Sign in failed. Check your username and password and try again.');
  const now = Math.floor(ctx.now() / 1000);
  const old = cookies(req)[SESSION_COOKIE];
  if (old) ctx.store.browser.endSession(old);
  startSession(ctx, res, result.user.id, now);
  setCookie(res, FRESH_COOKIE, '1', { maxAge: 60 });
  res.redirect(303, fromURI);
}

export function consentPost(ctx: AppContext, req: Request, res: Response): void {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fromURI = safeFromURI(body.fromURI);
  const jar = cookies(req);
  const expected = jar[CSRF_COOKIE] && jar[SESSION_COOKIE] ? sessionBoundToken(jar[CSRF_COOKIE], jar[SESSION_COOKIE]) : undefined;
  if (!fromURI || !sameToken(expected, body.csrf)) return void res.status(403).type('text/plain').send('Your consent form expired. Start again from the application.');
  const session = ctx.store.browser.session(jar[SESSION_COOKIE]!, Math.floor(ctx.now() / 1000));
  const url = new URL(fromURI, ctx.orgUrl());
  if (body.decision !== 'allow' || !session) {
    url.searchParams.set('gh_consent', 'deny');
    return void res.redirect(303, url.pathname + url.search);
  }
  const asId = /^\/oauth2\/([A-Za-z0-9_-]+)\/v1\/authorize$/.exec(url.pathname)?.[1];
  const clientId = url.searchParams.get('client_id');
  const server = asId ? ctx.store.authServers.get(asId) : undefined;
  if (server && clientId) {
    // Remember consent for the scopes this request asks for that exist on the server.
    const requested = (url.searchParams.get('scope') ?? '').split(' ').filter((s) => s && ctx.store.authServers.scopeByName(server.id, s));
    ctx.store.browser.grantConsent(session.userId, clientId, server.id, requested, isoAt(ctx));
    url.searchParams.delete('prompt');
  }
  res.redirect(303, url.pathname + url.search);
}
