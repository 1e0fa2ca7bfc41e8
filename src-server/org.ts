import type { Store } from './store/index.js';
import { newId, ID_PREFIX } from './util/ids.js';
import { generateSigningKey } from './tokens/keys.js';
import { parseAuthServer } from './authz/servers.js';
import { parsePolicy, parseRule } from './authz/policies.js';
import { parseScope } from './authz/scopes.js';
import { parseClaim } from './authz/claims.js';
import * as authz from './authz/service.js';
import * as dir from './directory/service.js';
import { parseCreateUser } from './directory/users.js';
import { parseApp } from './directory/apps.js';
import { parseGroup } from './directory/groups.js';

export type Seed = 'demo' | 'none';

/**
 * Makes sure the workspace holds what every Okta org has: the org id, the BUILT_IN Everyone group,
 * the org authorization server's keys, and the `default` custom authorization server with its
 * system scopes, `sub` claim and Okta's "Default Policy" (reference §9.3). Each step checks first,
 * so an interrupted first start completes on the next one. Returns true when the org was new.
 */
export async function ensureOrg(store: Store, now: string): Promise<boolean> {
  const isNew = store.settings.get('orgId') === undefined;
  if (!store.settings.get('userTypeId')) store.settings.set('userTypeId', `oty${newId('user').slice(ID_PREFIX.user.length)}`);
  if (!store.groups.list({ limit: 1, where: "type = 'BUILT_IN'" }).items.length) {
    store.groups.insert({
      id: newId('group'), type: 'BUILT_IN', created: now, lastUpdated: now, lastMembershipUpdated: now,
      profile: { name: 'Everyone', description: 'All users in your organization' },
    });
  }
  if (!store.authServers.activeKey(null)) {
    const [active, next] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    store.tx(() => {
      store.authServers.insertKey(null, active, 'ACTIVE', now);
      store.authServers.insertKey(null, next, 'NEXT', now);
    });
  }
  if (!store.authServers.get('default')) {
    const input = parseAuthServer({ name: 'default', description: 'Default Authorization Server', audiences: ['api://default'] });
    const server = await authz.createAuthServer(store, input, now, { id: 'default', isDefault: true });
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
  if (isNew) store.settings.set('orgId', `00o${newId('user').slice(ID_PREFIX.user.length)}`);
  return isNew;
}

/** The password every demo user has; printed by `serve` when it seeds the demo. */
export const DEMO_PASSWORD = 'Gatehouse-Demo-1';

/**
 * A small, realistic org for demos: an orders API protected by its own authorization server, the
 * apps that call it, and people in groups that the policies tell apart.
 */
export async function seedDemo(store: Store, now: string): Promise<void> {
  if (store.settings.get('seed') === 'demo') return;
  const group = (name: string, description: string) => dir.createGroup(store, parseGroup({ profile: { name, description } }), now);
  const staff = group('Orders Staff', 'People who run the orders desk');
  const admins = group('Orders Admins', 'People who may change and cancel any order');
  const engineering = group('Engineering', 'Builds the shop');
  const partners = group('Partners', 'People from partner companies');

  const user = (firstName: string, lastName: string, department: string, title: string, groupIds: string[]) =>
    dir.createUser(
      store,
      parseCreateUser({
        profile: { firstName, lastName, email: `${firstName.toLowerCase()}@example.com`, login: `${firstName.toLowerCase()}@example.com`, department, title, locale: 'en_US' },
        credentials: { password: { value: DEMO_PASSWORD } },
        groupIds,
      }),
      true,
      now,
    );
  const ada = await user('Ada', 'Lovelace', 'Research', 'Analyst', [staff.id]);
  await user('Grace', 'Hopper', 'Engineering', 'Principal Engineer', [engineering.id, admins.id, staff.id]);
  await user('Alan', 'Turing', 'Research', 'Scientist', [engineering.id]);
  await user('Katherine', 'Johnson', 'Partner Success', 'Partner Manager', [partners.id]);

  const web = dir.createApp(store, parseApp({
    label: 'Orders Portal', signOnMode: 'OPENID_CONNECT', name: 'oidc_client',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
    settings: { oauthClient: {
      application_type: 'web', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: ['http://localhost:3000/authorization-code/callback'], post_logout_redirect_uris: ['http://localhost:3000/'],
      consent_method: 'TRUSTED',
    } },
  }), true, now);
  const spa = dir.createApp(store, parseApp({
    label: 'Orders SPA', signOnMode: 'OPENID_CONNECT', name: 'oidc_client',
    credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
    settings: { oauthClient: {
      application_type: 'browser', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: ['http://localhost:5173/login/callback'], post_logout_redirect_uris: ['http://localhost:5173/'],
      consent_method: 'REQUIRED',
    } },
  }), true, now);
  const service = dir.createApp(store, parseApp({
    label: 'Fulfilment Service', signOnMode: 'OPENID_CONNECT', name: 'oidc_client',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
    settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } },
  }), true, now);
  const cli = dir.createApp(store, parseApp({
    label: 'Orders CLI', signOnMode: 'OPENID_CONNECT', name: 'oidc_client',
    credentials: { oauthClient: { token_endpoint_auth_method: 'none' } },
    settings: { oauthClient: {
      application_type: 'native', grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'], redirect_uris: ['http://127.0.0.1:8765/callback'],
    } },
  }), true, now);

  const everyone = store.groups.everyone();
  dir.assignGroupToApp(store, web, everyone, undefined, {}, now);
  dir.assignGroupToApp(store, spa, staff, undefined, {}, now);
  dir.assignGroupToApp(store, spa, partners, undefined, {}, now);
  dir.assignGroupToApp(store, cli, engineering, undefined, {}, now);
  dir.assignUserToApp(store, cli, ada, undefined, {}, now, true);

  const api = await authz.createAuthServer(store, parseAuthServer({ name: 'Orders API', description: 'Tokens for the orders service', audiences: ['api://orders'] }), now);
  const scope = (name: string, description: string, extra: Record<string, unknown> = {}) =>
    authz.putScope(store, api, parseScope({ name, displayName: description, description, metadataPublish: 'ALL_CLIENTS', ...extra }));
  scope('orders:read', 'Read your orders', { default: true });
  scope('orders:write', 'Create and change orders', { consent: 'REQUIRED' });
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
  const people = authz.putPolicy(store, api, parsePolicy({ name: 'Orders apps', description: 'Sign-in apps of the orders desk', conditions: { clients: { include: clientsOf(web, spa, cli) } } }, clientExists), now);
  const rule = (policy: typeof people, body: Record<string, unknown>) => authz.putRule(store, policy, parseRule({ type: 'RESOURCE_ACCESS', ...body }, refs), now);
  rule(people, {
    name: 'Admins may administer orders',
    conditions: { people: { groups: { include: [admins.id] } }, grantTypes: { include: ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'] }, scopes: { include: ['*'] } },
    actions: { token: { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 480, refreshTokenWindowMinutes: 60 } },
  });
  rule(people, {
    name: 'Staff may read and write orders',
    conditions: { people: { groups: { include: [staff.id] } }, grantTypes: { include: ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'] }, scopes: { include: ['openid', 'profile', 'email', 'offline_access', 'groups', 'orders:read', 'orders:write'] } },
    actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
  });
  rule(people, {
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
  store.settings.set('seed', 'demo');
}
