/** The admin API's objects as the workbench reads them (Okta's shapes, reference §4). */

export interface AuthServer {
  id: string;
  name: string;
  description?: string;
  audiences: string[];
  issuer: string;
  issuerMode: string;
  status: 'ACTIVE' | 'INACTIVE';
  default?: boolean;
  created: string;
  lastUpdated: string;
  credentials: { signing: { rotationMode: 'AUTO' | 'MANUAL'; lastRotated?: string; nextRotation?: string; kid?: string } };
}

export interface Scope {
  id: string;
  name: string;
  displayName?: string;
  description?: string;
  system: boolean;
  default: boolean;
  metadataPublish: 'ALL_CLIENTS' | 'NO_CLIENTS';
  consent: 'IMPLICIT' | 'REQUIRED' | 'FLEXIBLE';
  optional?: boolean;
}

export interface Claim {
  id: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  claimType: 'RESOURCE' | 'IDENTITY';
  valueType: 'EXPRESSION' | 'GROUPS' | 'SYSTEM';
  value: string;
  group_filter_type?: 'STARTS_WITH' | 'EQUALS' | 'CONTAINS' | 'REGEX';
  conditions: { scopes: string[] };
  system: boolean;
  alwaysIncludeInToken: boolean;
}

export interface Policy {
  id: string;
  name: string;
  description?: string;
  status: 'ACTIVE' | 'INACTIVE';
  priority: number;
  system: boolean;
  conditions: { clients: { include: string[] } };
}

export interface Rule {
  id: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  priority: number;
  system: boolean;
  conditions: {
    people: { users: { include: string[]; exclude: string[] }; groups: { include: string[]; exclude: string[] } };
    grantTypes: { include: string[] };
    scopes: { include: string[] };
  };
  actions: { token: { accessTokenLifetimeMinutes: number; refreshTokenLifetimeMinutes: number; refreshTokenWindowMinutes: number; inlineHook?: { id: string } } };
}

export interface SigningKeyWire {
  kid: string;
  status: 'ACTIVE' | 'NEXT' | 'EXPIRED';
  alg: string;
  use: string;
}

export interface OktaApp {
  id: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  credentials: { oauthClient: { client_id: string; client_secret?: string; token_endpoint_auth_method: string; pkce_required?: boolean } };
  settings: {
    oauthClient: {
      application_type: 'web' | 'native' | 'browser' | 'service';
      grant_types: string[];
      response_types: string[];
      redirect_uris: string[];
      post_logout_redirect_uris: string[];
      consent_method: string;
    };
  };
}

export interface User {
  id: string;
  status: string;
  created: string;
  lastLogin?: string | null;
  profile: { login: string; email: string; firstName?: string; lastName?: string; [attr: string]: unknown };
}

export interface Group {
  id: string;
  type: 'OKTA_GROUP' | 'BUILT_IN' | 'APP_GROUP';
  profile: { name: string; description?: string };
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  severity: string;
  displayMessage: string;
  actor: { id: string; type: string; displayName?: string; alternateId?: string };
  outcome: { result: string; reason: string | null };
  target: { id: string; type: string; displayName?: string; alternateId?: string }[];
  transaction: { id: string | null };
  debugContext: { debugData: Record<string, unknown> };
}

/** The decision core's trace (src-server/policy/types.ts), as the preview and the log carry it. */
export interface DecisionTrace {
  checks: { check: string; ok: boolean; detail: string }[];
  policies: { policyId: string; name: string; priority: number; outcome: string; reason: string; rules: { ruleId: string; name: string; priority: number; outcome: string; reason: string }[] }[];
  requestedScopes: string[];
  usedDefaultScopes: boolean;
}
