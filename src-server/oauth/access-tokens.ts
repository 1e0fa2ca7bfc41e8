import type { AppContext } from '../context.js';
import { verifyJwt } from '../tokens/sign.js';
import { verificationKeys, type ProtocolServer } from './servers.js';
import { appByClientId } from './config-cache.js';

/**
 * Checks an access token (a JWT this server minted): signature by one of its keys, issuer, expiry,
 * revocation (on its own or with its refresh chain), and that its client and user are still
 * active (Okta's implicit revocation, reference §5.7). Returns its claims, or undefined.
 */
export async function activeAccessToken(ctx: AppContext, server: ProtocolServer, token: string): Promise<Record<string, unknown> | undefined> {
  const v = await verifyJwt(token, verificationKeys(ctx, server));
  if (!v) return undefined;
  const c = v.payload;
  const now = Math.floor(ctx.now() / 1000);
  if (c.iss !== server.issuer || typeof c.exp !== 'number' || c.exp <= now || typeof c.jti !== 'string' || !c.jti.startsWith('AT.')) return undefined;
  if (ctx.store.tokens.isAccessTokenRevoked(c.jti)) return undefined;
  const app = typeof c.cid === 'string' ? appByClientId(ctx, c.cid) : undefined;
  if (!app || app.status !== 'ACTIVE') return undefined;
  if (typeof c.uid === 'string') {
    const user = ctx.store.users.get(c.uid);
    if (!user || user.status !== 'ACTIVE') return undefined;
  }
  return c;
}
