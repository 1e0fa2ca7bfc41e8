import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { Errors } from '../errors.js';
import { parseBody, blank } from './validation.js';
import * as dir from '../directory/service.js';
import { randomSecret } from '../util/ids.js';

const authnSchema = z.object({
  username: z.string({ error: blank }).min(1).max(256),
  password: z.string({ error: blank }).min(1).max(256),
  options: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  audience: z.string().optional(),
}).strict();

/**
 * The classic Authentication API (reference §4.13): username and password in, a single-use
 * `sessionToken` out. Every failure is the same E0000004, whatever went wrong.
 */
export function authnRouter(ctx: AppContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const body = parseBody(authnSchema, req.body, 'authRequest');
    const result = await dir.authenticate(ctx.store, body.username, body.password, isoAt(ctx));
    if (!result.ok) throw Errors.authenticationFailed();
    const { user } = result;
    const embeddedUser = {
      id: user.id,
      passwordChanged: user.passwordChanged,
      profile: {
        login: user.profile.login,
        firstName: user.profile.firstName ?? null,
        lastName: user.profile.lastName ?? null,
        locale: user.profile.locale ?? 'en_US',
        timeZone: user.profile.timezone ?? 'America/Los_Angeles',
      },
    };
    if (user.status === 'PASSWORD_EXPIRED') {
      // Gatehouse does not run the change-password step of the state machine; it says where the user stands.
      res.json({
        stateToken: randomSecret(24),
        expiresAt: new Date(ctx.now() + dir.SESSION_TOKEN_TTL_MS).toISOString(),
        status: 'PASSWORD_EXPIRED',
        _embedded: { user: embeddedUser },
      });
      return;
    }
    const { token, expiresAt } = dir.issueSessionToken(ctx.store, user, ctx.now());
    res.json({
      expiresAt,
      status: 'SUCCESS',
      sessionToken: token,
      _embedded: { user: embeddedUser },
      _links: { cancel: { href: `${ctx.orgUrl()}/api/v1/authn/cancel`, hints: { allow: ['POST'] } } },
    });
  });
  return r;
}
