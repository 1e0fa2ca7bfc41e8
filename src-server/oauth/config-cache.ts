import type { AppContext } from '../context.js';
import type { App } from '../directory/apps.js';
import { readOrgAccessTokenKey, type SigningKey } from '../tokens/keys.js';
import { orgInfo } from '../authz/decision-model.js';

/*
 * What the protocol endpoints read on every request and admins rarely change (apps, the active
 * signing key, the org's identity), kept in memory until the next configuration write
 * (`ctx.configVersion`). The token endpoint's hot path then makes no database read for them.
 */

interface Generation { version: number; values: Map<string, unknown> }
const generations = new WeakMap<AppContext, Generation>();

export function cached<T>(ctx: AppContext, key: string, compute: () => T): T {
  let g = generations.get(ctx);
  if (!g || g.version !== ctx.configVersion) generations.set(ctx, (g = { version: ctx.configVersion, values: new Map() }));
  if (g.values.has(key)) return g.values.get(key) as T;
  const value = compute();
  g.values.set(key, value);
  return value;
}

/** An app by its client id; unknown ids are not remembered (anyone can send any number of them). */
export function appByClientId(ctx: AppContext, clientId: string): App | undefined {
  const key = `app:${clientId}`;
  const g = generations.get(ctx);
  if (g && g.version === ctx.configVersion && g.values.has(key)) return g.values.get(key) as App;
  const app = ctx.store.apps.getByClientId(clientId);
  return app ? cached(ctx, key, () => app) : undefined;
}

export function activeSigningKey(ctx: AppContext, authServerId: string | null): SigningKey | undefined {
  return cached(ctx, `key:${authServerId ?? ''}`, () => ctx.store.authServers.activeKey(authServerId));
}

export function orgAccessTokenKey(ctx: AppContext): SigningKey {
  const key = cached(ctx, 'orgAtKey', () => readOrgAccessTokenKey(ctx.store.settings));
  if (!key) throw new Error('the org access-token key is missing (made at start)');
  return key;
}

export function cachedOrgInfo(ctx: AppContext): ReturnType<typeof orgInfo> {
  return cached(ctx, `org:${ctx.orgUrl()}`, () => orgInfo(ctx.store, ctx.orgUrl()));
}
