/**
 * The portable workspace document: export -> import into an empty workspace -> export gives the
 * same document; apply is idempotent; a broken document lists every problem and changes nothing.
 * Real servers on real SQLite files; the database is compared byte for byte where it must not change.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { exportWorkspace } from '../../src-server/workspace/export.js';
import { applyDocument, planDocument, formatPlan } from '../../src-server/workspace/apply.js';
import { parseText, parseWorkspaceDoc, serialize, type WorkspaceDoc } from '../../src-server/workspace/document.js';
import { WorkspaceError, formatProblems } from '../../src-server/workspace/problems.js';
import type { Store } from '../../src-server/store/index.js';

const servers: TestServer[] = [];
async function workspace(seed: 'demo' | 'none'): Promise<TestServer> {
  const s = await startTestServer({ seed });
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** Everything the store holds that a document describes, read back through the document itself. */
function snapshot(store: Store): string {
  return JSON.stringify(exportWorkspace(store, { includeSecrets: true }));
}

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WorkspaceError) return formatProblems(e.problems);
    throw e;
  }
  throw new Error('expected the document to be refused');
}

describe('workspace document: round trips', () => {
  test('export -> import into an empty workspace -> export gives the same document (JSON and YAML)', async () => {
    const demo = await workspace('demo');
    const first = exportWorkspace(demo.server.store);
    expect(first.groups!.map((g) => g.name)).toEqual(['Orders Staff', 'Orders Admins', 'Engineering', 'Partners']);
    expect(first.authorizationServers!.map((s) => s.name)).toEqual(['default', 'Orders API']);
    // Without --include-secrets: no password hash, client secret or private key anywhere.
    const text = JSON.stringify(first);
    expect(text).not.toMatch(/passwordHash|clientSecret|privateJwk|"d":/);

    for (const format of ['json', 'yaml'] as const) {
      const empty = await workspace('none');
      const doc = parseWorkspaceDoc(parseText(serialize(first, format)));
      const plan = await applyDocument(empty.server.store, doc, { mode: 'merge' });
      expect(plan.changes.length).toBeGreaterThan(10);
      const again = exportWorkspace(empty.server.store);
      expect(again).toEqual(first);
      // And nothing is left to do.
      expect((await planDocument(empty.server.store, doc, 'sync')).changes).toEqual([]);
    }
  });

  test('with --include-secrets the copy signs in with the same passwords, client secrets and keys', async () => {
    const demo = await workspace('demo');
    const doc = exportWorkspace(demo.server.store, { includeSecrets: true });
    expect(doc.containsSecrets).toBe(true);
    expect(serialize(doc, 'yaml')).toMatch(/^# CONTAINS SECRETS/);
    const copy = await workspace('none');
    await applyDocument(copy.server.store, parseWorkspaceDoc(parseText(serialize(doc, 'yaml'))), { mode: 'sync' });
    expect(snapshot(copy.server.store)).toEqual(snapshot(demo.server.store));
    const res = await copy.api('/api/v1/authn', { method: 'POST', body: JSON.stringify({ username: 'ada@example.com', password: 'Gatehouse-Demo-1' }), auth: false });
    expect((await res.json()).status).toBe('SUCCESS');
  });

  test('apply is idempotent and a second apply changes nothing (not even lastUpdated)', async () => {
    const demo = await workspace('demo');
    const doc = exportWorkspace(demo.server.store);
    const target = await workspace('none');
    await applyDocument(target.server.store, doc, { mode: 'sync' });
    const before = readFileSync(target.dbFile).length;
    const rows = JSON.stringify(target.server.store.db.prepare('SELECT id, last_updated FROM apps').all());
    const plan = await applyDocument(target.server.store, doc, { mode: 'sync' });
    expect(plan.changes).toEqual([]);
    expect(JSON.stringify(target.server.store.db.prepare('SELECT id, last_updated FROM apps').all())).toBe(rows);
    expect(readFileSync(target.dbFile).length).toBe(before);
  });

  test('the plan names each change by name; sync deletes what a described section leaves out, merge does not', async () => {
    const demo = await workspace('demo');
    const store = demo.server.store;
    const doc = exportWorkspace(store);
    doc.groups = doc.groups!.filter((g) => g.name !== 'Partners');
    for (const u of doc.users!) u.groups = u.groups!.filter((g) => g !== 'Partners');
    for (const a of doc.apps!) a.assignments!.groups = a.assignments!.groups!.filter((g) => g !== 'Partners');
    doc.groups.push({ name: 'Auditors', description: 'Read-only reviewers' });
    const api = doc.authorizationServers!.find((s) => s.name === 'Orders API')!;
    api.scopes!.find((s) => s.name === 'orders:read')!.description = 'Read every order';
    api.policies![0]!.rules!.reverse();

    const merge = await planDocument(store, doc, 'merge');
    expect(formatPlan(merge)).toEqual(expect.arrayContaining([
      '+ create group "Auditors"',
      '~ update user "katherine@example.com" (groups)',
      '~ update app "Orders SPA" (assignments.groups)',
      '~ update scope "Orders API / orders:read" (description)',
      '~ update rule "Orders API / Orders apps / Admins may administer orders" (position)',
    ]));
    expect(merge.changes.filter((c) => c.action === 'delete')).toEqual([]);
    const sync = await planDocument(store, doc, 'sync');
    expect(sync.changes).toContainEqual({ action: 'delete', kind: 'group', name: 'Partners' });

    await applyDocument(store, doc, { mode: 'sync' });
    expect(store.groups.getByName('Partners')).toBeUndefined();
    expect(store.groups.getByName('Auditors')?.profile.description).toBe('Read-only reviewers');
    expect((await planDocument(store, doc, 'sync')).changes).toEqual([]);
  });

  test('${ENV_VAR} references for secrets are resolved on apply, and an unset one is a problem', async () => {
    const target = await workspace('none');
    const doc: WorkspaceDoc = parseWorkspaceDoc({
      gatehouse: 1,
      users: [{ login: 'ci@example.com', profile: { email: 'ci@example.com', firstName: 'C', lastName: 'I' }, password: '${CI_USER_PASSWORD}' }],
      apps: [{ name: 'CI Service', clientId: 'ci-service-client', clientSecret: '${CI_CLIENT_SECRET}', oauthClient: { token_endpoint_auth_method: 'client_secret_post' }, settings: { application_type: 'service', grant_types: ['client_credentials'] } }],
    });
    expect(await problemsOf(applyDocument(target.server.store, doc, { mode: 'merge', env: {} }))).toEqual([
      'users[0].password: the environment variable CI_USER_PASSWORD is not set',
      'apps[0].clientSecret: the environment variable CI_CLIENT_SECRET is not set',
    ]);
    const env = { CI_USER_PASSWORD: 'Ci-Passw0rd-42', CI_CLIENT_SECRET: 'ci-secret-0123456789abcdef' };
    await applyDocument(target.server.store, doc, { mode: 'merge', env });
    expect(target.server.store.apps.getByClientId('ci-service-client')!.credentials.client_secret).toBe(env.CI_CLIENT_SECRET);
    expect((await planDocument(target.server.store, doc, 'merge', env)).changes).toEqual([]);
    const changed = await planDocument(target.server.store, doc, 'merge', { ...env, CI_USER_PASSWORD: 'Other-Passw0rd-42' });
    expect(formatPlan(changed)).toEqual(['~ update user "ci@example.com" (password)']);
  });
});

describe('workspace document: broken documents', () => {
  test('bad references, duplicate names, wrong types and unknown fields: every problem with its path, nothing changed', async () => {
    const demo = await workspace('demo');
    const store = demo.server.store;
    const before = snapshot(store);
    const doc = exportWorkspace(store) as Record<string, any>;
    doc.groups.push({ name: 'Engineering' });
    doc.users[0].groups.push('Ghosts');
    doc.users[1].profile.email = 42;
    doc.users[2].groups = 'Engineering';
    doc.apps[1].colour = 'blue';
    doc.apps[2].settings.redirect_uris = ['http://example.com/cb'];
    const api = doc.authorizationServers[1];
    api.policies[0].conditions.clients.include.push('No Such App');
    api.policies[0].rules[0].conditions.people.groups.include.push('Nobody');
    api.policies[0].rules[0].conditions.scopes.include = ['orders:read', 'orders:nope'];
    api.claims[0].value = 'user.department +';
    api.scopes.push({ name: 'orders:read' });

    const structural = await problemsOf(Promise.resolve().then(() => parseWorkspaceDoc(doc)));
    expect(structural).toEqual(['users[2].groups: Expected array, got string', "apps[1].colour: unknown field 'colour'"]);
    delete doc.apps[1].colour;
    doc.users[2].groups = ['Engineering'];

    const problems = await problemsOf(applyDocument(store, parseWorkspaceDoc(doc), { mode: 'sync' }));
    expect(problems).toEqual(expect.arrayContaining([
      "groups[4].name: the group 'Engineering' is already defined at groups[2]",
      'users[1].profile.email: Expected string, got number',
      "users[0].groups[1]: There is no group named 'Ghosts'",
      expect.stringMatching(/^apps\[2\]\.settings\.redirect_uris: 'http:\/\/example.com\/cb': plain http/),
      "authorizationServers[1].scopes[4].name: the scope 'orders:read' is already defined at authorizationServers[1].scopes[0]",
      expect.stringMatching(/^authorizationServers\[1\]\.claims\[0\]\.value: /),
      "authorizationServers[1].policies[0].conditions.clients.include: There is no app named 'No Such App'",
      "authorizationServers[1].policies[0].rules[0].conditions.people.groups.include: There is no group named 'Nobody'",
      "authorizationServers[1].policies[0].rules[0].conditions.scopes.include: The scope 'orders:nope' is not defined on this authorization server",
    ]));
    expect(problems).toHaveLength(9);
    expect(snapshot(store)).toBe(before);
  });

  test('not JSON, not YAML, not an object, a wrong format version', async () => {
    expect(await problemsOf(Promise.resolve().then(() => parseText('{"gatehouse": 1,')))).toEqual([expect.stringMatching(/^\(document\): not valid JSON/)]);
    expect(await problemsOf(Promise.resolve().then(() => parseText('gatehouse: 1\n  groups: [')))).toContainEqual(expect.stringMatching(/^\(document\): not valid YAML/));
    expect(await problemsOf(Promise.resolve().then(() => parseWorkspaceDoc([1])))).toEqual(['(document): the document must be an object (a mapping)']);
    expect(await problemsOf(Promise.resolve().then(() => parseWorkspaceDoc({ gatehouse: 2 })))).toEqual(['gatehouse: this Gatehouse reads format 1, not 2']);
  });
});

describe('workspace document: one run lists every problem', () => {
  test('broken structure and broken references are reported together, at their places in the file', async () => {
    const { documentFromText } = await import('../../src-server/workspace/config-file.js');
    const target = await workspace('none');
    const before = snapshot(target.server.store);
    const text = [
      'gatehouse: 1',
      'groups:',
      '  - name: Ops',
      '    colour: red',          // unknown field: groups[0] cannot be read
      '  - name: Auditors',
      '  - name: Auditors',       // duplicate of groups[1]
      'users:',
      '  - login: kim@example.com',
      '    profile: { email: kim@example.com }',
      '    groups: [Ops, Nobody]', // Ops is broken (not reported again), Nobody does not exist
    ].join('\n');
    const problems = await problemsOf(Promise.resolve().then(() => applyDocument(target.server.store, documentFromText(text).doc, { mode: 'sync' })));
    expect(problems).toEqual([
      "groups[0].colour: unknown field 'colour'",
      "groups[2].name: the group 'Auditors' is already defined at groups[1]",
      "users[0].groups[1]: There is no group named 'Nobody'",
    ]);
    expect(snapshot(target.server.store)).toBe(before);
  });
});
