import type { Grant } from './types.js';
import { mintTokens } from '../mint.js';
import { OAuthError, missingParameter } from '../errors.js';
import { subjectModel } from '../../authz/decision-model.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The device grant's polling answers (RFC 8628 §3.5, reference §2.5). */
export const deviceCode: Grant = {
  grantType: GRANT,
  parameters: ['device_code'],
  async handle(ctx, req, client, server, params) {
    if (!params.device_code) throw missingParameter('device_code');
    const { store } = ctx;
    const now = Math.floor(ctx.now() / 1000);
    const d = store.devices.byDeviceCode(params.device_code);
    const invalid = () => new OAuthError('invalid_grant', 'The device code is invalid or has expired.');
    if (!d || d.clientId !== client.app.credentials.client_id || d.authServerId !== server.id || d.status === 'USED') throw invalid();
    if (d.expiresAt <= now) throw new OAuthError('expired_token', 'The device code has expired.');
    const previous = store.devices.poll(params.device_code, now);
    if (d.status === 'PENDING') {
      if (previous !== null && now - previous < d.interval) {
        store.devices.slowDown(params.device_code);
        throw new OAuthError('slow_down', 'Slow down the polling frequency. Please try again later.');
      }
      throw new OAuthError('authorization_pending', 'The device authorization is pending. Please try again later.');
    }
    if (d.status === 'DENIED') throw new OAuthError('access_denied', 'The resource owner or authorization server denied the request.');
    const user = d.userId ? store.users.get(d.userId) : undefined;
    if (!user || user.status !== 'ACTIVE' || !store.devices.use(params.device_code)) throw invalid();
    return mintTokens(ctx, req, {
      server,
      app: client.app,
      subject: subjectModel(store, user, client.app),
      decision: { grantType: GRANT, scopes: d.scopes ?? undefined },
      chainGrant: GRANT,
      authTime: d.authTime ?? now,
    });
  },
};
