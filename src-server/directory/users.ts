import { z } from 'zod';
import { Errors } from '../errors.js';
import { parseBody, readOnly, blank } from '../admin/validation.js';
import { link, type Links } from '../admin/http.js';

export const USER_STATUSES = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'SUSPENDED', 'DEPROVISIONED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type ProfileValue = string | number | boolean | null | (string | number | boolean)[];
export type UserProfile = { login: string; email: string; firstName?: string | null; lastName?: string | null } & Record<string, ProfileValue | undefined>;

export interface User {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: UserProfile;
  passwordHash: string | null;
  failedLogins: number;
}

/** Okta's base profile attributes (reference §4.11), all strings. */
export const STANDARD_ATTRIBUTES = [
  'login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'title', 'displayName', 'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city',
  'state', 'zipCode', 'countryCode', 'postalAddress', 'preferredLanguage', 'locale', 'timezone', 'userType',
  'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'managerId', 'manager',
] as const;

/** Linear: no two adjacent parts can match the same characters (the old pattern was quadratic). */
const EMAIL = /^[^\s@"]+@[^\s@".]+(?:\.[^\s@".]+)+$/;
const optionalString = z.string().max(1024).nullable().optional();
const scalar = z.union([z.string().max(4096), z.number(), z.boolean()]);
/** Custom attributes: Okta needs a schema entry first; Gatehouse accepts any JSON scalar or array of scalars. */
const customValue = z.union([scalar, z.array(scalar).max(1000), z.null()]);

const standardShape = Object.fromEntries(STANDARD_ATTRIBUTES.map((a) => [a, optionalString])) as Record<
  (typeof STANDARD_ATTRIBUTES)[number],
  typeof optionalString
>;

const profileSchema = z
  .object({
    ...standardShape,
    login: z
      .string({ error: blank })
      .min(5, 'The field must be at least 5 characters')
      .max(100)
      .refine((v) => v.length > 100 || EMAIL.test(v), 'Username must be in the form of an email address'),
    email: z
      .string({ error: blank })
      .max(100)
      .refine((v) => v.length > 100 || EMAIL.test(v), 'Does not match required pattern'),
    secondEmail: z.string().max(100).refine((v) => v.length > 100 || EMAIL.test(v), 'Does not match required pattern').nullable().optional(),
    firstName: z.string().min(1).max(50).nullable().optional(),
    lastName: z.string().min(1).max(50).nullable().optional(),
    locale: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, "Locale must be in the form of 'en_US'").nullable().optional(),
  })
  .catchall(customValue);

const passwordSchema = z.strictObject({ value: z.string().min(1).max(256).optional(), hash: readOnly, hook: readOnly });
const credentialsSchema = z
  .object({
    password: passwordSchema.optional(),
    recovery_question: z.object({ question: z.string().optional(), answer: z.string().optional() }).optional(),
    provider: readOnly,
  })
  .strict();

const userBody = {
  profile: profileSchema,
  credentials: credentialsSchema.optional(),
  // Read-only fields the Okta SDK sends back on replace:
  id: readOnly, status: readOnly, created: readOnly, activated: readOnly, statusChanged: readOnly, lastLogin: readOnly,
  lastUpdated: readOnly, passwordChanged: readOnly, transitioningToStatus: readOnly, type: readOnly, realmId: readOnly,
  _links: readOnly, _embedded: readOnly,
};

const createSchema = z.strictObject({ ...userBody, groupIds: z.array(z.string().min(1)).max(100).optional() });
const replaceSchema = z.strictObject(userBody);
const partialSchema = z.strictObject({ ...userBody, profile: z.record(z.string(), customValue).optional() });

export interface UserInput {
  profile: UserProfile;
  password?: string;
  groupIds: string[];
}

export function parseCreateUser(body: unknown): UserInput {
  const b = parseBody(createSchema, body);
  return { profile: cleanProfile(b.profile as UserProfile), password: b.credentials?.password?.value, groupIds: b.groupIds ?? [] };
}

export function parseReplaceUser(body: unknown): Omit<UserInput, 'groupIds'> {
  const b = parseBody(replaceSchema, body);
  return { profile: cleanProfile(b.profile as UserProfile), password: b.credentials?.password?.value };
}

/** `POST /users/{id}`: merges the given profile attributes into the current profile, then validates the whole. */
export function parsePartialUser(body: unknown, current: UserProfile): Omit<UserInput, 'groupIds'> {
  const b = parseBody(partialSchema, body);
  const merged = { ...current, ...(b.profile ?? {}) };
  const full = parseBody(replaceSchema, { profile: merged });
  return { profile: cleanProfile(full.profile as UserProfile), password: b.credentials?.password?.value };
}

/** Null attributes are stored as absent; Okta answers them as null for standard attributes anyway. */
function cleanProfile(p: UserProfile): UserProfile {
  const out: Record<string, ProfileValue> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== null) out[k] = v;
  return out as UserProfile;
}

/** Logins that differ only by case or diacritics collide (reference §4.11). */
export function loginKey(login: string): string {
  return login.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function userToWire(u: User, org: string, userTypeId: string) {
  const self = `${org}/api/v1/users/${u.id}`;
  const links: Links = { self: link(self) };
  const lc = (verb: string) => link(`${self}/lifecycle/${verb}`, 'POST');
  if (['STAGED', 'PROVISIONED', 'DEPROVISIONED'].includes(u.status)) links.activate = lc('activate');
  if (u.status === 'PROVISIONED') links.reactivate = lc('reactivate');
  if (u.status === 'ACTIVE') links.suspend = lc('suspend');
  if (u.status === 'SUSPENDED') links.unsuspend = lc('unsuspend');
  if (u.status === 'LOCKED_OUT') links.unlock = lc('unlock');
  if (u.status !== 'DEPROVISIONED') links.deactivate = lc('deactivate');
  // Offered only where the call is allowed: the same rules as the lifecycle calls themselves.
  if (allowed(u, 'reset_password')) links.resetPassword = lc('reset_password');
  if (allowed(u, 'expire_password')) links.expirePassword = lc('expire_password');
  links.type = link(`${org}/api/v1/meta/types/user/${userTypeId}`);
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: u.lastLogin,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: userTypeId },
    profile: { firstName: null, lastName: null, mobilePhone: null, secondEmail: null, ...u.profile },
    credentials: {
      ...(u.passwordHash ? { password: {} } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: links,
  };
}

function allowed(u: User, verb: LifecycleVerb): boolean {
  try {
    nextStatus(u, verb);
    return true;
  } catch {
    return false;
  }
}

export type LifecycleVerb = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock' | 'expire_password' | 'reset_password';

/**
 * The status a lifecycle call moves a user to, or Okta's error when the call is not allowed in the
 * user's current status (reference §4.11).
 */
export function nextStatus(u: User, verb: LifecycleVerb): UserStatus {
  switch (verb) {
    case 'activate':
      if (u.status === 'ACTIVE') throw Errors.alreadyActive();
      if (!['STAGED', 'PROVISIONED', 'DEPROVISIONED'].includes(u.status)) throw Errors.userStatus(`Cannot activate a user whose status is ${u.status}.`);
      // Without a password Okta waits for the user to finish activation by email.
      return u.passwordHash ? 'ACTIVE' : 'PROVISIONED';
    case 'reactivate':
      if (u.status !== 'PROVISIONED') throw Errors.userStatus('Only a user whose status is PROVISIONED can be reactivated.');
      return 'PROVISIONED';
    case 'deactivate':
      return 'DEPROVISIONED';
    case 'suspend':
      if (u.status !== 'ACTIVE') throw Errors.userStatus('Only an ACTIVE user can be suspended.');
      return 'SUSPENDED';
    case 'unsuspend':
      if (u.status !== 'SUSPENDED') throw Errors.userStatus('Only a SUSPENDED user can be unsuspended.');
      return 'ACTIVE';
    case 'unlock':
      if (u.status !== 'LOCKED_OUT') throw Errors.userStatus('Only a LOCKED_OUT user can be unlocked.');
      return 'ACTIVE';
    case 'expire_password':
      if (!['ACTIVE', 'PASSWORD_EXPIRED'].includes(u.status)) throw Errors.userStatus(`Cannot expire the password of a user whose status is ${u.status}.`);
      return 'PASSWORD_EXPIRED';
    case 'reset_password':
      if (['STAGED', 'DEPROVISIONED', 'SUSPENDED'].includes(u.status)) throw Errors.userStatus(`Cannot reset the password of a user whose status is ${u.status}.`);
      return 'RECOVERY';
  }
}

/** Statuses in which a user may sign in (classic authn and the sign-in page). */
export function canSignIn(status: UserStatus): boolean {
  return status === 'ACTIVE' || status === 'PASSWORD_EXPIRED';
}
