/** The directory's wire objects as these screens read them (Okta's shapes, reference §4.11–4.12). */

export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'LOCKED_OUT' | 'PASSWORD_EXPIRED' | 'SUSPENDED' | 'DEPROVISIONED';

export type ProfileValue = string | number | boolean | null | (string | number | boolean)[];

export interface DirUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: { login: string; email: string; firstName?: string | null; lastName?: string | null } & Record<string, ProfileValue | undefined>;
  credentials?: { password?: Record<string, never>; provider?: { type: string; name: string } };
  _links?: Record<string, { href: string } | undefined>;
}

export interface DirGroup {
  id: string;
  type: 'OKTA_GROUP' | 'BUILT_IN' | 'APP_GROUP';
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description?: string | null } & Record<string, unknown>;
}

export interface AssignedApp {
  id: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  settings?: { oauthClient?: { application_type?: string } };
  credentials?: { oauthClient?: { client_id?: string } };
}

/** Okta's base profile attributes (reference §4.11); anything else in a profile is custom. */
export const STANDARD_ATTRIBUTES = new Set([
  'login', 'email', 'secondEmail', 'firstName', 'lastName', 'middleName', 'honorificPrefix', 'honorificSuffix',
  'title', 'displayName', 'nickName', 'profileUrl', 'primaryPhone', 'mobilePhone', 'streetAddress', 'city',
  'state', 'zipCode', 'countryCode', 'postalAddress', 'preferredLanguage', 'locale', 'timezone', 'userType',
  'employeeNumber', 'costCenter', 'organization', 'division', 'department', 'managerId', 'manager',
]);

export function fullName(u: Pick<DirUser, 'profile'>): string {
  const n = [u.profile.firstName, u.profile.lastName].filter((p) => typeof p === 'string' && p).join(' ');
  return n || u.profile.login;
}

export function initials(u: Pick<DirUser, 'profile'>): string {
  const f = typeof u.profile.firstName === 'string' ? u.profile.firstName : '';
  const l = typeof u.profile.lastName === 'string' ? u.profile.lastName : '';
  const s = `${f.charAt(0)}${l.charAt(0)}` || u.profile.login.charAt(0);
  return s.toUpperCase();
}

/** What each status means for the person, in words. */
export const STATUS_WORDS: Record<UserStatus, string> = {
  STAGED: 'Created but not activated: cannot sign in yet.',
  PROVISIONED: 'Activated without a password: cannot sign in until a password is set.',
  ACTIVE: 'Can sign in.',
  RECOVERY: 'Password reset: cannot sign in with the old password; waits for a new one.',
  LOCKED_OUT: 'Locked out after too many failed sign-ins: cannot sign in until unlocked.',
  PASSWORD_EXPIRED: 'Password expired: must choose a new one at the next sign-in.',
  SUSPENDED: 'Suspended: cannot sign in until unsuspended; keeps groups and apps.',
  DEPROVISIONED: 'Deactivated: cannot sign in. Activate to restore, or delete for good.',
};

export const STATUS_LABEL: Record<UserStatus, string> = {
  STAGED: 'Staged', PROVISIONED: 'Pending password', ACTIVE: 'Active', RECOVERY: 'Password reset', LOCKED_OUT: 'Locked out',
  PASSWORD_EXPIRED: 'Password expired', SUSPENDED: 'Suspended', DEPROVISIONED: 'Deactivated',
};

export const STATUS_TONE: Record<UserStatus, 'good' | 'bad' | 'warn' | 'info' | 'muted'> = {
  STAGED: 'muted', PROVISIONED: 'info', ACTIVE: 'good', RECOVERY: 'warn', LOCKED_OUT: 'bad', PASSWORD_EXPIRED: 'warn', SUSPENDED: 'warn', DEPROVISIONED: 'muted',
};
