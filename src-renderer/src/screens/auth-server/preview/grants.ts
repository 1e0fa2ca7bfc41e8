/* Grant types as people read them (the server's labels, src-server/policy/engine.ts). */

const LABELS: Record<string, string> = {
  authorization_code: 'Authorization Code',
  implicit: 'Implicit (hybrid)',
  password: 'Resource Owner Password',
  client_credentials: 'Client Credentials',
  refresh_token: 'Refresh Token',
  'urn:ietf:params:oauth:grant-type:device_code': 'Device Authorization',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'Token Exchange',
  'urn:ietf:params:oauth:grant-type:saml2-bearer': 'SAML 2.0 Assertion',
  'urn:ietf:params:oauth:grant-type:jwt-bearer': 'JWT Bearer',
  interaction_code: 'Interaction Code',
  'urn:openid:params:grant-type:ciba': 'Client-Initiated Backchannel (CIBA)',
};

export const grantLabel = (g: string): string => LABELS[g] ?? g;

/** Grants the preview can play (src-server/admin/preview.routes.ts). */
export const PREVIEW_GRANTS = [
  'authorization_code', 'implicit', 'password', 'client_credentials', 'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange',
];

/** Grants a rule can name (src-server/authz/policies.ts), the matrix's choices. */
export const RULE_GRANT_TYPES = [
  'authorization_code', 'implicit', 'password', 'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:grant-type:saml2-bearer', 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'interaction_code', 'urn:openid:params:grant-type:ciba',
];

/** Grants that run without a user. */
export const USERLESS_GRANTS = new Set(['client_credentials']);

/** A number of minutes in words: "15 minutes", "8 hours", "7 days". */
export function minutesInWords(m: number): string {
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (m % 1440 === 0 && m >= 1440) return unit(m / 1440, 'day');
  if (m % 60 === 0 && m >= 60) return unit(m / 60, 'hour');
  return unit(m, 'minute');
}
