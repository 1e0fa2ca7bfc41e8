import { z } from 'zod';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link } from '../admin/http.js';

export interface Scope {
  id: string;
  authServerId: string;
  name: string;
  displayName?: string;
  description?: string;
  consent: 'REQUIRED' | 'IMPLICIT' | 'FLEXIBLE';
  optional: boolean;
  default: boolean;
  metadataPublish: 'ALL_CLIENTS' | 'NO_CLIENTS';
  system: boolean;
}

/** The scopes Okta creates on every custom authorization server (reference §4.4). */
export const SYSTEM_SCOPES: { name: string; description: string; displayName: string }[] = [
  { name: 'openid', displayName: 'openid', description: 'Signals that a request is an OpenID request.' },
  { name: 'profile', displayName: 'profile', description: "Allows this application to access your profile information." },
  { name: 'email', displayName: 'email', description: 'Allows this application to access your email address.' },
  { name: 'address', displayName: 'address', description: 'Allows this application to access your address.' },
  { name: 'phone', displayName: 'phone', description: 'Allows this application to access your phone number.' },
  { name: 'offline_access', displayName: 'offline_access', description: 'Allows this application to access your data when you are not present.' },
  { name: 'device_sso', displayName: 'device_sso', description: 'Allows this application to request a device secret for native SSO.' },
];

/**
 * Okta's scope-name rules (reference §4.4): printable ASCII except space, `"` and `\`; not `okta.`/
 * `okta:` prefixed; not exactly `okta` or `*`; `<` or `>` but not both.
 */
export function scopeNameProblem(name: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(name) || name.includes('"') || name.includes('\\')) {
    return 'A scope name may contain printable ASCII characters only, without spaces, quotes or backslashes';
  }
  if (name === 'okta' || name === '*') return `'${name}' is reserved`;
  if (/^okta[.:]/i.test(name)) return "A scope name cannot start with 'okta.' or 'okta:'";
  if (name.includes('<') && name.includes('>')) return "A scope name may contain '<' or '>' but not both";
  return undefined;
}

const scopeSchema = z.strictObject({
  name: z
    .string({ error: blank })
    .min(1)
    .max(300)
    .superRefine((n, ctx) => {
      const p = scopeNameProblem(n);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    }),
  displayName: z.string().max(255).optional(),
  description: z.string().max(1000).optional(),
  consent: z.enum(['REQUIRED', 'IMPLICIT', 'FLEXIBLE']).optional(),
  optional: z.boolean().optional(),
  default: z.boolean().optional(),
  metadataPublish: z.enum(['ALL_CLIENTS', 'NO_CLIENTS']).optional(),
  id: readOnly, system: readOnly, _links: readOnly,
});

export type ScopeInput = Omit<Scope, 'id' | 'authServerId' | 'system'>;

export function parseScope(body: unknown): ScopeInput {
  const b = parseBody(scopeSchema, body);
  return {
    name: b.name,
    displayName: b.displayName,
    description: b.description,
    consent: b.consent ?? 'IMPLICIT',
    optional: b.optional ?? false,
    default: b.default ?? false,
    metadataPublish: b.metadataPublish ?? 'NO_CLIENTS',
  };
}

export function scopeToWire(s: Scope, org: string) {
  return {
    id: s.id,
    name: s.name,
    ...(s.displayName !== undefined ? { displayName: s.displayName } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    system: s.system,
    default: s.default,
    metadataPublish: s.metadataPublish,
    consent: s.consent,
    optional: s.optional,
    _links: { self: link(`${org}/api/v1/authorizationServers/${s.authServerId}/scopes/${s.id}`, 'GET', 'PUT', 'DELETE') },
  };
}
