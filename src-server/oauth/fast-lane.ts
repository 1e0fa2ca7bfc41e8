import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../context.js';
import { hostAllowed, logWhenDone, stampResponse } from '../http-common.js';
import { BACK_CHANNEL } from './back-channel.js';
import { OAuthError, sendOAuthError } from './errors.js';
import { isFormContentType, readForm, type FormRequest } from './form-request.js';
import { resolveServer, type ProtocolServer } from './servers.js';

/*
 * The token, introspection and revocation endpoints straight from node:http. Express's request
 * pipeline (its router walking every layer, query parsing, body-parser) cost about as much as the
 * rest of a client_credentials request without the signature; clients that mint tokens in a loop
 * (test suites, load tests, CI) pay it on every call.
 *
 * The lane takes only the requests it answers exactly as the router would, with the same handlers
 * (back-channel.ts): a POST with a form body, to an existing active server, from a Host this
 * server answers to, and without an Origin header (browsers' CORS stays with the router).
 * Everything else, errors included, goes to express.
 */

const PATH = /^\/oauth2\/(?:([^/?]+)\/)?(v1\/(?:token|introspect|revoke))(?:\?|$)/;

export function fastLane(ctx: AppContext): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || req.headers.origin !== undefined || !isFormContentType(req.headers['content-type'])) return false;
    const url = req.url ?? '';
    const m = PATH.exec(url);
    if (!m || !hostAllowed(ctx, req.headers.host)) return false;
    let server: ProtocolServer;
    try {
      server = resolveServer(ctx, m[1] ?? null);
    } catch {
      return false; // the router answers Okta's 404 for an unknown or inactive server
    }
    const handle = BACK_CHANNEL[`/${m[2]}` as keyof typeof BACK_CHANNEL];
    stampResponse(res);
    logWhenDone(ctx.log, 'POST', url, res);
    serve(ctx, server, handle, req, res).catch((err: unknown) => {
      if (err instanceof OAuthError) return sendOAuthError(res, err, /^Basic /i.test(req.headers.authorization ?? ''));
      ctx.log.error(`POST ${url.split('?')[0]} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendOAuthError(res, new OAuthError('server_error', 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.', 500));
    });
    return true;
  };
}

async function serve(ctx: AppContext, server: ProtocolServer, handle: (typeof BACK_CHANNEL)[keyof typeof BACK_CHANNEL], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const q = (req.url ?? '').indexOf('?');
  const form: FormRequest = {
    headers: req.headers,
    body: await readForm(req),
    query: q < 0 ? {} : Object.fromEntries(new URLSearchParams(req.url!.slice(q + 1))),
    isForm: true,
    requestId: String(res.getHeader('X-Okta-Request-Id')),
    ip: req.socket.remoteAddress,
  };
  await handle(ctx, server, form, res);
}
