import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, snapshot, type TestServer } from '../helpers/server.js';
import { logTokenDecision } from '../../src-server/log/decision-events.js';
import { decide } from '../../src-server/policy/engine.js';
import { clientModel, serverModel, subjectModel } from '../../src-server/authz/decision-model.js';
import type { Matrix } from '../../src-server/policy/matrix.js';

let s: TestServer;
let now = Date.parse('2026-04-01T08:00:00.000Z');
let api = '';
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startTestServer({ seed: 'demo', now: () => now });
  const servers = (await (await s.api('/api/v1/authorizationServers')).json()) as { id: string; name: string }[];
  api = servers.find((x) => x.name === 'Orders API')!.id;
  for (const g of (await (await s.api('/api/v1/groups')).json()) as { id: string; profile: { name: string } }[]) ids[g.profile.name] = g.id;
  for (const a of (await (await s.api('/api/v1/apps')).json()) as { id: string; label: string; credentials: { oauthClient: { client_id: string } } }[]) ids[a.label] = a.credentials.oauthClient.client_id;
});
afterAll(async () => {
  await s.close();
});

const matrix = async (body: unknown) => {
  const res = await s.api(`/api/v1/authorizationServers/${api}/matrix`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Matrix;
};

/** The rule that grants `scope` in a row, or why not. */
function cell(m: Matrix, clientLabel: string, grant: string, subject: string | null, scope: string): string {
  const row = m.rows.find((r) => r.clientId === ids[clientLabel] && r.grantType === grant && (subject === null ? r.subject === -1 : m.subjects[r.subject]?.name === subject))!;
  if (row.denied) return `denied: ${row.denied}`;
  const c = row.cells[m.scopes.indexOf(scope)]!;
  if (c === -1) return 'no rule';
  if (c === -2) return `refused: ${m.refusals[grant]![scope]}`;
  return m.rules[c]!.ruleName;
}

describe('the access matrix answers "who can get orders:write?"', () => {
  test('per client, grant and group, with the deciding rule', async () => {
    const m = await matrix({ grantTypes: ['authorization_code', 'client_credentials'] });
    expect(m.scopes).toContain('orders:write');
    expect(m.subjects.map((x) => x.name)).toEqual(['Everyone', 'Orders Staff', 'Orders Admins', 'Engineering', 'Partners']);
    expect(cell(m, 'Orders SPA', 'authorization_code', 'Orders Staff', 'orders:write')).toBe('Staff may read and write orders');
    expect(cell(m, 'Orders SPA', 'authorization_code', 'Orders Admins', 'orders:write')).toBe('denied: Members of Orders Admins are not assigned to "Orders SPA".');
    expect(cell(m, 'Orders Portal', 'authorization_code', 'Orders Admins', 'orders:admin')).toBe('Admins may administer orders');
    expect(cell(m, 'Orders Portal', 'authorization_code', 'Partners', 'orders:write')).toBe('no rule');
    expect(cell(m, 'Orders Portal', 'authorization_code', 'Partners', 'orders:read')).toBe('Everyone may read orders');
    expect(cell(m, 'Fulfilment Service', 'client_credentials', null, 'orders:write')).toBe('Fulfilment reads and updates orders');
    expect(cell(m, 'Fulfilment Service', 'client_credentials', null, 'openid')).toBe("refused: Client credentials tokens cannot carry 'openid'.");
    expect(cell(m, 'Orders SPA', 'client_credentials', null, 'orders:read')).toBe('denied: "Orders SPA" is not allowed the Client Credentials grant.');
  });

  test('named users are evaluated with their own groups and assignments', async () => {
    const m = await matrix({ grantTypes: ['authorization_code'], groupIds: [], userIds: ['grace@example.com', 'katherine@example.com'], clientIds: [ids['Orders CLI']!] });
    expect(m.subjects.map((x) => x.name)).toEqual(['grace@example.com', 'katherine@example.com']);
    expect(cell(m, 'Orders CLI', 'authorization_code', 'grace@example.com', 'orders:admin')).toBe('Admins may administer orders');
    expect(cell(m, 'Orders CLI', 'authorization_code', 'katherine@example.com', 'orders:read')).toBe('denied: katherine@example.com is not assigned to "Orders CLI".');
  });

  test('each cell agrees with the policy engine', async () => {
    const store = s.server.store;
    const m = await matrix({ grantTypes: ['authorization_code'], groupIds: [], userIds: ['ada@example.com'] });
    const server = serverModel(store, store.authServers.get(api)!, s.url);
    const ada = store.users.getByLogin('ada@example.com')!;
    for (const row of m.rows) {
      const app = store.apps.getByClientId(row.clientId)!;
      m.scopes.forEach((scope, i) => {
        const d = decide(server, clientModel(app), subjectModel(store, ada, app), { grantType: 'authorization_code', scopes: [scope] });
        expect([row.clientId, scope, d.ok ? d.rule!.name : 'denied']).toEqual([row.clientId, scope, row.cells[i]! >= 0 ? m.rules[row.cells[i]!]!.ruleName : 'denied']);
      });
    }
  });

  test('bad input names every problem and changes nothing', async () => {
    const before = snapshot(s);
    const res = await s.api(`/api/v1/authorizationServers/${api}/matrix`, { method: 'POST', body: JSON.stringify({ clientIds: ['nope'], groupIds: ['00gnope'], scopes: ['x:y'], grantTypes: ['refresh_token'] }) });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errorCode).toBe('E0000001');
    expect(body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary.split(':')[0])).toEqual(['grantTypes.0']);
    const res2 = await s.api(`/api/v1/authorizationServers/${api}/matrix`, { method: 'POST', body: JSON.stringify({ clientIds: ['nope'], groupIds: ['00gnope'], scopes: ['x:y'] }) });
    expect((await res2.json()).errorCauses).toEqual([
      { errorSummary: "clientIds: There is no client with the id 'nope'" },
      { errorSummary: "groupIds: There is no group with the id '00gnope'" },
      { errorSummary: "scopes: The scope 'x:y' is not defined on this authorization server" },
    ]);
    expect((await s.api('/api/v1/authorizationServers/nope/matrix', { method: 'POST', body: '{}' })).status).toBe(404);
    expect(snapshot(s)).toBe(before);
  });
});

describe('the System Log', () => {
  test('token decisions are logged with Okta event types, the reason and the trace; the API filters and pages them', async () => {
    const store = s.server.store;
    const server = store.authServers.get(api)!;
    const model = serverModel(store, server, s.url);
    const spa = store.apps.getByClientId(ids['Orders SPA']!)!;
    const ada = store.users.getByLogin('ada@example.com')!;
    const katherine = store.users.getByLogin('katherine@example.com')!;
    const granted = decide(model, clientModel(spa), subjectModel(store, ada, spa), { grantType: 'authorization_code', scopes: ['openid', 'orders:write'] });
    const denied = decide(model, clientModel(spa), subjectModel(store, katherine, spa), { grantType: 'authorization_code', scopes: ['orders:write'] });
    expect(granted.ok).toBe(true);
    expect(denied.ok).toBe(false);
    logTokenDecision(s.server.ctx.systemLog, { server, client: clientModel(spa), subject: subjectModel(store, ada, spa), grantType: 'authorization_code', decision: granted, requestId: 'req-1', minted: { accessToken: 'AT.abc' } });
    now += 60_000;
    logTokenDecision(s.server.ctx.systemLog, { server, client: clientModel(spa), subject: subjectModel(store, katherine, spa), grantType: 'authorization_code', decision: denied, requestId: 'req-2' });

    const all = await (await s.api('/api/v1/logs')).json();
    expect(all.map((e: { eventType: string }) => e.eventType)).toEqual(['app.oauth2.as.token.grant.access_token', 'app.oauth2.as.authorize.token.grant_failure']);
    const [ok, ko] = all;
    expect(ok).toMatchObject({
      published: '2026-04-01T08:00:00.000Z',
      severity: 'INFO',
      outcome: { result: 'SUCCESS', reason: null },
      actor: { id: ids['Orders SPA'], type: 'PublicClientApp', displayName: 'Orders SPA' },
      transaction: { id: 'req-1' },
      debugContext: { debugData: { grantType: 'authorization_code', grantedScopes: 'openid orders:write', requestedScopes: 'openid orders:write' } },
    });
    expect(ok.debugContext.debugData.trace.policies[0].rules.map((r: { outcome: string }) => r.outcome)).toEqual(['people', 'matched', 'not_evaluated']);
    expect(ko).toMatchObject({ severity: 'WARN', outcome: { result: 'FAILURE', reason: 'no_matching_policy' }, debugContext: { debugData: { error: 'access_denied' } } });
    expect(ko.debugContext.debugData.trace.policies[0].rules[2].reason).toContain('orders:write');

    const failures = await (await s.api(`/api/v1/logs?filter=${encodeURIComponent('outcome.result eq "FAILURE"')}`)).json();
    expect(failures.map((e: { uuid: string }) => e.uuid)).toEqual([ko.uuid]);
    expect((await (await s.api('/api/v1/logs?q=katherine')).json()).map((e: { uuid: string }) => e.uuid)).toEqual([ko.uuid]);
    expect((await (await s.api('/api/v1/logs?since=2026-04-01T08:00:30.000Z')).json()).map((e: { uuid: string }) => e.uuid)).toEqual([ko.uuid]);
    expect((await (await s.api('/api/v1/logs?until=2026-04-01T08:00:30.000Z')).json()).map((e: { uuid: string }) => e.uuid)).toEqual([ok.uuid]);
    const page = await s.api('/api/v1/logs?limit=1');
    expect(page.headers.get('link')).toContain(`after=${ok.uuid}`);
    expect((await (await s.api(`/api/v1/logs?limit=1&after=${ok.uuid}`)).json()).map((e: { uuid: string }) => e.uuid)).toEqual([ko.uuid]);
    // Newest first, paged the other way.
    const newest = await s.api('/api/v1/logs?limit=1&sortOrder=DESCENDING');
    expect((await newest.json()).map((e: { uuid: string }) => e.uuid)).toEqual([ko.uuid]);
    expect(newest.headers.get('link')).toContain(`after=${ko.uuid}`);
    expect((await (await s.api(`/api/v1/logs?limit=1&sortOrder=DESCENDING&after=${ko.uuid}`)).json()).map((e: { uuid: string }) => e.uuid)).toEqual([ok.uuid]);
  });

  test('bad parameters get Okta errors', async () => {
    const bad = async (q: string, code: string) => {
      const res = await s.api(`/api/v1/logs?${q}`);
      expect(res.status).toBe(400);
      expect((await res.json()).errorCode).toBe(code);
    };
    await bad('since=yesterday', 'E0000001');
    await bad(`filter=${encodeURIComponent('password eq "x"')}`, 'E0000031');
    await bad('sortOrder=SIDEWAYS', 'E0000001');
  });
});
