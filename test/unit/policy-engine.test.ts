import { describe, expect, test } from 'vitest';
import { decide } from '../../src-server/policy/engine.js';
import { decideOrg } from '../../src-server/policy/org-server.js';
import type {
  CheckTrace, ClientModel, Decision, DecisionRequest, Lifetimes, PolicyOutcome, RuleOutcome, ServerModel, SubjectModel,
} from '../../src-server/policy/types.js';
import type { Rule } from '../../src-server/authz/policies.js';
import type { Scope } from '../../src-server/authz/scopes.js';

/*
 * Table-driven tests of the access-policy decision core against reference §5 (pre-checks, matching,
 * default scopes, consent, refresh tokens, org authorization server) and the error strings of §2.3 /
 * §2.5. Everything is plain data: no store, no HTTP.
 *
 * Ordering: ServerModel documents "policies in priority order" and the loader (store ORDER BY
 * priority) hands rules over in priority order too, so the builders below give priority = position.
 */

// ---------------------------------------------------------------------------------------------
// World builders
// ---------------------------------------------------------------------------------------------

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const ALL_RULE_GRANTS = ['authorization_code', 'implicit', 'password', 'client_credentials', DEVICE];

type PolicyM = ServerModel['policies'][number];

interface World {
  server: ServerModel;
  client: ClientModel;
  subject: SubjectModel | null;
}

const SERVER_ID = 'aus1ordersapi0000000';

function scope(name: string, o: Partial<Scope> = {}): Scope {
  return {
    id: `scp-${name}`,
    authServerId: SERVER_ID,
    name,
    consent: 'IMPLICIT',
    optional: false,
    default: false,
    metadataPublish: 'NO_CLIENTS',
    system: ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso'].includes(name),
    ...o,
  };
}

function scopes(): Map<string, Scope> {
  const list = [
    scope('openid'),
    scope('profile'),
    scope('email'),
    scope('offline_access'),
    scope('orders:read'),
    scope('billing:read'),
    scope('orders:write', { consent: 'REQUIRED', displayName: 'Change your orders' }),
    scope('payments:refund', { consent: 'REQUIRED' }),
    scope('reports:read', { consent: 'FLEXIBLE' }),
  ];
  return new Map(list.map((s) => [s.name, s]));
}

interface RuleOpts {
  status?: 'ACTIVE' | 'INACTIVE';
  grants?: string[];
  scopes?: string[];
  users?: { include?: string[]; exclude?: string[] };
  groups?: { include?: string[]; exclude?: string[] };
  access?: number;
  refresh?: number;
  window?: number;
  hook?: string;
}

/** A RESOURCE_ACCESS rule; by default: active, every grant, EVERYONE, scopes `*`, Okta's default lifetimes. */
function rule(id: string, o: RuleOpts = {}): Rule {
  return {
    id,
    policyId: '',
    authServerId: SERVER_ID,
    type: 'RESOURCE_ACCESS',
    name: `Rule ${id}`,
    priority: 0,
    status: o.status ?? 'ACTIVE',
    system: false,
    conditions: {
      people: {
        users: { include: o.users?.include ?? [], exclude: o.users?.exclude ?? [] },
        groups: { include: o.groups?.include ?? (o.users?.include ? [] : ['EVERYONE']), exclude: o.groups?.exclude ?? [] },
      },
      grantTypes: { include: o.grants ?? ALL_RULE_GRANTS },
      scopes: { include: o.scopes ?? ['*'] },
    },
    actions: {
      token: {
        accessTokenLifetimeMinutes: o.access ?? 60,
        refreshTokenLifetimeMinutes: o.refresh ?? 0,
        refreshTokenWindowMinutes: o.window ?? 10080,
        ...(o.hook ? { inlineHook: { id: o.hook } } : {}),
      },
    },
    created: '2024-01-01T00:00:00.000Z',
    lastUpdated: '2024-01-01T00:00:00.000Z',
  };
}

/** An access policy; by default active and for ALL_CLIENTS. Rules get priority = position. */
function policy(id: string, rules: Rule[], o: { clients?: string[]; status?: 'ACTIVE' | 'INACTIVE' } = {}): PolicyM {
  return {
    id,
    authServerId: SERVER_ID,
    type: 'OAUTH_AUTHORIZATION_POLICY',
    name: `Policy ${id}`,
    description: `Policy ${id}`,
    priority: 0,
    status: o.status ?? 'ACTIVE',
    system: false,
    conditions: { clients: { include: o.clients ?? ['ALL_CLIENTS'] } },
    created: '2024-01-01T00:00:00.000Z',
    lastUpdated: '2024-01-01T00:00:00.000Z',
    rules: rules.map((r, i) => ({ ...r, policyId: id, priority: i + 1 })),
  };
}

const CLIENT_ID = '0oaordersweb00000000';
const LABEL = 'Orders Web';

function client(): ClientModel {
  return {
    appId: CLIENT_ID,
    clientId: CLIENT_ID,
    label: LABEL,
    status: 'ACTIVE',
    applicationType: 'web',
    grantTypes: ['authorization_code', 'refresh_token', 'implicit', 'password', 'client_credentials', DEVICE],
    responseTypes: ['code', 'token', 'id_token'],
    consentMethod: 'TRUSTED',
    profile: {},
  };
}

const G = {
  everyone: { id: '00geveryone000000000', name: 'Everyone', type: 'BUILT_IN' as const },
  eng: { id: '00gengineering000000', name: 'Engineering', type: 'OKTA_GROUP' as const },
  mgr: { id: '00gmanagers000000000', name: 'Managers', type: 'OKTA_GROUP' as const },
  con: { id: '00gcontractors000000', name: 'Contractors', type: 'OKTA_GROUP' as const },
};
const ALICE = '00ualice000000000000';
const BOB = '00ubob00000000000000';

function user(who: 'alice' | 'bob'): SubjectModel {
  const login = `${who}@example.com`;
  return {
    id: who === 'alice' ? ALICE : BOB,
    status: 'ACTIVE',
    login,
    profile: { login, email: login, firstName: who, lastName: 'Example' },
    lastUpdated: '2024-01-01T00:00:00.000Z',
    groups: who === 'alice' ? [G.everyone, G.eng, G.mgr] : [G.everyone, G.con],
    assigned: true,
    appUserName: login,
    appUserProfile: {},
  };
}

function world(c: Case): World {
  const policies = (c.policies ?? [policy('P1', [rule('R1')])]).map((p, i) => ({ ...p, priority: i + 1 }));
  const w: World = {
    server: {
      id: SERVER_ID,
      name: 'Orders API',
      status: 'ACTIVE',
      audience: 'api://orders',
      issuer: `http://127.0.0.1:8080/oauth2/${SERVER_ID}`,
      scopes: scopes(),
      claims: [],
      policies,
    },
    client: client(),
    subject: c.user === null ? null : user(c.user ?? 'alice'),
  };
  c.setup?.(w);
  return w;
}

const setDefaults = (...names: string[]) => (w: World) => {
  for (const n of names) w.server.scopes.get(n)!.default = true;
};

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

type TraceRow = [policyId: string, outcome: PolicyOutcome, rules: [ruleId: string, outcome: RuleOutcome][]];

type Want =
  | {
      ok: true;
      scopes: string[];
      policy: string | null;
      rule: string | null;
      lifetimes?: Lifetimes;
      refreshToken: boolean;
      consent: string[];
      usedDefaults?: boolean;
      inlineHook?: { id: string };
    }
  | { ok: false; error: string; description: string; status: number; reason?: string };

interface Case {
  name: string;
  engine?: 'custom' | 'org';
  /** Default: one ALL_CLIENTS policy P1 with one EVERYONE / every grant / `*` rule R1. */
  policies?: PolicyM[];
  /** Default alice; null = no user. */
  user?: 'alice' | 'bob' | null;
  setup?: (w: World) => void;
  req: DecisionRequest;
  want: Want;
  /** Outcome of every policy and rule considered, in order. */
  trace: TraceRow[];
  /** Substrings each named policy's or rule's reason must contain. */
  reasons?: Record<string, string[]>;
  /** The pre-check that failed (the last check in the trace), and words its detail must contain. */
  check?: { check: CheckTrace['check']; detail?: string[] };
}

const DEFAULT_LIFETIMES: Lifetimes = { accessTokenMinutes: 60, refreshTokenMinutes: 0, refreshWindowMinutes: 10080, idTokenMinutes: 60 };
const ORG_LIFETIMES: Lifetimes = { accessTokenMinutes: 60, refreshTokenMinutes: 90 * 24 * 60, refreshWindowMinutes: 0, idTokenMinutes: 60 };

const code = (scopes?: string[], extra: Partial<DecisionRequest> = {}): DecisionRequest => ({
  grantType: 'authorization_code',
  responseType: 'code',
  ...(scopes ? { scopes } : {}),
  ...extra,
});
const password = (scopes?: string[]): DecisionRequest => ({ grantType: 'password', ...(scopes ? { scopes } : {}) });
const cc = (scopes?: string[]): DecisionRequest => ({ grantType: 'client_credentials', ...(scopes ? { scopes } : {}) });

const NO_MATCH = {
  ok: false as const,
  error: 'access_denied',
  description: 'Policy evaluation failed for this request, please check the policy configurations.',
  // Reference §2.5/§11: the catalog lists 401, "unconfirmed whether 400 or 401 in practice";
  // §2.3 delivers it as a redirect. The engine chose 400: asserted as its choice.
  status: 400,
  reason: 'no_matching_policy',
};
const UNKNOWN_SCOPE = { ok: false as const, error: 'invalid_scope', description: 'One or more scopes are not configured for the authorization server resource.', status: 400 };
const ok = (scopes: string[], more: Partial<Extract<Want, { ok: true }>> = {}): Want => ({
  ok: true, scopes, policy: 'P1', rule: 'R1', refreshToken: false, consent: [], ...more,
});
const MATCHED: TraceRow[] = [['P1', 'matched', [['R1', 'matched']]]];

const cases: Case[] = [
  // ---- §5.2 priority order, first match wins ----
  {
    name: 'match: one ALL_CLIENTS / EVERYONE / * rule grants the requested scopes with its lifetimes',
    req: code(['openid', 'profile', 'orders:read']),
    want: ok(['openid', 'profile', 'orders:read'], { lifetimes: DEFAULT_LIFETIMES }),
    trace: MATCHED,
    reasons: { R1: ['Authorization Code'] },
  },
  {
    name: 'priority: the first matching rule wins and a later matching rule is not_evaluated',
    policies: [policy('P1', [rule('R1', { access: 15 }), rule('R2', { access: 30 })])],
    req: code(['openid']),
    want: ok(['openid'], { lifetimes: { ...DEFAULT_LIFETIMES, accessTokenMinutes: 15 } }),
    trace: [['P1', 'matched', [['R1', 'matched'], ['R2', 'not_evaluated']]]],
    reasons: { P1: ['Rule R1'], R2: ['earlier rule'] },
  },
  {
    name: 'priority: a rule that does not match hands over to the next rule of the same policy',
    policies: [policy('P1', [rule('R1', { scopes: ['openid'] }), rule('R2', { access: 30 }), rule('R3')])],
    req: code(['openid', 'orders:read']),
    want: ok(['openid', 'orders:read'], { rule: 'R2', lifetimes: { ...DEFAULT_LIFETIMES, accessTokenMinutes: 30 } }),
    trace: [['P1', 'matched', [['R1', 'scopes'], ['R2', 'matched'], ['R3', 'not_evaluated']]]],
    reasons: { R1: ['orders:read'] },
  },
  {
    name: 'priority: the first matching policy wins and a later matching policy is not_evaluated',
    policies: [policy('P1', [rule('R1')]), policy('P2', [rule('R2')])],
    req: code(['openid']),
    want: ok(['openid']),
    trace: [['P1', 'matched', [['R1', 'matched']]], ['P2', 'not_evaluated', []]],
    reasons: { P2: ['earlier policy'] },
  },
  {
    name: 'priority: a policy whose rules do not match hands over to the next policy',
    policies: [policy('P1', [rule('R1', { grants: ['client_credentials'] })]), policy('P2', [rule('R2', { access: 120 })]), policy('P3', [rule('R3')])],
    req: code(['openid']),
    want: ok(['openid'], { policy: 'P2', rule: 'R2', lifetimes: { ...DEFAULT_LIFETIMES, accessTokenMinutes: 120 } }),
    trace: [['P1', 'no_rule_matched', [['R1', 'grant_type']]], ['P2', 'matched', [['R2', 'matched']]], ['P3', 'not_evaluated', []]],
    reasons: { P1: ['next policy'], R1: ['Authorization Code'] },
  },
  {
    name: 'no match: no rule of any policy matches → no_matching_policy',
    policies: [policy('P1', [rule('R1', { grants: ['password'] })]), policy('P2', [rule('R2', { scopes: ['profile'] })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'grant_type']]], ['P2', 'no_rule_matched', [['R2', 'scopes']]]],
    reasons: { R1: ['Authorization Code'], R2: ['openid'] },
  },
  {
    name: 'no match: a server with no policies at all → no_matching_policy',
    policies: [],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [],
  },
  {
    name: 'match decides: lifetimes and the token inline hook come from the matched rule',
    policies: [policy('P1', [rule('R1', { access: 30, refresh: 1440, window: 720, hook: 'cal1inlinehook000000' })])],
    req: code(['openid']),
    want: ok(['openid'], {
      lifetimes: { accessTokenMinutes: 30, refreshTokenMinutes: 1440, refreshWindowMinutes: 720, idTokenMinutes: 60 },
      inlineHook: { id: 'cal1inlinehook000000' },
    }),
    trace: MATCHED,
  },

  // ---- §5.2 inactive policies and rules ----
  {
    name: 'inactive: an inactive policy is skipped even though its rule would match',
    policies: [policy('P1', [rule('R1')], { status: 'INACTIVE' }), policy('P2', [rule('R2')])],
    req: code(['openid']),
    want: ok(['openid'], { policy: 'P2', rule: 'R2' }),
    trace: [['P1', 'inactive', []], ['P2', 'matched', [['R2', 'matched']]]],
    reasons: { P1: ['inactive'] },
  },
  {
    name: 'inactive: an inactive rule is skipped and the next rule matches',
    policies: [policy('P1', [rule('R1', { status: 'INACTIVE', access: 5 }), rule('R2')])],
    req: code(['openid']),
    want: ok(['openid'], { rule: 'R2', lifetimes: DEFAULT_LIFETIMES }),
    trace: [['P1', 'matched', [['R1', 'inactive'], ['R2', 'matched']]]],
    reasons: { R1: ['inactive'] },
  },
  {
    name: 'inactive: a policy whose rules are all inactive is skipped as no_active_rules',
    policies: [policy('P1', [rule('R1', { status: 'INACTIVE' }), rule('R1b', { status: 'INACTIVE' })]), policy('P2', [rule('R2')])],
    req: code(['openid']),
    want: ok(['openid'], { policy: 'P2', rule: 'R2' }),
    trace: [['P1', 'no_active_rules', []], ['P2', 'matched', [['R2', 'matched']]]],
    reasons: { P1: ['no active rules'] },
  },
  {
    name: 'inactive: a policy with no rules at all is skipped as no_active_rules',
    policies: [policy('P1', []), policy('P2', [rule('R2')])],
    req: code(['openid']),
    want: ok(['openid'], { policy: 'P2', rule: 'R2' }),
    trace: [['P1', 'no_active_rules', []], ['P2', 'matched', [['R2', 'matched']]]],
  },
  {
    name: 'inactive: the no-active-rules skip comes before the client condition',
    policies: [policy('P1', [rule('R1', { status: 'INACTIVE' })], { clients: ['0oaanotherclient0000'] }), policy('P2', [rule('R2')])],
    req: code(['openid']),
    want: ok(['openid'], { policy: 'P2', rule: 'R2' }),
    trace: [['P1', 'no_active_rules', []], ['P2', 'matched', [['R2', 'matched']]]],
  },
  {
    name: 'inactive: every policy inactive → no_matching_policy',
    policies: [policy('P1', [rule('R1')], { status: 'INACTIVE' }), policy('P2', [rule('R2')], { status: 'INACTIVE' })],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'inactive', []], ['P2', 'inactive', []]],
  },

  // ---- §5.2 clients ----
  {
    name: 'clients: ALL_CLIENTS applies to any client id',
    setup: (w) => {
      w.client.clientId = '0oaanyotherclient000';
      w.client.appId = '0oaanyotherclient000';
    },
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: 'clients: a policy naming this client (among others) applies',
    policies: [policy('P1', [rule('R1')], { clients: ['0oaanotherclient0000', CLIENT_ID] })],
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: "clients: a policy naming only other clients is skipped as client (reason names the client's label)",
    policies: [policy('P1', [rule('R1')], { clients: ['0oaanotherclient0000'] }), policy('P2', [rule('R2')])],
    req: code(['openid']),
    want: ok(['openid'], { policy: 'P2', rule: 'R2' }),
    trace: [['P1', 'client', []], ['P2', 'matched', [['R2', 'matched']]]],
    reasons: { P1: [LABEL] },
  },
  {
    name: 'clients: the only policy is for another client → no_matching_policy',
    policies: [policy('P1', [rule('R1')], { clients: ['0oaanotherclient0000'] })],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'client', []]],
    reasons: { P1: [LABEL] },
  },

  // ---- §5.2 people ----
  {
    name: 'people: EVERYONE matches any assigned user',
    user: 'bob',
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: 'people: users.include matches the listed user',
    policies: [policy('P1', [rule('R1', { users: { include: [ALICE] } })])],
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: "people: users.include does not match another user (reason names the user's login)",
    user: 'bob',
    policies: [policy('P1', [rule('R1', { users: { include: [ALICE] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people']]]],
    reasons: { R1: ['bob@example.com'] },
  },
  {
    name: 'people: groups.include matches a member',
    policies: [policy('P1', [rule('R1', { groups: { include: [G.eng.id] } })])],
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: 'people: groups.include does not match a non-member, and the next rule is tried',
    user: 'bob',
    policies: [policy('P1', [rule('R1', { groups: { include: [G.eng.id] } }), rule('R2', { groups: { include: [G.con.id] } })])],
    req: code(['openid']),
    want: ok(['openid'], { rule: 'R2' }),
    trace: [['P1', 'matched', [['R1', 'people'], ['R2', 'matched']]]],
    reasons: { R1: ['bob@example.com'] },
  },
  {
    name: 'people: users.include OR groups.include — matched through the user list',
    user: 'bob',
    policies: [policy('P1', [rule('R1', { users: { include: [BOB] }, groups: { include: [G.eng.id] } })])],
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: 'people: users.include OR groups.include — matched through the group list',
    policies: [policy('P1', [rule('R1', { users: { include: [BOB] }, groups: { include: [G.eng.id] } })])],
    req: code(['openid']),
    want: ok(['openid']),
    trace: MATCHED,
  },
  {
    name: 'people: users.exclude overrides EVERYONE',
    policies: [policy('P1', [rule('R1', { users: { exclude: [ALICE] }, groups: { include: ['EVERYONE'] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people']]]],
    reasons: { R1: ['alice@example.com'] },
  },
  {
    name: 'people: users.exclude overrides users.include',
    policies: [policy('P1', [rule('R1', { users: { include: [ALICE], exclude: [ALICE] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people']]]],
    reasons: { R1: ['alice@example.com'] },
  },
  {
    name: 'people: groups.exclude overrides groups.include (reason names the login and the excluded group)',
    policies: [policy('P1', [rule('R1', { groups: { include: [G.eng.id], exclude: [G.mgr.id] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people']]]],
    reasons: { R1: ['alice@example.com', 'Managers'] },
  },
  {
    name: 'people: groups.exclude overrides EVERYONE',
    user: 'bob',
    policies: [policy('P1', [rule('R1', { groups: { include: ['EVERYONE'], exclude: [G.con.id] } }), rule('R2', { users: { include: [ALICE] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people'], ['R2', 'people']]]],
    reasons: { R1: ['bob@example.com', 'Contractors'], R2: ['bob@example.com'] },
  },
  {
    name: 'people: groups.exclude overrides users.include',
    policies: [policy('P1', [rule('R1', { users: { include: [ALICE] }, groups: { include: [], exclude: [G.eng.id] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people']]]],
    reasons: { R1: ['alice@example.com', 'Engineering'] },
  },
  {
    name: 'people: a rule including nobody matches no user',
    policies: [policy('P1', [rule('R1', { users: { include: [] }, groups: { include: [] } })])],
    req: code(['openid']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'people']]]],
    reasons: { R1: ['alice@example.com'] },
  },

  // ---- §5.2 scope allowlists ----
  {
    name: 'scopes: every requested scope listed in the rule → match',
    policies: [policy('P1', [rule('R1', { scopes: ['openid', 'profile', 'orders:read'] })])],
    req: code(['openid', 'orders:read']),
    want: ok(['openid', 'orders:read']),
    trace: MATCHED,
  },
  {
    name: 'scopes: openid profile email against a rule allowing openid profile offline_access → no partial grant, no_matching_policy',
    policies: [policy('P1', [rule('R1', { scopes: ['openid', 'profile', 'offline_access'] })])],
    req: code(['openid', 'profile', 'email']),
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'scopes']]]],
    reasons: { R1: ['email'] },
  },
  {
    name: 'scopes: the scope-denied reason names every missing scope',
    policies: [policy('P1', [rule('R1', { scopes: ['openid'] })]), policy('P2', [rule('R2')])],
    req: code(['openid', 'orders:read', 'billing:read']),
    want: ok(['openid', 'orders:read', 'billing:read'], { policy: 'P2', rule: 'R2' }),
    trace: [['P1', 'no_rule_matched', [['R1', 'scopes']]], ['P2', 'matched', [['R2', 'matched']]]],
    reasons: { R1: ['orders:read', 'billing:read'] },
  },
  {
    name: "scopes: '*' allows any scope defined on the server",
    req: code(['openid', 'profile', 'email', 'orders:read', 'billing:read']),
    want: ok(['openid', 'profile', 'email', 'orders:read', 'billing:read']),
    trace: MATCHED,
  },
  {
    name: 'scopes: a scope unknown to the server → invalid_scope before any policy',
    req: code(['openid', 'nope:read']),
    want: UNKNOWN_SCOPE,
    trace: [],
    check: { check: 'scopes', detail: ['nope:read'] },
  },
  {
    name: 'scopes: the unknown-scope pre-check comes before the user assignment pre-check',
    setup: (w) => {
      w.subject!.assigned = false;
    },
    req: code(['nope:read']),
    want: UNKNOWN_SCOPE,
    trace: [],
    check: { check: 'scopes' },
  },
  {
    // The reference is silent on repeated scope names; the engine de-duplicates them.
    name: 'scopes: a scope named twice is granted once (engine choice)',
    req: code(['openid', 'openid', 'orders:read']),
    want: ok(['openid', 'orders:read']),
    trace: MATCHED,
  },

  // ---- §5.5 default scopes ----
  {
    name: 'default scopes: no scope parameter → the default scopes the rule permits (the rule filters)',
    user: null,
    setup: setDefaults('orders:read', 'billing:read'),
    policies: [policy('P1', [rule('R1', { grants: ['client_credentials'], scopes: ['orders:read'] })])],
    req: cc(),
    want: ok(['orders:read'], { usedDefaults: true }),
    trace: MATCHED,
  },
  {
    name: "default scopes: a '*' rule grants every default scope",
    setup: setDefaults('orders:read', 'billing:read'),
    req: code(undefined),
    want: ok(['orders:read', 'billing:read'], { usedDefaults: true }),
    trace: MATCHED,
  },
  {
    // §5.5: exact matching with defaults is unconfirmed. The engine treats a rule permitting none of
    // the defaults as not matching (reason names the defaults) and goes on.
    name: 'default scopes: a rule permitting none of the defaults does not match; the next one filters them',
    user: null,
    setup: setDefaults('orders:read', 'billing:read'),
    policies: [policy('P1', [rule('R1', { scopes: ['profile'] }), rule('R2', { scopes: ['billing:read', 'profile'] })])],
    req: cc(),
    want: ok(['billing:read'], { rule: 'R2', usedDefaults: true }),
    trace: [['P1', 'matched', [['R1', 'scopes'], ['R2', 'matched']]]],
    reasons: { R1: ['orders:read', 'billing:read'] },
  },
  {
    name: 'default scopes: no scope parameter and no default scopes → invalid_scope',
    req: cc(),
    user: null,
    want: {
      ok: false,
      error: 'invalid_scope',
      description: "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      status: 400,
    },
    trace: [],
    check: { check: 'scopes' },
  },
  {
    name: 'default scopes: an empty scope list is not a missing one → "No scopes were requested."',
    setup: setDefaults('orders:read'),
    req: password([]),
    want: { ok: false, error: 'invalid_scope', description: 'No scopes were requested.', status: 400 },
    trace: [],
    check: { check: 'scopes' },
  },

  // ---- §5.1 pre-checks ----
  {
    // Reference §11: the behaviour for a deactivated custom AS is unconfirmed; engine's choice asserted.
    name: 'pre-check: an inactive authorization server is refused before anything else',
    setup: (w) => {
      w.server.status = 'INACTIVE';
      w.client.status = 'INACTIVE';
    },
    req: code(['openid']),
    want: { ok: false, error: 'invalid_request', description: `The authorization server '${SERVER_ID}' is not active.`, status: 400, reason: 'inactive_authorization_server' },
    trace: [],
    check: { check: 'server', detail: ['Orders API'] },
  },
  {
    // §2.3: "unknown/inactive client_id" → invalid_client "Invalid value for 'client_id' parameter."
    // (§2.2 gives the same string with HTTP 401 at the token endpoint).
    name: "pre-check: an inactive client → invalid_client \"Invalid value for 'client_id' parameter.\"",
    setup: (w) => {
      w.client.status = 'INACTIVE';
    },
    req: code(['openid']),
    want: { ok: false, error: 'invalid_client', description: "Invalid value for 'client_id' parameter.", status: 401 },
    trace: [],
    check: { check: 'client', detail: [LABEL] },
  },
  {
    name: 'pre-check: a grant type not enabled on the app → unauthorized_client listing the configured grant types',
    setup: (w) => {
      w.client.grantTypes = ['authorization_code', 'refresh_token'];
    },
    req: password(['openid']),
    want: {
      ok: false,
      error: 'unauthorized_client',
      description: 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].',
      status: 400,
    },
    trace: [],
    check: { check: 'grant_type', detail: ['Resource Owner Password'] },
  },
  {
    name: 'pre-check: a response type not allowed for the app → unsupported_response_type',
    setup: (w) => {
      w.client.responseTypes = ['code'];
    },
    req: { grantType: 'implicit', responseType: 'id_token token', scopes: ['openid'] },
    want: {
      ok: false,
      error: 'unsupported_response_type',
      description: 'The response type is not supported by the authorization server. Configured response types: [code].',
      status: 400,
    },
    trace: [],
    check: { check: 'response_type', detail: ['id_token token'] },
  },
  {
    // §5.1 requires an ACTIVE user but gives no string for an inactive one (its parenthesis covers
    // assignment); the engine's access_denied "User is not active." is asserted as its choice.
    name: 'pre-check: a SUSPENDED user is refused before any policy',
    setup: (w) => {
      w.subject!.status = 'SUSPENDED';
    },
    req: code(['openid']),
    want: { ok: false, error: 'access_denied', description: 'User is not active.', status: 400, reason: 'inactive_user' },
    trace: [],
    check: { check: 'user', detail: ['alice@example.com', 'SUSPENDED'] },
  },
  {
    name: 'pre-check: a DEPROVISIONED user on refresh is refused before any policy',
    setup: (w) => {
      w.subject!.status = 'DEPROVISIONED';
    },
    req: { grantType: 'refresh_token', originalGrantType: 'password', scopes: ['openid'] },
    want: { ok: false, error: 'access_denied', description: 'User is not active.', status: 400, reason: 'inactive_user' },
    trace: [],
    check: { check: 'user', detail: ['DEPROVISIONED'] },
  },
  {
    name: 'pre-check: an unassigned user is refused before any policy — EVERYONE does not bypass assignment',
    setup: (w) => {
      w.subject!.assigned = false;
    },
    req: code(['openid']),
    want: { ok: false, error: 'access_denied', description: 'User is not assigned to the client application.', status: 400, reason: 'user_not_assigned' },
    trace: [],
    check: { check: 'assignment', detail: ['alice@example.com', LABEL] },
  },
  {
    name: 'pre-check: an unassigned user of the password grant is refused as well',
    user: 'bob',
    setup: (w) => {
      w.subject!.assigned = false;
    },
    policies: [policy('P1', [rule('R1', { users: { include: [BOB] } })])],
    req: password(['openid']),
    want: { ok: false, error: 'access_denied', description: 'User is not assigned to the client application.', status: 400, reason: 'user_not_assigned' },
    trace: [],
    check: { check: 'assignment', detail: ['bob@example.com'] },
  },
  {
    // The reference has no string for a user grant without a user (a caller error); engine's choice.
    name: 'pre-check: a user grant without a user → invalid_request (engine choice)',
    user: null,
    req: code(['openid']),
    want: { ok: false, error: 'invalid_request', description: 'A user is required for this grant type.', status: 400 },
    trace: [],
    check: { check: 'user' },
  },
  {
    name: 'client credentials: no user needed, and a rule that includes nobody still matches (people condition skipped)',
    user: null,
    policies: [policy('P1', [rule('R1', { grants: ['client_credentials'], users: { include: [] }, groups: { include: [] }, scopes: ['orders:read'] })])],
    req: cc(['orders:read']),
    want: ok(['orders:read']),
    trace: MATCHED,
  },
  {
    name: 'client credentials: no assignment check and no people condition even if a user is passed',
    user: 'bob',
    setup: (w) => {
      w.subject!.assigned = false;
      w.subject!.status = 'SUSPENDED';
    },
    policies: [policy('P1', [rule('R1', { grants: ['client_credentials'], users: { exclude: [BOB] }, groups: { include: [] } })])],
    req: cc(['orders:read']),
    want: ok(['orders:read']),
    trace: MATCHED,
  },
  {
    name: "client credentials: 'openid' → invalid_scope \"Cannot request 'openid' scopes using client credentials.\"",
    user: null,
    req: cc(['openid', 'orders:read']),
    want: { ok: false, error: 'invalid_scope', description: "Cannot request 'openid' scopes using client credentials.", status: 400 },
    trace: [],
    check: { check: 'scopes' },
  },
  {
    name: 'client credentials: REQUIRED-consent scopes → consent_required listing them',
    user: null,
    req: cc(['orders:read', 'orders:write', 'payments:refund']),
    want: {
      ok: false,
      error: 'consent_required',
      description: 'The following scopes require user consent and cannot be granted for the client credentials grant type: [orders:write, payments:refund].',
      status: 400,
    },
    trace: [],
    check: { check: 'scopes', detail: ['orders:write', 'payments:refund'] },
  },
  {
    name: 'client credentials: FLEXIBLE-consent scopes are granted silently',
    user: null,
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: cc(['reports:read']),
    want: ok(['reports:read']),
    trace: MATCHED,
  },
  {
    name: 'password grant: consent_method REQUIRED with REQUIRED-consent scopes → consent_required listing them',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: password(['openid', 'orders:write', 'reports:read', 'payments:refund']),
    want: {
      ok: false,
      error: 'consent_required',
      description:
        "The following scopes require user consent: [orders:write, payments:refund]. To access protected scopes using the resource owner password grant type, please uncheck 'Require consent' in the app settings or set the 'consent_method' to 'TRUSTED' through the apps API.",
      status: 400,
    },
    trace: [],
    check: { check: 'scopes', detail: ['orders:write', 'payments:refund'] },
  },
  {
    name: "password grant: consent_method TRUSTED lets REQUIRED-consent scopes through (the error's own advice)",
    req: password(['openid', 'orders:write']),
    want: ok(['openid', 'orders:write']),
    trace: MATCHED,
  },

  // ---- §5.7 refresh tokens are judged by the grant that began the chain ----
  {
    name: 'refresh: judged with originalGrantType — a password-only rule matches a refresh of a password chain',
    policies: [policy('P1', [rule('R1', { grants: ['authorization_code'] }), rule('R2', { grants: ['password'], access: 10 })])],
    req: { grantType: 'refresh_token', originalGrantType: 'password', scopes: ['openid', 'offline_access'] },
    want: ok(['openid', 'offline_access'], { rule: 'R2', refreshToken: true, lifetimes: { ...DEFAULT_LIFETIMES, accessTokenMinutes: 10 } }),
    trace: [['P1', 'matched', [['R1', 'grant_type'], ['R2', 'matched']]]],
    reasons: { R1: ['Resource Owner Password'] },
  },
  {
    name: 'refresh: a code chain no longer allowed by any rule → no_matching_policy',
    policies: [policy('P1', [rule('R1', { grants: ['password'] })])],
    req: { grantType: 'refresh_token', originalGrantType: 'authorization_code', scopes: ['openid', 'offline_access'] },
    want: NO_MATCH,
    trace: [['P1', 'no_rule_matched', [['R1', 'grant_type']]]],
    reasons: { R1: ['Authorization Code'] },
  },
  {
    name: 'refresh: the refresh_token grant itself must be enabled on the app',
    setup: (w) => {
      w.client.grantTypes = ['authorization_code'];
    },
    req: { grantType: 'refresh_token', originalGrantType: 'authorization_code', scopes: ['openid', 'offline_access'] },
    want: {
      ok: false,
      error: 'unauthorized_client',
      description: 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code].',
      status: 400,
    },
    trace: [],
    check: { check: 'grant_type' },
  },
  {
    // The consent screen belongs to /authorize; a refresh never asks for consent again.
    name: 'refresh: no consent screen on refresh even for a REQUIRED-consent app and scope',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: { grantType: 'refresh_token', originalGrantType: 'authorization_code', scopes: ['openid', 'orders:write', 'offline_access'] },
    want: ok(['openid', 'orders:write', 'offline_access'], { refreshToken: true }),
    trace: MATCHED,
  },

  // ---- §5.6 consent table ----
  {
    name: 'consent row 1: prompt=consent, TRUSTED, REQUIRED scope → shown',
    req: code(['openid', 'orders:write'], { prompt: ['consent'] }),
    want: ok(['openid', 'orders:write'], { consent: ['orders:write'] }),
    trace: MATCHED,
  },
  {
    name: 'consent row 1: prompt=consent, REQUIRED, REQUIRED scope → shown',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:write'], { prompt: ['consent'] }),
    want: ok(['openid', 'orders:write'], { consent: ['orders:write'] }),
    trace: MATCHED,
  },
  {
    name: 'consent row 2: prompt=consent, TRUSTED, FLEXIBLE scope → shown',
    req: code(['openid', 'reports:read'], { prompt: ['consent'] }),
    want: ok(['openid', 'reports:read'], { consent: ['reports:read'] }),
    trace: MATCHED,
  },
  {
    name: 'consent row 2: prompt=consent, REQUIRED, FLEXIBLE scope → shown',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'reports:read'], { prompt: ['login', 'consent'] }),
    want: ok(['openid', 'reports:read'], { consent: ['reports:read'] }),
    trace: MATCHED,
  },
  {
    name: 'consent row 3: prompt=consent, TRUSTED, IMPLICIT scopes → not shown',
    req: code(['openid', 'orders:read'], { prompt: ['consent'] }),
    want: ok(['openid', 'orders:read']),
    trace: MATCHED,
  },
  {
    name: 'consent row 4: no prompt=consent, TRUSTED, any scope → not shown',
    req: code(['openid', 'orders:write', 'reports:read', 'orders:read'], { prompt: ['login'] }),
    want: ok(['openid', 'orders:write', 'reports:read', 'orders:read']),
    trace: MATCHED,
  },
  {
    name: 'consent row 5: no prompt, REQUIRED, REQUIRED and FLEXIBLE scopes → shown',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:write', 'orders:read', 'reports:read']),
    want: ok(['openid', 'orders:write', 'orders:read', 'reports:read'], { consent: ['orders:write', 'reports:read'] }),
    trace: MATCHED,
  },
  {
    name: 'consent row 5: scopes this user already consented to are not asked again',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:write', 'reports:read'], { consentedScopes: ['orders:write'] }),
    want: ok(['openid', 'orders:write', 'reports:read'], { consent: ['reports:read'] }),
    trace: MATCHED,
  },
  {
    name: 'consent row 6: no prompt, REQUIRED, IMPLICIT scopes → not shown',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:read']),
    want: ok(['openid', 'orders:read']),
    trace: MATCHED,
  },
  {
    name: 'consent: prompt=consent shows the screen again for already-consented scopes',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:write', 'reports:read'], { prompt: ['consent'], consentedScopes: ['orders:write', 'reports:read'] }),
    want: ok(['openid', 'orders:write', 'reports:read'], { consent: ['orders:write', 'reports:read'] }),
    trace: MATCHED,
  },
  {
    name: 'consent: applies to the implicit grant at /authorize too',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: { grantType: 'implicit', responseType: 'id_token token', scopes: ['openid', 'reports:read'] },
    want: ok(['openid', 'reports:read'], { consent: ['reports:read'] }),
    trace: MATCHED,
  },
  {
    // §5.6: prompt=none and a scope needing the screen → consent_required; the string is §2.3's
    // "consent needed but prompt=none" row.
    name: 'consent: prompt=none with consent needed → consent_required listing the scopes',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:write', 'reports:read'], { prompt: ['none'] }),
    want: { ok: false, error: 'consent_required', description: 'The following scopes require user consent: [orders:write, reports:read].', status: 400 },
    trace: MATCHED,
    check: { check: 'consent', detail: ['orders:write', 'reports:read'] },
  },
  {
    name: 'consent: prompt=none is fine when every consent-needing scope was already granted',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'orders:write'], { prompt: ['none'], consentedScopes: ['orders:write'] }),
    want: ok(['openid', 'orders:write']),
    trace: MATCHED,
  },

  // ---- §5.3 / §5.4 / §5.7 offline_access and refresh tokens ----
  {
    name: 'offline_access: granted with code and the app has refresh_token → refresh token',
    req: code(['openid', 'offline_access']),
    want: ok(['openid', 'offline_access'], { refreshToken: true }),
    trace: MATCHED,
  },
  {
    name: 'offline_access: no refresh token when the app lacks the refresh_token grant',
    setup: (w) => {
      w.client.grantTypes = ['authorization_code'];
    },
    req: code(['openid', 'offline_access']),
    want: ok(['openid', 'offline_access'], { refreshToken: false }),
    trace: MATCHED,
  },
  {
    name: 'offline_access: no refresh token without offline_access',
    req: code(['openid', 'profile']),
    want: ok(['openid', 'profile'], { refreshToken: false }),
    trace: MATCHED,
  },
  {
    name: 'offline_access: the password grant supports refresh tokens',
    req: password(['openid', 'offline_access']),
    want: ok(['openid', 'offline_access'], { refreshToken: true }),
    trace: MATCHED,
  },
  {
    name: 'offline_access: the device grant supports refresh tokens',
    req: { grantType: DEVICE, scopes: ['openid', 'offline_access'] },
    want: ok(['openid', 'offline_access'], { refreshToken: true }),
    trace: MATCHED,
  },
  {
    // §5.7: never for client credentials. Whether offline_access stays in the scope list is not
    // stated; the engine keeps it (the rule matched) and issues no refresh token.
    name: 'offline_access: client credentials never get a refresh token',
    user: null,
    req: cc(['orders:read', 'offline_access']),
    want: ok(['orders:read', 'offline_access'], { refreshToken: false }),
    trace: MATCHED,
  },
  {
    name: 'offline_access: dropped when the response type lacks code (implicit)',
    req: { grantType: 'implicit', responseType: 'id_token token', scopes: ['openid', 'offline_access'] },
    want: ok(['openid'], { refreshToken: false }),
    trace: MATCHED,
  },
  {
    name: 'offline_access: kept with a hybrid response type that contains code',
    req: { grantType: 'authorization_code', responseType: 'code id_token', scopes: ['openid', 'offline_access'] },
    want: ok(['openid', 'offline_access'], { refreshToken: true }),
    trace: MATCHED,
  },
  {
    // §5.1 step 3 (a pre-check, "before any policy"): "offline_access ignored without code"; §2.3:
    // "only honoured with a response_type containing code; otherwise ignored". An ignored scope cannot
    // make a rule's allowlist fail.
    name: 'offline_access: ignored before policy evaluation without code, so a rule need not list it',
    policies: [policy('P1', [rule('R1', { scopes: ['openid'] })])],
    req: { grantType: 'implicit', responseType: 'id_token token', scopes: ['openid', 'offline_access'] },
    want: ok(['openid'], { refreshToken: false }),
    trace: MATCHED,
  },

  // ---- §5.8 org authorization server ----
  {
    name: 'org AS: an assigned user gets the OIDC scopes asked for, no policy, fixed 60/60 min / 90 days',
    engine: 'org',
    req: code(['openid', 'profile', 'email', 'address', 'phone', 'groups']),
    want: { ok: true, scopes: ['openid', 'profile', 'email', 'address', 'phone', 'groups'], policy: null, rule: null, lifetimes: ORG_LIFETIMES, refreshToken: false, consent: [] },
    trace: [],
  },
  {
    name: 'org AS: offline_access with code and a refresh_token app → refresh token (90 days)',
    engine: 'org',
    req: code(['openid', 'offline_access']),
    want: { ok: true, scopes: ['openid', 'offline_access'], policy: null, rule: null, lifetimes: ORG_LIFETIMES, refreshToken: true, consent: [] },
    trace: [],
  },
  {
    name: 'org AS: offline_access dropped without code',
    engine: 'org',
    req: { grantType: 'implicit', responseType: 'id_token token', scopes: ['openid', 'offline_access'] },
    want: { ok: true, scopes: ['openid'], policy: null, rule: null, lifetimes: ORG_LIFETIMES, refreshToken: false, consent: [] },
    trace: [],
  },
  {
    name: 'org AS: no consent screen even for a REQUIRED-consent app',
    engine: 'org',
    setup: (w) => {
      w.client.consentMethod = 'REQUIRED';
    },
    req: code(['openid', 'profile'], { prompt: ['consent'] }),
    want: { ok: true, scopes: ['openid', 'profile'], policy: null, rule: null, lifetimes: ORG_LIFETIMES, refreshToken: false, consent: [] },
    trace: [],
  },
  {
    name: 'org AS: a custom scope → invalid_scope "Custom scopes are not allowed for this request."',
    engine: 'org',
    req: code(['openid', 'orders:read']),
    want: { ok: false, error: 'invalid_scope', description: 'Custom scopes are not allowed for this request.', status: 400 },
    trace: [],
    check: { check: 'scopes', detail: ['orders:read'] },
  },
  {
    name: 'org AS: Okta API scopes not granted to the app → consent_required "You are not allowed any of the requested scopes."',
    engine: 'org',
    req: code(['openid', 'okta.users.read']),
    want: { ok: false, error: 'consent_required', description: 'You are not allowed any of the requested scopes.', status: 400 },
    trace: [],
    check: { check: 'scopes' },
  },
  {
    name: 'org AS: client_credentials → unsupported_grant_type',
    engine: 'org',
    user: null,
    req: cc(['okta.users.read']),
    want: { ok: false, error: 'unsupported_grant_type', description: "'client_credentials' grant type can only be used with a custom authorization server.", status: 400 },
    trace: [],
    check: { check: 'grant_type' },
  },
  {
    name: 'org AS: a grant type not enabled on the app → unauthorized_client listing the configured grant types',
    engine: 'org',
    setup: (w) => {
      w.client.grantTypes = ['authorization_code', 'refresh_token'];
    },
    req: password(['openid']),
    want: {
      ok: false,
      error: 'unauthorized_client',
      description: 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].',
      status: 400,
    },
    trace: [],
    check: { check: 'grant_type' },
  },
  {
    // Same §2.3 / §2.2 string as on a custom authorization server.
    name: "org AS: an inactive client → invalid_client \"Invalid value for 'client_id' parameter.\"",
    engine: 'org',
    setup: (w) => {
      w.client.status = 'INACTIVE';
    },
    req: code(['openid']),
    want: { ok: false, error: 'invalid_client', description: "Invalid value for 'client_id' parameter.", status: 401 },
    trace: [],
    check: { check: 'client', detail: [LABEL] },
  },
  {
    name: 'org AS: an unassigned user is refused',
    engine: 'org',
    setup: (w) => {
      w.subject!.assigned = false;
    },
    req: code(['openid']),
    want: { ok: false, error: 'access_denied', description: 'User is not assigned to the client application.', status: 400, reason: 'user_not_assigned' },
    trace: [],
    check: { check: 'assignment', detail: ['alice@example.com'] },
  },
];

// ---------------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------------

function run(c: Case, w: World): Decision {
  return c.engine === 'org' ? decideOrg(w.client, w.subject, c.req) : decide(w.server, w.client, w.subject, c.req);
}

function traceRows(d: Decision): TraceRow[] {
  return d.trace.policies.map((p) => [p.policyId, p.outcome, p.rules.map((r) => [r.ruleId, r.outcome] as [string, RuleOutcome])]);
}

describe('access-policy decisions (reference §5)', () => {
  test.each(cases)('$name', (c) => {
    const d = run(c, world(c));
    const want = c.want;

    if (want.ok) {
      if (!d.ok) throw new Error(`expected a grant, got ${d.failure.error}: ${d.failure.description}`);
      expect(d.scopes).toEqual(want.scopes);
      expect(d.policy?.id ?? null).toBe(want.policy);
      expect(d.rule?.id ?? null).toBe(want.rule);
      expect(d.lifetimes).toEqual(want.lifetimes ?? DEFAULT_LIFETIMES);
      expect(d.refreshToken).toBe(want.refreshToken);
      expect(d.consentScopes).toEqual(want.consent);
      expect(d.trace.usedDefaultScopes).toBe(want.usedDefaults ?? false);
      expect(d.inlineHook).toEqual(want.inlineHook);
      expect(d.trace.checks.filter((k) => !k.ok)).toEqual([]);
      if (want.policy) {
        const p = d.trace.policies.find((x) => x.policyId === want.policy);
        expect(p?.name).toBe(d.policy?.name);
        expect(p?.rules.find((r) => r.ruleId === want.rule)?.name).toBe(d.rule?.name);
      }
    } else {
      if (d.ok) throw new Error(`expected ${want.error}, got a grant of ${d.scopes.join(' ')} by ${d.policy?.id}/${d.rule?.id}`);
      expect({ error: d.failure.error, description: d.failure.description, status: d.failure.status }).toEqual({
        error: want.error,
        description: want.description,
        status: want.status,
      });
      if (want.reason) expect(d.failure.reason).toBe(want.reason);
    }

    expect(traceRows(d)).toEqual(c.trace);
    // Every policy and rule considered says why, and priorities are reported as given.
    for (const p of d.trace.policies) {
      expect(p.reason).not.toBe('');
      for (const r of p.rules) expect(r.reason).not.toBe('');
    }
    for (const [id, words] of Object.entries(c.reasons ?? {})) {
      const reason =
        d.trace.policies.find((p) => p.policyId === id)?.reason ?? d.trace.policies.flatMap((p) => p.rules).find((r) => r.ruleId === id)?.reason;
      expect(reason, `reason of ${id}`).toBeDefined();
      for (const word of words) expect(reason, `reason of ${id}`).toContain(word);
    }
    if (c.check) {
      const last = d.trace.checks.at(-1);
      expect(last?.check).toBe(c.check.check);
      expect(last?.ok).toBe(false);
      for (const word of c.check.detail ?? []) expect(last?.detail).toContain(word);
    }
  });

  test('the trace reports policy and rule priorities and names', () => {
    const c: Case = {
      name: 'priorities',
      policies: [policy('P1', [rule('R1', { grants: ['password'] }), rule('R2')]), policy('P2', [rule('R3')])],
      req: code(['openid']),
      want: ok(['openid']),
      trace: [],
    };
    const d = run(c, world(c));
    expect(d.trace.policies.map((p) => [p.policyId, p.name, p.priority])).toEqual([['P1', 'Policy P1', 1], ['P2', 'Policy P2', 2]]);
    expect(d.trace.policies[0]!.rules.map((r) => [r.ruleId, r.name, r.priority])).toEqual([['R1', 'Rule R1', 1], ['R2', 'Rule R2', 2]]);
    expect(d.trace.requestedScopes).toEqual(['openid']);
  });

  test('with default scopes the trace records the defaults it started from', () => {
    const c: Case = { name: 'defaults', user: null, setup: setDefaults('orders:read', 'billing:read'), req: cc(), want: ok([]), trace: [] };
    const d = run(c, world(c));
    expect(d.trace.usedDefaultScopes).toBe(true);
    expect(d.trace.requestedScopes).toEqual(['orders:read', 'billing:read']);
  });
});

// ---------------------------------------------------------------------------------------------
// Determinism and purity
// ---------------------------------------------------------------------------------------------

/** Freezes an object graph; Maps additionally refuse set/delete/clear. */
function deepFreeze<T>(x: T, seen = new WeakSet<object>()): T {
  if (x === null || typeof x !== 'object' || seen.has(x)) return x;
  seen.add(x);
  if (x instanceof Map) {
    for (const [k, v] of x) {
      deepFreeze(k, seen);
      deepFreeze(v, seen);
    }
    const refuse = () => {
      throw new TypeError('attempt to modify a frozen Map');
    };
    Object.defineProperties(x, { set: { value: refuse }, delete: { value: refuse }, clear: { value: refuse } });
  }
  for (const v of Object.values(x)) deepFreeze(v, seen);
  return Object.freeze(x);
}

describe('determinism and purity', () => {
  test('the same input gives a deep-equal decision twice (same objects, and rebuilt objects)', () => {
    for (const c of cases) {
      const w = world(c);
      const first = run(c, w);
      const again = run(c, w);
      const rebuilt = run(c, world(c));
      expect(again, c.name).toEqual(first);
      expect(rebuilt, c.name).toEqual(first);
    }
  });

  test('decide and decideOrg never mutate their inputs (deep-frozen model, request and user)', () => {
    for (const c of cases) {
      const plain = world(c);
      const before = structuredClone({ server: plain.server, client: plain.client, subject: plain.subject, req: c.req });
      const expected = run(c, plain);
      expect({ server: plain.server, client: plain.client, subject: plain.subject, req: c.req }, c.name).toEqual(before);

      const frozen = deepFreeze(world(c));
      const req = deepFreeze(structuredClone(c.req));
      const d = c.engine === 'org' ? decideOrg(frozen.client, frozen.subject, req) : decide(frozen.server, frozen.client, frozen.subject, req);
      expect(d, c.name).toEqual(expected);
    }
  });

  test('two decisions do not share mutable state', () => {
    const c = cases[0]!;
    const w = world(c);
    const a = run(c, w);
    const b = run(c, w);
    if (!a.ok || !b.ok) throw new Error('expected grants');
    a.scopes.push('tampered');
    a.lifetimes.accessTokenMinutes = 1;
    a.trace.policies.length = 0;
    const c2 = run(c, w);
    expect(c2).toEqual(b);
  });
});
