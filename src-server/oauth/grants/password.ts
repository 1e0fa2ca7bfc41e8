import type { Grant } from './types.js';
import { scopeParam } from './types.js';
import { mintTokens } from '../mint.js';
import { OAuthError, missingParameter } from '../errors.js';
import { authenticate } from '../../directory/service.js';
import { subjectModel } from '../../authz/decision-model.js';
import { isoAt } from '../../context.js';

/** Resource owner password (RFC 6749 §4.3), with Okta's answers (reference §2.5). */
export const password: Grant = {
  grantType: 'password',
  parameters: ['username', 'password', 'scope'],
  async handle(ctx, req, client, server, params) {
    if (!params.username) throw missingParameter('username');
    if (!params.password) throw missingParameter('password');
    if (params.scope === undefined) throw new OAuthError('invalid_scope', 'No scopes were requested.');
    const result = await authenticate(ctx.store, params.username, params.password, isoAt(ctx));
    if (!result.ok) throw new OAuthError('invalid_grant', 'The credentials provided were invalid.');
    if (result.user.status === 'PASSWORD_EXPIRED') throw new OAuthError('invalid_grant', 'Password has expired.');
    return mintTokens(ctx, req, {
      server,
      app: client.app,
      subject: subjectModel(ctx.store, result.user, client.app),
      decision: { grantType: 'password', scopes: scopeParam(params) },
      chainGrant: 'password',
      authTime: Math.floor(ctx.now() / 1000),
    });
  },
};
