import type { ServerResponse } from 'node:http';
import type { AppContext } from '../context.js';
import type { FormRequest } from './form-request.js';
import type { ProtocolServer } from './servers.js';
import { sendTokenJson } from './errors.js';
import { tokenEndpoint } from './token.js';
import { introspectEndpoint } from './introspect.js';
import { revokeEndpoint } from './revoke.js';
import { deviceAuthorizeEndpoint } from './device.js';

/**
 * The endpoints clients call directly with a form and read JSON from. Both the express router and
 * the fast lane serve them through this one table, so the two paths cannot drift apart.
 */
export type BackChannelHandler = (ctx: AppContext, server: ProtocolServer, req: FormRequest, res: ServerResponse) => Promise<void>;

export const BACK_CHANNEL: Record<'/v1/token' | '/v1/introspect' | '/v1/revoke' | '/v1/device/authorize', BackChannelHandler> = {
  '/v1/token': async (ctx, server, req, res) => sendTokenJson(res, 200, await tokenEndpoint(ctx, req, server)),
  '/v1/introspect': async (ctx, server, req, res) => sendTokenJson(res, 200, await introspectEndpoint(ctx, req, server)),
  '/v1/revoke': async (ctx, server, req, res) => {
    await revokeEndpoint(ctx, req, server);
    res.statusCode = 200;
    res.setHeader('Cache-Control', 'no-store');
    res.end();
  },
  '/v1/device/authorize': async (ctx, server, req, res) => sendTokenJson(res, 200, await deviceAuthorizeEndpoint(ctx, req, server)),
};
