import { describe, expect, test } from 'vitest';
import type { Policy, Rule } from '../../src-renderer/src/api/types.js';
import type { PolicyEntry } from '../../src-renderer/src/screens/auth-server/policies/data.js';
import { buildDiagram } from '../../src-renderer/src/screens/auth-server/policies/diagram-model.js';
import type { PreviewAnswer } from '../../src-renderer/src/screens/auth-server/policies/types.js';
import { covers, duration, shadowedBy } from '../../src-renderer/src/screens/auth-server/policies/words.js';

/* The Access Policies tab's logic: lifetimes in words, rules that can never be reached, and the
 * evaluation diagram's path as the preview's trace describes it. */

function rule(id: string, over: Partial<Rule['conditions']> & { status?: Rule['status'] } = {}): Rule {
  return {
    id, name: `Rule ${id}`, status: over.status ?? 'ACTIVE', priority: 1, system: false,
    conditions: {
      people: over.people ?? { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
      grantTypes: over.grantTypes ?? { include: ['authorization_code'] },
      scopes: over.scopes ?? { include: ['*'] },
    },
    actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
  };
}
const group = (...ids: string[]) => ({ users: { include: [], exclude: [] }, groups: { include: ids, exclude: [] } });
function policy(id: string, priority: number): Policy {
  return { id, name: `Policy ${id}`, status: 'ACTIVE', priority, system: false, conditions: { clients: { include: ['ALL_CLIENTS'] } } };
}

describe('lifetimes in words', () => {
  test('picks the largest whole unit, and says unlimited for 0', () => {
    expect(duration(0)).toBe('unlimited');
    expect(duration(15)).toBe('15 minutes');
    expect(duration(1)).toBe('1 minute');
    expect(duration(60)).toBe('1 hour');
    expect(duration(480)).toBe('8 hours');
    expect(duration(90)).toBe('1 hour 30 minutes');
    expect(duration(10080)).toBe('7 days');
    expect(duration(2_628_000)).toBe('5 years');
  });
});

describe('rules that can never decide', () => {
  test('an earlier rule for everyone, the same grants and any scope covers a later one', () => {
    expect(covers(rule('a'), rule('b', { people: group('g1'), scopes: { include: ['openid'] } }))).toBe(true);
  });
  test('a narrower earlier rule does not', () => {
    expect(covers(rule('a', { people: group('g1') }), rule('b'))).toBe(false);
    expect(covers(rule('a', { scopes: { include: ['openid'] } }), rule('b'))).toBe(false);
    expect(covers(rule('a'), rule('b', { grantTypes: { include: ['authorization_code', 'password'] } }))).toBe(false);
    expect(covers(rule('a', { people: { users: { include: [], exclude: ['u1'] }, groups: { include: ['EVERYONE'], exclude: [] } } }), rule('b'))).toBe(false);
  });
  test('inactive rules neither shadow nor are reported', () => {
    expect([...shadowedBy([rule('a'), rule('b', { people: group('g1') })])]).toEqual([['b', 'Rule a']]);
    expect([...shadowedBy([rule('a', { status: 'INACTIVE' }), rule('b', { people: group('g1') })])]).toEqual([]);
  });
});

describe('the evaluation diagram', () => {
  const entries: PolicyEntry[] = [
    { policy: policy('p1', 1), rules: [rule('r1'), rule('r2')] },
    { policy: policy('p2', 2), rules: [rule('r3'), rule('r4'), rule('r5')] },
    { policy: policy('p3', 3), rules: [rule('r6')] },
  ];
  const answer = (over: Partial<PreviewAnswer>): PreviewAnswer => ({
    result: 'granted',
    decision: null,
    trace: { checks: [{ check: 'server', ok: true, detail: 'ok' }], policies: [], requestedScopes: [], usedDefaultScopes: false },
    ...over,
  });

  test('without a request it shows the order only: policies down, rules across, nothing lit', () => {
    const d = buildDiagram(entries);
    expect(d.columns).toBe(4);
    expect(d.edges.every((e) => !e.lit)).toBe(true);
    const r4 = d.nodes.find((n) => n.id === 'r:r4')!;
    expect([r4.row, r4.col]).toEqual([3, 3]);
    expect(d.nodes.find((n) => n.id === 'result')!.row).toBe(5);
  });

  test('lights the path through a policy whose rules failed, into the next one, down to the matched rule', () => {
    const d = buildDiagram(entries, answer({
      trace: {
        checks: [{ check: 'server', ok: true, detail: 'ok' }],
        requestedScopes: ['openid'],
        usedDefaultScopes: false,
        policies: [
          { policyId: 'p1', name: 'Policy p1', priority: 1, outcome: 'no_rule_matched', reason: 'None matched', rules: [
            { ruleId: 'r1', name: 'Rule r1', priority: 1, outcome: 'people', reason: 'not one of its users' },
            { ruleId: 'r2', name: 'Rule r2', priority: 2, outcome: 'scopes', reason: 'scope' },
          ] },
          { policyId: 'p2', name: 'Policy p2', priority: 2, outcome: 'matched', reason: 'Matched', rules: [
            { ruleId: 'r3', name: 'Rule r3', priority: 1, outcome: 'inactive', reason: 'inactive' },
            { ruleId: 'r4', name: 'Rule r4', priority: 2, outcome: 'matched', reason: 'Matched' },
            { ruleId: 'r5', name: 'Rule r5', priority: 3, outcome: 'not_evaluated', reason: 'Not evaluated: an earlier rule matched.' },
          ] },
          { policyId: 'p3', name: 'Policy p3', priority: 3, outcome: 'not_evaluated', reason: 'Not evaluated: an earlier policy matched.', rules: [] },
        ],
      },
    }));
    const lit = d.edges.filter((e) => e.lit).map((e) => `${e.from}>${e.to}`);
    expect(lit.sort()).toEqual(['start>checks', 'checks>p:p1', 'p:p1>r:r1', 'r:r1>r:r2', 'r:r2>p:p2', 'p:p2>r:r3', 'r:r3>r:r4', 'r:r4>result'].sort());
    const state = (id: string) => d.nodes.find((n) => n.id === id)!.state;
    expect([state('p:p1'), state('r:r1'), state('p:p2'), state('r:r4'), state('r:r5'), state('p:p3'), state('r:r6'), state('result')])
      .toEqual(['passed', 'passed', 'matched', 'matched', 'unreached', 'unreached', 'unreached', 'granted']);
    // The result sits right under the matched rule, before the policies that were never reached.
    const result = d.nodes.find((n) => n.id === 'result')!;
    const r4 = d.nodes.find((n) => n.id === 'r:r4')!;
    expect([result.row, result.col]).toEqual([r4.row + 1, r4.col]);
    expect(d.edges.find((e) => e.to === 'result')!.end).toBe('granted');
    expect(d.nodes.find((n) => n.id === 'r:r6')!.reason).toBe('Not reached: an earlier policy matched.');
  });

  test('a failed check ends the path before any policy', () => {
    const d = buildDiagram(entries, answer({
      result: 'denied',
      error: { error: 'access_denied', error_description: 'User is not assigned to the client application.', status: 403 },
      trace: { checks: [{ check: 'assignment', ok: false, detail: 'not assigned' }], policies: [], requestedScopes: [], usedDefaultScopes: false },
    }));
    expect(d.edges.filter((e) => e.lit).map((e) => `${e.from}>${e.to}`)).toEqual(['start>checks', 'checks>result']);
    expect(d.nodes.find((n) => n.id === 'result')!.state).toBe('denied');
    expect(d.nodes.filter((n) => n.kind === 'policy').every((n) => n.state === 'unreached')).toBe(true);
  });
});
