/** The admin API's OIDC app objects as the Applications screen reads and writes them (reference §4.9, §4.10). */

export type AppType = 'web' | 'browser' | 'native' | 'service';
export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';
export type RotationType = 'ROTATE' | 'STATIC';

export interface OAuthClientSettings {
  application_type: AppType;
  grant_types: string[];
  response_types: string[];
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  consent_method: 'TRUSTED' | 'REQUIRED';
  issuer_mode?: string;
  wildcard_redirect?: 'DISABLED' | 'SUBDOMAIN';
  refresh_token?: { rotation_type: RotationType; leeway: number };
  jwks?: { keys: Record<string, unknown>[] };
  jwks_uri?: string;
  initiate_login_uri?: string;
  [extra: string]: unknown;
}

export interface OAuthClientCredentials {
  client_id: string;
  client_secret?: string;
  token_endpoint_auth_method: AuthMethod;
  pkce_required: boolean;
  autoKeyRotation?: boolean;
}

/** An app as `GET /api/v1/apps/{id}` answers it; the whole object goes back on `PUT`. */
export interface OidcApp {
  id: string;
  name: 'oidc_client';
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
  signOnMode: 'OPENID_CONNECT';
  credentials: {
    oauthClient: OAuthClientCredentials;
    userNameTemplate?: { template: string; type?: string };
    signing?: unknown;
  };
  settings: { oauthClient: OAuthClientSettings; [extra: string]: unknown };
  profile?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** `GET /api/v1/apps/{id}/users`: who can sign in, directly (`USER`) or through a group (`GROUP`). */
export interface AppUser {
  id: string;
  scope: 'USER' | 'GROUP';
  status: string;
  created: string;
  lastUpdated: string;
  credentials: { userName: string };
  profile: Record<string, unknown>;
}

/** `GET /api/v1/apps/{id}/groups`. */
export interface AppGroupAssignment {
  id: string;
  priority: number;
  lastUpdated: string;
  profile: Record<string, unknown>;
}
