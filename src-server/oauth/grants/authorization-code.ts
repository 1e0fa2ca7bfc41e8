import { createHash, timingSafeEqual } from 'node:crypto';
import type { Grant } from './types.js';
import { mintTokens } from '../mint.js';
import { OAuthError, invalidRequest, missingParameter } from '../errors.js';
import { subjectModel } from '../../authz/decision-model.js';
import { isoAt } from '../../context.js';

const INVALID = () => new OAuthError('invalid_grant', 'The authorization code is invalid or has expired.');

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * `authorization_code` (RFC 6749 §4.1.3, RFC 7636, reference §2.5): single use (a replayed code
 * revokes what its first exchange issued), bound to its client, server and redirect URI, PKCE S256.
 */
export const authorizationCode: Grant = {
  grantType: 'authorization_code',
  parameters: ['code', 'redirect_uri', 'code_verifier'],
  async handle(ctx, req, client, server, params) {
    if (!params.code) throw missingParameter('code');
    const { store } = ctx;
    const revokeIssued = (issued: { chainId?: string; jti?: string; exp?: number }) => {
      if (issued.chainId) store.tokens.revokeChain(issued.chainId, isoAt(ctx));
      if (issued.jti) store.tokens.revokeAccessToken(issued.jti, issued.exp ?? Math.floor(ctx.now() / 1000) + 86_400);
    };
    // Browser (CORS) calls must use PKCE (reference §2.2).
    const browser = req.headers.origin !== undefined;
    const c = store.browser.code(params.code);
    const now = Math.floor(ctx.now() / 1000);
    if (!c) throw INVALID();
    if (c.authServerId !== server.id) throw invalidRequest('The grant was issued for another authorization server.');
    if (c.clientId !== client.app.credentials.client_id) {
      throw new OAuthError('invalid_grant', "The grant was issued to another client. Please make sure the 'client_id' matches the one used at the authorize request.");
    }
    if (c.used) {
      // A replay: whoever holds this code may not be its owner. Revoke what it issued (RFC 6749 §4.1.2);
      // if the first exchange is still minting, flag the code so that exchange revokes its own tokens.
      store.tx(() => {
        const current = store.browser.code(params.code!);
        if (!current?.issued) store.browser.recordIssued(params.code!, { replayed: true });
        else revokeIssued(current.issued);
      });
      throw INVALID();
    }
    if (c.expiresAt <= now) throw INVALID();
    if (params.redirect_uri === undefined) throw missingParameter('redirect_uri');
    if (params.redirect_uri !== c.redirectUri) throw new OAuthError('invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
    if (browser && !c.codeChallenge) throw new OAuthError('invalid_client', 'Browser requests to the token endpoint must use Proof Key for Code Exchange.', 401);
    if (c.codeChallenge) {
      if (!params.code_verifier) throw invalidRequest('PKCE code verifier is required by the application.');
      const expected = Buffer.from(c.codeChallenge);
      const actual = Buffer.from(s256(params.code_verifier));
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new OAuthError('invalid_grant', 'PKCE verification failed.');
    } else if (params.code_verifier !== undefined) {
      throw invalidRequest('PKCE code challenge should be specified in the authorize request for code verification.');
    }
    if (!store.browser.useCode(params.code)) throw INVALID();
    const user = store.users.get(c.userId);
    if (!user || user.status !== 'ACTIVE') throw INVALID();
    const body = await mintTokens(ctx, req, {
      server,
      app: client.app,
      subject: subjectModel(store, user, client.app),
      decision: { grantType: 'authorization_code', scopes: c.scopes },
      chainGrant: 'authorization_code',
      nonce: c.nonce ?? undefined,
      authTime: c.authTime,
      // Okta decides at /authorize: a policy edited in the code's 300 s does not change its tokens.
      decided: c.decision ?? undefined,
    });
    const jwt = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string; exp: number };
    const chainId = body.refresh_token ? store.tokens.findRefresh(body.refresh_token)?.chainId : undefined;
    const issued = { jti: jwt.jti, exp: jwt.exp, ...(chainId ? { chainId } : {}) };
    const replayedMeanwhile = store.tx(() => {
      const replayed = !!store.browser.code(params.code!)?.issued?.replayed;
      store.browser.recordIssued(params.code!, issued);
      if (replayed) revokeIssued(issued);
      return replayed;
    });
    if (replayedMeanwhile) throw INVALID();
    return body;
  },
};
