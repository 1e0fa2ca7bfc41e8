import type { Store } from '../store/index.js';
import { Errors } from '../errors.js';
import { newId } from '../util/ids.js';
import { generateSigningKey, type NewKey } from '../tokens/keys.js';
import { AUTO_ROTATION_DAYS, type AuthServer, type AuthServerInput } from './servers.js';
import { SYSTEM_SCOPES, type Scope, type ScopeInput } from './scopes.js';
import { SYSTEM_SUB_CLAIM, type Claim, type ClaimInput } from './claims.js';
import type { Policy, PolicyInput, Rule, RuleInput } from './policies.js';

/*
 * Operations on the authorization-server aggregate, shared by the admin API, the seeds and (later)
 * configuration import. Each checks what the data model requires and writes in one transaction.
 */

export function requireServer(store: Store, id: string): AuthServer {
  const s = store.authServers.get(id);
  if (!s) throw Errors.notFound(id, 'AuthorizationServer');
  return s;
}

export async function createAuthServer(store: Store, input: AuthServerInput, now: string, opts: { id?: string; isDefault?: boolean } = {}): Promise<AuthServer> {
  if (store.authServers.nameTaken(input.name)) throw Errors.validation([{ field: 'name', message: 'An object with this field already exists' }]);
  const keys = await Promise.all([generateSigningKey(), generateSigningKey()]);
  return createAuthServerWithKeys(store, input, now, keys as [NewKey, NewKey], opts);
}

/**
 * Creates a server with its ACTIVE and NEXT keys (generated beforehand: key generation is slow and
 * async), its system scopes and its `sub` claim, in one transaction.
 */
export function createAuthServerWithKeys(
  store: Store,
  input: AuthServerInput,
  now: string,
  keys: [NewKey, NewKey],
  opts: { id?: string; isDefault?: boolean } = {},
): AuthServer {
  const server: AuthServer = {
    id: opts.id ?? newId('authServer'),
    ...input,
    status: 'ACTIVE',
    isDefault: opts.isDefault ?? false,
    lastRotated: now,
    created: now,
    lastUpdated: now,
  };
  store.tx(() => {
    if (store.authServers.nameTaken(input.name)) throw Errors.validation([{ field: 'name', message: 'An object with this field already exists' }]);
    store.authServers.insert(server);
    store.authServers.insertKey(server.id, keys[0]!, 'ACTIVE', now);
    store.authServers.insertKey(server.id, keys[1]!, 'NEXT', now);
    for (const s of SYSTEM_SCOPES) {
      store.authServers.putScope({
        id: newId('scope'), authServerId: server.id, name: s.name, displayName: s.displayName, description: s.description,
        consent: 'IMPLICIT', optional: false, default: false, metadataPublish: 'ALL_CLIENTS', system: true,
      });
    }
    store.authServers.putClaim({
      id: newId('claim'), authServerId: server.id, ...SYSTEM_SUB_CLAIM, status: 'ACTIVE', conditions: { scopes: [] }, alwaysIncludeInToken: true, system: true,
    });
  });
  return server;
}

/** Two fresh keys (ACTIVE and NEXT) for a new server, generated in parallel. */
export async function newServerKeys(): Promise<[NewKey, NewKey]> {
  const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  return [a, b];
}

export function replaceAuthServer(store: Store, current: AuthServer, input: AuthServerInput, now: string): AuthServer {
  if (store.authServers.nameTaken(input.name, current.id)) throw Errors.validation([{ field: 'name', message: 'An object with this field already exists' }]);
  const next: AuthServer = { ...current, ...input, lastUpdated: now };
  store.authServers.update(next);
  return next;
}

export function deleteAuthServer(store: Store, server: AuthServer): void {
  if (server.isDefault) {
    throw Errors.validation([{ field: 'id', message: 'The default authorization server cannot be deleted; deactivate it instead' }], 'authorizationServer');
  }
  store.authServers.delete(server.id);
}

export function setServerStatus(store: Store, server: AuthServer, status: AuthServer['status'], now: string): void {
  if (server.status !== status) store.authServers.update({ ...server, status, lastUpdated: now });
}

/** Rotates a server's keys now (`null` = the org authorization server). */
export async function rotateKeys(store: Store, authServerId: string | null, now: string): Promise<void> {
  const fresh: NewKey[] = [await generateSigningKey()];
  if (!store.authServers.hasNextKey(authServerId)) fresh.unshift(await generateSigningKey());
  store.tx(() => {
    const s = authServerId === null ? null : store.authServers.get(authServerId);
    if (authServerId !== null && !s) throw Errors.notFound(authServerId, 'AuthorizationServer');
    store.authServers.rotateKeys(authServerId, fresh, now);
    if (s) store.authServers.update({ ...s, lastRotated: now });
  });
}

/** Rotates the keys of every AUTO server whose rotation is due; returns the ids rotated. */
export async function rotateDueKeys(store: Store, nowMs: number): Promise<string[]> {
  const rotated: string[] = [];
  for (const s of store.authServers.all()) {
    if (s.rotationMode !== 'AUTO') continue;
    if (Date.parse(s.lastRotated) + AUTO_ROTATION_DAYS * 86_400_000 <= nowMs) {
      await rotateKeys(store, s.id, new Date(nowMs).toISOString());
      rotated.push(s.id);
    }
  }
  return rotated;
}

// ---- scopes ----

export function requireScope(store: Store, server: AuthServer, id: string): Scope {
  const s = store.authServers.scope(server.id, id);
  if (!s) throw Errors.notFound(id, 'OAuth2Scope');
  return s;
}

export function putScope(store: Store, server: AuthServer, input: ScopeInput, existing?: Scope): Scope {
  const clash = store.authServers.scopeByName(server.id, input.name);
  if (clash && clash.id !== existing?.id) throw Errors.validation([{ field: 'name', message: 'An object with this field already exists' }]);
  if (existing?.system && input.name !== existing.name) {
    throw Errors.validation([{ field: 'name', message: 'The name of a system scope cannot be changed' }]);
  }
  if (existing && input.name !== existing.name) refuseIfScopeUsed(store, existing, 'renamed');
  const scope: Scope = { ...input, id: existing?.id ?? newId('scope'), authServerId: server.id, system: existing?.system ?? false };
  store.authServers.putScope(scope);
  return scope;
}

export function deleteScope(store: Store, scope: Scope): void {
  if (scope.system) throw Errors.validation([{ field: 'name', message: 'A system scope cannot be deleted' }], 'scope');
  refuseIfScopeUsed(store, scope, 'deleted');
  store.authServers.deleteScope(scope.id);
}

/**
 * A scope named by rules or claims can be neither deleted nor renamed: the rules would name a
 * scope that no longer exists, and a later scope of that name would inherit their grants.
 */
function refuseIfScopeUsed(store: Store, scope: Scope, what: 'deleted' | 'renamed'): void {
  const rules = store.authServers.allRules().filter((r) => r.authServerId === scope.authServerId && r.conditions.scopes.include.includes(scope.name));
  const claims = store.authServers.claims(scope.authServerId).filter((c) => c.conditions.scopes.includes(scope.name));
  if (rules.length || claims.length) {
    const users = [...rules.map((r) => `rule "${r.name}"`), ...claims.map((c) => `claim "${c.name}"`)];
    throw Errors.validation([{ field: 'name', message: `The scope '${scope.name}' cannot be ${what}: it is used by ${users.join(', ')}` }], 'scope');
  }
}

/**
 * Removes a deleted user's, group's or client's id from every rule and policy that names it, in the
 * caller's transaction, so no rule keeps a dangling id (random ids are never reused, but a dangling
 * one breaks a later replace of the rule).
 */
export function forgetReferences(store: Store, kind: 'user' | 'group' | 'client', id: string): void {
  if (kind === 'client') {
    for (const p of store.authServers.allPolicies()) {
      if (p.conditions.clients.include.includes(id)) {
        store.authServers.savePolicyData({ ...p, conditions: { clients: { include: p.conditions.clients.include.filter((c) => c !== id) } } });
      }
    }
    return;
  }
  const key = kind === 'user' ? 'users' : 'groups';
  for (const r of store.authServers.allRules()) {
    const cond = r.conditions.people[key];
    if (cond.include.includes(id) || cond.exclude.includes(id)) {
      const people = { ...r.conditions.people, [key]: { include: cond.include.filter((x) => x !== id), exclude: cond.exclude.filter((x) => x !== id) } };
      store.authServers.saveRuleData({ ...r, conditions: { ...r.conditions, people } });
    }
  }
}

// ---- claims ----

export function requireClaim(store: Store, server: AuthServer, id: string): Claim {
  const c = store.authServers.claim(server.id, id);
  if (!c) throw Errors.notFound(id, 'OAuth2Claim');
  return c;
}

export function putClaim(store: Store, server: AuthServer, input: ClaimInput, existing?: Claim): Claim {
  if (store.authServers.claimNameTaken(server.id, input.claimType, input.name, existing?.id)) {
    throw Errors.validation([{ field: 'name', message: 'An object with this field already exists' }]);
  }
  const claim: Claim = { ...input, id: existing?.id ?? newId('claim'), authServerId: server.id, system: existing?.system ?? false };
  store.authServers.putClaim(claim);
  return claim;
}

export function deleteClaim(store: Store, claim: Claim): void {
  if (claim.system) throw Errors.validation([{ field: 'name', message: 'A system claim cannot be deleted' }], 'claim');
  store.authServers.deleteClaim(claim.id);
}

// ---- policies and rules ----

export function requirePolicy(store: Store, server: AuthServer, id: string): Policy {
  const p = store.authServers.policy(server.id, id);
  if (!p) throw Errors.notFound(id, 'Policy');
  return p;
}

export function putPolicy(store: Store, server: AuthServer, input: PolicyInput, now: string, existing?: Policy): Policy {
  const policy: Policy = {
    id: existing?.id ?? newId('policy'),
    authServerId: server.id,
    type: 'OAUTH_AUTHORIZATION_POLICY',
    name: input.name,
    description: input.description,
    priority: existing?.priority ?? 0,
    status: input.status ?? existing?.status ?? 'ACTIVE',
    system: existing?.system ?? false,
    conditions: input.conditions,
    created: existing?.created ?? now,
    lastUpdated: now,
  };
  return store.tx(() => store.authServers.putPolicy(policy, input.priority));
}

export function setPolicyStatus(store: Store, policy: Policy, status: Policy['status'], now: string): void {
  if (policy.status !== status) store.tx(() => store.authServers.putPolicy({ ...policy, status, lastUpdated: now }, policy.priority));
}

export function deletePolicy(store: Store, policy: Policy): void {
  store.tx(() => store.authServers.deletePolicy(policy));
}

export function requireRule(store: Store, policy: Policy, id: string): Rule {
  const r = store.authServers.rule(policy.id, id);
  if (!r) throw Errors.notFound(id, 'PolicyRule');
  return r;
}

export function putRule(store: Store, policy: Policy, input: RuleInput, now: string, existing?: Rule): Rule {
  const rule: Rule = {
    id: existing?.id ?? newId('rule'),
    policyId: policy.id,
    authServerId: policy.authServerId,
    type: 'RESOURCE_ACCESS',
    name: input.name,
    priority: existing?.priority ?? 0,
    status: input.status ?? existing?.status ?? 'ACTIVE',
    system: existing?.system ?? false,
    conditions: input.conditions,
    actions: input.actions,
    created: existing?.created ?? now,
    lastUpdated: now,
  };
  return store.tx(() => store.authServers.putRule(rule, input.priority));
}

export function setRuleStatus(store: Store, rule: Rule, status: Rule['status'], now: string): void {
  if (rule.status !== status) store.tx(() => store.authServers.putRule({ ...rule, status, lastUpdated: now }, rule.priority));
}

export function deleteRule(store: Store, rule: Rule): void {
  store.tx(() => store.authServers.deleteRule(rule));
}

/** Reference checks a rule body needs, bound to one server. */
export function ruleRefs(store: Store, server: AuthServer) {
  return {
    userExists: (id: string) => !!store.users.get(id),
    groupExists: (id: string) => !!store.groups.get(id),
    scopeExists: (name: string) => !!store.authServers.scopeByName(server.id, name),
  };
}
