import type { Store } from '../store/index.js';
import { FORMAT_VERSION, type AuthServerDoc, type WorkspaceDoc } from './document.js';
import {
  appStateFromStore, appToDoc, claimToDoc, groupToDoc, isUnchangedSystemClaim, isUnchangedSystemScope, policyToDoc, ruleToDoc,
  scenarioToDoc, scopeToDoc, serverHead, storeNamer, trustedOriginToDoc, userToDoc,
} from './canonical.js';

const ALL = { limit: 1_000_000_000 };

export interface ExportOptions {
  /** Password hashes, client secrets, private keys and scenario passwords; the document is marked. */
  includeSecrets?: boolean;
}

/** The whole workspace as a portable document (see document.ts). */
export function exportWorkspace(store: Store, opts: ExportOptions = {}): WorkspaceDoc {
  const secrets = !!opts.includeSecrets;
  const names = storeNamer(store);
  const groups = store.groups.list(ALL).items.filter((g) => g.type === 'OKTA_GROUP');
  const users = store.users.list(ALL).items.map((u) => {
    const doc = userToDoc(u, store.groups.groupsOfUser(u.id).filter((g) => g.type === 'OKTA_GROUP').map((g) => g.profile.name));
    return secrets && u.passwordHash ? { ...doc, passwordHash: u.passwordHash } : doc;
  });
  const apps = store.apps.all().map((a) => {
    const doc = appToDoc(appStateFromStore(store, a));
    return secrets && a.credentials.client_secret ? { ...doc, clientSecret: a.credentials.client_secret } : doc;
  });
  const servers = store.authServers.all().map((s) => exportServer(store, s.id, secrets));
  const serverName = (id: string) => store.authServers.get(id)?.name ?? id;
  return {
    gatehouse: FORMAT_VERSION,
    ...(secrets ? { containsSecrets: true } : {}),
    groups: groups.map((g) => groupToDoc(g.profile)),
    users,
    apps,
    trustedOrigins: store.trustedOrigins.list(ALL).items.map(trustedOriginToDoc),
    authorizationServers: servers,
    scenarios: store.scenarios.list().map((s) => scenarioToDoc(s, serverName, names.client, secrets)),
  };
}

export function exportServer(store: Store, id: string, includeSecrets = false): AuthServerDoc {
  const s = store.authServers.get(id)!;
  const names = storeNamer(store);
  const doc: AuthServerDoc = {
    ...serverHead(s),
    scopes: store.authServers.allScopes(s.id).filter((x) => !x.system || !isUnchangedSystemScope(x)).map(scopeToDoc),
    claims: store.authServers.claims(s.id).filter((c) => !c.system || !isUnchangedSystemClaim(c)).map(claimToDoc),
    policies: store.authServers.policies(s.id).map((p) => policyToDoc(p, store.authServers.rules(p.id).map((r) => ruleToDoc(r, names)), names)),
  };
  if (includeSecrets) {
    doc.keys = store.authServers.keys(s.id).map((k) => ({ kid: k.kid, status: k.status, created: k.created, publicJwk: { ...k.publicJwk }, privateJwk: { ...k.privateJwk } }));
  }
  return doc;
}
