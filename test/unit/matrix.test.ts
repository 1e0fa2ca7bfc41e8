import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { accessMatrix, NO_RULE, REFUSED_FOR_GRANT, type MatrixClient, type MatrixSubject } from '../../src-server/policy/matrix.js';
import { decide } from '../../src-server/policy/engine.js';
import type { ServerModel, SubjectModel } from '../../src-server/policy/types.js';
import type { Policy, Rule } from '../../src-server/authz/policies.js';
import type { Scope } from '../../src-server/authz/scopes.js';

/*
 * The matrix must say exactly what `decide` says for a one-scope request, for every cell. Random
 * orgs (policies, rules, groups, assignments, consent settings) are generated and every cell is
 * compared with the engine's decision.
 */

const GROUPS = ['g1', 'g2', 'g3'];
const EVERYONE_ID = 'gEveryone';
const SCOPES = ['openid', 'a', 'b', 'c'];
const GRANTS = ['authorization_code', 'client_credentials', 'password'];
const CLIENTS = ['c1', 'c2'];

const ruleArb = fc.record({
  active: fc.boolean(),
  grants: fc.subarray(GRANTS, { minLength: 1 }),
  everyone: fc.boolean(),
  include: fc.subarray(GROUPS),
  exclude: fc.subarray(GROUPS, { maxLength: 1 }),
  scopes: fc.oneof(fc.constant(['*']), fc.subarray(SCOPES, { minLength: 1 })),
});
const policyArb = fc.record({ active: fc.boolean(), clients: fc.oneof(fc.constant(['ALL_CLIENTS']), fc.subarray(CLIENTS, { minLength: 1 })), rules: fc.array(ruleArb, { maxLength: 3 }) });
const orgArb = fc.record({
  policies: fc.array(policyArb, { maxLength: 4 }),
  consent: fc.record({ a: fc.constantFrom('IMPLICIT', 'REQUIRED', 'FLEXIBLE') }),
  clients: fc.array(
    fc.record({ active: fc.boolean(), grants: fc.subarray(GRANTS, { minLength: 1 }), assigned: fc.subarray([...GROUPS, EVERYONE_ID]), consentRequired: fc.boolean() }),
    { minLength: 2, maxLength: 2 },
  ),
});

type Org = typeof orgArb extends fc.Arbitrary<infer T> ? T : never;

function build(org: Org) {
  const scopes = new Map<string, Scope>(
    SCOPES.map((name) => [name, { id: name, authServerId: 's', name, consent: name === 'a' ? org.consent.a : 'IMPLICIT', optional: false, default: false, metadataPublish: 'NO_CLIENTS', system: false } as Scope]),
  );
  const policies = org.policies.map((p, pi) => ({
    id: `p${pi}`, authServerId: 's', type: 'OAUTH_AUTHORIZATION_POLICY', name: `P${pi}`, description: 'd', priority: pi + 1, status: p.active ? 'ACTIVE' : 'INACTIVE', system: false,
    conditions: { clients: { include: p.clients } }, created: '', lastUpdated: '',
    rules: p.rules.map((r, ri) => ({
      id: `p${pi}r${ri}`, policyId: `p${pi}`, authServerId: 's', type: 'RESOURCE_ACCESS', name: `R${ri}`, priority: ri + 1, status: r.active ? 'ACTIVE' : 'INACTIVE', system: false,
      conditions: {
        people: { users: { include: [], exclude: [] }, groups: { include: r.everyone ? ['EVERYONE', ...r.include] : r.include, exclude: r.exclude } },
        grantTypes: { include: r.grants }, scopes: { include: r.scopes },
      },
      actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
      created: '', lastUpdated: '',
    })) as Rule[],
  })) as (Policy & { rules: Rule[] })[];
  const server: ServerModel = { id: 's', name: 'S', status: 'ACTIVE', audience: 'api://s', issuer: 'http://x/oauth2/s', scopes, claims: [], policies };
  const clients: MatrixClient[] = org.clients.map((c, i) => ({
    appId: CLIENTS[i]!, clientId: CLIENTS[i]!, label: CLIENTS[i]!, status: c.active ? 'ACTIVE' : 'INACTIVE', applicationType: 'web',
    grantTypes: c.grants, responseTypes: ['code'], consentMethod: c.consentRequired ? 'REQUIRED' : 'TRUSTED', profile: {},
    assignedGroupIds: new Set(c.assigned), assignedUserIds: new Set(),
  }));
  const subjects: MatrixSubject[] = GROUPS.map((g) => ({ type: 'group', id: g, name: g, groupIds: new Set([g, EVERYONE_ID]), status: 'ACTIVE' }));
  return { server, clients, subjects };
}

describe('the access matrix agrees with the policy engine', () => {
  test('for every cell of random orgs', () => {
    fc.assert(
      fc.property(orgArb, (org) => {
        const { server, clients, subjects } = build(org);
        const m = accessMatrix({ server, clients, grantTypes: GRANTS, subjects });
        for (const row of m.rows) {
          const client = clients.find((c) => c.clientId === row.clientId)!;
          const subj = row.subject >= 0 ? subjects[row.subject]! : null;
          const subject: SubjectModel | null = subj
            ? { id: `member-of-${subj.id}`, status: 'ACTIVE', login: subj.name, profile: {}, lastUpdated: '', groups: [...subj.groupIds].map((id) => ({ id, name: id, type: 'OKTA_GROUP' as const })), assigned: [...subj.groupIds].some((g) => client.assignedGroupIds.has(g)) }
            : null;
          m.scopes.forEach((scope, i) => {
            const d = decide(server, client, subject, { grantType: row.grantType, scopes: [scope] });
            const cell = row.cells[i]!;
            if (d.ok) {
              expect(row.denied).toBeUndefined();
              expect(cell).toBeGreaterThanOrEqual(0);
              expect(m.rules[cell]!.ruleId).toBe(d.rule!.id);
            } else {
              expect(cell === NO_RULE || cell === REFUSED_FOR_GRANT).toBe(true);
              if (cell === REFUSED_FOR_GRANT) expect(['invalid_scope', 'consent_required']).toContain(d.failure.error);
              if (d.failure.reason === 'no_matching_policy') expect(cell).toBe(NO_RULE);
            }
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
