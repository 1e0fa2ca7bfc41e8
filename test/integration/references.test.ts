import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, snapshot, type TestServer } from '../helpers/server.js';

/*
 * What other objects refer to stays consistent: deleted groups, users and clients leave no dangling
 * ids in rules and policies; scopes that rules or claims use cannot be deleted or renamed; an app
 * username follows the login unless it was set explicitly; an empty people condition matches nobody.
 */

let s: TestServer;
let api = '';
const ids: Record<string, string> = {};
const json = async (path: string, init?: RequestInit) => (await s.api(path, init)).json();

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo' });
  api = ((await json('/api/v1/authorizationServers')) as { id: string; name: string }[]).find((x) => x.name === 'Orders API')!.id;
  for (const g of (await json('/api/v1/groups')) as { id: string; profile: { name: string } }[]) ids[g.profile.name] = g.id;
  for (const a of (await json('/api/v1/apps')) as { id: string; label: string; credentials: { oauthClient: { client_id: string } } }[]) ids[a.label] = a.credentials.oauthClient.client_id;
});
afterAll(async () => {
  await s.close();
});

const rulesOf = async () => {
  const policies = (await json(`/api/v1/authorizationServers/${api}/policies`)) as { id: string; name: string; conditions: { clients: { include: string[] } } }[];
  const out: Record<string, { id: string; policyId: string; conditions: { people: { groups: { include: string[] } } } }> = {};
  for (const p of policies) for (const r of (await json(`/api/v1/authorizationServers/${api}/policies/${p.id}/rules`)) as { id: string; name: string; conditions: { people: { groups: { include: string[] } } } }[]) out[r.name] = { ...r, policyId: p.id };
  return { policies, rules: out };
};

test('a scope used by rules or claims can be neither deleted nor renamed, and nothing changes', async () => {
  const scopes = (await json(`/api/v1/authorizationServers/${api}/scopes`)) as { id: string; name: string }[];
  const write = scopes.find((x) => x.name === 'orders:write')!;
  const before = snapshot(s);
  const del = await s.api(`/api/v1/authorizationServers/${api}/scopes/${write.id}`, { method: 'DELETE' });
  expect(del.status).toBe(400);
  expect((await del.json()).errorCauses[0].errorSummary).toBe(`name: The scope 'orders:write' cannot be deleted: it is used by rule "Staff may read and write orders", rule "Fulfilment reads and updates orders", claim "email"`);
  const ren = await s.api(`/api/v1/authorizationServers/${api}/scopes/${write.id}`, { method: 'PUT', body: JSON.stringify({ name: 'orders:change', consent: 'FLEXIBLE' }) });
  expect(ren.status).toBe(400);
  expect(snapshot(s)).toBe(before);
});

test('deleting a group removes it from the rules that named it; the rule can still be replaced', async () => {
  const rule = (await rulesOf()).rules['Admins may administer orders']!;
  expect(rule.conditions.people.groups.include).toEqual([ids['Orders Admins']]);
  expect((await s.api(`/api/v1/groups/${ids['Orders Admins']}`, { method: 'DELETE' })).status).toBe(204);
  const after = (await rulesOf()).rules['Admins may administer orders']!;
  expect(after.conditions.people.groups.include).toEqual([]);
  // Replacing it unchanged works (no dangling id), and it still matches nobody: never EVERYONE.
  const { policyId, ...ruleBody } = after;
  const put = await s.api(`/api/v1/authorizationServers/${api}/policies/${policyId}/rules/${after.id}`, { method: 'PUT', body: JSON.stringify(ruleBody) });
  expect([put.status, put.status === 200 ? '' : await put.clone().text()]).toEqual([200, '']);
  expect((await put.json()).conditions.people.groups.include).toEqual([]);
  const preview = await json(`/api/v1/authorizationServers/${api}/preview`, {
    method: 'POST',
    body: JSON.stringify({ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: 'katherine@example.com', scopes: ['orders:admin'] }),
  });
  expect(preview.result).toBe('denied');
  expect(preview.trace.policies[0].rules[0]).toMatchObject({ name: 'Admins may administer orders', outcome: 'people' });
});

test('deleting a client removes it from the policies that named it', async () => {
  expect((await s.api(`/api/v1/apps/${ids['Orders CLI']}/lifecycle/deactivate`, { method: 'POST' })).status).toBe(200);
  expect((await s.api(`/api/v1/apps/${ids['Orders CLI']}`, { method: 'DELETE' })).status).toBe(204);
  const policy = (await rulesOf()).policies.find((p) => p.name === 'Orders apps')!;
  expect(policy.conditions.clients.include).toEqual([ids['Orders Portal'], ids['Orders SPA']]);
});

test('an app username follows the login unless it was set explicitly', async () => {
  const ada = (await json('/api/v1/users/ada@example.com')) as { id: string; profile: Record<string, unknown> };
  const portal = ((await json('/api/v1/apps?q=Orders Portal')) as { id: string }[])[0]!.id;
  expect((await s.api(`/api/v1/apps/${portal}/users`, { method: 'POST', body: JSON.stringify({ id: ada.id, scope: 'USER' }) })).status).toBe(200);
  const renamed = await s.api(`/api/v1/users/${ada.id}`, { method: 'POST', body: JSON.stringify({ profile: { login: 'ada.lovelace@example.com' } }) });
  expect(renamed.status).toBe(200);
  expect(((await json(`/api/v1/apps/${portal}/users/${ada.id}`)) as { credentials: { userName: string } }).credentials.userName).toBe('ada.lovelace@example.com');
  const preview = await json(`/api/v1/authorizationServers/${api}/preview`, {
    method: 'POST',
    body: JSON.stringify({ clientId: ids['Orders Portal'], grantType: 'authorization_code', userId: ada.id, scopes: ['orders:read'] }),
  });
  expect(preview.tokens.access_token.payload.sub).toBe('ada.lovelace@example.com');
  expect((await s.api(`/api/v1/apps/${portal}/users/${ada.id}`, { method: 'POST', body: JSON.stringify({ credentials: { userName: 'countess' } }) })).status).toBe(200);
  expect(((await json(`/api/v1/apps/${portal}/users/${ada.id}`)) as { credentials: { userName: string } }).credentials.userName).toBe('countess');
});
