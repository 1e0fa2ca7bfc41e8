import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response, ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError, Errors } from '../errors.js';
import { newId } from '../util/ids.js';
import type { AppContext } from '../context.js';
import { uiCookie } from './ui-sessions.js';

export function sendApiError(res: Response, err: ApiError): void {
  res.status(err.status).json({
    errorCode: err.errorCode,
    errorSummary: err.errorSummary,
    errorLink: err.errorCode,
    errorId: newId('error'),
    errorCauses: err.causes.map((errorSummary) => ({ errorSummary })),
  });
}

/**
 * Constant-time check of `Authorization: SSWS <token>` against the stored hash; or, from the
 * workbench in a browser, its session cookie on a same-origin request (a write must say its
 * Origin, which `sameOriginOnly` has already compared with this server's).
 */
export function requireAdminToken(ctx: AppContext): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const m = /^SSWS\s+(\S+)\s*$/i.exec(header);
    if (!m && !header) {
      const site = req.headers['sec-fetch-site'];
      const write = req.method !== 'GET' && req.method !== 'HEAD';
      if (ctx.uiSessions.isSession(uiCookie(req)) && (site === undefined || site === 'same-origin') && (!write || req.headers.origin !== undefined)) return next();
    }
    if (!m) return next(Errors.invalidToken());
    const given = createHash('sha256').update(m[1]!).digest();
    if (!timingSafeEqual(given, ctx.adminTokenHash)) return next(Errors.invalidToken());
    next();
  };
}

/**
 * Browsers attach `Origin` to cross-origin requests. The admin API is for the server's own UI and
 * for non-browser clients (SDKs, curl), so a foreign Origin is refused before anything runs.
 */
export function sameOriginOnly(): RequestHandler {
  return (req, _res, next) => {
    const origin = req.headers.origin;
    // Same origin = the scheme, host and port this request was sent to (Host was checked already).
    if (origin === undefined || origin.toLowerCase() === `http://${req.headers.host ?? ''}`.toLowerCase()) return next();
    next(Errors.forbidden(`Cross-origin requests from ${origin} are not allowed on the admin API.`));
  };
}

/** The body parser's failures, in Okta's words. */
export const bodyErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') return next(Errors.malformedBody('The body is not valid JSON.'));
  if (type === 'entity.too.large') return next(Errors.bodyTooLarge('1 MB'));
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return next(Errors.malformedBody('Unsupported encoding.'));
  next(err);
};

export function apiErrorHandler(ctx: AppContext): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) return sendApiError(res, err);
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (err instanceof URIError) return sendApiError(res, Errors.pathNotFound());
    if (typeof status === 'number' && status >= 400 && status < 500) return sendApiError(res, Errors.malformedBody('The request could not be read.'));
    ctx.log.error(`${req.method} ${req.originalUrl.split('?')[0]} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendApiError(res, Errors.internal());
  };
}

/** Wraps a handler whose route parameters are all strings (express 5 types them loosely). */
export function param(req: Request, name: string): string {
  const v = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}

export function boolQuery(req: Request, name: string, fallback: boolean): boolean {
  const v = req.query[name];
  if (v === undefined) return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw Errors.invalidRequest(`'${name}' must be true or false`);
}
