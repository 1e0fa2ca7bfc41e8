import type { Request, Response } from 'express';
import type { AppContext } from '../context.js';
import { activeAccessToken } from './access-tokens.js';
import { clientModel, subjectModel } from '../authz/decision-model.js';
import { userinfoClaims } from '../policy/claims.js';
import { claimEvaluator } from '../policy/expressions.js';
import { sendTokenJson } from './errors.js';
import type { ProtocolServer } from './servers.js';
import { cachedOrgInfo, appByClientId } from './config-cache.js';
import { orgServerModel } from '../tokens/prepare.js';

function bearerError(res: Response, status: number, error: string, description: string) {
  res.status(status).set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`).set('Cache-Control', 'no-store').end();
}

/**
 * `GET|POST /v1/userinfo` (OIDC Core §5.3, reference §2.9): the bearer token in the header (or, for
 * POST, the `access_token` form field); errors in `WWW-Authenticate`, not in a body.
 */
export async function userinfoEndpoint(ctx: AppContext, req: Request, res: Response, server: ProtocolServer): Promise<void> {
  const header = req.headers.authorization;
  const fromBody = req.method === 'POST' && typeof (req.body as Record<string, unknown> | undefined)?.access_token === 'string' ? (req.body as Record<string, string>).access_token : undefined;
  const token = header && /^Bearer /i.test(header) ? header.slice(7).trim() : fromBody;
  const c = token ? await activeAccessToken(ctx, server, token) : undefined;
  if (!c || typeof c.uid !== 'string') return bearerError(res, 401, 'invalid_token', 'The access token is invalid');
  const scopes = Array.isArray(c.scp) ? (c.scp as string[]) : [];
  if (!scopes.includes('openid')) {
    return bearerError(res, 403, 'insufficient_scope', 'The access token must provide access to at least one of these scopes - profile, email, address or phone');
  }
  const user = ctx.store.users.get(c.uid)!;
  const app = appByClientId(ctx, c.cid as string)!;
  const client = clientModel(app);
  // The org server's model for this app: its groups claim answers here too.
  const model = server.isOrg ? orgServerModel(server.issuer, client) : server.model;
  const result = userinfoClaims(model, client, subjectModel(ctx.store, user, app), scopes, {
    evaluate: claimEvaluator,
    org: cachedOrgInfo(ctx),
    now: Math.floor(ctx.now() / 1000),
  });
  if (!result.ok) return sendTokenJson(res, result.failure.status, { error: result.failure.error, error_description: result.failure.description });
  sendTokenJson(res, 200, result.token.payload);
}
