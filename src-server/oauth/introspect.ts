import type { FormRequest } from './form-request.js';
import type { AppContext } from '../context.js';
import { authenticateClient } from './client-auth.js';
import { formParams } from './token.js';
import { invalidRequest } from './errors.js';
import { activeAccessToken } from './access-tokens.js';
import { verifyJwt } from '../tokens/sign.js';
import { verificationKeys, type ProtocolServer } from './servers.js';

const STANDARD = new Set(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'auth_time', 'sub']);

/**
 * `POST /v1/introspect` (RFC 7662, reference §2.6): `{"active": false}` for anything not valid here.
 * Access tokens of any client of this server introspect (resource servers need that); refresh
 * tokens only for the client that holds them.
 */
export async function introspectEndpoint(ctx: AppContext, req: FormRequest, server: ProtocolServer): Promise<Record<string, unknown>> {
  const client = await authenticateClient(req, ctx, `${server.endpoints}/introspect`, Math.floor(ctx.now() / 1000));
  const params = formParams(req);
  if (!params.token) throw invalidRequest("The 'token' parameter is required.");
  const token = params.token;
  const hint = params.token_type_hint;
  const tryAccess = async () => {
    const c = await activeAccessToken(ctx, server, token);
    if (!c) return undefined;
    const out: Record<string, unknown> = {
      active: true,
      token_type: 'Bearer',
      scope: Array.isArray(c.scp) ? c.scp.join(' ') : '',
      client_id: c.cid,
      ...(typeof c.uid === 'string' ? { username: c.sub } : {}),
      exp: c.exp,
      iat: c.iat,
      sub: c.sub,
      aud: c.aud,
      iss: c.iss,
      jti: c.jti,
      ...(typeof c.uid === 'string' ? { uid: c.uid } : {}),
    };
    for (const [k, v] of Object.entries(c)) if (!STANDARD.has(k) && !(k in out)) out[k] = v;
    return out;
  };
  const tryRefresh = () => {
    const t = ctx.store.tokens.findRefresh(token);
    const now = Math.floor(ctx.now() / 1000);
    if (!t || t.authServerId !== server.id || t.clientId !== client.app.credentials.client_id || t.status !== 'ACTIVE') return undefined;
    if ((t.expiresAt !== null && t.expiresAt <= now) || (t.idleExpiresAt !== null && t.idleExpiresAt <= now)) return undefined;
    const user = ctx.store.users.get(t.userId);
    if (!user || user.status !== 'ACTIVE') return undefined;
    const login = user.profile.login;
    return {
      active: true,
      token_type: 'Bearer',
      scope: t.scopes.join(' '),
      client_id: t.clientId,
      username: login,
      ...(t.expiresAt !== null ? { exp: t.expiresAt } : {}),
      sub: login,
      uid: user.id,
    };
  };
  // An ID token introspects for the client it was issued to (its audience), while it is unexpired
  // and its user active (Okta accepts token_type_hint=id_token, reference §2.6).
  const tryId = async () => {
    const v = await verifyJwt(token, verificationKeys(ctx, server));
    const c = v?.payload;
    const now = Math.floor(ctx.now() / 1000);
    if (!c || c.iss !== server.issuer || typeof c.jti !== 'string' || !c.jti.startsWith('ID.') || typeof c.exp !== 'number' || c.exp <= now) return undefined;
    if (c.aud !== client.app.credentials.client_id) return undefined;
    const user = typeof c.sub === 'string' ? ctx.store.users.get(c.sub) : undefined;
    if (!user || user.status !== 'ACTIVE') return undefined;
    return { active: true, token_type: 'id_token', client_id: c.aud, username: user.profile.login, exp: c.exp, iat: c.iat, sub: c.sub, aud: c.aud, iss: c.iss, jti: c.jti };
  };
  const order = hint === 'refresh_token' ? [tryRefresh, tryAccess, tryId] : hint === 'id_token' ? [tryId, tryAccess, tryRefresh] : [tryAccess, tryRefresh, tryId];
  for (const attempt of order) {
    const found = await attempt();
    if (found) return found;
  }
  return { active: false };
}
