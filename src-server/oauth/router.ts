import { Router, type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../context.js';
import { ApiError } from '../errors.js';
import { sendApiError } from '../admin/middleware.js';
import { param } from '../admin/middleware.js';
import { OAuthError, sendOAuthError } from './errors.js';
import { resolveServer, type ProtocolServer } from './servers.js';
import { BACK_CHANNEL } from './back-channel.js';
import { fromExpress, readForm } from './form-request.js';
import { userinfoEndpoint } from './userinfo.js';
import { discoveryDocument, jwksDocument } from './discovery.js';
import { authorizeEndpoint } from './authorize.js';
import { consentPost, signInGet, signInPost } from './sign-in.js';
import { cors } from './cors.js';
import { logoutEndpoint } from './logout.js';
import { activateGet, activatePost } from './device.js';
import { page } from './pages.js';
import { PAGE_CSP } from './sign-in.js';

type Handler = (server: ProtocolServer, req: Request, res: Response) => Promise<void> | void;

/** Form bodies of the protocol endpoints and pages, read the same way as on the fast lane. */
const formBody: RequestHandler = (req, _res, next) => {
  readForm(req).then((body) => {
    req.body = body;
    next();
  }, next);
};

/**
 * The protocol endpoints of every authorization server, in one table: custom servers under
 * `/oauth2/{as}/v1/...`, the org server under `/oauth2/v1/...` (reference §2.1).
 */
export function oauthRouter(ctx: AppContext): Router {
  const r = Router();
  const form = formBody;

  const endpoints: { method: 'get' | 'post'; path: string; handle: Handler; form?: boolean }[] = [
    { method: 'get', path: '/v1/authorize', handle: (s, req, res) => authorizeEndpoint(ctx, req, res, s) },
    { method: 'post', path: '/v1/authorize', form: true, handle: (s, req, res) => authorizeEndpoint(ctx, req, res, s) },
    { method: 'get', path: '/v1/logout', handle: (s, req, res) => logoutEndpoint(ctx, req, res, s) },
    { method: 'post', path: '/v1/logout', form: true, handle: (s, req, res) => logoutEndpoint(ctx, req, res, s) },
    ...Object.entries(BACK_CHANNEL).map(([path, handle]) => ({ method: 'post' as const, path, form: true, handle: (s: ProtocolServer, req: Request, res: Response) => handle(ctx, s, fromExpress(req), res) })),
    { method: 'get', path: '/v1/userinfo', handle: (s, req, res) => userinfoEndpoint(ctx, req, res, s) },
    { method: 'post', path: '/v1/userinfo', form: true, handle: (s, req, res) => userinfoEndpoint(ctx, req, res, s) },
    {
      method: 'get', path: '/v1/keys',
      handle: (s, _req, res) => {
        res.set('Cache-Control', 'max-age=86400, must-revalidate').json(jwksDocument(ctx, s));
      },
    },
    { method: 'get', path: '/.well-known/openid-configuration', handle: (s, _req, res) => void res.json(discoveryDocument(ctx, s, 'openid-configuration')) },
    { method: 'get', path: '/.well-known/oauth-authorization-server', handle: (s, _req, res) => void res.json(discoveryDocument(ctx, s, 'oauth-authorization-server')) },
  ];

  const run = (asId: (req: Request) => string | null, e: (typeof endpoints)[number]) => async (req: Request, res: Response) => {
    const server = resolveServer(ctx, asId(req));
    await e.handle(server, req, res);
  };
  const BROWSER_CALLS = new Set(['/v1/token', '/v1/keys', '/v1/userinfo', '/v1/revoke', '/v1/introspect', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']);
  for (const path of BROWSER_CALLS) {
    const handler = cors(ctx, path === '/v1/keys' || path.startsWith('/.well-known') ? 'GET' : path === '/v1/userinfo' ? 'GET, POST' : 'POST');
    if (path.startsWith('/v1/')) r.use(`/oauth2${path}`, handler);
    else r.use(path, handler);
    r.use(`/oauth2/:as${path}`, handler);
  }
  for (const e of endpoints) {
    const mw = e.form ? [form] : [];
    // The org authorization server: `/oauth2/v1/...`; its discovery documents live at the root.
    if (e.path.startsWith('/v1/')) r[e.method](`/oauth2${e.path}`, ...mw, run(() => null, e));
    else r[e.method](e.path, run(() => null, e));
    r[e.method](`/oauth2/:as${e.path}`, ...mw, run((req) => param(req, 'as'), e));
  }
  r.get('/login/login.htm', (req, res) => signInGet(ctx, req, res));
  r.post('/login/login.htm', form, (req, res) => signInPost(ctx, req, res));
  r.post('/login/consent', form, (req, res) => consentPost(ctx, req, res));
  r.get('/activate', (req, res) => activateGet(ctx, req, res));
  r.post('/activate', form, (req, res) => activatePost(ctx, req, res));
  r.get('/login/signed-out', (_req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': PAGE_CSP }).type('html').send(page('Signed out', '<h1>You are signed out</h1><p class="sub">You can close this window.</p>'));
  });
  // RFC 8414's path form for a custom server's metadata.
  r.get('/.well-known/oauth-authorization-server/oauth2/:as', run((req) => param(req, 'as'), endpoints.find((e) => e.path === '/.well-known/oauth-authorization-server')!));

  const errors: ErrorRequestHandler = (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof OAuthError) return sendOAuthError(res, err, /^Basic /i.test(req.headers.authorization ?? ''));
    if (err instanceof ApiError) return sendApiError(res, err);
    ctx.log.error(`${req.method} ${req.originalUrl.split('?')[0]} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendOAuthError(res, new OAuthError('server_error', 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.', 500));
  };
  r.use(errors);
  return r;
}

