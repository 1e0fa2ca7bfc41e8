import { z } from 'zod';
import { compileJavaRegex } from '../expression/index.js';
import { Errors, type FieldIssue } from '../errors.js';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link } from '../admin/http.js';

/*
 * OIDC apps (reference §4.9). Gatehouse serves only `signOnMode: OPENID_CONNECT` apps (name
 * `oidc_client`): they are the OAuth clients of its authorization servers.
 */

export const APPLICATION_TYPES = ['web', 'native', 'browser', 'service'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];
export const APP_GRANT_TYPES = [
  'authorization_code', 'implicit', 'password', 'refresh_token', 'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:saml2-bearer', 'interaction_code',
] as const;
export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Which grant types each application type may use (reference §4.9, with Okta's newer additions). */
const ALLOWED_GRANTS: Record<ApplicationType, readonly string[]> = {
  browser: ['authorization_code', 'implicit', 'refresh_token', 'interaction_code', 'urn:ietf:params:oauth:grant-type:token-exchange'],
  native: ['authorization_code', 'implicit', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'interaction_code', 'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:saml2-bearer'],
  web: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials', 'password', 'urn:ietf:params:oauth:grant-type:device_code', 'interaction_code', 'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:saml2-bearer'],
  service: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
};

export interface OAuthClientCredentials {
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method: AuthMethod;
  pkce_required: boolean;
  autoKeyRotation: boolean;
}

/**
 * The app's `groups` claim in ID tokens of the org authorization server (Okta's "Groups claim type"
 * on the app's Sign On tab; the same shape as Terraform's `groups_claim`). A filter over the user's
 * group names, or an expression; sent when the `groups` scope is granted.
 */
export interface AppGroupsClaim {
  type: 'FILTER' | 'EXPRESSION';
  name: string;
  filter_type?: 'STARTS_WITH' | 'EQUALS' | 'CONTAINS' | 'REGEX';
  value: string;
}

export interface OAuthClientSettings {
  application_type: ApplicationType;
  grant_types: string[];
  response_types: string[];
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  consent_method: 'TRUSTED' | 'REQUIRED';
  issuer_mode: 'ORG_URL' | 'CUSTOM_URL' | 'DYNAMIC';
  wildcard_redirect: 'DISABLED' | 'SUBDOMAIN';
  refresh_token?: { rotation_type: 'ROTATE' | 'STATIC'; leeway: number };
  jwks?: { keys: Record<string, unknown>[] };
  jwks_uri?: string;
  initiate_login_uri?: string;
  client_uri?: string;
  logo_uri?: string;
  policy_uri?: string;
  tos_uri?: string;
  idp_initiated_login?: { mode: string; default_scope?: string[] };
  groups_claim?: AppGroupsClaim;
  [extra: string]: unknown;
}

export interface App {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  label: string;
  credentials: OAuthClientCredentials;
  settings: OAuthClientSettings;
  profile?: Record<string, unknown>;
  /** Okta's `credentials.userNameTemplate`: how an assigned user's app username is made. */
  userNameTemplate: { template: string; type: string };
}

const CLIENT_ID = /^[A-Za-z0-9$\-_.+!*'(),]{6,100}$/;
const absoluteUrl = z.string().max(1024).refine(isAbsoluteUrl, 'Must be an absolute URL');

function isAbsoluteUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return !!u.protocol && u.protocol !== 'javascript:' && u.protocol !== 'data:';
  } catch {
    return false;
  }
}

const oauthCredentialsSchema = z.strictObject({
  client_id: z.string().regex(CLIENT_ID, "Must be 6 to 100 characters of A-Z a-z 0-9 and $-_.+!*'(),").refine((v) => v !== 'ALL_CLIENTS', 'ALL_CLIENTS is reserved').optional(),
  client_secret: z.string().min(14, 'Must be at least 14 characters').max(100).regex(/^[\x21-\x7e]+$/, 'Must be printable ASCII without spaces').optional(),
  token_endpoint_auth_method: z.enum(AUTH_METHODS).optional(),
  pkce_required: z.boolean().optional(),
  autoKeyRotation: z.boolean().optional(),
});

const oauthSettingsSchema = z
  .object({
    application_type: z.enum(APPLICATION_TYPES),
    grant_types: z.array(z.enum(APP_GRANT_TYPES)).min(1),
    response_types: z.array(z.enum(['code', 'token', 'id_token'])).optional(),
    redirect_uris: z.array(absoluteUrl.refine((s) => !s.includes('#'), 'Must not contain a fragment')).max(100).optional(),
    post_logout_redirect_uris: z.array(absoluteUrl).max(100).optional(),
    consent_method: z.enum(['TRUSTED', 'REQUIRED']).optional(),
    issuer_mode: z.enum(['ORG_URL', 'CUSTOM_URL', 'DYNAMIC']).optional(),
    wildcard_redirect: z.enum(['DISABLED', 'SUBDOMAIN']).optional(),
    refresh_token: z.strictObject({ rotation_type: z.enum(['ROTATE', 'STATIC']), leeway: z.number().int().min(0).max(60).optional() }).optional(),
    jwks: z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).max(50) }).optional(),
    jwks_uri: absoluteUrl.optional(),
    initiate_login_uri: absoluteUrl.optional(),
    client_uri: absoluteUrl.optional(),
    logo_uri: absoluteUrl.optional(),
    policy_uri: absoluteUrl.optional(),
    tos_uri: absoluteUrl.optional(),
    idp_initiated_login: z.strictObject({ mode: z.enum(['DISABLED', 'SPEC', 'OKTA']), default_scope: z.array(z.string()).optional() }).optional(),
    groups_claim: z
      .strictObject({
        type: z.enum(['FILTER', 'EXPRESSION']),
        name: z.string().min(1).max(100).regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, 'Must be a claim name: letters, digits, _ . : -'),
        filter_type: z.enum(['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX']).optional(),
        value: z.string().min(1).max(1024),
      })
      .refine((g) => g.type === 'EXPRESSION' || g.filter_type !== undefined, { message: 'A FILTER groups claim needs a filter_type', path: ['filter_type'] })
      .optional(),
    // Optional advanced fields Okta defines; stored and returned as given.
    request_object_signing_alg: z.string().optional(),
    dpop_bound_access_tokens: z.boolean().optional(),
    frontchannel_logout_uri: absoluteUrl.optional(),
    frontchannel_logout_session_required: z.boolean().optional(),
    participate_slo: z.boolean().optional(),
  })
  .strict();

const appSchema = z.strictObject({
  name: z.literal('oidc_client', { error: 'Gatehouse serves OpenID Connect apps: name must be "oidc_client"' }).optional(),
  label: z.string({ error: blank }).trim().min(1).max(100),
  signOnMode: z.literal('OPENID_CONNECT', { error: 'Gatehouse serves OpenID Connect apps: signOnMode must be "OPENID_CONNECT"' }),
  credentials: z
    .strictObject({
      oauthClient: oauthCredentialsSchema.optional(),
      userNameTemplate: z.strictObject({ template: z.string().max(1024), type: z.string().optional(), pushStatus: readOnly }).optional(),
      signing: readOnly,
    })
    .optional(),
  settings: z.strictObject({
    oauthClient: oauthSettingsSchema,
    app: readOnly,
    notifications: readOnly,
    notes: readOnly,
    implicitAssignment: readOnly,
    inlineHookId: readOnly,
    manualProvisioning: readOnly,
    emOptInStatus: readOnly,
  }),
  profile: z.record(z.string(), z.unknown()).optional(),
  id: readOnly, status: readOnly, created: readOnly, lastUpdated: readOnly, accessibility: readOnly, visibility: readOnly,
  features: readOnly, licensing: readOnly, universalLogout: readOnly, orn: readOnly, _links: readOnly, _embedded: readOnly,
});

export interface AppInput {
  label: string;
  credentials: Omit<OAuthClientCredentials, 'client_id'> & { client_id?: string };
  settings: OAuthClientSettings;
  profile?: Record<string, unknown>;
  userNameTemplate?: { template: string; type: string };
}

/**
 * Validates an app body and fills Okta's defaults. `existing` is the stored app on replace: its
 * application type and client id cannot change. Cross-field rules report every problem at once.
 */
/** `http://localhost`, `http://127.x.x.x`, `http://[::1]`: the loopback exception of RFC 8252 §7.3. */
function isLoopback(uri: string): boolean {
  try {
    const host = new URL(uri).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

export function parseApp(body: unknown, existing?: App): AppInput {
  const b = parseBody(appSchema, body);
  const s = b.settings.oauthClient;
  const c = b.credentials?.oauthClient ?? {};
  const issues: FieldIssue[] = [];
  const type = s.application_type;

  if (existing && existing.settings.application_type !== type) {
    issues.push({ field: 'settings.oauthClient.application_type', message: 'The application type cannot be changed' });
  }
  if (existing && c.client_id !== undefined && c.client_id !== existing.credentials.client_id) {
    issues.push({ field: 'credentials.oauthClient.client_id', message: 'The client id cannot be changed' });
  }

  const grants = [...new Set(s.grant_types)];
  for (const g of grants) {
    if (!ALLOWED_GRANTS[type].includes(g)) issues.push({ field: 'settings.oauthClient.grant_types', message: `'${g}' is not allowed for ${type} applications` });
  }
  if ((type === 'web' || type === 'native') && !grants.includes('authorization_code') && !(type === 'web' && grants.every((g) => g === 'client_credentials'))) {
    issues.push({ field: 'settings.oauthClient.grant_types', message: `${type} applications must include 'authorization_code'` });
  }

  const responseTypes = s.response_types ?? defaultResponseTypes(grants);
  if (grants.includes('authorization_code') && !responseTypes.includes('code')) {
    issues.push({ field: 'settings.oauthClient.response_types', message: "'authorization_code' requires the 'code' response type" });
  }
  if (grants.includes('implicit') && !responseTypes.some((r) => r === 'token' || r === 'id_token')) {
    issues.push({ field: 'settings.oauthClient.response_types', message: "'implicit' requires the 'token' or 'id_token' response type" });
  }
  for (const r of responseTypes) {
    if (r === 'code' && !grants.includes('authorization_code')) issues.push({ field: 'settings.oauthClient.response_types', message: "'code' requires the 'authorization_code' grant type" });
    if ((r === 'token' || r === 'id_token') && !grants.includes('implicit')) issues.push({ field: 'settings.oauthClient.response_types', message: `'${r}' requires the 'implicit' grant type` });
  }

  const redirectUris = s.redirect_uris ?? [];
  const needsRedirect = grants.some((g) => g === 'authorization_code' || g === 'implicit');
  if (needsRedirect && redirectUris.length === 0) {
    issues.push({ field: 'settings.oauthClient.redirect_uris', message: 'At least one redirect URI is required for the authorization code and implicit grants' });
  }
  const wildcard = s.wildcard_redirect ?? 'DISABLED';
  for (const uri of redirectUris) {
    if (uri.startsWith('http:') && !isLoopback(uri)) {
      issues.push({ field: 'settings.oauthClient.redirect_uris', message: `'${uri}': plain http is only allowed for loopback addresses (localhost, 127.0.0.1, [::1]); use https (RFC 9700 §2.6)` });
    }
    if (uri.includes('*') && !(wildcard === 'SUBDOMAIN' && /^https:\/\/\*\.[^*/]+(\/[^*]*)?$/.test(uri))) {
      issues.push({ field: 'settings.oauthClient.redirect_uris', message: `'${uri}': a wildcard is only allowed as the left-most label of an https URI when wildcard_redirect is SUBDOMAIN` });
    }
  }

  const method: AuthMethod = c.token_endpoint_auth_method ?? (type === 'browser' ? 'none' : 'client_secret_basic');
  if (type === 'browser' && method !== 'none') {
    issues.push({ field: 'credentials.oauthClient.token_endpoint_auth_method', message: "Browser applications are public clients: the method must be 'none'" });
  }
  if (type === 'service' && method === 'none') {
    issues.push({ field: 'credentials.oauthClient.token_endpoint_auth_method', message: "Service applications must authenticate: 'none' is not allowed" });
  }
  const pkceRequired = c.pkce_required ?? (type === 'browser' || type === 'native' || method === 'none');
  if (method === 'none' && !pkceRequired) {
    issues.push({ field: 'credentials.oauthClient.pkce_required', message: "PKCE is required for clients whose method is 'none'" });
  }
  if (method === 'private_key_jwt' && !s.jwks && !s.jwks_uri) {
    issues.push({ field: 'settings.oauthClient.jwks', message: "'private_key_jwt' needs the client's public keys in jwks or jwks_uri" });
  }
  if (method === 'none' && c.client_secret !== undefined) {
    issues.push({ field: 'credentials.oauthClient.client_secret', message: "A public client ('none') has no secret" });
  }

  if (s.groups_claim?.filter_type === 'REGEX') {
    try {
      compileJavaRegex(s.groups_claim.value);
    } catch (e) {
      issues.push({ field: 'settings.oauthClient.groups_claim.value', message: `Not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (s.dpop_bound_access_tokens === true) {
    issues.push({ field: 'settings.oauthClient.dpop_bound_access_tokens', message: 'DPoP-bound access tokens are not supported by Gatehouse' });
  }
  // RFC 9700 §4.14: a public client's refresh tokens must rotate (Okta allows STATIC for native apps).
  let refreshToken = s.refresh_token;
  if (grants.includes('refresh_token')) {
    if (method === 'none' && refreshToken?.rotation_type === 'STATIC') {
      issues.push({ field: 'settings.oauthClient.refresh_token.rotation_type', message: "A public client's refresh tokens must rotate: use 'ROTATE' (RFC 9700 §4.14)" });
    }
    refreshToken = { rotation_type: refreshToken?.rotation_type ?? (method === 'none' ? 'ROTATE' : 'STATIC'), leeway: refreshToken?.leeway ?? 30 };
  } else if (refreshToken) {
    issues.push({ field: 'settings.oauthClient.refresh_token', message: "Only allowed when the grant types include 'refresh_token'" });
  }

  if (issues.length) throw Errors.validation(issues);

  const { refresh_token: _given, ...givenSettings } = s;
  const settings: OAuthClientSettings = {
    ...stripUndefined(givenSettings),
    application_type: type,
    grant_types: grants,
    response_types: [...new Set(responseTypes)],
    redirect_uris: redirectUris,
    post_logout_redirect_uris: s.post_logout_redirect_uris ?? [],
    consent_method: s.consent_method ?? 'TRUSTED',
    issuer_mode: s.issuer_mode ?? 'ORG_URL',
    wildcard_redirect: wildcard,
  };
  if (refreshToken) settings.refresh_token = refreshToken as { rotation_type: 'ROTATE' | 'STATIC'; leeway: number };
  else delete settings.refresh_token;

  return {
    label: b.label,
    credentials: {
      client_id: c.client_id,
      client_secret: c.client_secret,
      token_endpoint_auth_method: method,
      pkce_required: pkceRequired,
      autoKeyRotation: c.autoKeyRotation ?? true,
    },
    settings,
    profile: b.profile,
    userNameTemplate: b.credentials?.userNameTemplate
      ? { template: b.credentials.userNameTemplate.template, type: b.credentials.userNameTemplate.type ?? 'CUSTOM' }
      : undefined,
  };
}

function defaultResponseTypes(grants: string[]): string[] {
  const out: string[] = [];
  if (grants.includes('authorization_code')) out.push('code');
  if (grants.includes('implicit')) out.push('token', 'id_token');
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function usesSecret(method: AuthMethod): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt';
}

export function appToWire(a: App, org: string, orgKid: string | undefined) {
  const self = `${org}/api/v1/apps/${a.id}`;
  const oauthClient: Record<string, unknown> = {
    autoKeyRotation: a.credentials.autoKeyRotation,
    client_id: a.credentials.client_id,
    token_endpoint_auth_method: a.credentials.token_endpoint_auth_method,
    pkce_required: a.credentials.pkce_required,
  };
  // Okta's console reveals the secret to admins; client_secret_jwt needs it in clear, so it is kept.
  if (a.credentials.client_secret && usesSecret(a.credentials.token_endpoint_auth_method)) oauthClient.client_secret = a.credentials.client_secret;
  return {
    id: a.id,
    orn: `orn:okta:idp:gatehouse:apps:oidc_client:${a.id}`,
    name: 'oidc_client',
    label: a.label,
    status: a.status,
    lastUpdated: a.lastUpdated,
    created: a.created,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: true } },
    features: [],
    signOnMode: 'OPENID_CONNECT',
    credentials: {
      userNameTemplate: a.userNameTemplate,
      signing: orgKid ? { kid: orgKid } : {},
      oauthClient,
    },
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
      notes: { admin: null, enduser: null },
      manualProvisioning: false,
      implicitAssignment: false,
      oauthClient: a.settings,
    },
    ...(a.profile ? { profile: a.profile } : {}),
    _links: {
      appLinks: [{ name: 'oidc_client_link', href: `${org}/home/oidc_client/${a.id}/aln5z7uhkbM6y7bMy0g7`, type: 'text/html' }],
      groups: link(`${self}/groups`),
      logo: [{ name: 'medium', href: `${org}/assets/img/logos/default.png`, type: 'image/png' }],
      users: link(`${self}/users`),
      ...(a.status === 'ACTIVE'
        ? { deactivate: link(`${self}/lifecycle/deactivate`, 'POST') }
        : { activate: link(`${self}/lifecycle/activate`, 'POST') }),
      self: link(self, 'GET', 'PUT', 'DELETE'),
    },
  };
}

/** Okta's default app username: `${source.login}`; other templates are shown as given. */
export function appUserName(template: string, profile: Record<string, unknown>): string {
  const m = /^\$\{source\.(\w+)\}$/.exec(template.trim());
  if (m) {
    const v = profile[m[1]!];
    if (typeof v === 'string' && v) return v;
  }
  return String(profile.login ?? '');
}
