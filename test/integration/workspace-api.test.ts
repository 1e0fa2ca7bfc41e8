/**
 * The workbench's workspace API (/api/v1/gatehouse/workspace/...): export, the import preview (the
 * plan), import, Okta export, and push/pull with the plan the user approved. Real HTTP.
 */
import { afterEach, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { startTestServer, snapshot, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
async function workspace(seed: 'demo' | 'none'): Promise<TestServer> {
  const s = await startTestServer({ seed });
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function post(s: TestServer, path: string, body: unknown) {
  const res = await s.api(`/api/v1/gatehouse/workspace${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('workspace API', () => {
  test('export as JSON and YAML; preview then import into another workspace; the protocol sees it at once', async () => {
    const demo = await workspace('demo');
    const json = await (await demo.api('/api/v1/gatehouse/workspace/export')).json();
    expect(json.gatehouse).toBe(1);
    const yamlRes = await demo.api('/api/v1/gatehouse/workspace/export?format=yaml');
    expect(yamlRes.headers.get('content-type')).toMatch(/^application\/yaml/);
    const text = await yamlRes.text();
    expect(YAML.parse(text)).toEqual(json);

    const target = await workspace('none');
    const before = snapshot(target);
    const preview = await post(target, '/plan', { text });
    expect(preview.status).toBe(200);
    expect(preview.body.lines).toContain('+ create authorizationServer "Orders API"');
    expect(snapshot(target)).toBe(before); // a preview writes nothing

    // Discovery is cached by the protocol side: the import must invalidate it.
    const serverId = json.authorizationServers.find((s: { name: string }) => s.name === 'Orders API').id;
    expect((await fetch(`${target.url}/oauth2/${serverId}/.well-known/openid-configuration`)).status).toBe(404);
    const imported = await post(target, '/import', { text });
    expect(imported.status).toBe(200);
    expect(imported.body.digest).toBe(preview.body.digest);
    const meta = await (await fetch(`${target.url}/oauth2/${serverId}/.well-known/openid-configuration`)).json();
    expect(meta.scopes_supported).toContain('orders:read');
    expect((await post(target, '/plan', { text, mode: 'sync' })).body.changes).toEqual([]);
  });

  test('a broken document: 400 E0000001, one cause per problem with its path; nothing changes', async () => {
    const target = await workspace('demo');
    const before = snapshot(target);
    const text = 'gatehouse: 1\ngroups:\n  - name: Auditors\n    colour: red\napps:\n  - name: X\n    settings: { application_type: web, grant_types: [authorization_code] }\n';
    const res = await post(target, '/import', { text });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
    // One answer lists every problem: the structure's and the content's.
    expect(res.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary)).toEqual([
      "groups[0].colour: unknown field 'colour'",
      'apps[0].settings.redirect_uris: At least one redirect URI is required for the authorization code and implicit grants',
    ]);
    const fixed = await post(target, '/import', { text: text.replace('    colour: red\n', '') });
    expect(fixed.status).toBe(400);
    expect(fixed.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary)).toEqual([
      'apps[0].settings.redirect_uris: At least one redirect URI is required for the authorization code and implicit grants',
    ]);
    expect(snapshot(target)).toBe(before);
    expect((await post(target, '/import', { text: 'not: [valid' })).status).toBe(400);
  });

  test('Okta export of one server; push with the approved plan; a stale plan is refused', async () => {
    const local = await workspace('demo');
    const remote = await workspace('none');
    const okta = await (await local.api('/api/v1/gatehouse/workspace/export?format=okta&server=Orders%20API')).json();
    expect(okta.authorizationServers.map((s: { name: string }) => s.name)).toEqual(['Orders API']);
    expect((await local.api('/api/v1/gatehouse/workspace/export?format=okta&server=Nope')).status).toBe(404);

    const target = { orgUrl: remote.url, token: remote.token, server: 'Orders API' };
    const plan = await post(local, '/push', { ...target, dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body.applied).toBe(false);
    expect(plan.body.lines).toContain('+ create authorizationServer "Orders API"');
    expect((await post(local, '/push', { ...target, planDigest: 'not-the-plan' })).status).toBe(409);
    const pushed = await post(local, '/push', { ...target, planDigest: plan.body.digest });
    expect(pushed.body.applied).toBe(true);
    expect((await post(local, '/push', { ...target, dryRun: true })).body.changes).toEqual([]);

    const wrong = await post(local, '/pull', { ...target, token: 'wrong-token-000' });
    expect(wrong.status).toBe(502);
    expect(wrong.body.errorCauses[0].errorSummary).toMatch(/refused the token/);
  });
});
