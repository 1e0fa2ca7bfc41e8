import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import { serverModel } from '../authz/decision-model.js';
import { orgServerModel } from '../tokens/prepare.js';
import { PUBLISHED_STATUSES, type SigningKey } from '../tokens/keys.js';
import type { ServerModel } from '../policy/types.js';

/** The authorization server a protocol request is addressed to: a custom one, or the org's. */
export interface ProtocolServer {
  /** `null` for the org authorization server. */
  id: string | null;
  name: string;
  issuer: string;
  /** Base of its endpoints: `<issuer>/v1` for custom servers, `<org>/oauth2/v1` for the org's. */
  endpoints: string;
  model: ServerModel;
  isOrg: boolean;
}

const cache = new WeakMap<AppContext, Map<string, { version: number; server: ProtocolServer }>>();

/**
 * Resolves `/oauth2/{as}/...` (or the org server for `/oauth2/v1/...`), with its decision model
 * read once and reused until an admin write changes the configuration. Unknown and inactive custom
 * servers answer Okta's 404 (reference §2.1).
 */
export function resolveServer(ctx: AppContext, asId: string | null): ProtocolServer {
  let byId = cache.get(ctx);
  if (!byId) cache.set(ctx, (byId = new Map()));
  const key = asId ?? '\0org';
  const hit = byId.get(key);
  if (hit && hit.version === ctx.configVersion && hit.server.issuer.startsWith(ctx.orgUrl())) return hit.server;
  const org = ctx.orgUrl();
  let server: ProtocolServer;
  if (asId === null) {
    server = { id: null, name: 'Org authorization server', issuer: org, endpoints: `${org}/oauth2/v1`, model: orgServerModel(org), isOrg: true };
  } else {
    const s = ctx.store.authServers.get(asId);
    if (!s || s.status !== 'ACTIVE') throw Errors.notFound(asId, 'AuthorizationServer');
    const model = serverModel(ctx.store, s, org);
    server = { id: s.id, name: s.name, issuer: model.issuer, endpoints: `${model.issuer}/v1`, model, isOrg: false };
  }
  byId.set(key, { version: ctx.configVersion, server });
  return server;
}

/** Keys that sign (ACTIVE) and verify (every key ever made for the server, retired ones too). */
export function signingKey(ctx: AppContext, server: ProtocolServer): SigningKey {
  const k = ctx.store.authServers.activeKey(server.id);
  if (!k) throw new Error(`no active signing key for ${server.id ?? 'the org authorization server'}`);
  return k;
}

export function verificationKeys(ctx: AppContext, server: ProtocolServer): SigningKey[] {
  return ctx.store.authServers.keys(server.id);
}

export function publishedKeys(ctx: AppContext, server: ProtocolServer): SigningKey[] {
  return ctx.store.authServers.keys(server.id, PUBLISHED_STATUSES);
}
