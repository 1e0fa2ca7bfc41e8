import { z } from 'zod';
import YAML from 'yaml';
import { expectationSchema, setupSchema, tamperSchema } from '../simulator/definition.js';
import { WorkspaceError, zodProblems, type Problem } from './problems.js';

/*
 * The portable workspace document: everything a workspace holds, with objects referring to each
 * other by name (groups by name, users by login, apps by name = label, servers by name), so the
 * file reads well, diffs well in git, and moves between workspaces (ids are made on import).
 * Two ids are kept on purpose, because other systems hold them: an app's OAuth `clientId` and a
 * server's `id` (it is in the issuer URL that resource servers check).
 *
 * A section that is absent is not managed: `apply` leaves that kind of object alone. A section
 * that is present (even empty) describes that kind completely.
 */

export const FORMAT_VERSION = 1;

const name = z.string().trim().min(1);
const names = z.array(name);
/** A value that may be an `${ENV_VAR}` reference, resolved when the document is applied. */
const secret = z.string().min(1);
const includeExclude = z.strictObject({ include: names.optional(), exclude: names.optional() });

export const groupDoc = z.strictObject({
  name,
  description: z.string().nullable().optional(),
  /** Custom profile attributes besides name and description. */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

const profileValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);
export const userDoc = z.strictObject({
  login: name,
  status: z.enum(['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'SUSPENDED', 'DEPROVISIONED']).optional(),
  /** The profile without `login` (it is above). */
  profile: z.record(z.string(), profileValue),
  groups: names.optional(),
  /** A password in clear, or an `${ENV_VAR}` reference: hashed on apply. */
  password: secret.optional(),
  /** Secret: the stored scrypt hash, exported only with --include-secrets. */
  passwordHash: z.string().min(1).optional(),
});

export const appDoc = z.strictObject({
  name,
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  clientId: z.string().min(1).optional(),
  /** Secret: exported only with --include-secrets; may be an `${ENV_VAR}` reference. */
  clientSecret: secret.optional(),
  /** Okta's `credentials.oauthClient`, without client_id and client_secret (above). */
  oauthClient: z.record(z.string(), z.unknown()).optional(),
  /** Okta's `settings.oauthClient`. */
  settings: z.record(z.string(), z.unknown()),
  userNameTemplate: z.strictObject({ template: z.string(), type: z.string().optional() }).optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
  assignments: z.strictObject({ groups: names.optional(), users: names.optional() }).optional(),
});

export const trustedOriginDoc = z.strictObject({
  name,
  origin: z.string(),
  scopes: z.array(z.strictObject({ type: z.enum(['CORS', 'REDIRECT', 'IFRAME_EMBED']), allowedOktaApps: z.array(z.string()).optional() })),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
});

export const scopeDoc = z.strictObject({
  name,
  displayName: z.string().optional(),
  description: z.string().optional(),
  consent: z.enum(['REQUIRED', 'IMPLICIT', 'FLEXIBLE']).optional(),
  optional: z.boolean().optional(),
  default: z.boolean().optional(),
  metadataPublish: z.enum(['ALL_CLIENTS', 'NO_CLIENTS']).optional(),
});

export const claimDoc = z.strictObject({
  name,
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  claimType: z.enum(['RESOURCE', 'IDENTITY']),
  valueType: z.enum(['EXPRESSION', 'GROUPS', 'SYSTEM']),
  value: z.string().optional(),
  group_filter_type: z.enum(['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX']).optional(),
  conditions: z.strictObject({ scopes: names.optional() }).optional(),
  alwaysIncludeInToken: z.boolean().optional(),
});

/** Okta's rule body, with users by login and groups by name (or EVERYONE). */
export const ruleDoc = z.strictObject({
  name,
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  conditions: z.strictObject({
    people: z.strictObject({ users: includeExclude.optional(), groups: includeExclude.optional() }).optional(),
    grantTypes: z.strictObject({ include: z.array(z.string()) }),
    scopes: z.strictObject({ include: z.array(z.string()) }),
  }),
  actions: z.strictObject({ token: z.record(z.string(), z.unknown()).optional() }).optional(),
});

/** Okta's policy body, with clients by app name (or ALL_CLIENTS); rules in priority order. */
export const policyDoc = z.strictObject({
  name,
  description: z.string(),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  conditions: z.strictObject({ clients: z.strictObject({ include: names }) }),
  rules: z.array(ruleDoc).optional(),
});

export const keyDoc = z.strictObject({
  kid: z.string().min(1),
  status: z.enum(['ACTIVE', 'NEXT', 'EXPIRED', 'RETIRED']),
  created: z.string(),
  publicJwk: z.record(z.string(), z.unknown()),
  privateJwk: z.record(z.string(), z.unknown()),
});

export const authServerDoc = z.strictObject({
  name,
  /** Kept so the issuer (`<org>/oauth2/<id>`) stays the same from one workspace to the next. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Must be 1 to 64 letters, digits, - or _').optional(),
  description: z.string().optional(),
  audiences: z.array(z.string()),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
  rotationMode: z.enum(['AUTO', 'MANUAL']).optional(),
  /** Custom scopes, and system scopes whose settings were changed. */
  scopes: z.array(scopeDoc).optional(),
  /** Custom claims, and the system `sub` claim when changed. */
  claims: z.array(claimDoc).optional(),
  /** In priority order. */
  policies: z.array(policyDoc).optional(),
  /** Secret: signing keys with their private parts, exported only with --include-secrets. */
  keys: z.array(keyDoc).optional(),
});

const docSetup = setupSchema.omit({ authServerId: true, clientId: true }).extend({
  /** Server name, or 'org' for the org authorization server. */
  authServer: name,
  /** App name. */
  client: name,
  user: z.strictObject({ username: z.string().min(1).max(255), password: z.string().max(1024).optional() }).optional(),
});

export const scenarioDoc = z.strictObject({
  name,
  description: z.string().max(2000).optional(),
  setup: docSetup,
  tampers: z.array(tamperSchema).optional(),
  expectations: z.array(expectationSchema).optional(),
});

export const workspaceDoc = z.strictObject({
  gatehouse: z.literal(FORMAT_VERSION, { error: `Must be ${FORMAT_VERSION} (the document format version)` }),
  /** Set by `export --include-secrets`: the file holds secrets and must be kept like a password. */
  containsSecrets: z.boolean().optional(),
  groups: z.array(groupDoc).optional(),
  users: z.array(userDoc).optional(),
  apps: z.array(appDoc).optional(),
  trustedOrigins: z.array(trustedOriginDoc).optional(),
  authorizationServers: z.array(authServerDoc).optional(),
  scenarios: z.array(scenarioDoc).optional(),
});

export type WorkspaceDoc = z.output<typeof workspaceDoc>;
export type GroupDoc = z.output<typeof groupDoc>;
export type UserDoc = z.output<typeof userDoc>;
export type AppDoc = z.output<typeof appDoc>;
export type TrustedOriginDoc = z.output<typeof trustedOriginDoc>;
export type AuthServerDoc = z.output<typeof authServerDoc>;
export type ScopeDoc = z.output<typeof scopeDoc>;
export type ClaimDoc = z.output<typeof claimDoc>;
export type PolicyDoc = z.output<typeof policyDoc>;
export type RuleDoc = z.output<typeof ruleDoc>;
export type KeyDoc = z.output<typeof keyDoc>;
export type ScenarioDoc = z.output<typeof scenarioDoc>;

export type DocFormat = 'json' | 'yaml';

/** Reads JSON or YAML text (YAML is a superset of JSON, but JSON errors read better from JSON.parse). */
export function parseText(text: string, hint?: DocFormat): unknown {
  const trimmed = text.trimStart();
  if (hint === 'json' || (hint === undefined && (trimmed.startsWith('{') || trimmed.startsWith('[')))) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new WorkspaceError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }], 'cannot read the document');
    }
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    // The first errors tell where it went wrong; the rest are usually the same mistake, echoed.
    throw new WorkspaceError(doc.errors.slice(0, 3).map((e) => ({ path: '', message: `not valid YAML: ${e.message.split('\n')[0]}` })), 'cannot read the document');
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** Checks the document's structure: every unknown field, wrong type and missing field, with its path. */
export function parseWorkspaceDoc(value: unknown): WorkspaceDoc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WorkspaceError([{ path: '', message: 'the document must be an object (a mapping)' }]);
  }
  const version = (value as { gatehouse?: unknown }).gatehouse;
  if (version !== FORMAT_VERSION) {
    const message = version === undefined ? `missing: a workspace document starts with 'gatehouse: ${FORMAT_VERSION}'` : `this Gatehouse reads format ${FORMAT_VERSION}, not ${JSON.stringify(version)}`;
    throw new WorkspaceError([{ path: 'gatehouse', message }]);
  }
  const result = workspaceDoc.safeParse(value, { reportInput: true });
  if (!result.success) throw new WorkspaceError(zodProblems(result.error));
  return result.data;
}

/** Problems of structure found by the lenient reading, carried with the document to the full check. */
export const STRUCTURE_PROBLEMS = Symbol('structure problems');
export type CheckedDoc = WorkspaceDoc & {
  /** `indexes[section][i]`: where the i-th well-formed item of a section stands in the file. */
  [STRUCTURE_PROBLEMS]?: { problems: Problem[]; broken: Set<string>; indexes: Record<string, number[]> };
};

const SECTIONS = { groups: groupDoc, users: userDoc, apps: appDoc, trustedOrigins: trustedOriginDoc, authorizationServers: authServerDoc, scenarios: scenarioDoc } as const;

/**
 * Like parseWorkspaceDoc, but a broken item does not stop the reading: the items that are well
 * formed go on to the full check (references, the admin API's parsers), so one run lists every
 * problem. The structure problems travel with the document; names of broken items are remembered,
 * so what refers to them is not reported a second time.
 */
export function parseWorkspaceDocLenient(value: unknown): CheckedDoc {
  try {
    return parseWorkspaceDoc(value);
  } catch (e) {
    if (!(e instanceof WorkspaceError) || e.problems.some((p) => p.path === '' || p.path === 'gatehouse')) throw e;
    const raw = value as Record<string, unknown>;
    const problems: Problem[] = [];
    const broken = new Set<string>();
    const indexes: Record<string, number[]> = {};
    const doc: CheckedDoc = { gatehouse: FORMAT_VERSION };
    const top = workspaceDoc.pick({ gatehouse: true, containsSecrets: true }).strict().safeParse(
      Object.fromEntries(Object.entries(raw).filter(([k]) => !(k in SECTIONS))),
      { reportInput: true },
    );
    if (!top.success) problems.push(...zodProblems(top.error));
    else if (top.data.containsSecrets !== undefined) doc.containsSecrets = top.data.containsSecrets;
    for (const [section, schema] of Object.entries(SECTIONS) as [keyof typeof SECTIONS, z.ZodType][]) {
      const items = raw[section];
      if (items === undefined) continue;
      if (!Array.isArray(items)) {
        problems.push({ path: section, message: `Expected array, got ${items === null ? 'null' : typeof items}` });
        continue;
      }
      const good: unknown[] = [];
      indexes[section] = [];
      items.forEach((item, i) => {
        const r = schema.safeParse(item, { reportInput: true });
        if (r.success) {
          good.push(r.data);
          indexes[section]!.push(i);
          return;
        }
        problems.push(...zodProblems(r.error, `${section}[${i}]`));
        const named = item && typeof item === 'object' ? ((item as { name?: unknown; login?: unknown }).name ?? (item as { login?: unknown }).login) : undefined;
        if (typeof named === "string") broken.add(`${section}:${named}`);
      });
      (doc as Record<string, unknown>)[section] = good;
    }
    Object.defineProperty(doc, STRUCTURE_PROBLEMS, { value: { problems, broken, indexes }, enumerable: false });
    return doc;
  }
}

export function isWorkspaceDoc(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value) && 'gatehouse' in value;
}

export function serialize(doc: unknown, format: DocFormat): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const body = YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  const secrets = doc && typeof doc === 'object' && (doc as { containsSecrets?: boolean }).containsSecrets;
  const header = secrets ? '# CONTAINS SECRETS (password hashes, client secrets, private keys): keep it like a password.\n' : '';
  return `${header}# Gatehouse workspace (format ${FORMAT_VERSION}). Objects refer to each other by name.\n${body}`;
}

