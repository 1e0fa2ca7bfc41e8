/*
 * In-process figures for the decision core (issue targets: one decision on 50 policies × 10 rules
 * under 20 µs median; the access matrix of a large org under 1 s). A seeded generator makes the
 * same large org on every run.
 */
import { decide } from './policy/engine.js';
import { accessMatrix, type MatrixClient, type MatrixSubject } from './policy/matrix.js';
import type { ClientModel, ServerModel, SubjectModel } from './policy/types.js';
import type { Policy, Rule } from './authz/policies.js';
import type { Scope } from './authz/scopes.js';
import { compile, evaluate, clearCompileCache, type ExpressionContext } from './expression/index.js';

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const GRANTS = ['authorization_code', 'implicit', 'password', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange'];

export function largeOrg(opts = { clients: 50, groups: 200, scopes: 100, policies: 50, rules: 10 }) {
  const r = rng(42);
  const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, () => xs[Math.floor(r() * xs.length)]!);
  const scopeNames = Array.from({ length: opts.scopes }, (_, i) => `api:scope${i}`);
  const groupIds = Array.from({ length: opts.groups }, (_, i) => `00g${String(i).padStart(17, '0')}`);
  const clientIds = Array.from({ length: opts.clients }, (_, i) => `0oa${String(i).padStart(17, '0')}`);
  const scopes = new Map<string, Scope>(scopeNames.map((name) => [name, { id: name, authServerId: 's', name, consent: 'IMPLICIT', optional: false, default: false, metadataPublish: 'NO_CLIENTS', system: false }]));
  const policies = Array.from({ length: opts.policies }, (_, pi) => ({
    id: `00p${pi}`, authServerId: 's', type: 'OAUTH_AUTHORIZATION_POLICY' as const, name: `Policy ${pi}`, description: 'd', priority: pi + 1, status: 'ACTIVE' as const, system: false,
    conditions: { clients: { include: pi % 10 === 9 ? ['ALL_CLIENTS'] : [...new Set(pick(clientIds, 5))] } }, created: '', lastUpdated: '',
    rules: Array.from({ length: opts.rules }, (_, ri): Rule => ({
      id: `0pr${pi}x${ri}`, policyId: `00p${pi}`, authServerId: 's', type: 'RESOURCE_ACCESS', name: `Rule ${ri}`, priority: ri + 1, status: 'ACTIVE', system: false,
      conditions: {
        people: { users: { include: [], exclude: [] }, groups: { include: [...new Set(pick(groupIds, 3))], exclude: [] } },
        grantTypes: { include: [...new Set(pick(GRANTS, 2))] },
        scopes: { include: [...new Set(pick(scopeNames, 8))] },
      },
      actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      created: '', lastUpdated: '',
    })),
  })) as (Policy & { rules: Rule[] })[];
  const server: ServerModel = { id: 's', name: 'Large', status: 'ACTIVE', audience: 'api://large', issuer: 'http://127.0.0.1/oauth2/s', scopes, claims: [], policies };
  const clients: MatrixClient[] = clientIds.map((clientId) => ({
    appId: clientId, clientId, label: clientId, status: 'ACTIVE', applicationType: 'web', grantTypes: [...GRANTS], responseTypes: ['code', 'token', 'id_token'],
    consentMethod: 'TRUSTED', profile: {}, assignedGroupIds: new Set(groupIds), assignedUserIds: new Set(),
  }));
  const subjects: MatrixSubject[] = groupIds.map((id) => ({ type: 'group', id, name: id, groupIds: new Set([id, 'everyone']), status: 'ACTIVE' }));
  return { server, clients, subjects, scopeNames, groupIds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchDecisions(log: (line: string) => void = console.log): void {
  const org = largeOrg();
  const client: ClientModel = org.clients[0]!;
  const subject: SubjectModel = {
    id: '00u1', status: 'ACTIVE', login: 'bench@example.com', profile: {}, lastUpdated: '', assigned: true,
    groups: [{ id: org.groupIds[7]!, name: 'g7', type: 'OKTA_GROUP' }, { id: 'everyone', name: 'Everyone', type: 'BUILT_IN' }],
  };
  // A request that walks every policy before failing: the costliest decision.
  const worst = { grantType: 'authorization_code', scopes: [org.scopeNames[0]!, org.scopeNames[1]!, org.scopeNames[2]!] };
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = performance.now();
    decide(org.server, client, subject, worst);
    samples.push(performance.now() - t);
  }
  log(`policy decision, 50 policies × 10 rules, no match (walks all)  median ${(median(samples.slice(5000)) * 1000).toFixed(1)} µs`);
  // A request that the first rule of the last policy applying to this client grants.
  const policy = [...org.server.policies].reverse().find((x) => x.conditions.clients.include.some((c) => c === 'ALL_CLIENTS' || c === client.clientId))!;
  const rule = policy.rules[0]!;
  const member: SubjectModel = { ...subject, groups: [{ id: rule.conditions.people.groups.include[0]!, name: 'member', type: 'OKTA_GROUP' }, ...subject.groups] };
  const req = { grantType: rule.conditions.grantTypes.include[0]!, scopes: rule.conditions.scopes.include.slice(0, 2) };
  if (!decide(org.server, client, member, req).ok) throw new Error('bench request should be granted');
  const s2: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = performance.now();
    decide(org.server, client, member, req);
    s2.push(performance.now() - t);
  }
  log(`policy decision, 50 policies × 10 rules, granted by policy ${policy.priority}      median ${(median(s2.slice(5000)) * 1000).toFixed(1)} µs`);
  const runs: number[] = [];
  let cells = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const m = accessMatrix({ server: org.server, clients: org.clients, grantTypes: GRANTS, subjects: org.subjects });
    runs.push(performance.now() - t);
    cells = m.rows.length * m.scopes.length;
  }
  log(`access matrix, 50 clients × 6 grants × 200 groups × 100 scopes    median ${median(runs).toFixed(0)} ms (${cells.toLocaleString('en')} cells)`);
}

/** Typical claim expressions, each compiled once (as the cache does) and evaluated many times. */
export function benchExpressions(log: (line: string) => void = console.log): void {
  const groups = ['Everyone', 'Orders Staff', 'Orders Admins', 'Engineering', 'Partners', ...Array.from({ length: 45 }, (_, i) => `Team ${i}`)].map((name, i) => ({
    id: `00g${String(i).padStart(17, '0')}`, type: i === 0 ? 'BUILT_IN' : 'OKTA_GROUP', name, profile: { name },
  }));
  const ctx: ExpressionContext = {
    user: { id: '00u1', status: 'ACTIVE', profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', department: 'Research' } },
    appuser: { userName: 'ada@example.com' },
    app: { id: '0oa1', clientId: '0oa1', profile: {} },
    org: { name: 'Gatehouse', subDomain: 'localhost' },
    access: { scope: ['openid', 'profile', 'orders:read'] },
    groups,
    now: Date.parse('2026-01-05T09:00:00.000Z'),
  };
  const cases = [
    'user.department',
    '(appuser != null) ? appuser.userName : app.clientId',
    'String.toUpperCase(user.firstName) + " " + user.lastName',
    'isMemberOfGroupName("Orders Staff") ? "staff" : "guest"',
    'Groups.startsWith("OKTA", "Orders", 10)',
    'Arrays.contains(access.scope, "orders:read") && user.department == "Research"',
  ];
  for (const src of cases) {
    clearCompileCache();
    const t0 = performance.now();
    const c = compile(src);
    const compileUs = (performance.now() - t0) * 1000;
    if (!c.ok) throw new Error(`bench expression does not compile: ${src}`);
    const samples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = performance.now();
      evaluate(c.program, ctx);
      samples.push(performance.now() - t);
    }
    const cached: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = performance.now();
      compile(src);
      cached.push(performance.now() - t);
    }
    log(`expression ${JSON.stringify(src).padEnd(80)} evaluate median ${(median(samples.slice(5000)) * 1000).toFixed(2)} µs, first compile ${compileUs.toFixed(0)} µs, cached compile ${(median(cached.slice(5000)) * 1000).toFixed(2)} µs`);
  }
}

