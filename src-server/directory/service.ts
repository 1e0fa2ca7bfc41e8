import type { Store } from '../store/index.js';
import { Errors } from '../errors.js';
import { newId, randomSecret } from '../util/ids.js';
import { hashPassword, meetsPasswordPolicy, verifyPassword } from './passwords.js';
import { canSignIn, nextStatus, type LifecycleVerb, type User, type UserInput, type UserProfile } from './users.js';
import type { Group } from './groups.js';
import { usesSecret, type App, type AppInput } from './apps.js';
import { forgetReferences } from '../authz/service.js';

/*
 * Directory operations shared by the admin API, the authn API and the seeds. Passwords are hashed
 * before the transaction opens (scrypt is slow on purpose); every multi-row write is one transaction.
 */

export function requireUser(store: Store, idOrLogin: string): User {
  const u = store.users.find(idOrLogin);
  if (!u) throw Errors.notFound(idOrLogin, 'User');
  return u;
}

export function requireGroup(store: Store, id: string): Group {
  const g = store.groups.get(id);
  if (!g) throw Errors.notFound(id, 'UserGroup');
  return g;
}

export function requireApp(store: Store, id: string): App {
  const a = store.apps.get(id);
  if (!a) throw Errors.notFound(id, 'AppInstance');
  return a;
}

function checkPassword(password: string, login: string): void {
  if (!meetsPasswordPolicy(password, login)) throw Errors.passwordComplexity();
}

export async function createUser(store: Store, input: UserInput, activate: boolean, now: string): Promise<User> {
  if (store.users.loginTaken(input.profile.login)) {
    throw Errors.validation([{ field: 'login', message: 'An object with this field already exists in the current organization' }]);
  }
  for (const gid of input.groupIds) requireGroupForMembership(store, gid, 'groupIds');
  if (input.password !== undefined) checkPassword(input.password, input.profile.login);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  return insertUser(store, input, passwordHash, activate, now);
}

/** Creates a user whose password (if any) was hashed beforehand, with its memberships, in one transaction. */
export function insertUser(store: Store, input: UserInput, passwordHash: string | null, activate: boolean, now: string): User {
  for (const gid of input.groupIds) requireGroupForMembership(store, gid, 'groupIds');
  const status = !activate ? 'STAGED' : passwordHash ? 'ACTIVE' : 'PROVISIONED';
  const user: User = {
    id: newId('user'),
    status,
    created: now,
    activated: status === 'ACTIVE' ? now : null,
    statusChanged: status === 'ACTIVE' ? now : null,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: passwordHash ? now : null,
    profile: input.profile,
    passwordHash,
    failedLogins: 0,
  };
  store.tx(() => {
    if (store.users.loginTaken(input.profile.login)) {
      throw Errors.validation([{ field: 'login', message: 'An object with this field already exists in the current organization' }]);
    }
    store.users.insert(user);
    for (const gid of input.groupIds) store.groups.addMember(gid, user.id, now);
  });
  return user;
}

function requireGroupForMembership(store: Store, groupId: string, field: string): Group {
  const g = store.groups.get(groupId);
  if (!g) throw Errors.validation([{ field, message: `There is no group with the id '${groupId}'` }]);
  if (g.type !== 'OKTA_GROUP') throw Errors.validation([{ field, message: `Members of the ${g.profile.name} group are managed by Okta` }]);
  return g;
}

export async function updateUser(store: Store, user: User, input: { profile: UserProfile; password?: string }, now: string): Promise<User> {
  const taken = () => {
    if (store.users.loginTaken(input.profile.login, user.id)) {
      throw Errors.validation([{ field: 'login', message: 'An object with this field already exists in the current organization' }]);
    }
  };
  taken();
  if (input.password !== undefined) checkPassword(input.password, input.profile.login);
  const newHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  // Hashing took a while: apply the change to the row as it is now (a suspend may have landed).
  return store.tx(() => {
    const current = store.users.get(user.id);
    if (!current) throw Errors.notFound(user.id, 'User');
    taken();
    const next: User = {
      ...current,
      profile: input.profile,
      ...(newHash !== undefined ? { passwordHash: newHash, passwordChanged: now } : {}),
      // An admin-set password ends a reset or an expiry (as in Okta): the user can sign in again.
      ...(newHash !== undefined && (current.status === 'RECOVERY' || current.status === 'PASSWORD_EXPIRED') ? { status: 'ACTIVE' as const } : {}),
      lastUpdated: now,
    };
    store.users.update(next);
    return next;
  });
}

export function changeUserStatus(store: Store, user: User, verb: LifecycleVerb, now: string): User {
  const status = nextStatus(user, verb);
  const next: User = {
    ...user,
    status,
    statusChanged: status !== user.status ? now : user.statusChanged,
    activated: status === 'ACTIVE' && !user.activated ? now : user.activated,
    failedLogins: verb === 'unlock' ? 0 : user.failedLogins,
    lastUpdated: now,
  };
  store.users.update(next);
  return next;
}

/** Okta's two-step delete: the first DELETE deactivates, the second (from DEPROVISIONED) deletes. */
export function deleteUser(store: Store, user: User, now: string): void {
  if (user.status !== 'DEPROVISIONED') changeUserStatus(store, user, 'deactivate', now);
  else
    store.tx(() => {
      store.users.delete(user.id);
      forgetReferences(store, 'user', user.id);
    });
}

// ---- groups ----

export function createGroup(store: Store, profile: Group['profile'], now: string): Group {
  if (store.groups.nameTaken(profile.name)) throw Errors.validation([{ field: 'name', message: 'An object with this field already exists in the current organization' }]);
  const group: Group = { id: newId('group'), type: 'OKTA_GROUP', created: now, lastUpdated: now, lastMembershipUpdated: now, profile };
  store.groups.insert(group);
  return group;
}

export function replaceGroup(store: Store, group: Group, profile: Group['profile'], now: string): Group {
  if (group.type !== 'OKTA_GROUP') throw Errors.forbidden(`The ${group.profile.name} group is built in and cannot be changed.`);
  if (store.groups.nameTaken(profile.name, group.id)) throw Errors.validation([{ field: 'name', message: 'An object with this field already exists in the current organization' }]);
  const next = { ...group, profile, lastUpdated: now };
  store.groups.update(next);
  return next;
}

export function deleteGroup(store: Store, group: Group): void {
  if (group.type !== 'OKTA_GROUP') throw Errors.forbidden(`The ${group.profile.name} group is built in and cannot be deleted.`);
  store.tx(() => {
    store.groups.delete(group.id);
    forgetReferences(store, 'group', group.id);
  });
}

export function addGroupMember(store: Store, group: Group, user: User, now: string): void {
  if (group.type !== 'OKTA_GROUP') throw Errors.forbidden(`Members of the ${group.profile.name} group are managed by Okta.`);
  store.groups.addMember(group.id, user.id, now);
}

export function removeGroupMember(store: Store, group: Group, user: User, now: string): void {
  if (group.type !== 'OKTA_GROUP') throw Errors.forbidden(`Members of the ${group.profile.name} group are managed by Okta.`);
  store.groups.removeMember(group.id, user.id, now);
}

// ---- apps ----

export function createApp(store: Store, input: AppInput, activate: boolean, now: string): App {
  const id = newId('app');
  const clientId = input.credentials.client_id ?? id;
  if (store.apps.clientIdTaken(clientId)) {
    throw Errors.validation([{ field: 'credentials.oauthClient.client_id', message: 'An object with this field already exists' }]);
  }
  const method = input.credentials.token_endpoint_auth_method;
  const app: App = {
    id,
    status: activate ? 'ACTIVE' : 'INACTIVE',
    created: now,
    lastUpdated: now,
    label: input.label,
    credentials: {
      ...input.credentials,
      client_id: clientId,
      client_secret: usesSecret(method) ? (input.credentials.client_secret ?? randomSecret(30)) : undefined,
    },
    settings: input.settings,
    profile: input.profile,
    userNameTemplate: input.userNameTemplate ?? { template: '${source.login}', type: 'BUILT_IN' },
  };
  store.apps.insert(app);
  return app;
}

export function replaceApp(store: Store, app: App, input: AppInput, now: string): App {
  const method = input.credentials.token_endpoint_auth_method;
  const next: App = {
    ...app,
    label: input.label,
    lastUpdated: now,
    credentials: {
      ...input.credentials,
      client_id: app.credentials.client_id,
      // A replace that omits the secret keeps the current one (the SDK sends back what it read).
      client_secret: usesSecret(method) ? (input.credentials.client_secret ?? app.credentials.client_secret ?? randomSecret(30)) : undefined,
    },
    settings: input.settings,
    profile: input.profile,
    userNameTemplate: input.userNameTemplate ?? app.userNameTemplate,
  };
  store.apps.update(next);
  return next;
}

export function setAppStatus(store: Store, app: App, status: App['status'], now: string): void {
  if (app.status !== status) store.apps.update({ ...app, status, lastUpdated: now });
}

export function deleteApp(store: Store, app: App): void {
  if (app.status === 'ACTIVE') {
    throw Errors.validation([{ field: 'status', message: 'An ACTIVE app cannot be deleted; deactivate it first' }], 'app');
  }
  store.tx(() => {
    store.apps.delete(app.id);
    forgetReferences(store, 'client', app.credentials.client_id);
  });
}

export function assignUserToApp(store: Store, app: App, user: User, userName: string | undefined, profile: Record<string, unknown>, now: string, mustBeNew: boolean) {
  const existing = store.apps.getUserAssignment(app.id, user.id);
  if (existing && mustBeNew) throw Errors.alreadyAssigned();
  const assignment = {
    appId: app.id,
    userId: user.id,
    // Stored only when given: otherwise it follows the template (a renamed login renames it).
    userName: userName ?? existing?.userName ?? '',
    created: existing?.created ?? now,
    lastUpdated: now,
    profile: { ...(existing?.profile ?? {}), ...profile },
  };
  store.apps.putUserAssignment(assignment);
  return assignment;
}

export function assignGroupToApp(store: Store, app: App, group: Group, priority: number | undefined, profile: Record<string, unknown>, now: string) {
  const existing = store.apps.getGroupAssignment(app.id, group.id);
  const assignment = {
    appId: app.id,
    groupId: group.id,
    priority: priority ?? existing?.priority ?? store.apps.nextGroupPriority(app.id),
    lastUpdated: now,
    profile,
  };
  store.apps.putGroupAssignment(assignment);
  return assignment;
}

// ---- classic authentication ----

/** Okta's default lockout: 10 failed attempts in a row lock the user out. */
export const MAX_FAILED_LOGINS = 10;
export const SESSION_TOKEN_TTL_MS = 5 * 60_000;

export type AuthnResult = { ok: true; user: User } | { ok: false };

/**
 * Checks a username and password. Failures are indistinguishable to the caller (wrong login, wrong
 * password, locked out, not active), as Okta hides them all behind E0000004.
 */
export async function authenticate(store: Store, username: string, password: string, now: string): Promise<AuthnResult> {
  // By login only: a user id or a short name is not a username.
  const user = store.users.getByLogin(username);
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user) return { ok: false };
  // The hash check took a while: decide on the row as it is now, in one transaction.
  return store.tx((): AuthnResult => {
    const current = store.users.get(user.id);
    if (!current) return { ok: false };
    if (!ok || current.passwordHash !== user.passwordHash) {
      store.users.recordFailedLogin(current.id, MAX_FAILED_LOGINS, now);
      return { ok: false };
    }
    if (!canSignIn(current.status)) return { ok: false };
    store.users.recordLogin(current.id, now);
    return { ok: true, user: { ...current, failedLogins: 0, lastLogin: now } };
  });
}

export function issueSessionToken(store: Store, user: User, nowMs: number): { token: string; expiresAt: string } {
  const token = `20111${randomSecret(32)}`;
  const expiresAt = new Date(nowMs + SESSION_TOKEN_TTL_MS).toISOString();
  store.sessionTokens.insert(token, user.id, new Date(nowMs).toISOString(), expiresAt);
  return { token, expiresAt };
}
