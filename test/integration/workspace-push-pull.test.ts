/**
 * Push and pull between two Gatehouse servers, one standing in for the remote Okta org (its
 * Management API speaks Okta's), through @okta/okta-sdk-nodejs: after a push the remote has an equal
 * configuration and a second push plans nothing; pull brings it back into a third workspace.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { exportOktaBundle, oktaBundleToDoc } from '../../src-server/workspace/okta.js';
import { formatPlan } from '../../src-server/workspace/apply.js';
import { preparePush, pullServer, RemoteError } from '../../src-server/workspace/remote.js';
import type { Store } from '../../src-server/store/index.js';

const servers: TestServer[] = [];
async function workspace(seed: 'demo' | 'none'): Promise<TestServer> {
  const s = await startTestServer({ seed });
  servers.push(s);
  return s;
}
beforeAll(() => {
  delete process.env.HTTPS_PROXY;
  delete process.env.https_proxy;
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** One server's configuration by name, without the ids each org makes for itself. */
function design(store: Store, server: string) {
  const doc = oktaBundleToDoc(exportOktaBundle(store, { server }));
  for (const a of doc.apps ?? []) delete a.clientId;
  for (const s of doc.authorizationServers ?? []) delete s.id;
  return doc;
}

const remoteOf = (s: TestServer) => ({ orgUrl: s.url, token: s.token });

describe('push and pull against a second Gatehouse standing in for Okta', () => {
  test('push shows the plan, applies it; the remote ends equal and a second push plans nothing', async () => {
    const local = await workspace('demo');
    const remote = await workspace('none');

    const first = await preparePush(local.server.store, remoteOf(remote), 'Orders API');
    const lines = formatPlan(first.plan);
    expect(lines).toEqual(expect.arrayContaining([
      '+ create group "Orders Staff"',
      '+ create app "Fulfilment Service"',
      '+ create authorizationServer "Orders API"',
      '+ create scope "Orders API / orders:read"',
      '+ create claim "Orders API / groups (IDENTITY)"',
      '+ create policy "Orders API / Orders apps"',
      '+ create rule "Orders API / Orders apps / Admins may administer orders"',
    ]));
    expect(first.plan.changes.every((c) => c.action === 'create')).toBe(true);
    // Planning wrote nothing to the remote.
    expect(remote.server.store.authServers.all().map((s) => s.name)).toEqual(['default']);

    await first.apply();
    expect(design(remote.server.store, 'Orders API')).toEqual(design(local.server.store, 'Orders API'));
    const second = await preparePush(local.server.store, remoteOf(remote), 'Orders API');
    expect(formatPlan(second.plan)).toEqual([]);

    // A change made locally is one update, in place (the remote keeps its ids).
    const api = local.server.store.authServers.all().find((s) => s.name === 'Orders API')!;
    const remoteServerId = remote.server.store.authServers.all().find((s) => s.name === 'Orders API')!.id;
    const scope = local.server.store.authServers.scopeByName(api.id, 'orders:admin')!;
    const res = await local.api(`/api/v1/authorizationServers/${api.id}/scopes/${scope.id}`, { method: 'PUT', body: JSON.stringify({ name: 'orders:admin', displayName: 'Administer all orders', description: 'Administer every order', consent: 'REQUIRED', metadataPublish: 'ALL_CLIENTS' }) });
    expect(res.status).toBe(200);
    const policies = local.server.store.authServers.policies(api.id);
    const rules = local.server.store.authServers.rules(policies[0]!.id);
    const rule = rules[2]!;
    const moved = await local.api(`/api/v1/authorizationServers/${api.id}/policies/${policies[0]!.id}/rules/${rule.id}`, { method: 'PUT', body: JSON.stringify({ type: 'RESOURCE_ACCESS', name: rule.name, priority: 1, conditions: { people: { groups: { include: ['EVERYONE'] } }, grantTypes: rule.conditions.grantTypes, scopes: rule.conditions.scopes }, actions: rule.actions }) });
    expect(moved.status).toBe(200);
    const third = await preparePush(local.server.store, remoteOf(remote), 'Orders API');
    expect(formatPlan(third.plan)).toEqual([
      '~ update scope "Orders API / orders:admin" (description)',
      '~ update rule "Orders API / Orders apps / Everyone may read orders" (position)',
      '~ update rule "Orders API / Orders apps / Admins may administer orders" (position)',
      '~ update rule "Orders API / Orders apps / Staff may read and write orders" (position)',
    ]);
    await third.apply();
    expect(design(remote.server.store, 'Orders API')).toEqual(design(local.server.store, 'Orders API'));
    expect(remote.server.store.authServers.all().find((s) => s.name === 'Orders API')!.id).toBe(remoteServerId);
    expect(formatPlan((await preparePush(local.server.store, remoteOf(remote), 'Orders API')).plan)).toEqual([]);
  });

  test('pull copies the remote server with its apps and groups; pulling again changes nothing', async () => {
    const remote = await workspace('demo');
    const local = await workspace('none');
    const plan = await pullServer(local.server.store, remoteOf(remote), 'Orders API');
    expect(formatPlan(plan)).toContain('+ create authorizationServer "Orders API"');
    expect(design(local.server.store, 'Orders API')).toEqual(design(remote.server.store, 'Orders API'));
    // The pulled server keeps the remote's id, so its issuer path is the same.
    const remoteId = remote.server.store.authServers.all().find((s) => s.name === 'Orders API')!.id;
    expect(local.server.store.authServers.get(remoteId)?.name).toBe('Orders API');
    expect((await pullServer(local.server.store, remoteOf(remote), 'Orders API')).changes).toEqual([]);
  });

  test('a wrong token, an unknown server: errors in words, nothing changed', async () => {
    const remote = await workspace('demo');
    const local = await workspace('none');
    await expect(pullServer(local.server.store, { orgUrl: remote.url, token: 'wrong-token-123456' }, 'Orders API')).rejects.toThrow(/refused the token \(401\)/);
    await expect(pullServer(local.server.store, remoteOf(remote), 'Nope')).rejects.toThrow(new RemoteError(`${remote.url} has no authorization server named 'Nope'`));
    await expect(preparePush(local.server.store, remoteOf(remote), 'Nope')).rejects.toThrow("this workspace has no authorization server named 'Nope'");
    expect(local.server.store.authServers.all().map((s) => s.name)).toEqual(['default']);
  });
});
