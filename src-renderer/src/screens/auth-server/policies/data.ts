import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client';
import type { Policy, Rule } from '../../../api/types';

/** A policy with its rules, both in priority order. */
export interface PolicyEntry {
  policy: Policy;
  rules: Rule[];
}

export function policyBody(p: Policy, over: Partial<Policy> = {}) {
  const x = { ...p, ...over };
  return { type: 'OAUTH_AUTHORIZATION_POLICY', name: x.name, description: x.description, priority: x.priority, status: x.status, conditions: x.conditions };
}

export function ruleBody(r: Rule, over: Partial<Rule> = {}) {
  const x = { ...r, ...over };
  return { type: 'RESOURCE_ACCESS', name: x.name, priority: x.priority, status: x.status, conditions: x.conditions, actions: x.actions };
}

function move<T>(list: T[], from: number, to: number): T[] {
  const out = list.slice();
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

function renumber<T extends { priority: number }>(list: T[]): T[] {
  return list.map((x, i) => (x.priority === i + 1 ? x : { ...x, priority: i + 1 }));
}

/**
 * The server's policies and their rules, with the changes this tab makes: each change is shown at
 * once (optimistically), sent in order, then the server's own numbering is read back.
 */
export function usePolicies(asId: string) {
  const base = `/authorizationServers/${encodeURIComponent(asId)}/policies`;
  const [entries, setEntries] = useState<PolicyEntry[] | undefined>();
  const [loadError, setLoadError] = useState<unknown>();
  const [actionError, setActionError] = useState<{ title: string; error: unknown } | undefined>();
  const [loading, setLoading] = useState(true);
  /** Counts the server reads, so views can react to the policies as the server now has them. */
  const [version, setVersion] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const policies = await api<Policy[]>(base);
      const rules = await Promise.all(policies.map((p) => api<Rule[]>(`${base}/${p.id}/rules`)));
      if (gen !== generation.current || pending.current > 0) return;
      setEntries(policies.map((policy, i) => ({ policy, rules: rules[i]! })));
      setLoadError(undefined);
      setVersion((v) => v + 1);
    } catch (e) {
      if (gen === generation.current) setLoadError(e);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [base]);

  useEffect(() => {
    setEntries(undefined);
    void reload();
  }, [reload]);

  /** Runs `send` after the changes before it; on failure says so and reads the server's state back. */
  const enqueue = useCallback(
    (title: string, send: () => Promise<unknown>) => {
      pending.current++;
      setActionError(undefined);
      const run = queue.current.then(send).then(
        () => undefined,
        (error: unknown) => setActionError({ title, error }),
      ).finally(() => {
        pending.current--;
        if (pending.current === 0) void reload();
      });
      queue.current = run;
      return run;
    },
    [reload],
  );

  const movePolicy = useCallback(
    (from: number, to: number) => {
      if (!entries || from === to || to < 0 || to >= entries.length) return;
      const entry = entries[from]!;
      setEntries(renumber(move(entries.map((e) => e.policy), from, to)).map((policy) => ({ policy, rules: entries.find((e) => e.policy.id === policy.id)!.rules })));
      void enqueue(`“${entry.policy.name}” was not moved`, () => api(`${base}/${entry.policy.id}`, { method: 'PUT', body: policyBody(entry.policy, { priority: to + 1 }) }));
    },
    [entries, enqueue, base],
  );

  const moveRule = useCallback(
    (policyId: string, from: number, to: number) => {
      const entry = entries?.find((e) => e.policy.id === policyId);
      if (!entries || !entry || from === to || to < 0 || to >= entry.rules.length) return;
      const rule = entry.rules[from]!;
      setEntries(entries.map((e) => (e === entry ? { ...e, rules: renumber(move(e.rules, from, to)) } : e)));
      void enqueue(`“${rule.name}” was not moved`, () => api(`${base}/${policyId}/rules/${rule.id}`, { method: 'PUT', body: ruleBody(rule, { priority: to + 1 }) }));
    },
    [entries, enqueue, base],
  );

  const setPolicyStatus = useCallback(
    (policy: Policy, active: boolean) => {
      const status = active ? 'ACTIVE' : 'INACTIVE';
      setEntries((es) => es?.map((e) => (e.policy.id === policy.id ? { ...e, policy: { ...e.policy, status } } : e)));
      return enqueue(`“${policy.name}” was not ${active ? 'activated' : 'deactivated'}`, () => api(`${base}/${policy.id}/lifecycle/${active ? 'activate' : 'deactivate'}`, { method: 'POST' }));
    },
    [enqueue, base],
  );

  const setRuleStatus = useCallback(
    (policyId: string, rule: Rule, active: boolean) => {
      const status = active ? 'ACTIVE' : 'INACTIVE';
      setEntries((es) => es?.map((e) => (e.policy.id === policyId ? { ...e, rules: e.rules.map((r) => (r.id === rule.id ? { ...r, status } : r)) } : e)));
      return enqueue(`“${rule.name}” was not ${active ? 'activated' : 'deactivated'}`, () => api(`${base}/${policyId}/rules/${rule.id}/lifecycle/${active ? 'activate' : 'deactivate'}`, { method: 'POST' }));
    },
    [enqueue, base],
  );

  return { entries, version, loading, loadError, actionError, dismissError: () => setActionError(undefined), reload, movePolicy, moveRule, setPolicyStatus, setRuleStatus, base };
}

export type PoliciesModel = ReturnType<typeof usePolicies>;
