import type { FormRequest } from './form-request.js';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { authenticateClient } from './client-auth.js';
import { formParams } from './token.js';
import { invalidRequest } from './errors.js';
import { verifyJwt } from '../tokens/sign.js';
import { verificationKeys, type ProtocolServer } from './servers.js';

/**
 * `POST /v1/revoke` (RFC 7009, reference §2.7): always 200 with an empty body, whether or not the
 * token was valid. A client revokes only its own tokens; revoking a refresh token revokes its
 * whole chain and the access tokens minted from it; revoking an access token leaves its refresh
 * token alone.
 */
export async function revokeEndpoint(ctx: AppContext, req: FormRequest, server: ProtocolServer): Promise<void> {
  const client = await authenticateClient(req, ctx, `${server.endpoints}/revoke`, Math.floor(ctx.now() / 1000));
  const params = formParams(req);
  if (!params.token) throw invalidRequest("The 'token' parameter is required.");
  const clientId = client.app.credentials.client_id;
  const refresh = ctx.store.tokens.findRefresh(params.token);
  if (refresh && refresh.authServerId === server.id && refresh.clientId === clientId) {
    ctx.store.tx(() => ctx.store.tokens.revokeChain(refresh.chainId, isoAt(ctx)));
    logRevoke(ctx, server, client.app.label, clientId, 'refresh_token', refresh.id);
    return;
  }
  const jwt = await verifyJwt(params.token, verificationKeys(ctx, server));
  const c = jwt?.payload;
  if (c && c.iss === server.issuer && c.cid === clientId && typeof c.jti === 'string' && typeof c.exp === 'number') {
    ctx.store.tokens.revokeAccessToken(c.jti, c.exp);
    logRevoke(ctx, server, client.app.label, clientId, 'access_token', c.jti);
  }
}

function logRevoke(ctx: AppContext, server: ProtocolServer, label: string, clientId: string, type: string, id: string) {
  ctx.systemLog.write({
    eventType: server.isOrg ? 'app.oauth2.token.revoke' : 'app.oauth2.as.token.revoke',
    displayMessage: 'OAuth2 token revocation request',
    outcome: { result: 'SUCCESS' },
    actor: { id: clientId, type: 'PublicClientApp', alternateId: clientId, displayName: label },
    target: [{ id, type, displayName: type === 'refresh_token' ? 'Refresh Token' : 'Access Token' }],
  });
}
