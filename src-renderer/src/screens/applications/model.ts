import type { ApiError } from '../../api/client';
import type { AppType, AuthMethod, OidcApp, RotationType } from './types';

/*
 * What the Applications screen knows about OIDC apps: the words for each type, grant and method,
 * the rules the server enforces (src-server/directory/apps.ts), checked here as the user types,
 * and the request bodies in Okta's shape.
 */

export const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';

export const APP_TYPES: AppType[] = ['web', 'browser', 'native', 'service'];

export const TYPE_INFO: Record<AppType, { title: string; short: string; about: string; client: string }> = {
  web: {
    title: 'Web application',
    short: 'Web',
    about: 'A server-side app (Express, Spring, Rails, ASP.NET…) that can keep a secret. Users sign in with the authorization code flow; the app authenticates to the token endpoint with its client secret.',
    client: 'Confidential client: it holds a secret on the server.',
  },
  browser: {
    title: 'Single-page app',
    short: 'SPA',
    about: 'Runs entirely in the browser (React, Angular, Vue…). Anything it holds, its users can read, so it cannot keep a secret.',
    client: 'Public client: no secret; PKCE is required and refresh tokens rotate.',
  },
  native: {
    title: 'Native app',
    short: 'Native',
    about: 'A desktop, mobile or command-line app. It comes back from sign-in through a custom scheme (com.example.app:/callback) or a loopback address (http://127.0.0.1:8765/callback); devices without a browser can use the device code flow.',
    client: 'Usually a public client (no secret, PKCE required), since a secret shipped inside an app is not secret.',
  },
  service: {
    title: 'Service (machine to machine)',
    short: 'Service',
    about: 'A backend job, daemon or API that calls another API on its own behalf, with no user. It gets tokens with the client credentials grant.',
    client: 'Confidential client: it proves itself with its client secret on every token request.',
  },
};

export const GRANT_INFO: Record<string, { label: string; short: string; about: string }> = {
  authorization_code: { label: 'Authorization code', short: 'code', about: 'Users sign in at the authorization server and come back to a redirect URI with a code the app exchanges for tokens.' },
  refresh_token: { label: 'Refresh token', short: 'refresh', about: 'The app gets new tokens without sending the user back to sign in (it asks for offline_access).' },
  client_credentials: { label: 'Client credentials', short: 'client credentials', about: 'The app gets tokens for itself, with no user: machine to machine.' },
  implicit: { label: 'Implicit (legacy)', short: 'implicit', about: 'Tokens come back in the redirect URL. Deprecated by RFC 9700: use the code flow with PKCE.' },
  password: { label: 'Resource owner password (legacy)', short: 'password', about: "The app collects the user's password itself. Deprecated by RFC 9700." },
  [DEVICE_CODE]: { label: 'Device authorization', short: 'device code', about: 'For TVs, CLIs and devices without a browser: the user signs in on another device with a short code.' },
  [TOKEN_EXCHANGE]: { label: 'Token exchange', short: 'token exchange', about: "Swap one token for another (RFC 8693), e.g. a service calling a downstream API on a user's behalf." },
  [JWT_BEARER]: { label: 'JWT bearer', short: 'JWT bearer', about: 'Exchange a signed JWT assertion for an access token (RFC 7523).' },
  [SAML2_BEARER]: { label: 'SAML 2.0 bearer', short: 'SAML bearer', about: 'Exchange a SAML 2.0 assertion for an access token (RFC 7522).' },
  interaction_code: { label: 'Interaction code', short: 'interaction code', about: "Okta Identity Engine's embedded sign-in flow." },
};

export function grantShort(g: string): string {
  return GRANT_INFO[g]?.short ?? g.replace(/^urn:ietf:params:oauth:grant-type:/, '');
}

/** The grant types each application type may use (the server's table). */
export const ALLOWED_GRANTS: Record<AppType, string[]> = {
  browser: ['authorization_code', 'refresh_token', 'implicit', 'interaction_code', TOKEN_EXCHANGE],
  native: ['authorization_code', 'refresh_token', DEVICE_CODE, 'implicit', 'password', 'interaction_code', TOKEN_EXCHANGE, JWT_BEARER, SAML2_BEARER],
  web: ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_CODE, 'implicit', 'password', 'interaction_code', TOKEN_EXCHANGE, JWT_BEARER, SAML2_BEARER],
  service: ['client_credentials', TOKEN_EXCHANGE, JWT_BEARER],
};

/** The grant types offered up front; the rest are behind "More grant types". */
export const COMMON_GRANTS: Record<AppType, string[]> = {
  web: ['authorization_code', 'refresh_token', 'client_credentials'],
  browser: ['authorization_code', 'refresh_token'],
  native: ['authorization_code', 'refresh_token', DEVICE_CODE],
  service: ['client_credentials'],
};

export const METHOD_INFO: Record<AuthMethod, { label: string; about: string }> = {
  client_secret_basic: { label: 'Client secret, HTTP Basic', about: 'The app sends its client id and secret in the Authorization header of token requests. The usual choice.' },
  client_secret_post: { label: 'Client secret, in the request body', about: 'The app sends client_id and client_secret as form fields of token requests.' },
  client_secret_jwt: { label: 'Client secret JWT', about: 'The app signs a short-lived JWT with its secret (HS256); the secret itself never travels.' },
  private_key_jwt: { label: 'Private key JWT', about: 'The app signs a JWT with its own private key; Gatehouse checks it with the public keys registered for the app.' },
  none: { label: 'None: public client', about: 'No secret. PKCE (a one-time code verifier per sign-in) protects the code exchange instead.' },
};

/** The methods a form offers for a type (and whether the client is public). */
export function methodsFor(type: AppType, current?: AuthMethod): AuthMethod[] {
  const base: AuthMethod[] =
    type === 'browser' ? ['none'] : type === 'native' ? ['none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt'] : ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'];
  if (current && !base.includes(current) && !(type === 'browser' && current !== 'none') && !(type === 'service' && current === 'none')) base.push(current);
  return base;
}

export function usesSecret(method: AuthMethod): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post' || method === 'client_secret_jwt';
}

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname;
  } catch {
    return undefined;
  }
}

/** RFC 8252 §7.3 loopback: localhost, 127.x.x.x, [::1]. */
export function isLoopback(uri: string): boolean {
  const host = hostOf(uri);
  return host === 'localhost' || host === '[::1]' || (!!host && /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host));
}

/** What is wrong with one URI of a list, in words, or undefined. */
export function checkUri(uri: string, kind: 'redirect' | 'logout', wildcard: 'DISABLED' | 'SUBDOMAIN' = 'DISABLED'): string | undefined {
  const u = uri.trim();
  if (!u) return 'Enter a URI, or remove this line.';
  if (u.length > 1024) return 'At most 1024 characters.';
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return kind === 'redirect'
      ? 'Must be an absolute URI with a scheme, e.g. https://app.example.com/callback or com.example.app:/callback.'
      : 'Must be an absolute URI with a scheme, e.g. https://app.example.com/.';
  }
  if (parsed.protocol === 'javascript:' || parsed.protocol === 'data:') return `A ${parsed.protocol} URI cannot be a ${kind === 'redirect' ? 'redirect' : 'sign-out'} target.`;
  if (kind === 'logout') return undefined;
  if (u.includes('#')) return 'Must not contain a fragment (#…): the authorization server adds its answer to the URI.';
  if (parsed.protocol === 'http:' && !isLoopback(u)) {
    return 'Plain http is only allowed on loopback addresses (localhost, 127.0.0.1, [::1]); use https (RFC 9700 §2.6).';
  }
  if (u.includes('*') && !(wildcard === 'SUBDOMAIN' && /^https:\/\/\*\.[^*/]+(\/[^*]*)?$/.test(u))) {
    return wildcard === 'SUBDOMAIN'
      ? 'A wildcard may only be the left-most label of an https URI, e.g. https://*.example.com/callback.'
      : 'Wildcards are off for this app: list each redirect URI in full.';
  }
  return undefined;
}

/** The editable part of an app, as the forms hold it. */
export interface Draft {
  label: string;
  type: AppType;
  method: AuthMethod;
  pkce: boolean;
  grants: string[];
  redirectUris: string[];
  logoutUris: string[];
  rotation: RotationType;
  consent: 'TRUSTED' | 'REQUIRED';
  /** Create only: a client id of your choosing (blank: the app id). */
  clientId: string;
  wildcard: 'DISABLED' | 'SUBDOMAIN';
}

export function newDraft(type: AppType): Draft {
  const base = { label: '', type, consent: 'TRUSTED' as const, clientId: '', logoutUris: [] as string[], wildcard: 'DISABLED' as const };
  switch (type) {
    case 'web':
      return { ...base, method: 'client_secret_basic', pkce: true, grants: ['authorization_code', 'refresh_token'], redirectUris: [''], rotation: 'STATIC' };
    case 'browser':
      return { ...base, method: 'none', pkce: true, grants: ['authorization_code', 'refresh_token'], redirectUris: [''], rotation: 'ROTATE' };
    case 'native':
      return { ...base, method: 'none', pkce: true, grants: ['authorization_code', 'refresh_token'], redirectUris: [''], rotation: 'ROTATE' };
    case 'service':
      return { ...base, method: 'client_secret_basic', pkce: false, grants: ['client_credentials'], redirectUris: [], rotation: 'STATIC' };
  }
}

export function draftOf(app: OidcApp): Draft {
  const s = app.settings.oauthClient;
  const c = app.credentials.oauthClient;
  return {
    label: app.label,
    type: s.application_type,
    method: c.token_endpoint_auth_method,
    pkce: c.pkce_required,
    grants: [...s.grant_types],
    redirectUris: [...(s.redirect_uris ?? [])],
    logoutUris: [...(s.post_logout_redirect_uris ?? [])],
    rotation: s.refresh_token?.rotation_type ?? (c.token_endpoint_auth_method === 'none' ? 'ROTATE' : 'STATIC'),
    consent: s.consent_method ?? 'TRUSTED',
    clientId: c.client_id,
    wildcard: s.wildcard_redirect ?? 'DISABLED',
  };
}

export function needsRedirect(grants: string[]): boolean {
  return grants.includes('authorization_code') || grants.includes('implicit');
}

export function usesUser(grants: string[]): boolean {
  return grants.some((g) => g !== 'client_credentials');
}

const CLIENT_ID = /^[A-Za-z0-9$\-_.+!*'(),]{6,100}$/;

/** Field keys, as the server names them in `errorCauses`. */
export const F = {
  label: 'label',
  clientId: 'credentials.oauthClient.client_id',
  method: 'credentials.oauthClient.token_endpoint_auth_method',
  pkce: 'credentials.oauthClient.pkce_required',
  secret: 'credentials.oauthClient.client_secret',
  grants: 'settings.oauthClient.grant_types',
  responseTypes: 'settings.oauthClient.response_types',
  redirects: 'settings.oauthClient.redirect_uris',
  logouts: 'settings.oauthClient.post_logout_redirect_uris',
  rotation: 'settings.oauthClient.refresh_token',
  consent: 'settings.oauthClient.consent_method',
} as const;

export interface DraftIssues {
  /** By field key (F). */
  fields: Partial<Record<string, string>>;
  redirectRows: (string | undefined)[];
  logoutRows: (string | undefined)[];
}

/** Everything the server would refuse, found as the user types. */
export function checkDraft(d: Draft, mode: 'create' | 'edit'): DraftIssues {
  const fields: DraftIssues['fields'] = {};
  const label = d.label.trim();
  if (!label) fields[F.label] = 'Give the application a name people will recognise, e.g. "Orders Portal".';
  else if (label.length > 100) fields[F.label] = 'At most 100 characters.';

  if (mode === 'create' && d.clientId.trim()) {
    const id = d.clientId.trim();
    if (!CLIENT_ID.test(id)) fields[F.clientId] = "6 to 100 characters of A-Z a-z 0-9 and $-_.+!*'(),";
    else if (id === 'ALL_CLIENTS') fields[F.clientId] = 'ALL_CLIENTS is reserved (it means every client in a policy).';
  }

  const allowed = ALLOWED_GRANTS[d.type];
  if (d.grants.length === 0) fields[F.grants] = 'Choose at least one grant type.';
  else if (d.grants.some((g) => !allowed.includes(g))) fields[F.grants] = `${d.grants.filter((g) => !allowed.includes(g)).map(grantShort).join(', ')} is not allowed for ${TYPE_INFO[d.type].short} apps.`;
  else if ((d.type === 'web' || d.type === 'native') && !d.grants.includes('authorization_code') && !(d.type === 'web' && d.grants.every((g) => g === 'client_credentials'))) {
    fields[F.grants] = d.type === 'web' ? 'A web app signs users in with the authorization code grant (or, for machine access only, uses client credentials alone).' : 'A native app signs users in with the authorization code grant: keep it.';
  }
  if (d.type === 'browser' && !d.grants.includes('authorization_code') && !d.grants.includes('implicit') && !fields[F.grants]) {
    fields[F.grants] = 'A single-page app signs users in with the authorization code grant: keep it.';
  }

  if (d.type === 'browser' && d.method !== 'none') fields[F.method] = 'A single-page app is a public client: it cannot keep a secret.';
  if (d.type === 'service' && d.method === 'none') fields[F.method] = 'A service must authenticate with a secret or a key.';
  if (d.method === 'none' && !d.pkce) fields[F.pkce] = 'A public client must use PKCE.';
  if (d.grants.includes('refresh_token') && d.method === 'none' && d.rotation === 'STATIC') fields[F.rotation] = "A public client's refresh tokens must rotate (RFC 9700 §4.14).";

  const redirectOn = needsRedirect(d.grants);
  // Blank lines are dropped on save; every other line must be a URI the server accepts.
  const redirectRows = d.redirectUris.map((u) => (u.trim() ? checkUri(u.trim(), 'redirect', d.wildcard) : undefined));
  const filled = clean(d.redirectUris);
  if (redirectOn && filled.length === 0) {
    fields[F.redirects] = 'Add at least one redirect URI: after sign-in the authorization server sends the user back only to a URI listed here.';
  } else if (new Set(filled).size !== filled.length) fields[F.redirects] = 'List each redirect URI once.';
  const logoutRows = d.logoutUris.map((u) => (u.trim() ? checkUri(u.trim(), 'logout') : undefined));
  return { fields, redirectRows, logoutRows };
}

export function hasIssues(i: DraftIssues): boolean {
  return Object.values(i.fields).some(Boolean) || i.redirectRows.some(Boolean) || i.logoutRows.some(Boolean);
}

function responseTypes(grants: string[], previous: string[] = []): string[] {
  const out: string[] = [];
  if (grants.includes('authorization_code')) out.push('code');
  if (grants.includes('implicit')) {
    const kept = previous.filter((r) => r === 'token' || r === 'id_token');
    out.push(...(kept.length ? kept : ['token', 'id_token']));
  }
  return out;
}

function clean(list: string[]): string[] {
  return list.map((u) => u.trim()).filter(Boolean);
}

/** `POST /api/v1/apps`: Okta's body for a new OIDC app. */
export function createBody(d: Draft) {
  const redirects = needsRedirect(d.grants) ? clean(d.redirectUris) : [];
  const settings: Record<string, unknown> = {
    application_type: d.type,
    grant_types: d.grants,
    response_types: responseTypes(d.grants),
    redirect_uris: redirects,
    post_logout_redirect_uris: clean(d.logoutUris),
    consent_method: d.consent,
    issuer_mode: 'ORG_URL',
    wildcard_redirect: 'DISABLED',
  };
  if (d.grants.includes('refresh_token')) settings.refresh_token = { rotation_type: d.rotation, leeway: 30 };
  const oauthClient: Record<string, unknown> = { token_endpoint_auth_method: d.method, pkce_required: d.method === 'none' ? true : d.pkce, autoKeyRotation: true };
  if (d.clientId.trim()) oauthClient.client_id = d.clientId.trim();
  return { name: 'oidc_client', label: d.label.trim(), signOnMode: 'OPENID_CONNECT', credentials: { oauthClient }, settings: { oauthClient: settings } };
}

/** `PUT /api/v1/apps/{id}`: the full app as read, with the draft's changes. */
export function replaceBody(app: OidcApp, d: Draft, newSecret?: string): OidcApp {
  const s = app.settings.oauthClient;
  const settings = {
    ...s,
    grant_types: d.grants,
    response_types: responseTypes(d.grants, s.response_types),
    redirect_uris: clean(d.redirectUris),
    post_logout_redirect_uris: clean(d.logoutUris),
    consent_method: d.consent,
  };
  if (d.grants.includes('refresh_token')) settings.refresh_token = { rotation_type: d.rotation, leeway: s.refresh_token?.leeway ?? 30 };
  else delete settings.refresh_token;
  const { client_secret, ...credentials } = app.credentials.oauthClient;
  const oauthClient = { ...credentials, token_endpoint_auth_method: d.method, pkce_required: d.method === 'none' ? true : d.pkce } as OidcApp['credentials']['oauthClient'];
  if (usesSecret(d.method)) {
    const secret = newSecret ?? (usesSecret(app.credentials.oauthClient.token_endpoint_auth_method) ? client_secret : undefined);
    if (secret) oauthClient.client_secret = secret;
  }
  return { ...app, label: d.label.trim(), credentials: { ...app.credentials, oauthClient }, settings: { ...app.settings, oauthClient: settings } };
}

/** A new client secret: 40 characters from a 64-letter alphabet (240 bits), made in the browser. */
export function generateSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  return Array.from(bytes, (b) => alphabet[b & 63]).join('');
}

/** The server's causes for `field`, including those of its items (`field.2: …`). */
export function causesFor(error: ApiError | undefined, field: string): { index?: number; message: string }[] {
  if (!error) return [];
  const out: { index?: number; message: string }[] = [];
  for (const c of error.causes) {
    if (c.startsWith(`${field}:`)) out.push({ message: c.slice(field.length + 1).trim() });
    else {
      const m = new RegExp(`^${field.replace(/\./g, '\\.')}\\.(\\d+)(?:\\.[\\w.]+)?:`).exec(c);
      if (m) out.push({ index: Number(m[1]), message: c.slice(m[0].length).trim() });
    }
  }
  return out;
}

/** The server's causes for a URI list, placed on their row (by index, or by the URI the message quotes). */
export function placeUriCauses(error: ApiError | undefined, field: string, rows: string[]): { rows: (string | undefined)[]; list?: string } {
  const placed: (string | undefined)[] = rows.map(() => undefined);
  const sent = clean(rows);
  const rest: string[] = [];
  for (const c of causesFor(error, field)) {
    let row = -1;
    if (c.index !== undefined) row = rows.findIndex((r) => r.trim() === sent[c.index!]);
    else {
      const q = /^'([^']*)':\s*(.*)$/.exec(c.message);
      if (q) {
        row = rows.findIndex((r) => r.trim() === q[1]);
        if (row >= 0) {
          placed[row] = capitalise(q[2]!);
          continue;
        }
      }
    }
    if (row >= 0) placed[row] = capitalise(c.message);
    else rest.push(c.message);
  }
  return { rows: placed, list: rest.length ? rest.join(' ') : undefined };
}

/** Causes the form shows beside a field: the field itself and its items. */
export function isPlaced(cause: string, fields: string[]): boolean {
  return fields.some((f) => cause.startsWith(`${f}:`) || cause.startsWith(`${f}.`));
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
