import type { Scope } from '../authz/scopes.js';
import type { Claim } from '../authz/claims.js';
import type { Policy, Rule, RuleTokenActions } from '../authz/policies.js';
import type { OAuthFailure } from './errors.js';

/*
 * The plain data the decision core works on. The caller loads it (policy/load.ts reads the store);
 * nothing here does I/O, so the engine serves the token endpoint, the preview, the access matrix
 * and the simulator alike, and can be tested exhaustively.
 */

/** One custom authorization server, with everything a decision needs, policies in priority order. */
export interface ServerModel {
  id: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  audience: string;
  issuer: string;
  scopes: Map<string, Scope>;
  claims: Claim[];
  policies: (Policy & { rules: Rule[] })[];
}

export interface ClientModel {
  appId: string;
  clientId: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  applicationType: 'web' | 'native' | 'browser' | 'service';
  grantTypes: string[];
  responseTypes: string[];
  consentMethod: 'TRUSTED' | 'REQUIRED';
  profile: Record<string, unknown>;
  /** The app's groups claim for the org authorization server's ID tokens. */
  groupsClaim?: { type: 'FILTER' | 'EXPRESSION'; name: string; filter_type?: 'STARTS_WITH' | 'EQUALS' | 'CONTAINS' | 'REGEX'; value: string };
}

export interface GroupRef {
  id: string;
  name: string;
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
}

/** The user a request is made for (absent for client credentials). */
export interface SubjectModel {
  id: string;
  status: string;
  login: string;
  profile: Record<string, unknown>;
  lastUpdated: string;
  /** Every group the user is in, Everyone included. */
  groups: GroupRef[];
  /** Assigned to the client app, directly or through a group. */
  assigned: boolean;
  /** The app username (`appuser.userName`), when assigned. */
  appUserName?: string;
  appUserProfile?: Record<string, unknown>;
}

/** Grant types as rules name them, plus `refresh_token` (judged by the grant that began the chain). */
export type GrantType = string;

export interface DecisionRequest {
  grantType: GrantType;
  /** For `refresh_token`: the grant type that started the chain; rules are matched against it. */
  originalGrantType?: GrantType;
  /** Requested scopes; `undefined` when the request has no `scope` parameter (default scopes apply). */
  scopes?: string[];
  /** `/authorize` response type, e.g. `code`, `token id_token`. */
  responseType?: string;
  /** `/authorize` prompt values. */
  prompt?: string[];
  /** Scopes this user already consented to for this client. */
  consentedScopes?: string[];
}

export type RuleOutcome = 'matched' | 'inactive' | 'grant_type' | 'people' | 'scopes' | 'not_evaluated';
export type PolicyOutcome = 'matched' | 'inactive' | 'no_active_rules' | 'client' | 'no_rule_matched' | 'not_evaluated';

export interface RuleTrace {
  ruleId: string;
  name: string;
  priority: number;
  outcome: RuleOutcome;
  /** Why, in words a person understands. */
  reason: string;
}

export interface PolicyTrace {
  policyId: string;
  name: string;
  priority: number;
  outcome: PolicyOutcome;
  reason: string;
  rules: RuleTrace[];
}

export interface CheckTrace {
  check: 'server' | 'client' | 'grant_type' | 'response_type' | 'scopes' | 'user' | 'assignment' | 'consent' | 'request';
  ok: boolean;
  detail: string;
}

export interface DecisionTrace {
  checks: CheckTrace[];
  policies: PolicyTrace[];
  /** Scopes the decision started from (requested, or the server's defaults). */
  requestedScopes: string[];
  usedDefaultScopes: boolean;
}

export interface Lifetimes {
  accessTokenMinutes: number;
  /** 0 = unlimited. */
  refreshTokenMinutes: number;
  refreshWindowMinutes: number;
  idTokenMinutes: number;
}

export interface Granted {
  ok: true;
  policy: { id: string; name: string } | null;
  rule: { id: string; name: string } | null;
  scopes: string[];
  lifetimes: Lifetimes;
  refreshToken: boolean;
  /** Scopes to show on a consent screen (only for /authorize grants; empty when none is needed). */
  consentScopes: string[];
  inlineHook?: RuleTokenActions['inlineHook'];
  trace: DecisionTrace;
}

export interface Denied {
  ok: false;
  failure: OAuthFailure;
  trace: DecisionTrace;
}

export type Decision = Granted | Denied;
