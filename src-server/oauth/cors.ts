import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';

/*
 * CORS for the endpoints browsers call (token, keys, userinfo, revoke, introspect, discovery;
 * reference §2.2 and client-compat.md) from the origins of registered redirect URIs, as Okta
 * allows, and of Trusted Origins with the CORS scope (`/api/v1/trustedOrigins`). Never on
 * /authorize, which is a navigation, not a fetch.
 */

/** Per server (tests run several in one process), rebuilt when an admin write changes the config. */
const caches = new WeakMap<AppContext, { version: number; origins: Set<string> }>();

function trustedOrigins(ctx: AppContext): Set<string> {
  const cached = caches.get(ctx);
  if (cached && cached.version === ctx.configVersion) return cached.origins;
  const origins = new Set<string>();
  for (const app of ctx.store.apps.all()) {
    if (app.status !== 'ACTIVE') continue;
    for (const uri of [...app.settings.redirect_uris, ...app.settings.post_logout_redirect_uris]) {
      try {
        const o = new URL(uri).origin;
        if (o !== 'null') origins.add(o);
      } catch {
        /* not a URL with an origin (a custom scheme): no browser origin to allow */
      }
    }
  }
  for (const o of ctx.store.trustedOrigins.corsOrigins()) origins.add(o);
  caches.set(ctx, { version: ctx.configVersion, origins });
  return origins;
}

export function cors(ctx: AppContext, methods: string): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && trustedOrigins(ctx).has(origin)) {
      res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
      if (req.method === 'OPTIONS') {
        res.set({
          'Access-Control-Allow-Methods': methods,
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, X-Okta-User-Agent-Extended',
          'Access-Control-Max-Age': '600',
        });
        return void res.status(204).end();
      }
    } else if (req.method === 'OPTIONS') {
      // A preflight from an origin no app uses: answer without any permission.
      return void res.status(204).set('Vary', 'Origin').end();
    }
    next();
  };
}
