import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-server/store/db.js';
import { createStore, type Store } from '../../src-server/store/index.js';
import { initOrg, DEMO_PASSWORD } from '../../src-server/org.js';
import { authenticate } from '../../src-server/directory/service.js';

const open: { dir: string; store: Store }[] = [];
function newStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-org-'));
  const store = createStore(openDatabase(join(dir, 'ws.db')));
  open.push({ dir, store });
  return store;
}
afterEach(() => {
  for (const { dir, store } of open.splice(0)) {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const NOW = '2026-01-05T09:00:00.000Z';
const count = (s: Store, table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('a new workspace', () => {
  test("--seed none holds what every Okta org has, and nothing else", async () => {
    const s = newStore();
    expect(await initOrg(s, NOW, 'none')).toBe(true);
    expect(count(s, 'users')).toBe(0);
    expect(s.groups.everyone().profile.name).toBe('Everyone');
    expect(s.authServers.keys(null).map((k) => k.status)).toEqual(['ACTIVE', 'NEXT']);
    expect(s.authServers.all().map((a) => [a.id, a.name, a.audiences, a.isDefault])).toEqual([['default', 'default', ['api://default'], true]]);
    expect(s.authServers.allScopes('default').map((x) => x.name)).toEqual(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso']);
    expect(s.authServers.claims('default').map((c) => [c.name, c.value, c.system])).toEqual([['sub', '(appuser != null) ? appuser.userName : app.clientId', true]]);
    const [policy] = s.authServers.policies('default');
    expect(policy).toMatchObject({ name: 'Default Policy', priority: 1, conditions: { clients: { include: ['ALL_CLIENTS'] } } });
    expect(s.authServers.rules(policy!.id)).toEqual([
      expect.objectContaining({
        name: 'Default Policy Rule',
        conditions: {
          people: { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
          grantTypes: { include: ['client_credentials', 'authorization_code', 'implicit', 'password'] },
          scopes: { include: ['*'] },
        },
        actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      }),
    ]);
    expect(await initOrg(s, NOW, 'demo')).toBe(false);
    expect(count(s, 'users')).toBe(0);
  });

  test('--seed demo adds people who can sign in, apps, and an API server with policies', async () => {
    const s = newStore();
    await initOrg(s, NOW, 'demo');
    expect(count(s, 'users')).toBe(4);
    expect((await authenticate(s, 'ada@example.com', DEMO_PASSWORD, NOW)).ok).toBe(true);
    expect(s.apps.all().map((a) => [a.label, a.settings.application_type])).toEqual([
      ['Orders Portal', 'web'], ['Orders SPA', 'browser'], ['Fulfilment Service', 'service'], ['Orders CLI', 'native'],
    ]);
    const api = s.authServers.all().find((a) => a.name === 'Orders API')!;
    expect(s.authServers.policies(api.id).map((p) => [p.name, s.authServers.rules(p.id).map((r) => r.name)])).toEqual([
      ['Orders apps', ['Admins may administer orders', 'Staff may read and write orders', 'Everyone may read orders']],
      ['Service to service', ['Fulfilment reads and updates orders']],
    ]);
  });

  test('creation is all or nothing: a failure part-way leaves the file empty, and the next start succeeds', async () => {
    const s = newStore();
    const insert = s.apps.insert.bind(s.apps);
    s.apps.insert = () => {
      throw new Error('disk full (simulated)');
    };
    await expect(initOrg(s, NOW, 'demo')).rejects.toThrow('disk full (simulated)');
    for (const table of ['settings', 'users', 'groups', 'group_members', 'apps', 'auth_servers', 'signing_keys', 'scopes', 'claims', 'policies', 'rules']) {
      expect([table, count(s, table)]).toEqual([table, 0]);
    }
    s.apps.insert = insert;
    expect(await initOrg(s, NOW, 'demo')).toBe(true);
    expect(count(s, 'apps')).toBe(4);
  });
});
