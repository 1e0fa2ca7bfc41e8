import type { Store } from '../store/index.js';
import { parseGroup, groupToWire, type Group } from '../directory/groups.js';
import { parseApp, appToWire, type App } from '../directory/apps.js';
import { userToWire } from '../directory/users.js';
import { authServerToWire, parseAuthServer } from '../authz/servers.js';
import { parseScope, scopeToWire } from '../authz/scopes.js';
import { claimToWire, parseClaim, SYSTEM_SUB_CLAIM } from '../authz/claims.js';
import { ALL_CLIENTS, EVERYONE, parsePolicy, parseRule, policyToWire, ruleToWire } from '../authz/policies.js';
import { FORMAT_VERSION, type AppDoc, type AuthServerDoc, type ClaimDoc, type GroupDoc, type PolicyDoc, type RuleDoc, type ScopeDoc, type UserDoc, type WorkspaceDoc } from './document.js';
import { collect, joinPath, WorkspaceError, type Problem } from './problems.js';
import { EVERYONE_GROUP } from './canonical.js';

/*
 * Okta's own JSON. A bundle holds the objects exactly as Okta's Management API returns them (GET
 * /api/v1/authorizationServers/{id}, .../scopes, .../claims, .../policies, .../rules, /apps, /groups,
 * /users, /apps/{id}/groups), with a server's scopes, claims and policies, and a policy's rules,
 * nested under those names:
 *
 *   { "authorizationServers": [ { ...server, "scopes": [...], "claims": [...],
 *                                 "policies": [ { ...policy, "rules": [...] } ] } ],
 *     "apps": [...], "groups": [...], "users": [...], "appGroups": { "<appId>": [...] } }
 *
 * Every object is checked by the admin API's own parser (read-only fields are ignored, unknown
 * fields are problems), then ids become names, so the bundle opens as a workspace document.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const byPriority = (a: Obj, b: Obj) => (Number(a.priority ?? 0) - Number(b.priority ?? 0));
const BUNDLE_KEYS = ['authorizationServers', 'apps', 'groups', 'users', 'appGroups'];

export function oktaBundleToDoc(value: unknown): WorkspaceDoc {
  const problems: Problem[] = [];
  if (!isObj(value)) throw new WorkspaceError([{ path: '', message: 'the document must be an object: a Gatehouse workspace (gatehouse: 1) or an Okta bundle' }]);
  const unknown = Object.keys(value).filter((k) => !BUNDLE_KEYS.includes(k));
  if (unknown.length) {
    throw new WorkspaceError(unknown.map((k) => ({ path: k, message: `unknown field '${k}': a workspace document starts with 'gatehouse: ${FORMAT_VERSION}'; an Okta bundle has ${BUNDLE_KEYS.join(', ')}` })));
  }
  for (const k of ['authorizationServers', 'apps', 'groups', 'users']) {
    if (value[k] !== undefined && !Array.isArray(value[k])) problems.push({ path: k, message: 'Expected array' });
  }

  // ---- groups: the built-in Everyone is in every org; its id maps to its name ----
  const groupNames = new Map<string, string>();
  const groups: GroupDoc[] = [];
  list(value.groups).forEach((g, i) => {
    const path = joinPath('groups', i);
    const id = str(g.id);
    const profile = collect(problems, path, () => parseGroup(g));
    if (!profile) return;
    if (id) groupNames.set(id, g.type === 'BUILT_IN' ? EVERYONE_GROUP : profile.name);
    if (g.type === 'BUILT_IN' || g.type === 'APP_GROUP') return;
    const { name, description, ...attributes } = profile;
    groups.push({ name, ...(description !== undefined && description !== null ? { description } : {}), ...(Object.keys(attributes).length ? { attributes: attributes as GroupDoc['attributes'] } : {}) });
  });

  // ---- users (only needed when rules name users) ----
  const logins = new Map<string, string>();
  const users: UserDoc[] = [];
  list(value.users).forEach((u, i) => {
    const profile = isObj(u.profile) ? u.profile : {};
    const login = str(profile.login);
    if (!login) return void problems.push({ path: `users[${i}].profile.login`, message: 'The field cannot be left blank' });
    if (str(u.id)) logins.set(str(u.id)!, login);
    const { login: _l, ...rest } = profile;
    const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null)) as UserDoc['profile'];
    users.push({ login, ...(str(u.status) ? { status: u.status as UserDoc['status'] } : {}), profile: clean, groups: [] });
  });

  // ---- apps: OpenID Connect apps only; other sign-on modes are not OAuth clients ----
  const appNames = new Map<string, string>();
  const apps: AppDoc[] = [];
  const appGroups = isObj(value.appGroups) ? value.appGroups : {};
  list(value.apps).forEach((a, i) => {
    const path = joinPath('apps', i);
    if (a.signOnMode !== 'OPENID_CONNECT') return;
    const creds = isObj(a.credentials) && isObj(a.credentials.oauthClient) ? a.credentials.oauthClient : {};
    const { client_id, client_secret, ...oauthClient } = creds;
    const clientId = str(client_id) ?? str(a.id);
    // Known by name even when broken, so its own problems are not echoed by every policy that names it.
    for (const key of [str(a.id), clientId]) if (key) appNames.set(key, str(a.label) ?? key);
    const input = collect(problems, path, () => parseApp(a));
    if (!input) return;
    const assigned = list(appGroups[str(a.id) ?? '']).sort(byPriority).map((x, j) => {
      const name = groupNames.get(str(x.id) ?? '');
      if (!name) problems.push({ path: `appGroups.${a.id}[${j}].id`, message: `There is no group with the id '${String(x.id)}' in the bundle's groups` });
      return name ?? '';
    });
    const settings = isObj(a.settings) && isObj(a.settings.oauthClient) ? a.settings.oauthClient : {};
    const template = isObj(a.credentials) && isObj(a.credentials.userNameTemplate) ? a.credentials.userNameTemplate : undefined;
    apps.push({
      name: input.label,
      status: a.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
      ...(clientId ? { clientId } : {}),
      ...(str(client_secret) ? { clientSecret: str(client_secret)! } : {}),
      oauthClient,
      settings,
      ...(template ? { userNameTemplate: { template: String(template.template ?? ''), ...(str(template.type) ? { type: str(template.type)! } : {}) } } : {}),
      ...(isObj(a.profile) ? { profile: a.profile } : {}),
      assignments: { groups: assigned, users: [] },
    });
  });

  // ---- authorization servers with their scopes, claims, policies and rules ----
  const servers: AuthServerDoc[] = list(value.authorizationServers).map((s, i) => {
    const path = joinPath('authorizationServers', i);
    const { scopes: rawScopes, claims: rawClaims, policies: rawPolicies, ...head } = s;
    const input = collect(problems, path, () => parseAuthServer(head));
    const scopes: ScopeDoc[] = list(rawScopes).flatMap((x, j) => {
      const parsed = collect(problems, `${path}.scopes[${j}]`, () => parseScope(x));
      return parsed ? [parsed] : [];
    });
    const claims: ClaimDoc[] = list(rawClaims).flatMap((c, j) => {
      const isSub = c.system === true && c.name === SYSTEM_SUB_CLAIM.name;
      if (c.system === true && !isSub) return [];
      const existing = isSub ? { ...SYSTEM_SUB_CLAIM, id: '', authServerId: '', status: 'ACTIVE' as const, conditions: { scopes: [] }, alwaysIncludeInToken: true, system: true } : undefined;
      const parsed = collect(problems, `${path}.claims[${j}]`, () => parseClaim(c, () => true, existing));
      return parsed ? [parsed] : [];
    });
    const policies: PolicyDoc[] = list(rawPolicies).sort(byPriority).map((p) => {
      const j = list(rawPolicies).indexOf(p);
      const pp = `${path}.policies[${j}]`;
      const { rules: rawRules, ...policyBody } = p;
      const policy = collect(problems, pp, () => parsePolicy(policyBody, () => true));
      const clients = (policy?.conditions.clients.include ?? []).map((c) => {
        if (c === ALL_CLIENTS) return c;
        const name = appNames.get(c);
        if (!name) problems.push({ path: `${pp}.conditions.clients.include`, message: `There is no OpenID Connect app with the client id '${c}' in the bundle's apps` });
        return name ?? c;
      });
      const rules: RuleDoc[] = list(rawRules).sort(byPriority).map((r) => {
        const k = list(rawRules).indexOf(r);
        const rp = `${pp}.rules[${k}]`;
        const rule = collect(problems, rp, () => parseRule(r, { userExists: () => true, groupExists: () => true, scopeExists: () => true }));
        if (!rule) return { name: str(r.name) ?? '', conditions: { grantTypes: { include: [] }, scopes: { include: [] } } };
        const group = (field: string) => (id: string) => {
          if (id === EVERYONE) return id;
          const name = groupNames.get(id);
          if (!name) problems.push({ path: `${rp}.conditions.people.groups.${field}`, message: `There is no group with the id '${id}' in the bundle's groups` });
          return name ?? id;
        };
        const user = (field: string) => (id: string) => {
          const login = logins.get(id);
          if (!login) problems.push({ path: `${rp}.conditions.people.users.${field}`, message: `There is no user with the id '${id}' in the bundle's users` });
          return login ?? id;
        };
        const { users: pu, groups: pg } = rule.conditions.people;
        return {
          name: rule.name,
          status: rule.status ?? 'ACTIVE',
          conditions: {
            people: { users: { include: pu.include.map(user('include')), exclude: pu.exclude.map(user('exclude')) }, groups: { include: pg.include.map(group('include')), exclude: pg.exclude.map(group('exclude')) } },
            grantTypes: rule.conditions.grantTypes,
            scopes: rule.conditions.scopes,
          },
          actions: { token: { ...rule.actions.token } },
        };
      });
      return { name: policy?.name ?? str(p.name) ?? '', description: policy?.description ?? '', status: policy?.status ?? 'ACTIVE', conditions: { clients: { include: clients } }, rules };
    });
    return {
      name: input?.name ?? str(s.name) ?? '',
      ...(str(s.id) ? { id: str(s.id)! } : {}),
      description: input?.description ?? '',
      audiences: input?.audiences ?? [],
      status: s.status === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE',
      rotationMode: input?.rotationMode ?? 'AUTO',
      scopes,
      claims,
      policies,
    };
  });

  if (problems.length) throw new WorkspaceError(problems);
  const doc: WorkspaceDoc = { gatehouse: FORMAT_VERSION };
  if (value.groups !== undefined) doc.groups = groups;
  if (value.users !== undefined) doc.users = users;
  if (value.apps !== undefined) doc.apps = apps;
  if (value.authorizationServers !== undefined) doc.authorizationServers = servers;
  return doc;
}

export interface OktaExportOptions {
  /** One authorization server by name (with the apps, groups and users it names); all when absent. */
  server?: string;
  includeSecrets?: boolean;
  /** The org URL that goes into issuers and links. */
  orgUrl?: string;
}

/** Authorization servers, apps and groups exactly as Okta's Management API returns them (see above). */
export function exportOktaBundle(store: Store, opts: OktaExportOptions = {}): Obj {
  const org = opts.orgUrl ?? 'http://127.0.0.1:7654';
  const servers = store.authServers.all().filter((s) => opts.server === undefined || s.name.toLowerCase() === opts.server.toLowerCase());
  if (opts.server !== undefined && servers.length === 0) {
    throw new WorkspaceError([{ path: '', message: `there is no authorization server named '${opts.server}' (there are: ${store.authServers.all().map((s) => s.name).join(', ')})` }]);
  }
  const clientIds = new Set<string>();
  const groupIds = new Set<string>();
  const userIds = new Set<string>();
  const bundleServers = servers.map((s) => {
    const policies = store.authServers.policies(s.id).map((p) => {
      for (const c of p.conditions.clients.include) clientIds.add(c);
      const rules = store.authServers.rules(p.id).map((r) => {
        for (const g of [...r.conditions.people.groups.include, ...r.conditions.people.groups.exclude]) if (g !== EVERYONE) groupIds.add(g);
        for (const u of [...r.conditions.people.users.include, ...r.conditions.people.users.exclude]) userIds.add(u);
        return ruleToWire(r, org);
      });
      return { ...policyToWire(p, org), rules };
    });
    return {
      ...authServerToWire(s, org, store.authServers.activeKey(s.id)?.kid),
      scopes: store.authServers.allScopes(s.id).map((x) => scopeToWire(x, org)),
      claims: store.authServers.claims(s.id).map((c) => claimToWire(c, org)),
      policies,
    };
  });
  const all = opts.server === undefined;
  const apps: App[] = store.apps.all().filter((a) => all || clientIds.has(a.credentials.client_id) || clientIds.has(ALL_CLIENTS));
  for (const a of apps) for (const g of store.apps.assignedGroupIds(a.id)) groupIds.add(g);
  const groups: Group[] = store.groups.list({ limit: 1_000_000_000 }).items.filter((g) => all || groupIds.has(g.id));
  const orgKid = store.authServers.activeKey(null)?.kid;
  const typeId = store.settings.get('userTypeId') ?? '';
  const users = [...userIds].flatMap((id) => {
    const u = store.users.get(id);
    return u ? [userToWire(u, org, typeId)] : [];
  });
  return {
    authorizationServers: bundleServers,
    apps: apps.map((a) => {
      const wire = appToWire(a, org, orgKid);
      if (!opts.includeSecrets) delete (wire.credentials.oauthClient as Obj).client_secret;
      return wire;
    }),
    groups: groups.map((g) => groupToWire(g, org)),
    ...(users.length ? { users } : {}),
    appGroups: Object.fromEntries(apps.map((a) => [a.id, store.apps.assignedGroupIds(a.id).map((gid) => store.apps.getGroupAssignment(a.id, gid)!).sort((x, y) => x.priority - y.priority).map((x) => ({ id: x.groupId, priority: x.priority, profile: x.profile }))])),
  };
}
