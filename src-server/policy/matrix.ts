import { ALL_CLIENTS, EVERYONE, type Rule } from '../authz/policies.js';
import type { ClientModel, ServerModel } from './types.js';
import { grantLabel, USERLESS_GRANTS } from './engine.js';

/*
 * The access matrix: for one authorization server, which scopes each client × grant type × subject
 * (a group, or a named user) can get, and through which rule. A cell answers a request for that
 * one scope, with the same semantics as `decide` (tested to agree with it). Pure and fast: rules
 * that can apply to a client and grant are found once, and subjects whose matching rules are the
 * same share one computation.
 */

export interface MatrixClient extends ClientModel {
  /** Groups assigned to the app; a member of any of them is assigned. */
  assignedGroupIds: Set<string>;
  /** Users assigned to the app directly. */
  assignedUserIds: Set<string>;
}

export interface MatrixSubject {
  type: 'group' | 'user';
  id: string;
  name: string;
  /** Groups this subject is in (a group subject: itself and Everyone). */
  groupIds: Set<string>;
  /** For users: their status; groups stand for active members. */
  status: string;
}

export interface MatrixInput {
  server: ServerModel;
  clients: MatrixClient[];
  grantTypes: string[];
  subjects: MatrixSubject[];
  /** Scope names to evaluate; default: all of the server's scopes. */
  scopes?: string[];
}

export interface MatrixRuleRef {
  policyId: string;
  policyName: string;
  ruleId: string;
  ruleName: string;
}

/** In `cells`: a rule index (granted through that rule), or one of these codes. */
export const NO_RULE = -1;
export const REFUSED_FOR_GRANT = -2;

export interface MatrixRow {
  clientId: string;
  grantType: string;
  /** Index into `subjects`; -1 for client credentials rows (no user). */
  subject: number;
  /** Set when the whole row is denied before any policy (grant not enabled, not assigned...). */
  denied?: string;
  /** Per scope (same order as `scopes`): a rule index, NO_RULE, or REFUSED_FOR_GRANT. */
  cells: number[];
}

export interface Matrix {
  scopes: string[];
  subjects: { type: 'group' | 'user'; id: string; name: string }[];
  clients: { clientId: string; label: string }[];
  grantTypes: string[];
  rules: MatrixRuleRef[];
  rows: MatrixRow[];
  /** Why a REFUSED_FOR_GRANT cell is refused, per grant type and scope. */
  refusals: Record<string, Record<string, string>>;
}

interface CompiledRule {
  index: number;
  rule: Rule;
  everyone: boolean;
  includeGroups: Set<string>;
  excludeGroups: Set<string>;
  includeUsers: Set<string>;
  excludeUsers: Set<string>;
  anyScope: boolean;
  scopes: Set<string>;
}

export function accessMatrix(input: MatrixInput): Matrix {
  const { server } = input;
  const scopes = input.scopes ?? [...server.scopes.keys()];
  const rules: MatrixRuleRef[] = [];
  const ordered: { policy: ServerModel['policies'][number]; rules: CompiledRule[] }[] = [];
  for (const policy of server.policies) {
    if (policy.status !== 'ACTIVE') continue;
    const active = policy.rules.filter((r) => r.status === 'ACTIVE');
    if (!active.length) continue;
    ordered.push({
      policy,
      rules: active.map((rule) => {
        rules.push({ policyId: policy.id, policyName: policy.name, ruleId: rule.id, ruleName: rule.name });
        const p = rule.conditions.people;
        return {
          index: rules.length - 1,
          rule,
          everyone: p.groups.include.includes(EVERYONE),
          includeGroups: new Set(p.groups.include),
          excludeGroups: new Set(p.groups.exclude),
          includeUsers: new Set(p.users.include),
          excludeUsers: new Set(p.users.exclude),
          anyScope: rule.conditions.scopes.include.includes('*'),
          scopes: new Set(rule.conditions.scopes.include),
        };
      }),
    });
  }

  const refusals: Matrix['refusals'] = {};
  const refusedScopes = (grant: string, client: ClientModel): Map<string, string> => {
    const out = new Map<string, string>();
    for (const s of scopes) {
      const consent = server.scopes.get(s)?.consent;
      if (grant === 'client_credentials' && s === 'openid') out.set(s, "Client credentials tokens cannot carry 'openid'.");
      else if (grant === 'client_credentials' && consent === 'REQUIRED') out.set(s, 'The scope needs user consent, which client credentials cannot give.');
      else if (grant === 'password' && client.consentMethod === 'REQUIRED' && consent === 'REQUIRED') out.set(s, 'The scope needs consent, which the password grant cannot ask for.');
    }
    return out;
  };

  const rows: MatrixRow[] = [];
  for (const client of input.clients) {
    for (const grant of input.grantTypes) {
      const userless = USERLESS_GRANTS.has(grant);
      const rowDenial =
        server.status !== 'ACTIVE' ? 'The authorization server is inactive.'
        : client.status !== 'ACTIVE' ? `"${client.label}" is inactive.`
        : !client.grantTypes.includes(grant) ? `"${client.label}" is not allowed the ${grantLabel(grant)} grant.`
        : undefined;
      const candidates: CompiledRule[] = [];
      if (!rowDenial) {
        for (const { policy, rules: rs } of ordered) {
          const inc = policy.conditions.clients.include;
          if (!inc.includes(ALL_CLIENTS) && !inc.includes(client.clientId)) continue;
          for (const r of rs) if (r.rule.conditions.grantTypes.include.includes(grant)) candidates.push(r);
        }
      }
      const refused = rowDenial ? new Map<string, string>() : refusedScopes(grant, client);
      if (refused.size) {
        const bucket = (refusals[grant] ??= {});
        for (const [s, why] of refused) bucket[s] = why;
      }
      const cellsFor = (matching: CompiledRule[]): number[] =>
        scopes.map((s) => {
          if (refused.has(s)) return REFUSED_FOR_GRANT;
          for (const r of matching) if (r.anyScope || r.scopes.has(s)) return r.index;
          return NO_RULE;
        });
      const empty = () => scopes.map(() => NO_RULE);

      if (userless) {
        rows.push({ clientId: client.clientId, grantType: grant, subject: -1, ...(rowDenial ? { denied: rowDenial, cells: empty() } : { cells: cellsFor(candidates) }) });
        continue;
      }
      // Subjects whose matching rules are the same get the same cells.
      const bySignature = new Map<string, number[]>();
      input.subjects.forEach((subj, si) => {
        if (rowDenial) return rows.push({ clientId: client.clientId, grantType: grant, subject: si, denied: rowDenial, cells: empty() });
        if (subj.status !== 'ACTIVE') return rows.push({ clientId: client.clientId, grantType: grant, subject: si, denied: `${subj.name} is ${subj.status}.`, cells: empty() });
        const assigned =
          (subj.type === 'user' && client.assignedUserIds.has(subj.id)) || [...subj.groupIds].some((g) => client.assignedGroupIds.has(g));
        if (!assigned) return rows.push({ clientId: client.clientId, grantType: grant, subject: si, denied: `${subj.type === 'group' ? `Members of ${subj.name} are` : `${subj.name} is`} not assigned to "${client.label}".`, cells: empty() });
        const matching = candidates.filter((r) => peopleMatch(r, subj));
        const key = matching.map((r) => r.index).join(',');
        let cells = bySignature.get(key);
        if (!cells) bySignature.set(key, (cells = cellsFor(matching)));
        rows.push({ clientId: client.clientId, grantType: grant, subject: si, cells });
      });
    }
  }
  return {
    scopes,
    subjects: input.subjects.map((s) => ({ type: s.type, id: s.id, name: s.name })),
    clients: input.clients.map((c) => ({ clientId: c.clientId, label: c.label })),
    grantTypes: input.grantTypes,
    rules,
    rows,
    refusals,
  };
}

function peopleMatch(r: CompiledRule, s: MatrixSubject): boolean {
  if (s.type === 'user' && r.excludeUsers.has(s.id)) return false;
  for (const g of s.groupIds) if (r.excludeGroups.has(g)) return false;
  if (r.everyone) return true;
  if (s.type === 'user' && r.includeUsers.has(s.id)) return true;
  for (const g of s.groupIds) if (r.includeGroups.has(g)) return true;
  return false;
}
