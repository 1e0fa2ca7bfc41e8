import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type okta from '@okta/okta-sdk-nodejs';
import { startTestServer, sdkClient, all, type TestServer } from '../helpers/server.js';

/*
 * The foundation's "done when": Okta's own Node SDK provisions a full configuration through
 * Gatehouse's Management API, reads it back, and reads it back identically after a restart on the
 * same file. Process kills (kill -9) are covered in serve-cli.test.ts.
 */

let s: TestServer;
let client: okta.Client;
const dir = { path: '' };

beforeAll(async () => {
  s = await startTestServer({ seed: 'none' });
  dir.path = s.dir;
  client = sdkClient(s.url);
});
afterAll(async () => {
  await s.close();
});

const ids: Record<string, string> = {};

/** Everything the SDK can read about the configuration, with the org URL made port-independent. */
async function readAll(c: okta.Client, url: string) {
  const users = await all(c.userApi.listUsers({}));
  const groups = await all(c.groupApi.listGroups({}));
  const apps = await all(c.applicationApi.listApplications({}));
  const server = await c.authorizationServerApi.getAuthorizationServer({ authServerId: ids.server! });
  const scopes = await all(c.authorizationServerApi.listOAuth2Scopes({ authServerId: ids.server! }));
  const claims = await all(c.authorizationServerApi.listOAuth2Claims({ authServerId: ids.server! }));
  const policies = await all(c.authorizationServerApi.listAuthorizationServerPolicies({ authServerId: ids.server! }));
  const rules = await all(c.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId: ids.server!, policyId: ids.policy! }));
  const keys = await all(c.authorizationServerApi.listAuthorizationServerKeys({ authServerId: ids.server! }));
  const appUsers = await all(c.applicationApi.listApplicationUsers({ appId: ids.webApp! }));
  const appGroups = await all(c.applicationApi.listApplicationGroupAssignments({ appId: ids.webApp! }));
  const members = await all(c.groupApi.listGroupUsers({ groupId: ids.staff! }));
  const adaGroups = await all(c.userApi.listUserGroups({ userId: ids.ada! }));
  const json = JSON.stringify({ users, groups, apps, server, scopes, claims, policies, rules, keys, appUsers, appGroups, members, adaGroups });
  return JSON.parse(json.split(url).join('ORG'));
}

describe('the Okta Node SDK provisions a full configuration', () => {
  test('groups and users, with memberships and passwords', async () => {
    const staff = await client.groupApi.createGroup({ group: { profile: { name: 'Orders Staff', description: 'Runs the desk' } } });
    ids.staff = staff.id!;
    expect(staff.type).toBe('OKTA_GROUP');
    expect(staff.profile?.name).toBe('Orders Staff');

    const ada = await client.userApi.createUser({
      body: {
        profile: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', login: 'ada@example.com', department: 'Research', costCenter: 'R&D' } as okta.UserProfile,
        credentials: { password: { value: 'Tr1cky-Pass!' } },
        groupIds: [staff.id!],
      },
      activate: true,
    });
    ids.ada = ada.id!;
    expect(ada.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(ada.status).toBe('ACTIVE');
    expect(ada.profile?.department).toBe('Research');

    const staged = await client.userApi.createUser({
      body: { profile: { firstName: 'Bob', lastName: 'Staged', email: 'bob@example.com', login: 'bob@example.com' } },
      activate: false,
    });
    ids.bob = staged.id!;
    expect(staged.status).toBe('STAGED');

    const got = await client.userApi.getUser({ userId: 'ada@example.com' });
    expect(got.id).toBe(ada.id);
    const groupsOfAda = await all(client.userApi.listUserGroups({ userId: ada.id! }));
    expect(groupsOfAda.map((g) => g.profile?.name)).toEqual(['Everyone', 'Orders Staff']);

    await client.groupApi.assignUserToGroup({ groupId: staff.id!, userId: staged.id! });
    const members = await all(client.groupApi.listGroupUsers({ groupId: staff.id! }));
    expect(members.map((u) => u.profile?.login).sort()).toEqual(['ada@example.com', 'bob@example.com']);
  });

  test('OIDC apps with generated credentials, and their user and group assignments', async () => {
    const web = (await client.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: 'Orders Portal',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
        settings: {
          oauthClient: {
            application_type: 'web',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: ['http://localhost:3000/callback'],
            post_logout_redirect_uris: ['http://localhost:3000/'],
            consent_method: 'TRUSTED',
            refresh_token: { rotation_type: 'ROTATE', leeway: 20 },
          },
        },
      } as okta.OpenIdConnectApplication,
    })) as okta.OpenIdConnectApplication;
    ids.webApp = web.id!;
    expect(web.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(web.signOnMode).toBe('OPENID_CONNECT');
    expect(web.credentials?.oauthClient?.client_id).toBe(web.id);
    expect(web.credentials?.oauthClient?.client_secret).toMatch(/^[A-Za-z0-9_-]{14,100}$/);
    expect(web.settings?.oauthClient?.refresh_token).toEqual({ rotation_type: 'ROTATE', leeway: 20 });
    expect(web.status).toBe('ACTIVE');

    const svc = (await client.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: 'Fulfilment',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
        settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'] } },
      } as okta.OpenIdConnectApplication,
      activate: false,
    })) as okta.OpenIdConnectApplication;
    ids.svcApp = svc.id!;
    expect(svc.status).toBe('INACTIVE');
    expect(svc.settings?.oauthClient?.response_types).toEqual([]);

    const appUser = await client.applicationApi.assignUserToApplication({ appId: web.id!, appUser: { id: ids.ada!, scope: 'USER', credentials: { userName: 'ada.lovelace' } } });
    expect(appUser.scope).toBe('USER');
    expect(appUser.credentials?.userName).toBe('ada.lovelace');
    const groupAssignment = await client.applicationApi.assignGroupToApplication({ appId: web.id!, groupId: ids.staff!, applicationGroupAssignment: { priority: 0 } });
    expect(groupAssignment.id).toBe(ids.staff);

    const appUsers = await all(client.applicationApi.listApplicationUsers({ appId: web.id! }));
    // Bob comes through the group, Ada is assigned directly.
    expect(appUsers.map((u) => [u.id, u.scope])).toEqual([[ids.ada, 'USER'], [ids.bob, 'GROUP']]);
  });

  test('an authorization server with scopes, claims, policies and rules', async () => {
    const as = await client.authorizationServerApi.createAuthorizationServer({
      authorizationServer: { name: 'Orders API', description: 'Tokens for the orders service', audiences: ['api://orders'] },
    });
    ids.server = as.id!;
    expect(as.id).toMatch(/^aus[A-Za-z0-9]{17}$/);
    expect(as.issuer).toBe(`${s.url}/oauth2/${as.id}`);
    expect(as.credentials?.signing?.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const systemScopes = await all(client.authorizationServerApi.listOAuth2Scopes({ authServerId: as.id! }));
    expect(systemScopes.map((x) => x.name)).toEqual(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso']);
    expect(systemScopes.every((x) => x.system)).toBe(true);

    const read = await client.authorizationServerApi.createOAuth2Scope({
      authServerId: as.id!,
      oAuth2Scope: { name: 'orders:read', description: 'Read orders', consent: 'IMPLICIT', _default: true, metadataPublish: 'ALL_CLIENTS' } as okta.OAuth2Scope,
    });
    expect(read.id).toMatch(/^scp/);
    expect(read._default).toBe(true);
    const write = await client.authorizationServerApi.createOAuth2Scope({ authServerId: as.id!, oAuth2Scope: { name: 'orders:write', consent: 'REQUIRED' } });
    ids.writeScope = write.id!;
    expect(write.metadataPublish).toBe('NO_CLIENTS');

    const claim = await client.authorizationServerApi.createOAuth2Claim({
      authServerId: as.id!,
      oAuth2Claim: { name: 'department', status: 'ACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', conditions: { scopes: ['orders:read'] }, alwaysIncludeInToken: true },
    });
    ids.claim = claim.id!;
    expect(claim.id).toMatch(/^ocl/);
    const groupsClaim = await client.authorizationServerApi.createOAuth2Claim({
      authServerId: as.id!,
      oAuth2Claim: { name: 'groups', status: 'ACTIVE', claimType: 'IDENTITY', valueType: 'GROUPS', value: 'Orders', group_filter_type: 'STARTS_WITH', conditions: { scopes: [] }, alwaysIncludeInToken: false },
    });
    expect(groupsClaim.group_filter_type).toBe('STARTS_WITH');
    const claims = await all(client.authorizationServerApi.listOAuth2Claims({ authServerId: as.id! }));
    expect(claims.map((c) => [c.name, c.system])).toEqual([['sub', true], ['department', false], ['groups', false]]);

    const policy = await client.authorizationServerApi.createAuthorizationServerPolicy({
      authServerId: as.id!,
      policy: { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Portal', description: 'The portal', status: 'ACTIVE', conditions: { clients: { include: [ids.webApp!] } } },
    });
    ids.policy = policy.id!;
    expect(policy.id).toMatch(/^00p/);
    expect(policy.priority).toBe(1);

    const staffRule = await client.authorizationServerApi.createAuthorizationServerPolicyRule({
      authServerId: as.id!,
      policyId: policy.id!,
      policyRule: {
        type: 'RESOURCE_ACCESS',
        name: 'Staff',
        conditions: {
          people: { groups: { include: [ids.staff!] } },
          grantTypes: { include: ['authorization_code'] },
          scopes: { include: ['openid', 'orders:read', 'orders:write'] },
        },
        actions: { token: { accessTokenLifetimeMinutes: 30, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      },
    });
    ids.staffRule = staffRule.id!;
    expect(staffRule.priority).toBe(1);

    // Inserting at priority 1 moves the existing rule down (Okta's console semantics).
    const adminRule = await client.authorizationServerApi.createAuthorizationServerPolicyRule({
      authServerId: as.id!,
      policyId: policy.id!,
      policyRule: {
        type: 'RESOURCE_ACCESS',
        name: 'Ada first',
        priority: 1,
        conditions: { people: { users: { include: [ids.ada!] } }, grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] } },
        actions: { token: { accessTokenLifetimeMinutes: 5, refreshTokenLifetimeMinutes: 60, refreshTokenWindowMinutes: 30 } },
      },
    });
    ids.adaRule = adminRule.id!;
    const rules = await all(client.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId: as.id!, policyId: policy.id! }));
    expect(rules.map((r) => [r.name, r.priority])).toEqual([['Ada first', 1], ['Staff', 2]]);
  });

  test('key rotation: exactly one ACTIVE key, the old one kept as EXPIRED', async () => {
    const before = await all(client.authorizationServerApi.listAuthorizationServerKeys({ authServerId: ids.server! }));
    expect(before.map((k) => k.status)).toEqual(['ACTIVE', 'NEXT']);
    const [oldActive, oldNext] = before;
    const after = await all(client.authorizationServerApi.rotateAuthorizationServerKeys({ authServerId: ids.server!, use: { use: 'sig' } }));
    expect(after.filter((k) => k.status === 'ACTIVE')).toHaveLength(1);
    expect(after.find((k) => k.status === 'ACTIVE')!.kid).toBe(oldNext!.kid);
    expect(after.find((k) => k.status === 'EXPIRED')!.kid).toBe(oldActive!.kid);
    expect(after.find((k) => k.status === 'NEXT')!.kid).not.toBe(oldNext!.kid);
    const as = await client.authorizationServerApi.getAuthorizationServer({ authServerId: ids.server! });
    expect(as.credentials?.signing?.kid).toBe(oldNext!.kid);
    const one = await client.authorizationServerApi.getAuthorizationServerKey({ authServerId: ids.server!, keyId: oldActive!.kid! });
    expect(one.status).toBe('EXPIRED');
  });

  test('everything reads back identically after the server restarts on the same file', async () => {
    const before = await readAll(client, s.url);
    expect(before.users.map((u: { profile: { login: string } }) => u.profile.login)).toEqual(['ada@example.com', 'bob@example.com']);
    await s.server.close();
    const again = await startTestServer({ dir: dir.path });
    try {
      const after = await readAll(sdkClient(again.url), again.url);
      expect(after).toEqual(before);
    } finally {
      await again.server.close();
    }
    // Continue the remaining tests on a fresh process over the same file.
    s = await startTestServer({ dir: dir.path });
    client = sdkClient(s.url);
  });
});

describe('the Okta Node SDK updates and deletes what it created', () => {
  test('users: partial update, replace, lifecycle, two-step delete', async () => {
    const partial = await client.userApi.updateUser({ userId: ids.ada!, user: { profile: { title: 'Countess' } as okta.UserProfile } });
    expect(partial.profile?.title).toBe('Countess');
    expect(partial.profile?.department).toBe('Research');

    const current = await client.userApi.getUser({ userId: ids.ada! });
    const replaced = await client.userApi.replaceUser({ userId: ids.ada!, user: { profile: { ...current.profile!, department: 'Mathematics', costCenter: undefined } } });
    expect(replaced.profile?.department).toBe('Mathematics');
    expect(replaced.profile?.title).toBe('Countess');

    await client.userApi.suspendUser({ userId: ids.ada! });
    expect((await client.userApi.getUser({ userId: ids.ada! })).status).toBe('SUSPENDED');
    await client.userApi.unsuspendUser({ userId: ids.ada! });
    expect((await client.userApi.getUser({ userId: ids.ada! })).status).toBe('ACTIVE');

    const token = await client.userApi.activateUser({ userId: ids.bob!, sendEmail: false });
    expect(token.activationToken).toBeTruthy();
    // Bob has no password: activation waits for him, as in Okta.
    expect((await client.userApi.getUser({ userId: ids.bob! })).status).toBe('PROVISIONED');

    await client.userApi.deleteUser({ userId: ids.bob! });
    expect((await client.userApi.getUser({ userId: ids.bob! })).status).toBe('DEPROVISIONED');
    const listed = await all(client.userApi.listUsers({}));
    expect(listed.map((u) => u.id)).toEqual([ids.ada]);
    await client.userApi.deleteUser({ userId: ids.bob! });
    await expect(client.userApi.getUser({ userId: ids.bob! })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  test('groups and apps: replace, deactivate, delete', async () => {
    const g = await client.groupApi.replaceGroup({ groupId: ids.staff!, group: { profile: { name: 'Orders Desk', description: 'Renamed' } } });
    expect(g.profile?.name).toBe('Orders Desk');

    const app = (await client.applicationApi.getApplication({ appId: ids.webApp! })) as okta.OpenIdConnectApplication;
    app.label = 'Orders Portal v2';
    app.settings!.oauthClient!.redirect_uris = ['http://localhost:3000/callback', 'http://localhost:3001/callback'];
    const replaced = (await client.applicationApi.replaceApplication({ appId: ids.webApp!, application: app })) as okta.OpenIdConnectApplication;
    expect(replaced.label).toBe('Orders Portal v2');
    expect(replaced.settings?.oauthClient?.redirect_uris).toHaveLength(2);
    expect(replaced.credentials?.oauthClient?.client_secret).toBe(app.credentials?.oauthClient?.client_secret);

    await client.applicationApi.unassignUserFromApplication({ appId: ids.webApp!, userId: ids.ada! });
    await client.applicationApi.unassignApplicationFromGroup({ appId: ids.webApp!, groupId: ids.staff! });
    expect(await all(client.applicationApi.listApplicationUsers({ appId: ids.webApp! }))).toEqual([]);

    await client.applicationApi.activateApplication({ appId: ids.svcApp! });
    expect((await client.applicationApi.getApplication({ appId: ids.svcApp! })).status).toBe('ACTIVE');
    await client.applicationApi.deactivateApplication({ appId: ids.svcApp! });
    await client.applicationApi.deleteApplication({ appId: ids.svcApp! });
    await expect(client.applicationApi.getApplication({ appId: ids.svcApp! })).rejects.toMatchObject({ status: 404 });
  });

  test('authorization server objects: replace, lifecycle, delete with renumbering', async () => {
    const as = ids.server!;
    const renamed = await client.authorizationServerApi.replaceAuthorizationServer({
      authServerId: as,
      authorizationServer: { name: 'Orders API v2', description: 'Renamed', audiences: ['api://orders'], credentials: { signing: { rotationMode: 'MANUAL' } } },
    });
    expect(renamed.name).toBe('Orders API v2');
    expect(renamed.credentials?.signing?.rotationMode).toBe('MANUAL');
    expect(renamed.credentials?.signing?.nextRotation).toBeUndefined();

    await client.authorizationServerApi.deactivateAuthorizationServer({ authServerId: as });
    expect((await client.authorizationServerApi.getAuthorizationServer({ authServerId: as })).status).toBe('INACTIVE');
    await client.authorizationServerApi.activateAuthorizationServer({ authServerId: as });

    const scope = await client.authorizationServerApi.replaceOAuth2Scope({ authServerId: as, scopeId: ids.writeScope!, oAuth2Scope: { name: 'orders:write', consent: 'FLEXIBLE', description: 'Change orders' } });
    expect(scope.consent).toBe('FLEXIBLE');

    const claim = await client.authorizationServerApi.replaceOAuth2Claim({
      authServerId: as,
      claimId: ids.claim!,
      oAuth2Claim: { name: 'department', status: 'INACTIVE', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', conditions: { scopes: [] } },
    });
    expect(claim.status).toBe('INACTIVE');

    await client.authorizationServerApi.deactivateAuthorizationServerPolicyRule({ authServerId: as, policyId: ids.policy!, ruleId: ids.staffRule! });
    const rule = await client.authorizationServerApi.getAuthorizationServerPolicyRule({ authServerId: as, policyId: ids.policy!, ruleId: ids.staffRule! });
    expect(rule.status).toBe('INACTIVE');

    // Move "Staff" back to the top, then delete it: the other rule closes the gap.
    const moved = await client.authorizationServerApi.replaceAuthorizationServerPolicyRule({
      authServerId: as, policyId: ids.policy!, ruleId: ids.staffRule!,
      policyRule: { ...rule, priority: 1 } as okta.AuthorizationServerPolicyRuleRequest,
    });
    expect(moved.priority).toBe(1);
    await client.authorizationServerApi.deleteAuthorizationServerPolicyRule({ authServerId: as, policyId: ids.policy!, ruleId: ids.staffRule! });
    const left = await all(client.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId: as, policyId: ids.policy! }));
    expect(left.map((r) => [r.name, r.priority])).toEqual([['Ada first', 1]]);

    await client.authorizationServerApi.deactivateAuthorizationServerPolicy({ authServerId: as, policyId: ids.policy! });
    await client.authorizationServerApi.deleteAuthorizationServerPolicy({ authServerId: as, policyId: ids.policy! });
    await client.authorizationServerApi.deleteOAuth2Claim({ authServerId: as, claimId: ids.claim! });
    await client.authorizationServerApi.deleteOAuth2Scope({ authServerId: as, scopeId: ids.writeScope! });
    await client.authorizationServerApi.deleteAuthorizationServer({ authServerId: as });
    await expect(client.authorizationServerApi.getAuthorizationServer({ authServerId: as })).rejects.toMatchObject({ status: 404, errorCode: 'E0000007' });
    // Its keys went with it: nothing is left behind in the workspace.
    const orphans = s.server.store.db.prepare('SELECT COUNT(*) AS n FROM signing_keys WHERE auth_server_id = ?').get(as) as { n: number };
    expect(orphans.n).toBe(0);
  });
});
