import type { Store } from '../store/index.js';
import type { Group } from '../directory/groups.js';
import type { User } from '../directory/users.js';
import type { App, AppInput } from '../directory/apps.js';
import type { TrustedOrigin } from '../directory/trusted-origins.js';
import type { AuthServer } from '../authz/servers.js';
import { SYSTEM_SCOPES, type ScopeInput } from '../authz/scopes.js';
import { SYSTEM_SUB_CLAIM, type ClaimInput } from '../authz/claims.js';
import { ALL_CLIENTS, EVERYONE, type Policy, type Rule } from '../authz/policies.js';
import type { Scenario } from '../simulator/definition.js';
import type { AppDoc, ClaimDoc, GroupDoc, PolicyDoc, RuleDoc, ScenarioDoc, ScopeDoc, TrustedOriginDoc, UserDoc } from './document.js';

/*
 * The one canonical form of each object in a document. Export writes it from the store; the plan
 * writes it from what the admin API's parsers made of a document, so two descriptions of the same
 * state compare equal field by field, whatever defaults either left out.
 */

export const DEFAULT_USERNAME_TEMPLATE = { template: '${source.login}', type: 'BUILT_IN' };
export const EVERYONE_GROUP = 'Everyone';

export function groupToDoc(profile: Group['profile']): GroupDoc {
  const { name, description, ...attributes } = profile;
  return {
    name,
    ...(description !== undefined && description !== null ? { description } : {}),
    ...(Object.keys(attributes).length ? { attributes: attributes as GroupDoc['attributes'] } : {}),
  };
}

export function userToDoc(u: Pick<User, 'status' | 'profile'>, groupNames: string[]): UserDoc {
  const { login, ...profile } = u.profile;
  return { login, status: u.status, profile: profile as UserDoc['profile'], groups: [...groupNames].sort() };
}

export interface AppState {
  input: AppInput;
  status: App['status'];
  clientId?: string;
  groups: string[];
  users: string[];
}

export function appToDoc(a: AppState): AppDoc {
  const c = a.input.credentials;
  return {
    name: a.input.label,
    status: a.status,
    ...(a.clientId !== undefined ? { clientId: a.clientId } : {}),
    oauthClient: { token_endpoint_auth_method: c.token_endpoint_auth_method, pkce_required: c.pkce_required, autoKeyRotation: c.autoKeyRotation },
    // Sorted: the parser builds settings in its own order, and the file should not churn with it.
    settings: sortKeys(a.input.settings) as AppDoc['settings'],
    userNameTemplate: a.input.userNameTemplate ?? DEFAULT_USERNAME_TEMPLATE,
    ...(a.input.profile !== undefined ? { profile: a.input.profile } : {}),
    assignments: { groups: a.groups, users: [...a.users].sort() },
  };
}

export function appStateFromStore(store: Store, app: App): AppState {
  const groups = store.apps
    .assignedGroupIds(app.id)
    .map((id) => store.apps.getGroupAssignment(app.id, id)!)
    .sort((x, y) => x.priority - y.priority)
    .map((g) => store.groups.get(g.groupId)!.profile.name);
  const users = store.apps.assignedUserIds(app.id).map((id) => store.users.get(id)!.profile.login);
  return {
    input: { label: app.label, credentials: app.credentials, settings: app.settings, profile: app.profile, userNameTemplate: app.userNameTemplate },
    status: app.status,
    clientId: app.credentials.client_id,
    groups,
    users,
  };
}

export function trustedOriginToDoc(t: Pick<TrustedOrigin, 'name' | 'origin' | 'scopes' | 'status'>): TrustedOriginDoc {
  return { name: t.name, origin: t.origin, scopes: t.scopes, status: t.status };
}

export function scopeToDoc(s: ScopeInput): ScopeDoc {
  return {
    name: s.name,
    ...(s.displayName !== undefined ? { displayName: s.displayName } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    consent: s.consent,
    optional: s.optional,
    default: s.default,
    metadataPublish: s.metadataPublish,
  };
}

/** The settings a system scope has when nobody changed it. */
export function systemScopeDefault(name: string): ScopeInput | undefined {
  const s = SYSTEM_SCOPES.find((x) => x.name === name);
  return s && { name: s.name, displayName: s.displayName, description: s.description, consent: 'IMPLICIT', optional: false, default: false, metadataPublish: 'ALL_CLIENTS' };
}

export function isUnchangedSystemScope(s: ScopeInput): boolean {
  const d = systemScopeDefault(s.name);
  return !!d && sameValue(scopeToDoc(d), scopeToDoc(s));
}

export function claimToDoc(c: ClaimInput): ClaimDoc {
  return {
    name: c.name,
    status: c.status,
    claimType: c.claimType,
    valueType: c.valueType,
    value: c.value,
    ...(c.group_filter_type ? { group_filter_type: c.group_filter_type } : {}),
    conditions: { scopes: c.conditions.scopes },
    alwaysIncludeInToken: c.alwaysIncludeInToken,
  };
}

export function isUnchangedSystemClaim(c: ClaimInput): boolean {
  return c.name === SYSTEM_SUB_CLAIM.name && c.claimType === SYSTEM_SUB_CLAIM.claimType && c.valueType === SYSTEM_SUB_CLAIM.valueType
    && c.value === SYSTEM_SUB_CLAIM.value && c.status === 'ACTIVE' && c.conditions.scopes.length === 0;
}

export function claimKey(c: { name: string; claimType: string }): string {
  return `${c.claimType}:${c.name}`;
}

/** Names for ids in rules and policies: a rule body with logins and group names in place of ids. */
export interface Namer {
  client(clientId: string): string;
  group(id: string): string;
  user(id: string): string;
}

export function policyToDoc(p: Pick<Policy, 'name' | 'description' | 'status' | 'conditions'>, rules: RuleDoc[], names: Namer): PolicyDoc {
  return {
    name: p.name,
    description: p.description,
    status: p.status,
    conditions: { clients: { include: p.conditions.clients.include.map((c) => (c === ALL_CLIENTS ? c : names.client(c))) } },
    rules,
  };
}

export function ruleToDoc(r: Pick<Rule, 'name' | 'status' | 'conditions' | 'actions'>, names: Namer): RuleDoc {
  const g = (id: string) => (id === EVERYONE ? id : names.group(id));
  const { users, groups } = r.conditions.people;
  return {
    name: r.name,
    status: r.status,
    conditions: {
      people: {
        users: { include: users.include.map(names.user), exclude: users.exclude.map(names.user) },
        groups: { include: groups.include.map(g), exclude: groups.exclude.map(g) },
      },
      grantTypes: { include: r.conditions.grantTypes.include },
      scopes: { include: r.conditions.scopes.include },
    },
    actions: { token: { ...r.actions.token } },
  };
}

export function storeNamer(store: Store): Namer {
  return {
    client: (id) => store.apps.getByClientId(id)?.label ?? id,
    group: (id) => store.groups.get(id)?.profile.name ?? id,
    user: (id) => store.users.get(id)?.profile.login ?? id,
  };
}

export function serverHead(s: Pick<AuthServer, 'name' | 'id' | 'description' | 'audiences' | 'status' | 'rotationMode'>) {
  return { name: s.name, id: s.id, description: s.description, audiences: s.audiences, status: s.status, rotationMode: s.rotationMode };
}

export function scenarioToDoc(s: Pick<Scenario, 'name' | 'description' | 'setup' | 'tampers' | 'expectations'>, serverName: (id: string) => string, appName: (clientId: string) => string, includeSecrets: boolean): ScenarioDoc {
  const { authServerId, clientId, user, ...setup } = s.setup;
  return {
    name: s.name,
    ...(s.description !== undefined ? { description: s.description } : {}),
    setup: {
      authServer: authServerId === 'org' ? 'org' : serverName(authServerId),
      client: appName(clientId),
      ...(user ? { user: includeSecrets ? user : { username: user.username } } : {}),
      ...setup,
    },
    tampers: s.tampers,
    expectations: s.expectations,
  };
}

/** Deep equality of JSON values, ignoring key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** The top-level fields (dotted one level into objects) in which two canonical items differ. */
export function changedFields(a: Record<string, unknown>, b: Record<string, unknown>, skip: string[] = []): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (skip.includes(k) || sameValue(a[k], b[k])) continue;
    const x = a[k];
    const y = b[k];
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      for (const sub of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!sameValue((x as Record<string, unknown>)[sub], (y as Record<string, unknown>)[sub])) out.push(`${k}.${sub}`);
      }
    } else out.push(k);
  }
  return out;
}
