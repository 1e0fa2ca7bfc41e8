import type { Grant } from './types.js';
import { scopeParam } from './types.js';
import { mintTokens } from '../mint.js';
import { OAuthError, missingParameter } from '../errors.js';
import { subjectModel } from '../../authz/decision-model.js';
import { isoAt } from '../../context.js';
import { oktaList } from '../../policy/errors.js';

const INVALID = () => new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');

/**
 * `refresh_token` (reference §5.7): the policy is judged again with the grant that began the chain;
 * scopes may only narrow; ROTATE apps get a new token (the old one stays usable for `leeway`
 * seconds, then presenting it again revokes the whole chain), STATIC apps get the same one back;
 * the original expiry is kept and the idle window restarts.
 */
export const refreshToken: Grant = {
  grantType: 'refresh_token',
  parameters: ['refresh_token', 'scope'],
  async handle(ctx, req, client, server, params) {
    if (!params.refresh_token) throw missingParameter('refresh_token');
    const { store } = ctx;
    const now = Math.floor(ctx.now() / 1000);
    const nowIso = isoAt(ctx);
    const t = store.tokens.findRefresh(params.refresh_token);
    if (!t || t.authServerId !== server.id || t.clientId !== client.app.credentials.client_id) throw INVALID();
    if (t.status === 'REVOKED' || store.tokens.isChainRevoked(t.chainId)) throw INVALID();
    const leeway = client.app.settings.refresh_token?.leeway ?? 30;
    if (t.status === 'ROTATED' && (t.rotatedAt ?? 0) + leeway < now) {
      // Reuse of a rotated token past its grace period: someone else may hold the chain. Kill it.
      store.tokens.revokeChain(t.chainId, nowIso);
      ctx.systemLog.write({
        eventType: server.isOrg ? 'app.oauth2.token.detect_reuse' : 'app.oauth2.as.token.detect_reuse',
        displayMessage: 'OAuth2 refresh token reuse detected',
        outcome: { result: 'FAILURE', reason: 'refresh_token_reuse' },
        actor: { id: t.clientId, type: 'PublicClientApp', alternateId: t.clientId, displayName: client.app.label },
        target: [{ id: t.id, type: 'refresh_token', displayName: 'Refresh Token' }],
        debugData: { chainRevoked: true },
        requestId: req.requestId,
      });
      const e = INVALID();
      e.logged = true;
      throw e;
    }
    if ((t.expiresAt !== null && t.expiresAt <= now) || (t.idleExpiresAt !== null && t.idleExpiresAt <= now)) throw INVALID();
    const user = store.users.get(t.userId);
    if (!user || user.status !== 'ACTIVE') throw INVALID();

    const requested = scopeParam(params) ?? t.scopes;
    const beyond = requested.filter((s) => !t.scopes.includes(s));
    if (beyond.length) {
      throw new OAuthError('access_denied', `Some of the scopes requested for the refresh request were not granted in the original authorize request. Denied scopes: ${oktaList(beyond)}.`);
    }
    const rotate = client.app.settings.refresh_token?.rotation_type === 'ROTATE';
    const body = await mintTokens(ctx, req, {
      server,
      app: client.app,
      subject: subjectModel(store, user, client.app),
      decision: { grantType: 'refresh_token', originalGrantType: t.grantType, scopes: requested },
      chainGrant: t.grantType,
      authTime: t.authTime,
      refresh: { chainId: t.chainId, expiresAt: t.expiresAt, scopes: t.scopes, reuse: rotate || t.status !== 'ACTIVE' ? undefined : { token: params.refresh_token, id: t.id } },
    });
    // Rotated only when a new token was actually handed out (a narrowed request may get none).
    if (rotate && t.status === 'ACTIVE' && body.refresh_token && body.refresh_token !== params.refresh_token) store.tokens.markRotated(t.id, now, nowIso);
    return body;
  },
};
