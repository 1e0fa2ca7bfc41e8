import { z } from 'zod';
import { Errors, type FieldIssue } from '../errors.js';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link } from '../admin/http.js';

export interface Policy {
  id: string;
  authServerId: string;
  type: 'OAUTH_AUTHORIZATION_POLICY';
  name: string;
  description: string;
  priority: number;
  status: 'ACTIVE' | 'INACTIVE';
  system: boolean;
  conditions: { clients: { include: string[] } };
  created: string;
  lastUpdated: string;
}

export interface RuleTokenActions {
  accessTokenLifetimeMinutes: number;
  refreshTokenLifetimeMinutes: number;
  refreshTokenWindowMinutes: number;
  inlineHook?: { id: string };
}

export interface Rule {
  id: string;
  policyId: string;
  authServerId: string;
  type: 'RESOURCE_ACCESS';
  name: string;
  priority: number;
  status: 'ACTIVE' | 'INACTIVE';
  system: boolean;
  conditions: {
    people: { users: { include: string[]; exclude: string[] }; groups: { include: string[]; exclude: string[] } };
    grantTypes: { include: string[] };
    scopes: { include: string[] };
  };
  actions: { token: RuleTokenActions };
  created: string;
  lastUpdated: string;
}

export const ALL_CLIENTS = 'ALL_CLIENTS';
export const EVERYONE = 'EVERYONE';

/** Grant types a rule may name (reference §4.7). `refresh_token` is judged by the grant that began the chain. */
export const RULE_GRANT_TYPES = [
  'authorization_code', 'implicit', 'password', 'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'interaction_code', 'urn:openid:params:grant-type:ciba',
] as const;

/** Lifetime bounds (reference §3.5). */
export const LIFETIME = {
  accessMin: 5,
  accessMax: 1440,
  accessDefault: 60,
  refreshMax: 5 * 525_600,
  windowMin: 10,
  windowMax: 2_628_000,
  windowDefault: 10_080,
} as const;

const policySchema = z.strictObject({
  type: z.literal('OAUTH_AUTHORIZATION_POLICY').optional(),
  name: z.string({ error: blank }).trim().min(1).max(100),
  description: z.string({ error: blank }).trim().min(1).max(255),
  priority: z.number().int().min(1).optional(),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  conditions: z.strictObject({
    clients: z.strictObject({ include: z.array(z.string().min(1)).min(1, 'Select ALL_CLIENTS or at least one client').max(500) }),
  }, { error: blank }),
  id: readOnly, system: readOnly, created: readOnly, lastUpdated: readOnly, _links: readOnly,
});

export interface PolicyInput {
  name: string;
  description: string;
  priority?: number;
  status?: Policy['status'];
  conditions: Policy['conditions'];
}

export function parsePolicy(body: unknown, clientExists: (clientId: string) => boolean): PolicyInput {
  const b = parseBody(policySchema, body);
  const include = [...new Set(b.conditions.clients.include)];
  const issues: FieldIssue[] = [];
  if (include.includes(ALL_CLIENTS) && include.length > 1) {
    issues.push({ field: 'conditions.clients.include', message: 'ALL_CLIENTS cannot be combined with named clients' });
  }
  for (const c of include) {
    if (c !== ALL_CLIENTS && !clientExists(c)) issues.push({ field: 'conditions.clients.include', message: `There is no client with the id '${c}'` });
  }
  if (issues.length) throw Errors.validation(issues);
  return { name: b.name, description: b.description, priority: b.priority, status: b.status, conditions: { clients: { include } } };
}

const idList = z.array(z.string().min(1)).max(1000);
const includeExclude = z.strictObject({ include: idList.optional(), exclude: idList.optional() });

const ruleSchema = z.strictObject({
  type: z.literal('RESOURCE_ACCESS', { error: blank }),
  name: z.string({ error: blank }).trim().min(1).max(100),
  priority: z.number().int().min(1).optional(),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  conditions: z.strictObject({
    people: z.strictObject({ users: includeExclude.optional(), groups: includeExclude.optional() }).optional(),
    grantTypes: z.strictObject({ include: z.array(z.enum(RULE_GRANT_TYPES)).min(1, 'Select at least one grant type') }, { error: blank }),
    scopes: z.strictObject({ include: z.array(z.string().min(1)).min(1, "Select '*' or at least one scope").max(500) }, { error: blank }),
  }, { error: blank }),
  actions: z
    .strictObject({
      token: z
        .strictObject({
          accessTokenLifetimeMinutes: z.number().int().min(LIFETIME.accessMin).max(LIFETIME.accessMax).optional(),
          refreshTokenLifetimeMinutes: z.number().int().min(0).max(LIFETIME.refreshMax).optional(),
          refreshTokenWindowMinutes: z.number().int().min(LIFETIME.windowMin).max(LIFETIME.windowMax).optional(),
          inlineHook: z.strictObject({ id: z.string().min(1) }).nullable().optional(),
        })
        .optional(),
    })
    .optional(),
  id: readOnly, system: readOnly, created: readOnly, lastUpdated: readOnly, _links: readOnly,
});

export interface RuleInput {
  name: string;
  priority?: number;
  status?: Rule['status'];
  conditions: Rule['conditions'];
  actions: Rule['actions'];
}

export interface RuleRefs {
  userExists(id: string): boolean;
  groupExists(id: string): boolean;
  scopeExists(name: string): boolean;
}

export function parseRule(body: unknown, refs: RuleRefs): RuleInput {
  const b = parseBody(ruleSchema, body);
  const issues: FieldIssue[] = [];
  const people = b.conditions.people;
  const users = { include: uniq(people?.users?.include), exclude: uniq(people?.users?.exclude) };
  // A rule with no people condition applies to everyone assigned the app, as Okta's console does.
  // An explicit but empty one names nobody and matches no user (never silently EVERYONE).
  const groups = {
    include: people === undefined || (people.groups === undefined && people.users === undefined) ? [EVERYONE] : uniq(people.groups?.include),
    exclude: uniq(people?.groups?.exclude),
  };
  for (const [field, ids] of [['conditions.people.users.include', users.include], ['conditions.people.users.exclude', users.exclude]] as const) {
    for (const id of ids) if (!refs.userExists(id)) issues.push({ field, message: `There is no user with the id '${id}'` });
  }
  for (const [field, ids] of [['conditions.people.groups.include', groups.include], ['conditions.people.groups.exclude', groups.exclude]] as const) {
    for (const id of ids) if (id !== EVERYONE && !refs.groupExists(id)) issues.push({ field, message: `There is no group with the id '${id}'` });
  }
  if (groups.exclude.includes(EVERYONE)) issues.push({ field: 'conditions.people.groups.exclude', message: 'EVERYONE cannot be excluded' });

  const scopes = uniq(b.conditions.scopes.include);
  if (scopes.includes('*') && scopes.length > 1) issues.push({ field: 'conditions.scopes.include', message: "'*' cannot be combined with named scopes" });
  for (const s of scopes) if (s !== '*' && !refs.scopeExists(s)) issues.push({ field: 'conditions.scopes.include', message: `The scope '${s}' is not defined on this authorization server` });

  const t = b.actions?.token ?? {};
  const access = t.accessTokenLifetimeMinutes ?? LIFETIME.accessDefault;
  const refresh = t.refreshTokenLifetimeMinutes ?? 0;
  const window = t.refreshTokenWindowMinutes ?? (refresh !== 0 ? Math.min(LIFETIME.windowDefault, refresh) : LIFETIME.windowDefault);
  if (refresh !== 0 && refresh < access) {
    issues.push({ field: 'actions.token.refreshTokenLifetimeMinutes', message: 'The refresh token lifetime must be unlimited (0) or at least the access token lifetime' });
  }
  if (window < access) issues.push({ field: 'actions.token.refreshTokenWindowMinutes', message: 'The refresh token window must be at least the access token lifetime' });
  if (refresh !== 0 && window > refresh) issues.push({ field: 'actions.token.refreshTokenWindowMinutes', message: 'The refresh token window cannot be longer than the refresh token lifetime' });
  if (issues.length) throw Errors.validation(issues);

  return {
    name: b.name,
    priority: b.priority,
    status: b.status,
    conditions: { people: { users, groups }, grantTypes: { include: uniq(b.conditions.grantTypes.include) }, scopes: { include: scopes } },
    actions: {
      token: {
        accessTokenLifetimeMinutes: access,
        refreshTokenLifetimeMinutes: refresh,
        refreshTokenWindowMinutes: window,
        ...(t.inlineHook ? { inlineHook: t.inlineHook } : {}),
      },
    },
  };
}

function uniq(a: readonly string[] | undefined): string[] {
  return [...new Set(a ?? [])];
}

function base(org: string, authServerId: string) {
  return `${org}/api/v1/authorizationServers/${authServerId}/policies`;
}

export function policyToWire(p: Policy, org: string) {
  const self = `${base(org, p.authServerId)}/${p.id}`;
  return {
    id: p.id,
    type: p.type,
    status: p.status,
    name: p.name,
    description: p.description,
    priority: p.priority,
    system: p.system,
    conditions: p.conditions,
    created: p.created,
    lastUpdated: p.lastUpdated,
    _links: {
      self: link(self, 'GET', 'PUT', 'DELETE'),
      ...(p.status === 'ACTIVE' ? { deactivate: link(`${self}/lifecycle/deactivate`, 'POST') } : { activate: link(`${self}/lifecycle/activate`, 'POST') }),
      rules: link(`${self}/rules`, 'GET'),
    },
  };
}

export function ruleToWire(r: Rule, org: string) {
  const self = `${base(org, r.authServerId)}/${r.policyId}/rules/${r.id}`;
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    name: r.name,
    priority: r.priority,
    system: r.system,
    conditions: r.conditions,
    actions: r.actions,
    created: r.created,
    lastUpdated: r.lastUpdated,
    _links: {
      self: link(self, 'GET', 'PUT', 'DELETE'),
      ...(r.status === 'ACTIVE' ? { deactivate: link(`${self}/lifecycle/deactivate`, 'POST') } : { activate: link(`${self}/lifecycle/activate`, 'POST') }),
    },
  };
}

/**
 * Okta's priority semantics: `priority` 1 is first; a new or moved item takes the requested place
 * (or the last when none is given, or when the number is past the end) and the others shift.
 * Returns the ids in their new order.
 */
export function placeAt(orderedIds: string[], id: string, priority: number | undefined): string[] {
  const rest = orderedIds.filter((x) => x !== id);
  const index = priority === undefined ? rest.length : Math.min(Math.max(priority - 1, 0), rest.length);
  rest.splice(index, 0, id);
  return rest;
}
