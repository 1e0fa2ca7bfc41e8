import { afterEach, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type okta from '@okta/okta-sdk-nodejs';
import { sdkClient, all } from '../helpers/server.js';

/*
 * The Okta SDK provisions a full configuration on a real `gatehouse serve` process, the process is
 * killed with SIGKILL (no chance to close anything), and a new process on the same file and port
 * returns exactly what the SDK read before.
 */

const CLI = join(import.meta.dirname, '../../out/server/cli.js');
const TOKEN = 'kill9-admin-token-1234567890';
const procs: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function serve(db: string, port: number): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [CLI, '--db', db, '--port', String(port), '--seed', 'none', '--api-token', TOKEN, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no 'listening on' line within 15 s:\n${out}`)), 15_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]! });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

async function provision(c: okta.Client) {
  const group = await c.groupApi.createGroup({ group: { profile: { name: 'Staff', description: 'Desk' } } });
  const user = await c.userApi.createUser({
    body: { profile: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', login: 'ada@example.com', department: 'Research' }, credentials: { password: { value: 'Tr1cky-Pass!' } }, groupIds: [group.id!] },
  });
  const app = await c.applicationApi.createApplication({
    application: {
      name: 'oidc_client', label: 'Portal', signOnMode: 'OPENID_CONNECT',
      settings: { oauthClient: { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['http://localhost:3000/cb'] } },
    } as okta.OpenIdConnectApplication,
  });
  await c.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id!, scope: 'USER' } });
  await c.applicationApi.assignGroupToApplication({ appId: app.id!, groupId: group.id! });
  const as = await c.authorizationServerApi.createAuthorizationServer({ authorizationServer: { name: 'API', description: 'd', audiences: ['api://x'] } });
  await c.authorizationServerApi.createOAuth2Scope({ authServerId: as.id!, oAuth2Scope: { name: 'x:read' } });
  await c.authorizationServerApi.createOAuth2Claim({ authServerId: as.id!, oAuth2Claim: { name: 'dept', claimType: 'RESOURCE', valueType: 'EXPRESSION', value: 'user.department', status: 'ACTIVE', conditions: { scopes: [] } } });
  const policy = await c.authorizationServerApi.createAuthorizationServerPolicy({ authServerId: as.id!, policy: { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'P', description: 'd', conditions: { clients: { include: ['ALL_CLIENTS'] } } } });
  await c.authorizationServerApi.createAuthorizationServerPolicyRule({
    authServerId: as.id!, policyId: policy.id!,
    policyRule: { type: 'RESOURCE_ACCESS', name: 'R', conditions: { people: { groups: { include: [group.id!] } }, grantTypes: { include: ['authorization_code'] }, scopes: { include: ['x:read'] } } },
  });
  await all(c.authorizationServerApi.rotateAuthorizationServerKeys({ authServerId: as.id!, use: { use: 'sig' } }));
  return { as: as.id!, policy: policy.id!, app: app.id!, group: group.id!, user: user.id! };
}

async function readAll(c: okta.Client, ids: Awaited<ReturnType<typeof provision>>) {
  return JSON.parse(
    JSON.stringify({
      users: await all(c.userApi.listUsers({})),
      userGroups: await all(c.userApi.listUserGroups({ userId: ids.user })),
      groups: await all(c.groupApi.listGroups({})),
      members: await all(c.groupApi.listGroupUsers({ groupId: ids.group })),
      apps: await all(c.applicationApi.listApplications({})),
      appUsers: await all(c.applicationApi.listApplicationUsers({ appId: ids.app })),
      appGroups: await all(c.applicationApi.listApplicationGroupAssignments({ appId: ids.app })),
      servers: await all(c.authorizationServerApi.listAuthorizationServers({})),
      keys: await all(c.authorizationServerApi.listAuthorizationServerKeys({ authServerId: ids.as })),
      scopes: await all(c.authorizationServerApi.listOAuth2Scopes({ authServerId: ids.as })),
      claims: await all(c.authorizationServerApi.listOAuth2Claims({ authServerId: ids.as })),
      policies: await all(c.authorizationServerApi.listAuthorizationServerPolicies({ authServerId: ids.as })),
      rules: await all(c.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId: ids.as, policyId: ids.policy })),
    }),
  );
}

test('what the SDK wrote survives kill -9 and reads back identically', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kill9-'));
  dirs.push(dir);
  const db = join(dir, 'ws.db');
  const first = await serve(db, 0);
  const port = Number(new URL(first.url).port);
  const c1 = sdkClient(first.url, TOKEN);
  const ids = await provision(c1);
  const before = await readAll(c1, ids);
  expect(before.keys.map((k: { status: string }) => k.status)).toEqual(['ACTIVE', 'NEXT', 'EXPIRED']);
  expect(before.appUsers.map((u: { id: string }) => u.id)).toEqual([ids.user]);

  const exited = new Promise((r) => first.proc.once('exit', (_code, signal) => r(signal)));
  first.proc.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const second = await serve(db, port);
  const after = await readAll(sdkClient(second.url, TOKEN), ids);
  expect(after).toEqual(before);
}, 60_000);
