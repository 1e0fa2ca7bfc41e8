import type { Store } from '../store/index.js';
import type { App } from '../directory/apps.js';
import type { User } from '../directory/users.js';
import { appUserName } from '../directory/apps.js';
import { issuerOf, type AuthServer } from './servers.js';
import type { ClientModel, ServerModel, SubjectModel } from '../policy/types.js';

/*
 * Reads the store into the plain data the decision core takes (policy/types.ts). This is the edge:
 * the engine itself never touches the store.
 */

export function serverModel(store: Store, server: AuthServer, org: string): ServerModel {
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    audience: server.audiences[0]!,
    issuer: issuerOf(server, org),
    scopes: new Map(store.authServers.allScopes(server.id).map((s) => [s.name, s])),
    claims: store.authServers.claims(server.id),
    policies: store.authServers.policies(server.id).map((p) => ({ ...p, rules: store.authServers.rules(p.id) })),
  };
}

export function clientModel(app: App): ClientModel {
  return {
    appId: app.id,
    clientId: app.credentials.client_id,
    label: app.label,
    status: app.status,
    applicationType: app.settings.application_type,
    grantTypes: app.settings.grant_types,
    responseTypes: app.settings.response_types,
    consentMethod: app.settings.consent_method,
    profile: app.profile ?? {},
    ...(app.settings.groups_claim ? { groupsClaim: app.settings.groups_claim } : {}),
  };
}

export function subjectModel(store: Store, user: User, app: App): SubjectModel {
  const assignment = store.apps.getUserAssignment(app.id, user.id);
  const assigned = !!assignment || store.apps.isAssigned(app.id, user.id);
  return {
    id: user.id,
    status: user.status,
    login: user.profile.login,
    profile: user.profile,
    lastUpdated: user.lastUpdated,
    groups: store.groups.groupsOfUser(user.id).map((g) => ({ id: g.id, name: g.profile.name, type: g.type })),
    assigned,
    appUserName: assigned ? assignment?.userName || appUserName(app.userNameTemplate.template, user.profile) : undefined,
    appUserProfile: assignment?.profile ?? {},
  };
}

export function orgInfo(store: Store, org: string): { id: string; name: string; subdomain: string } {
  const host = new URL(org).hostname;
  return { id: store.settings.get('orgId') ?? '', name: 'Gatehouse', subdomain: host.split('.')[0] ?? host };
}
