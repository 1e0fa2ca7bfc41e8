import type { Grant } from './types.js';
import { scopeParam } from './types.js';
import { mintTokens } from '../mint.js';
import { OAuthErrors } from '../../policy/errors.js';
import { OAuthError } from '../errors.js';

/** `client_credentials` (RFC 6749 §4.4): a token for the client itself, custom servers only. */
export const clientCredentials: Grant = {
  grantType: 'client_credentials',
  parameters: ['scope'],
  async handle(ctx, req, client, server, params) {
    if (server.isOrg) throw OAuthError.from(OAuthErrors.clientCredentialsOnOrgServer());
    return mintTokens(ctx, req, {
      server,
      app: client.app,
      subject: null,
      decision: { grantType: 'client_credentials', scopes: scopeParam(params) },
      chainGrant: 'client_credentials',
    });
  },
};
