import type { AppContext } from '../context.js';
import { Errors } from '../errors.js';
import { serverModel } from '../authz/decision-model.js';
import { orgServerModel } from '../tokens/prepare.js';
import { PUBLISHED_STATUSES, type SigningKey } from '../tokens/keys.js';
import type { ServerModel } from '../policy/types.js';
import { activeSigningKey, cached, orgAccessTokenKey } from './config-cache.js';

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

/**
 * Resolves `/oauth2/{as}/...` (or the org server for `/oauth2/v1/...`), with its decision model
 * read once and reused until an admin write changes the configuration. Unknown and inactive custom
 * servers answer Okta's 404 (reference §2.1).
 */
export function resolveServer(ctx: AppContext, asId: string | null): ProtocolServer {
  const org = ctx.orgUrl();
  const server = cached(ctx, `server:${org}:${asId ?? ''}`, (): ProtocolServer | undefined => {
    if (asId === null) return { id: null, name: 'Org authorization server', issuer: org, endpoints: `${org}/oauth2/v1`, model: orgServerModel(org), isOrg: true };
    const s = ctx.store.authServers.get(asId);
    if (!s || s.status !== 'ACTIVE') return undefined;
    const model = serverModel(ctx.store, s, org);
    return { id: s.id, name: s.name, issuer: model.issuer, endpoints: `${model.issuer}/v1`, model, isOrg: false };
  });
  if (!server) throw Errors.notFound(asId ?? '', 'AuthorizationServer');
  return server;
}

/** Keys that sign (ACTIVE) and verify (every key ever made for the server, retired ones too). */
export function signingKey(ctx: AppContext, server: ProtocolServer): SigningKey {
  const k = activeSigningKey(ctx, server.id);
  if (!k) throw new Error(`no active signing key for ${server.id ?? 'the org authorization server'}`);
  return k;
}

/** Every key that may have signed a token of this server (the org's unpublished access-token key too). */
export function verificationKeys(ctx: AppContext, server: ProtocolServer): SigningKey[] {
  return cached(ctx, `verify:${server.id ?? ''}`, () => [...ctx.store.authServers.keys(server.id), ...(server.isOrg ? [orgAccessTokenKey(ctx)] : [])]);
}

export function publishedKeys(ctx: AppContext, server: ProtocolServer): SigningKey[] {
  return ctx.store.authServers.keys(server.id, PUBLISHED_STATUSES);
}
