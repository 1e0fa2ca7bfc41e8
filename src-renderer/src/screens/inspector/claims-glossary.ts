/*
 * What claims, header parameters and scopes mean, in words, with where the meaning is defined.
 * Registered JWT claims (RFC 7519), OpenID Connect Core, RFC 9068 / 8693 / 8176, and Okta's own.
 */

export interface GlossaryEntry {
  label: string;
  meaning: string;
  source: string;
}

const RFC7519 = 'RFC 7519';
const OIDC = 'OpenID Connect Core';
const OKTA = 'Okta';
const PROFILE = 'OpenID Connect Core (profile scope)';

export const CLAIMS: Record<string, GlossaryEntry> = {
  iss: { label: 'Issuer', meaning: 'The authorization server that minted the token. A verifier accepts only the issuer it trusts.', source: RFC7519 },
  sub: { label: 'Subject', meaning: 'Whom the token is about: the user (an ID token gives the user id; an Okta access token gives the user name) or, with client credentials, the client itself.', source: RFC7519 },
  aud: { label: 'Audience', meaning: 'Who the token is for: the API (access token) or the client app (ID token). A recipient must reject a token not addressed to it.', source: RFC7519 },
  exp: { label: 'Expires', meaning: 'After this moment the token must be refused.', source: RFC7519 },
  nbf: { label: 'Not before', meaning: 'Before this moment the token must be refused.', source: RFC7519 },
  iat: { label: 'Issued at', meaning: 'When the token was minted.', source: RFC7519 },
  jti: { label: 'Token id', meaning: 'A unique id for this token; servers use it to revoke a token and to spot replays. Okta prefixes access tokens with AT. and ID tokens with ID.', source: RFC7519 },
  auth_time: { label: 'Authenticated at', meaning: 'When the user actually signed in (which may be long before the token was issued).', source: OIDC },
  nonce: { label: 'Nonce', meaning: "The nonce the client sent to /authorize, echoed back so the client can tie the ID token to its own request and reject a replayed one.", source: OIDC },
  acr: { label: 'Assurance level', meaning: 'The authentication context class: how strongly the user was authenticated.', source: OIDC },
  amr: { label: 'Sign-in methods', meaning: 'How the user authenticated (RFC 8176 values: pwd password, mfa multi-factor, otp one-time code, sms, hwk hardware key, swk software key, kba knowledge question, fpt fingerprint, face).', source: 'RFC 8176' },
  azp: { label: 'Authorized party', meaning: 'The client the ID token was issued to, when the audience lists more than one.', source: OIDC },
  at_hash: { label: 'Access token hash', meaning: 'Half of the SHA-256 of the access token issued with this ID token: the client checks it to know the two belong together.', source: OIDC },
  c_hash: { label: 'Code hash', meaning: 'Half of the SHA-256 of the authorization code returned with this ID token (hybrid flow).', source: OIDC },
  s_hash: { label: 'State hash', meaning: 'Hash of the state value (FAPI).', source: 'FAPI' },
  sid: { label: 'Session id', meaning: 'The sign-in session at the authorization server, used for logout.', source: 'OpenID Connect Front/Back-Channel Logout' },
  name: { label: 'Full name', meaning: "The user's full name.", source: PROFILE },
  given_name: { label: 'Given name', meaning: "The user's first name.", source: PROFILE },
  family_name: { label: 'Family name', meaning: "The user's last name.", source: PROFILE },
  middle_name: { label: 'Middle name', meaning: "The user's middle name.", source: PROFILE },
  nickname: { label: 'Nickname', meaning: 'A casual name for the user.', source: PROFILE },
  preferred_username: { label: 'Username', meaning: 'The name the user signs in with (Okta: the login).', source: PROFILE },
  profile: { label: 'Profile page', meaning: "URL of the user's profile page.", source: PROFILE },
  picture: { label: 'Picture', meaning: "URL of the user's picture.", source: PROFILE },
  website: { label: 'Website', meaning: "URL of the user's web site.", source: PROFILE },
  gender: { label: 'Gender', meaning: "The user's gender.", source: PROFILE },
  birthdate: { label: 'Birth date', meaning: "The user's birthday (YYYY-MM-DD).", source: PROFILE },
  zoneinfo: { label: 'Time zone', meaning: "The user's time zone, e.g. Europe/Paris.", source: PROFILE },
  locale: { label: 'Locale', meaning: "The user's locale, e.g. en-US.", source: PROFILE },
  updated_at: { label: 'Profile updated', meaning: "When the user's profile last changed.", source: PROFILE },
  email: { label: 'Email', meaning: "The user's email address.", source: 'OpenID Connect Core (email scope)' },
  email_verified: { label: 'Email verified', meaning: 'Whether the email address has been verified.', source: 'OpenID Connect Core (email scope)' },
  phone_number: { label: 'Phone', meaning: "The user's phone number.", source: 'OpenID Connect Core (phone scope)' },
  phone_number_verified: { label: 'Phone verified', meaning: 'Whether the phone number has been verified.', source: 'OpenID Connect Core (phone scope)' },
  address: { label: 'Address', meaning: "The user's postal address.", source: 'OpenID Connect Core (address scope)' },
  ver: { label: 'Version', meaning: "The version of Okta's token format; always 1.", source: OKTA },
  cid: { label: 'Client id', meaning: 'The client (app) that asked for the token.', source: OKTA },
  uid: { label: 'User id', meaning: "The Okta id of the user the token was issued for; absent with client credentials, where there is no user.", source: OKTA },
  scp: { label: 'Scopes', meaning: 'The scopes granted: what the bearer may do at the API.', source: OKTA },
  idp: { label: 'Identity provider', meaning: 'Who authenticated the user: the org id when Okta itself did, else the id of the external identity provider.', source: OKTA },
  groups: { label: 'Groups', meaning: "The user's groups, when a groups claim is defined (Okta's usual name for it).", source: OKTA },
  scope: { label: 'Scopes', meaning: 'The scopes granted, space-separated.', source: 'RFC 9068 / RFC 8693' },
  client_id: { label: 'Client id', meaning: 'The client the token was issued to.', source: 'RFC 9068 / RFC 8693' },
  cnf: { label: 'Confirmation', meaning: 'The key the token is bound to (DPoP or mutual TLS): only its holder may use the token.', source: 'RFC 7800' },
  act: { label: 'Actor', meaning: 'Who acts on behalf of the subject (token exchange, delegation).', source: 'RFC 8693' },
  may_act: { label: 'May act', meaning: 'Who is allowed to act on behalf of the subject.', source: 'RFC 8693' },
  events: { label: 'Events', meaning: 'The security events this token reports (a logout token or a security event token).', source: 'RFC 8417' },
  typ: { label: 'Type', meaning: 'The kind of token.', source: 'various' },
};

export const HEADER: Record<string, GlossaryEntry> = {
  alg: { label: 'Algorithm', meaning: 'How the token was signed (RS256: RSA with SHA-256, the algorithm Okta uses). “none” means unsigned.', source: 'RFC 7515' },
  kid: { label: 'Key id', meaning: "Which of the issuer's published keys (JWKS) signed the token.", source: 'RFC 7515' },
  typ: { label: 'Type', meaning: 'The kind of token, e.g. JWT or at+jwt (an RFC 9068 access token).', source: 'RFC 7515' },
  cty: { label: 'Content type', meaning: 'What the payload is; “JWT” for a nested token.', source: 'RFC 7515' },
  jku: { label: 'JWKS URL', meaning: 'A URL of keys chosen by whoever made the token; verifiers must not trust it on its own.', source: 'RFC 7515' },
  jwk: { label: 'Embedded key', meaning: 'A key carried inside the token; proves nothing by itself.', source: 'RFC 7515' },
  x5u: { label: 'Certificate URL', meaning: 'A URL of an X.509 certificate chain.', source: 'RFC 7515' },
  x5c: { label: 'Certificate chain', meaning: 'An X.509 certificate chain carried in the token.', source: 'RFC 7515' },
  x5t: { label: 'Certificate thumbprint', meaning: 'SHA-1 thumbprint of the signing certificate.', source: 'RFC 7515' },
  'x5t#S256': { label: 'Certificate thumbprint', meaning: 'SHA-256 thumbprint of the signing certificate.', source: 'RFC 7515' },
  crit: { label: 'Critical', meaning: 'Header parameters a verifier must understand, or else reject the token.', source: 'RFC 7515' },
  enc: { label: 'Encryption', meaning: 'How the content is encrypted (JWE only).', source: 'RFC 7516' },
  zip: { label: 'Compression', meaning: 'The content was compressed before encryption (JWE only).', source: 'RFC 7516' },
};

export const SCOPES: Record<string, string> = {
  openid: 'Signs the user in with OpenID Connect: asks for an ID token.',
  profile: "The user's name, username, locale and other profile claims.",
  email: "The user's email address and whether it is verified.",
  address: "The user's postal address.",
  phone: "The user's phone number.",
  offline_access: 'A refresh token, to get new tokens without the user present.',
  groups: "The user's groups (Okta).",
  device_sso: 'A device secret for native single sign-on (Okta).',
};

/** The glossary's meaning of a scope, including Okta's management scopes. */
export function scopeGlossary(name: string): string | undefined {
  if (SCOPES[name]) return SCOPES[name];
  const okta = /^okta\.([a-zA-Z]+)\.(read|manage)(\.self)?$/.exec(name);
  if (okta) return `Okta Management API: ${okta[2] === 'read' ? 'read' : 'read and change'} ${okta[1]}${okta[3] ? ' (own only)' : ''}.`;
  return undefined;
}
