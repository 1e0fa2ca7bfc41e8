import { z } from 'zod';
import { Errors, type FieldIssue } from '../errors.js';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link } from '../admin/http.js';
import { compile, compileJavaRegex } from '../expression/index.js';

export interface Claim {
  id: string;
  authServerId: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  claimType: 'RESOURCE' | 'IDENTITY';
  valueType: 'EXPRESSION' | 'GROUPS' | 'SYSTEM';
  value: string;
  group_filter_type?: 'STARTS_WITH' | 'EQUALS' | 'CONTAINS' | 'REGEX';
  conditions: { scopes: string[] };
  alwaysIncludeInToken: boolean;
  system: boolean;
}

/** The system `sub` claim of every custom authorization server (reference §4.5). */
export const SYSTEM_SUB_CLAIM = {
  name: 'sub',
  claimType: 'RESOURCE' as const,
  valueType: 'EXPRESSION' as const,
  value: '(appuser != null) ? appuser.userName : app.clientId',
};

/**
 * Claim names the token endpoint sets itself; a custom claim may not take them over. Okta's exact
 * list is not published (reference §11); these are the registered JWT/OIDC claims Gatehouse mints.
 */
export const RESERVED_CLAIM_NAMES: Record<Claim['claimType'], readonly string[]> = {
  RESOURCE: ['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'cid', 'uid', 'scp', 'ver', 'auth_time', 'sub'],
  IDENTITY: ['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'sub', 'ver', 'auth_time', 'amr', 'idp', 'nonce', 'at_hash', 'c_hash', 'acr', 'azp', 'sid'],
};

export const MAX_EXPRESSION_LENGTH = 1024;

const claimSchema = z.strictObject({
  name: z
    .string({ error: blank })
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\s"\\]+$/, 'A claim name cannot contain spaces, quotes or backslashes'),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  claimType: z.enum(['RESOURCE', 'IDENTITY']),
  valueType: z.enum(['EXPRESSION', 'GROUPS', 'SYSTEM']),
  value: z.string().max(MAX_EXPRESSION_LENGTH, `The value cannot exceed ${MAX_EXPRESSION_LENGTH} characters`).optional(),
  group_filter_type: z.enum(['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX']).optional(),
  conditions: z.strictObject({ scopes: z.array(z.string().min(1)).max(100).optional() }).optional(),
  alwaysIncludeInToken: z.boolean().optional(),
  id: readOnly, system: readOnly, _links: readOnly,
});

export type ClaimInput = Omit<Claim, 'id' | 'authServerId' | 'system'>;

/**
 * Validates a claim. `existing` is the stored claim on replace; a system claim keeps its name, type
 * and value type. `scopeExists` checks `conditions.scopes` against the server's scopes.
 */
export function parseClaim(body: unknown, scopeExists: (name: string) => boolean, existing?: Claim): ClaimInput {
  const b = parseBody(claimSchema, body);
  const issues: FieldIssue[] = [];
  if (existing?.system) {
    if (b.name !== existing.name) issues.push({ field: 'name', message: 'The name of a system claim cannot be changed' });
    if (b.claimType !== existing.claimType) issues.push({ field: 'claimType', message: 'The type of a system claim cannot be changed' });
    if (b.valueType !== existing.valueType) issues.push({ field: 'valueType', message: 'The value type of a system claim cannot be changed' });
  } else {
    if (b.valueType === 'SYSTEM') issues.push({ field: 'valueType', message: 'SYSTEM claims are created by the authorization server only' });
    if (RESERVED_CLAIM_NAMES[b.claimType].includes(b.name)) {
      issues.push({ field: 'name', message: `'${b.name}' is a reserved claim name for ${b.claimType === 'RESOURCE' ? 'access' : 'ID'} tokens` });
    }
  }
  const value = b.value ?? '';
  if (b.valueType !== 'SYSTEM' && value.trim() === '') issues.push({ field: 'value', message: 'The field cannot be left blank' });
  if (b.valueType === 'GROUPS') {
    if (!b.group_filter_type) issues.push({ field: 'group_filter_type', message: 'A GROUPS claim needs a group_filter_type' });
    if (b.group_filter_type === 'REGEX') {
      try {
        compileJavaRegex(value);
      } catch {
        issues.push({ field: 'value', message: 'The regular expression is not valid' });
      }
    }
  } else if (b.group_filter_type) {
    issues.push({ field: 'group_filter_type', message: 'Only GROUPS claims have a group filter' });
  }
  // An expression that cannot run would fail every token that carries the claim: refuse it now.
  if (b.valueType === 'EXPRESSION' && value.trim() !== '') {
    const compiled = compile(value);
    if (!compiled.ok) for (const i of compiled.issues) issues.push({ field: 'value', message: i.message });
  }
  for (const s of b.conditions?.scopes ?? []) {
    if (!scopeExists(s)) issues.push({ field: 'conditions.scopes', message: `The scope '${s}' is not defined on this authorization server` });
  }
  if (issues.length) throw Errors.validation(issues);
  return {
    name: b.name,
    status: b.status ?? 'ACTIVE',
    claimType: b.claimType,
    valueType: b.valueType,
    value,
    ...(b.group_filter_type ? { group_filter_type: b.group_filter_type } : {}),
    conditions: { scopes: [...new Set(b.conditions?.scopes ?? [])] },
    // Access-token claims are always included (reference §4.5).
    alwaysIncludeInToken: b.claimType === 'RESOURCE' ? true : (b.alwaysIncludeInToken ?? false),
  };
}

export function claimToWire(c: Claim, org: string) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    claimType: c.claimType,
    valueType: c.valueType,
    value: c.value,
    ...(c.group_filter_type ? { group_filter_type: c.group_filter_type } : {}),
    conditions: { scopes: c.conditions.scopes },
    system: c.system,
    alwaysIncludeInToken: c.alwaysIncludeInToken,
    _links: { self: link(`${org}/api/v1/authorizationServers/${c.authServerId}/claims/${c.id}`, 'GET', 'PUT', 'DELETE') },
  };
}
