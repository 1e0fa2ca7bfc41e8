import { z } from 'zod';
import { Errors } from '../errors.js';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link } from '../admin/http.js';

export interface AuthServer {
  id: string;
  name: string;
  description: string;
  audiences: string[];
  status: 'ACTIVE' | 'INACTIVE';
  isDefault: boolean;
  issuerMode: 'ORG_URL' | 'CUSTOM_URL' | 'DYNAMIC';
  rotationMode: 'AUTO' | 'MANUAL';
  lastRotated: string;
  created: string;
  lastUpdated: string;
}

/** Okta rotates AUTO keys about every 90 days and publishes the next key about halfway (reference §4.3). */
export const AUTO_ROTATION_DAYS = 90;

const audience = z
  .string()
  .trim()
  .min(1, 'Audience cannot be empty')
  .max(1024)
  .refine((a) => !a.includes(':') || isUri(a), 'An audience that contains a colon must be a valid URI');

function isUri(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const serverSchema = z.strictObject({
  name: z.string({ error: blank }).trim().min(1).max(100),
  description: z.string().trim().max(1024).optional(),
  audiences: z.array(audience, { error: blank }).length(1, 'An authorization server has exactly one audience'),
  issuerMode: z.enum(['ORG_URL', 'CUSTOM_URL', 'DYNAMIC']).optional(),
  credentials: z
    .strictObject({
      signing: z
        .strictObject({ rotationMode: z.enum(['AUTO', 'MANUAL']).optional(), kid: readOnly, lastRotated: readOnly, nextRotation: readOnly, use: readOnly })
        .optional(),
    })
    .optional(),
  id: readOnly, issuer: readOnly, status: readOnly, default: readOnly, created: readOnly, lastUpdated: readOnly, _links: readOnly,
  jwks: readOnly, jwks_uri: readOnly, accessTokenEncryptedResponseAlgorithm: readOnly,
});

export interface AuthServerInput {
  name: string;
  description: string;
  audiences: string[];
  issuerMode: AuthServer['issuerMode'];
  rotationMode: AuthServer['rotationMode'];
}

export function parseAuthServer(body: unknown, existing?: AuthServer): AuthServerInput {
  const b = parseBody(serverSchema, body);
  const issuerMode = b.issuerMode ?? existing?.issuerMode ?? 'ORG_URL';
  if (issuerMode !== 'ORG_URL') {
    // Gatehouse has no custom domains: every issuer is `<org>/oauth2/<id>`.
    throw Errors.validation([{ field: 'issuerMode', message: 'Gatehouse has no custom domain: only ORG_URL is supported' }]);
  }
  return {
    name: b.name,
    description: b.description ?? existing?.description ?? '',
    audiences: b.audiences,
    issuerMode,
    rotationMode: b.credentials?.signing?.rotationMode ?? existing?.rotationMode ?? 'AUTO',
  };
}

export function issuerOf(server: Pick<AuthServer, 'id'>, org: string): string {
  return `${org}/oauth2/${server.id}`;
}

export function nextRotation(s: AuthServer): string | undefined {
  if (s.rotationMode !== 'AUTO') return undefined;
  return new Date(Date.parse(s.lastRotated) + AUTO_ROTATION_DAYS * 86_400_000).toISOString();
}

export function authServerToWire(s: AuthServer, org: string, activeKid: string | undefined) {
  const self = `${org}/api/v1/authorizationServers/${s.id}`;
  const issuer = issuerOf(s, org);
  const next = nextRotation(s);
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    audiences: s.audiences,
    issuer,
    issuerMode: s.issuerMode,
    status: s.status,
    created: s.created,
    lastUpdated: s.lastUpdated,
    ...(s.isDefault ? { default: true } : {}),
    credentials: {
      signing: {
        rotationMode: s.rotationMode,
        lastRotated: s.lastRotated,
        ...(next ? { nextRotation: next } : {}),
        kid: activeKid,
        use: 'sig',
      },
    },
    _links: {
      scopes: link(`${self}/scopes`, 'GET'),
      claims: link(`${self}/claims`, 'GET'),
      policies: link(`${self}/policies`, 'GET'),
      self: link(self, 'GET', 'DELETE', 'PUT'),
      metadata: [
        { name: 'oauth-authorization-server', href: `${issuer}/.well-known/oauth-authorization-server`, hints: { allow: ['GET'] } },
        { name: 'openid-configuration', href: `${issuer}/.well-known/openid-configuration`, hints: { allow: ['GET'] } },
      ],
      rotateKey: link(`${self}/credentials/lifecycle/keyRotate`, 'POST'),
      ...(s.status === 'ACTIVE'
        ? { deactivate: link(`${self}/lifecycle/deactivate`, 'POST') }
        : { activate: link(`${self}/lifecycle/activate`, 'POST') }),
    },
  };
}
