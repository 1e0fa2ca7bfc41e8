/**
 * Okta's own JSON: objects exactly as the Management API returns them (read here from a real
 * Gatehouse server's /api/v1, which speaks Okta's wire format) go into an empty workspace and come
 * back out with every field Okta defines; broken bundles list every problem; and one command turns
 * such a dump into a running local stand-in (`gatehouse serve --config okta.json`).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { oktaBundleToDoc, exportOktaBundle } from '../../src-server/workspace/okta.js';
import { applyDocument } from '../../src-server/workspace/apply.js';
import { WorkspaceError, formatProblems } from '../../src-server/workspace/problems.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const servers: TestServer[] = [];
async function workspace(seed: 'demo' | 'none'): Promise<TestServer> {
  const s = await startTestServer({ seed });
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

type Obj = Record<string, any>;
async function get(s: TestServer, path: string): Promise<any> {
  const res = await s.api(path);
  expect(res.status, path).toBe(200);
  return res.json();
}

/** What a person dumps from an org with curl: one server with its children, its apps, the groups. */
async function dump(s: TestServer, serverName: string): Promise<Obj> {
  const server = (await get(s, '/api/v1/authorizationServers')).find((x: Obj) => x.name === serverName);
  const base = `/api/v1/authorizationServers/${server.id}`;
  const policies = await get(s, `${base}/policies`);
  for (const p of policies) p.rules = await get(s, `${base}/policies/${p.id}/rules`);
  const apps = await get(s, '/api/v1/apps?limit=200');
  const appGroups: Obj = {};
  for (const a of apps) appGroups[a.id] = await get(s, `/api/v1/apps/${a.id}/groups`);
  return {
    authorizationServers: [{ ...server, scopes: await get(s, `${base}/scopes`), claims: await get(s, `${base}/claims`), policies }],
    apps,
    groups: await get(s, '/api/v1/groups'),
    appGroups,
  };
}

/** Ids that are made anew on import become the names they stand for; times and links go. */
function comparable(bundle: Obj): Obj {
  const names = new Map<string, string>();
  for (const g of bundle.groups) names.set(g.id, `group:${g.profile.name}`);
  for (const a of bundle.apps) {
    names.set(a.id, `app:${a.label}`);
    names.set(a.credentials.oauthClient.client_id, `app:${a.label}`);
  }
  const VOLATILE = new Set(['id', 'created', 'lastUpdated', 'lastMembershipUpdated', '_links', 'orn', 'lastRotated', 'nextRotation', 'kid', 'client_secret']);
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([k]) => !VOLATILE.has(k) || (k === 'id' && key === 'server')).map(([k, x]) => [k, walk(x)]));
    }
    return typeof v === 'string' && names.has(v) ? names.get(v) : v;
  };
  const appGroups = Object.fromEntries(Object.entries(bundle.appGroups ?? {}).map(([id, list]) => [names.get(id), walk(list)]));
  const byName = (a: Obj, b: Obj) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  return {
    authorizationServers: bundle.authorizationServers.map((s: Obj) => walk(s, 'server')),
    apps: (walk(bundle.apps) as Obj[]).sort(byName),
    groups: (walk(bundle.groups) as Obj[]).sort(byName),
    appGroups,
  };
}

async function problemsOf(fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof WorkspaceError) return formatProblems(e.problems);
    throw e;
  }
  throw new Error('expected problems');
}

describe("Okta's JSON", () => {
  test('Okta-shaped JSON in -> Gatehouse -> Okta-shaped JSON out keeps every field Okta defines', async () => {
    const demo = await workspace('demo');
    const original = await dump(demo, 'Orders API');
    const empty = await workspace('none');
    const plan = await applyDocument(empty.server.store, oktaBundleToDoc(JSON.parse(JSON.stringify(original))), { mode: 'merge' });
    expect(plan.changes.length).toBeGreaterThan(10);
    const back = exportOktaBundle(empty.server.store, { server: "Orders API", orgUrl: demo.url, includeSecrets: true }) as Obj;

    const a = comparable(original);
    const b = comparable(back as Obj);
    expect(b.authorizationServers).toEqual(a.authorizationServers);
    expect(b.apps).toEqual(a.apps);
    expect(b.groups).toEqual(a.groups);
    expect(b.appGroups).toEqual(a.appGroups);
    // Ids that other systems hold are kept: the server (its issuer) and the OAuth client ids.
    expect(back.authorizationServers[0].issuer).toBe(original.authorizationServers[0].issuer);
    expect((back.apps as Obj[]).map((x) => x.credentials.oauthClient.client_id).sort()).toEqual(original.apps.map((x: Obj) => x.credentials.oauthClient.client_id).sort());
    // Secrets leave only when asked.
    const plain = exportOktaBundle(empty.server.store, { server: 'Orders API' });
    expect(JSON.stringify(plain)).not.toContain('"client_secret"');

    // The same bundle again changes nothing.
    expect((await applyDocument(empty.server.store, oktaBundleToDoc(JSON.parse(JSON.stringify(original))), { mode: 'merge' })).changes).toEqual([]);
  });

  test('a broken bundle: unknown fields, wrong values and dangling ids, each with its path; nothing changes', async () => {
    const demo = await workspace('demo');
    const bundle = await dump(demo, 'Orders API');
    const server = bundle.authorizationServers[0];
    server.scopes[0].colour = 'blue';
    server.claims.find((c: Obj) => !c.system).valueType = 'MAGIC';
    server.policies[0].conditions.clients.include.push('0oaNoSuchClient');
    server.policies[0].rules[0].conditions.people.groups.include = ['00gNoSuchGroup'];
    bundle.apps[0].settings.oauthClient.grant_types = [];
    const problems = await problemsOf(() => oktaBundleToDoc(bundle));
    expect(problems).toEqual(expect.arrayContaining([
      "authorizationServers[0].scopes[0].colour: Property 'colour' is not defined",
      expect.stringMatching(/^authorizationServers\[0\]\.claims\[\d\]\.valueType: Must be one of/),
      "authorizationServers[0].policies[0].conditions.clients.include: There is no OpenID Connect app with the client id '0oaNoSuchClient' in the bundle's apps",
      "authorizationServers[0].policies[0].rules[0].conditions.people.groups.include: There is no group with the id '00gNoSuchGroup' in the bundle's groups",
      'apps[0].settings.oauthClient.grant_types: Must have at least 1 item',
    ]));
    expect(problems, problems.join('\n')).toHaveLength(5);
    expect(await problemsOf(() => oktaBundleToDoc({ authorizationServer: {} }))).toEqual([
      "authorizationServer: unknown field 'authorizationServer': a workspace document starts with 'gatehouse: 1'; an Okta bundle has authorizationServers, apps, groups, users, appGroups",
    ]);
  });

  test('one command from an org dump to a running stand-in: gatehouse serve --config okta.json', async () => {
    const demo = await workspace('demo');
    const bundle = await dump(demo, 'Orders API');
    const file = join(demo.dir, 'okta.json');
    writeFileSync(file, JSON.stringify(bundle, null, 2));
    const serverId = bundle.authorizationServers[0].id;
    const proc = spawn(process.execPath, [join(ROOT, 'out/server/cli.js'), 'serve', '--config', file, '--db', join(demo.dir, 'standin.db'), '--port', '0', '--api-token', 'okta-standin-token', '--log-level', 'silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      let errText = '';
      proc.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
      const url = await new Promise<string>((ok, fail) => {
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) ok(m[1]!);
        });
        proc.once('exit', (code) => fail(new Error(`exited ${code}: ${out}${errText}`)));
      });
      const meta = await (await fetch(`${url}/oauth2/${serverId}/.well-known/openid-configuration`)).json();
      expect(meta.issuer).toBe(`${url}/oauth2/${serverId}`);
      expect(meta.scopes_supported).toEqual(expect.arrayContaining(['orders:read', 'orders:write']));
      const service = bundle.apps.find((a: Obj) => a.label === 'Fulfilment Service').credentials.oauthClient;
      const token = await fetch(`${url}/oauth2/${serverId}/v1/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read', client_id: service.client_id, client_secret: service.client_secret }),
      });
      expect(token.status).toBe(200);
    } finally {
      proc.kill('SIGTERM');
    }
  });
});
