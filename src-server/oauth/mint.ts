import type { FormRequest } from './form-request.js';
import type { AppContext } from '../context.js';
import { isoAt } from '../context.js';
import { newId, randomSecret } from '../util/ids.js';
import { clientModel } from '../authz/decision-model.js';
import { prepareTokens, type PrepareInput } from '../tokens/prepare.js';
import { claimEvaluator } from '../policy/expressions.js';
import { halfHash, signJwt } from '../tokens/sign.js';
import { logTokenDecision } from '../log/decision-events.js';
import type { App } from '../directory/apps.js';
import type { SubjectModel, DecisionRequest, Granted } from '../policy/types.js';
import { OAuthError } from './errors.js';
import { signingKey, type ProtocolServer } from './servers.js';
import { cachedOrgInfo, orgAccessTokenKey } from './config-cache.js';

export interface MintRequest {
  server: ProtocolServer;
  app: App;
  subject: SubjectModel | null;
  decision: DecisionRequest;
  /** The grant that began a refresh chain (for a new chain, the request's grant). */
  chainGrant: string;
  nonce?: string;
  authTime?: number;
  /** The decision made at /authorize, carried by the code. */
  decided?: Granted;
  /** For a refresh: the chain to continue and the token to hand back (STATIC) or replace (ROTATE). */
  /** `scopes`: the chain's original grant, which a rotated token keeps (RFC 6749 §6). */
  refresh?: { chainId: string; expiresAt: number | null; scopes: string[]; reuse?: { token: string; id: string } };
}

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/**
 * Tokens sent back from /authorize (implicit and hybrid responses): no refresh token; the ID token
 * is "fat" when it comes alone, and carries `at_hash` and `c_hash` for what comes with it.
 */
export async function mintFrontChannel(
  ctx: AppContext,
  req: Pick<FormRequest, 'requestId' | 'ip'>,
  m: { server: ProtocolServer; app: App; subject: SubjectModel; request: DecisionRequest; nonce?: string; authTime: number; code?: string },
): Promise<Record<string, string>> {
  const now = Math.floor(ctx.now() / 1000);
  const key = signingKey(ctx, m.server);
  const atKey = m.server.isOrg ? orgAccessTokenKey(ctx) : key;
  const client = clientModel(m.app);
  const prepared = prepareTokens(
    { server: m.server.isOrg ? { org: true, issuer: m.server.issuer } : m.server.model, client, subject: m.subject, request: m.request, nonce: m.nonce, authTime: m.authTime },
    { now, kid: key.kid, accessTokenKid: atKey.kid, org: cachedOrgInfo(ctx), evaluate: claimEvaluator },
  );
  const logIt = (jti?: string) =>
    logTokenDecision(ctx.systemLog, {
      server: m.server.isOrg ? null : { id: m.server.id!, name: m.server.name },
      client, subject: m.subject, grantType: m.request.grantType, decision: prepared.decision, failure: prepared.failure,
      minted: jti ? { accessToken: jti } : undefined, requestId: req.requestId, ipAddress: req.ip,
    });
  if (prepared.failure || !prepared.decision.ok) {
    logIt();
    const f = prepared.failure!;
    throw new OAuthError(f.error, f.description, f.status, f.reason);
  }
  const out: Record<string, string> = {};
  let accessToken: string | undefined;
  if (prepared.accessToken && m.request.responseType?.split(' ').includes('token')) {
    accessToken = await signJwt(atKey, prepared.accessToken.payload);
    Object.assign(out, { access_token: accessToken, token_type: 'Bearer', expires_in: String(prepared.decision.lifetimes.accessTokenMinutes * 60), scope: prepared.decision.scopes.join(' ') });
  }
  if (prepared.idToken) {
    let payload = prepared.idToken.payload;
    if (accessToken) payload = insertAfterAuthTime(payload, 'at_hash', halfHash(accessToken));
    if (m.code) payload = insertAfterAuthTime(payload, 'c_hash', halfHash(m.code));
    out.id_token = await signJwt(key, payload);
  }
  logIt(prepared.accessToken?.payload.jti as string | undefined);
  return out;
}

/** Puts a claim right after `auth_time`, where Okta's ID tokens carry `at_hash`. */
function insertAfterAuthTime(payload: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const [k, v] of Object.entries(payload)) {
    out[k] = v;
    if (k === 'auth_time') {
      out[key] = value;
      placed = true;
    }
  }
  if (!placed) out[key] = value;
  return out;
}

/**
 * Decides (through the decision core), mints and signs the tokens of one token-endpoint request,
 * stores a refresh token when one is due, and logs the decision with its trace. Throws the OAuth
 * error the endpoint answers when the decision or a claim fails.
 */
export async function mintTokens(ctx: AppContext, req: FormRequest, m: MintRequest): Promise<TokenResponse> {
  const nowMs = ctx.now();
  const now = Math.floor(nowMs / 1000);
  const key = signingKey(ctx, m.server);
  const atKey = m.server.isOrg ? orgAccessTokenKey(ctx) : key;
  const client = clientModel(m.app);
  const input: PrepareInput = {
    server: m.server.isOrg ? { org: true, issuer: m.server.issuer } : m.server.model,
    client,
    subject: m.subject,
    request: m.decision,
    nonce: m.nonce,
    authTime: m.subject ? (m.authTime ?? now) : undefined,
    decided: m.decided,
  };
  const prepared = prepareTokens(input, { now, kid: key.kid, accessTokenKid: atKey.kid, org: cachedOrgInfo(ctx), evaluate: claimEvaluator });
  const requestId = req.requestId;
  const log = (minted?: { accessToken?: string }) =>
    logTokenDecision(ctx.systemLog, {
      server: m.server.isOrg ? null : { id: m.server.id!, name: m.server.name },
      client,
      subject: m.subject,
      grantType: m.decision.grantType,
      decision: prepared.decision,
      failure: prepared.failure,
      minted,
      requestId,
      ipAddress: req.ip,
      userAgent: req.headers['user-agent'],
    });
  if (prepared.failure || !prepared.decision.ok || !prepared.accessToken) {
    log();
    const f = prepared.failure ?? { error: 'server_error', description: 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.', status: 500 };
    const e = new OAuthError(f.error, f.description, f.status, f.reason);
    e.logged = true;
    throw e;
  }
  const decision = prepared.decision;
  const accessToken = await signJwt(atKey, prepared.accessToken.payload);
  const jti = prepared.accessToken.payload.jti as string;
  const exp = prepared.accessToken.payload.exp as number;
  const body: TokenResponse = {
    token_type: 'Bearer',
    expires_in: decision.lifetimes.accessTokenMinutes * 60,
    access_token: accessToken,
    scope: decision.scopes.join(' '),
  };

  if (prepared.refreshToken && m.subject) {
    const nowIso = isoAt(ctx);
    const window = decision.lifetimes.refreshWindowMinutes;
    const chainId = m.refresh?.chainId ?? randomSecret(16);
    const expiresAt = m.refresh ? m.refresh.expiresAt : prepared.refreshToken.expiresAt;
    const idle = window > 0 ? now + window * 60 : null;
    const idleExpiresAt = idle !== null && expiresAt !== null ? Math.min(idle, expiresAt) : idle;
    // The chain may have been revoked while this request was signing: never extend a dead chain.
    if (m.refresh && ctx.store.tokens.isChainRevoked(chainId)) throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired.');
    let token = m.refresh?.reuse?.token;
    if (token) {
      // A STATIC token comes back as it is; its idle window starts again.
      ctx.store.tokens.touch(m.refresh!.reuse!.id, idleExpiresAt, nowIso);
    } else {
      token = randomSecret(32);
      ctx.store.tokens.insertRefresh(token, {
        id: newId('refreshToken'), chainId, authServerId: m.server.id, clientId: client.clientId, userId: m.subject.id, scopes: m.refresh?.scopes ?? decision.scopes,
        grantType: m.chainGrant, status: 'ACTIVE', created: nowIso, lastUpdated: nowIso, expiresAt, idleExpiresAt, rotatedAt: null, authTime: input.authTime ?? now,
      });
    }
    ctx.store.tokens.chainAccessToken(jti, chainId, exp);
    body.refresh_token = token;
  }
  if (prepared.idToken) {
    const payload = insertAfterAuthTime(prepared.idToken.payload, 'at_hash', halfHash(accessToken));
    body.id_token = await signJwt(key, payload);
  }
  log({ accessToken: jti });
  return body;
}
