import type { Store } from './store/index.js';
import { newId, ID_PREFIX } from './util/ids.js';
import { generateSigningKey, type NewKey } from './tokens/keys.js';
import { parseAuthServer } from './authz/servers.js';
import { parsePolicy, parseRule } from './authz/policies.js';
import { parseScope } from './authz/scopes.js';
import { parseClaim } from './authz/claims.js';
import * as authz from './authz/service.js';
import * as dir from './directory/service.js';
import { hashPassword } from './directory/passwords.js';
import { parseCreateUser } from './directory/users.js';
import { parseApp } from './directory/apps.js';
import { parseGroup } from './directory/groups.js';

export type Seed = 'demo' | 'none';

/** The password every demo user has; printed by `serve` when it seeds the demo. */
export const DEMO_PASSWORD = 'Gatehouse-Demo-1';

const DEMO_PEOPLE = [
  { firstName: 'Ada', lastName: 'Lovelace', department: 'Research', title: 'Analyst', groups: ['Orders Staff'] },
  { firstName: 'Grace', lastName: 'Hopper', department: 'Engineering', title: 'Principal Engineer', groups: ['Engineering', 'Orders Admins', 'Orders Staff'] },
  { firstName: 'Alan', lastName: 'Turing', department: 'Research', title: 'Scientist', groups: ['Engineering'] },
  { firstName: 'Katherine', lastName: 'Johnson', department: 'Partner Success', title: 'Partner Manager', groups: ['Partners'] },
];

/** The slow, asynchronous material (RSA keys, password hashes), made before the transaction opens. */
interface Material {
  orgKeys: [NewKey, NewKey];
  defaultKeys: [NewKey, NewKey];
  demo?: { apiKeys: [NewKey, NewKey]; passwordHashes: string[] };
}

async function material(seed: Seed): Promise<Material> {
  const keys = await Promise.all(Array.from({ length: seed === 'demo' ? 6 : 4 }, () => generateSigningKey()));
  return {
    orgKeys: [keys[0]!, keys[1]!],
    defaultKeys: [keys[2]!, keys[3]!],
    demo: seed === 'demo' ? { apiKeys: [keys[4]!, keys[5]!], passwordHashes: await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD))) } : undefined,
  };
}

/**
 * Creates the org on a new workspace, all or nothing: what every Okta org has (the org id, the
 * BUILT_IN Everyone group, the org authorization server's keys, the `default` custom authorization
 * server with its system scopes, `sub` claim and Okta's "Default Policy", reference §9.3) and, with
 * the demo seed, the demo org. Returns false when the workspace already had an org.
 */
export async function initOrg(store: Store, now: string, seed: Seed): Promise<boolean> {
  if (store.settings.get('orgId') !== undefined) return false;
  const m = await material(seed);
  return store.tx(() => {
    if (store.settings.get('orgId') !== undefined) return false;
    store.settings.set('userTypeId', `oty${newId('user').slice(ID_PREFIX.user.length)}`);
    store.groups.insert({
      id: newId('group'), type: 'BUILT_IN', created: now, lastUpdated: now, lastMembershipUpdated: now,
      profile: { name: 'Everyone', description: 'All users in your organization' },
    });
    store.authServers.insertKey(null, m.orgKeys[0], 'ACTIVE', now);
    store.authServers.insertKey(null, m.orgKeys[1], 'NEXT', now);
    createDefaultServer(store, now, m.defaultKeys);
    if (m.demo) seedDemo(store, now, m.demo.apiKeys, m.demo.passwordHashes);
    store.settings.set('seed', seed);
    store.settings.set('orgId', `00o${newId('user').slice(ID_PREFIX.user.length)}`);
    return true;
  });
}

function createDefaultServer(store: Store, now: string, keys: [NewKey, NewKey]): void {
  const input = parseAuthServer({ name: 'default', description: 'Default Authorization Server', audiences: ['api://default'] });
  const server = authz.createAuthServerWithKeys(store, input, now, keys, { id: 'default', isDefault: true });
  const policy = authz.putPolicy(store, server, parsePolicy({ name: 'Default Policy', description: 'Default policy description', conditions: { clients: { include: ['ALL_CLIENTS'] } } }, () => false), now);
  authz.putRule(
    store,
    policy,
    parseRule(
      {
        type: 'RESOURCE_ACCESS',
        name: 'Default Policy Rule',
        conditions: {
          people: { groups: { include: ['EVERYONE'] } },
          grantTypes: { include: ['client_credentials', 'authorization_code', 'implicit', 'password'] },
          scopes: { include: ['*'] },
        },
        actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      },
      authz.ruleRefs(store, server),
    ),
    now,
  );
}

/**
 * A small, realistic org for demos: an orders API protected by its own authorization server, the
 * apps that call it, and people in groups that the policies tell apart. Built through the same
 * parsers and operations as the admin API, so the demo is always valid data.
 */
function seedDemo(store: Store, now: string, apiKeys: [NewKey, NewKey], passwordHashes: string[]): void {
  const groupIds = new Map<string, string>();
  for (const [name, description] of [
    ['Orders Staff', 'People who run the orders desk'],
    ['Orders Admins', 'People who may change and cancel any order'],
    ['Engineering', 'Builds the shop'],
    ['Partners', 'People from partner companies'],
  ] as const) {
    groupIds.set(name, dir.createGroup(store, parseGroup({ profile: { name, description } }), now).id);
  }
  const gid = (name: string) => groupIds.get(name)!;

  const people = DEMO_PEOPLE.map((p, i) => {
    const login = `${p.firstName.toLowerCase()}@example.com`;
    const input = parseCreateUser({
      profile: { firstName: p.firstName, lastName: p.lastName, email: login, login, department: p.department, title: p.title, locale: 'en_US' },
      groupIds: p.groups.map(gid),
    });
    return dir.insertUser(store, input, passwordHashes[i]!, true, now);
  });

  const app = (body: Record<string, unknown>) => dir.createApp(store, parseApp({ signOnMode: 'OPENID_CONNECT', name: 'oidc_client', ...body }), true, now);
  const web = app({
    label: 'Orders Portal',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
    settings: { oauthClient: {
      application_type: 'web', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: ['http://localhost:3000/authorization-code/callback'], post_logout_redirect_uris: ['http://localhost:3000/'],
      consent_method: 'TRUSTED',
    } },
  });
  const spa = app({
    label: 'Orders SPA',
    credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
    settings: { oauthClient: {
      application_type: 'browser', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: ['http://localhost:5173/login/callback'], post_logout_redirect_uris: ['http://localhost:5173/'],
      consent_method: 'REQUIRED',
    } },
  });
  const service = app({
    label: 'Fulfilment Service',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
    settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } },
  });
  const cli = app({
    label: 'Orders CLI',
    credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
    settings: { oauthClient: {
      application_type: 'native', grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'], redirect_uris: ['http://127.0.0.1:8765/callback'],
    } },
  });

  dir.assignGroupToApp(store, web, store.groups.everyone(), undefined, {}, now);
  dir.assignGroupToApp(store, spa, store.groups.get(gid('Orders Staff'))!, undefined, {}, now);
  dir.assignGroupToApp(store, spa, store.groups.get(gid('Partners'))!, undefined, {}, now);
  dir.assignGroupToApp(store, cli, store.groups.get(gid('Engineering'))!, undefined, {}, now);
  dir.assignUserToApp(store, cli, people[0]!, undefined, {}, now, true);

  const api = authz.createAuthServerWithKeys(store, parseAuthServer({ name: 'Orders API', description: 'Tokens for the orders service', audiences: ['api://orders'] }), now, apiKeys);
  const scope = (name: string, description: string, extra: Record<string, unknown> = {}) =>
    authz.putScope(store, api, parseScope({ name, displayName: description, description, metadataPublish: 'ALL_CLIENTS', ...extra }));
  scope('orders:read', 'Read your orders', { default: true });
  // FLEXIBLE: users of consent-required apps are asked; the fulfilment service (client credentials) gets it silently.
  scope('orders:write', 'Create and change orders', { consent: 'FLEXIBLE' });
  scope('orders:admin', 'Administer all orders', { consent: 'REQUIRED' });
  scope('groups', 'Your group memberships');
  const scopeExists = (n: string) => !!store.authServers.scopeByName(api.id, n);
  const claim = (body: Record<string, unknown>) => authz.putClaim(store, api, parseClaim(body, scopeExists));
  claim({ name: 'department', status: 'ACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', conditions: { scopes: [] } });
  claim({ name: 'email', status: 'ACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.email', conditions: { scopes: ['orders:read', 'orders:write'] } });
  claim({ name: 'groups', status: 'ACTIVE', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Orders', group_filter_type: 'STARTS_WITH', conditions: { scopes: ['groups'] }, alwaysIncludeInToken: true });

  const clientsOf = (...apps: { credentials: { client_id: string } }[]) => apps.map((a) => a.credentials.client_id);
  const clientExists = (id: string) => !!store.apps.getByClientId(id);
  const refs = authz.ruleRefs(store, api);
  const rule = (policy: ReturnType<typeof authz.putPolicy>, body: Record<string, unknown>) => authz.putRule(store, policy, parseRule({ type: 'RESOURCE_ACCESS', ...body }, refs), now);

  const signIn = authz.putPolicy(store, api, parsePolicy({ name: 'Orders apps', description: 'Sign-in apps of the orders desk', conditions: { clients: { include: clientsOf(web, spa, cli) } } }, clientExists), now);
  const userGrants = ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'];
  rule(signIn, {
    name: 'Admins may administer orders',
    conditions: { people: { groups: { include: [gid('Orders Admins')] } }, grantTypes: { include: userGrants }, scopes: { include: ['*'] } },
    actions: { token: { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 480, refreshTokenWindowMinutes: 60 } },
  });
  rule(signIn, {
    name: 'Staff may read and write orders',
    conditions: { people: { groups: { include: [gid('Orders Staff')] } }, grantTypes: { include: userGrants }, scopes: { include: ['openid', 'profile', 'email', 'offline_access', 'groups', 'orders:read', 'orders:write'] } },
    actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
  });
  rule(signIn, {
    name: 'Everyone may read orders',
    conditions: { people: { groups: { include: ['EVERYONE'] } }, grantTypes: { include: ['authorization_code'] }, scopes: { include: ['openid', 'profile', 'email', 'orders:read'] } },
    actions: { token: { accessTokenLifetimeMinutes: 30 } },
  });
  const machines = authz.putPolicy(store, api, parsePolicy({ name: 'Service to service', description: 'Machine clients of the orders API', conditions: { clients: { include: clientsOf(service) } } }, clientExists), now);
  rule(machines, {
    name: 'Fulfilment reads and updates orders',
    conditions: { grantTypes: { include: ['client_credentials'] }, scopes: { include: ['orders:read', 'orders:write'] } },
    actions: { token: { accessTokenLifetimeMinutes: 10 } },
  });
}
