/**
 * What an expression can see (reference §6 and §7.3): plain data, passed in by the caller. The
 * evaluator reads only own data properties of these objects and never calls anything on them.
 */
import type { App } from '../directory/apps.js';
import type { Group } from '../directory/groups.js';
import type { User } from '../directory/users.js';

/** A user as the EL sees it. The directory's `User` fits this shape. */
export interface ExprUser {
  /** Okta user id (`00u…`): `user.getInternalProperty("id")`. */
  id: string;
  /** Lifecycle status (`ACTIVE`, `STAGED`, ...): `user.getInternalProperty("status")`. */
  status: string;
  /** Profile attributes, read as `user.<attr>`; an attribute that is absent reads as null. */
  profile: Readonly<Record<string, unknown>>;
  /** Timestamps, also readable with `user.getInternalProperty(...)`. */
  created?: string | null;
  activated?: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  lastUpdated?: string | null;
  passwordChanged?: string | null;
  /** Linked users by the relationship's primary name, for `user.getLinkedObject("manager")`. */
  linkedObjects?: Readonly<Record<string, ExprUser | null | undefined>>;
}

/** A group the user belongs to. The directory's `Group` fits this shape (its name is `profile.name`). */
export interface ExprGroup {
  /** Group id (`00g…`). */
  id: string;
  /** `OKTA_GROUP`, `APP_GROUP` or `BUILT_IN` (Everyone). */
  type: string;
  /** The group's name; defaults to `profile.name`. */
  name?: string;
  /** The group profile (`name`, `description`, custom attributes such as `windowsDomainQualifiedName`). */
  profile?: Readonly<Record<string, unknown>> & { name?: string; description?: string | null };
  /**
   * For an `APP_GROUP`: the app instance it is imported from (`id`, matched by `group.source.id` and by
   * `Groups.*` given an app instance id) and that app's name (`name`, e.g. `active_directory`, matched
   * by `Groups.*` given an app type).
   */
  source?: { id: string; name?: string } | null;
  /** Okta's `objectClass`; defaults to `['okta:user_group']`. */
  objectClass?: readonly string[];
  created?: string;
  lastUpdated?: string;
  lastMembershipUpdated?: string;
}

/** Data for the Active Directory and Workday helpers of §7.8. Gatehouse has no such integrations, so usually absent. */
export interface ExprDirectories {
  /** The user's Active Directory app user, and their manager and assistant there. */
  activeDirectory?: {
    appUser?: Readonly<Record<string, unknown>> | null;
    manager?: { user?: ExprUser | null; appUser?: Readonly<Record<string, unknown>> | null } | null;
    assistant?: { user?: ExprUser | null; appUser?: Readonly<Record<string, unknown>> | null } | null;
  };
  /** The user's Workday app user. */
  workday?: { appUser?: Readonly<Record<string, unknown>> | null };
}

export interface ExpressionContext {
  /** The Okta user of the flow; null in client credentials (then any `user.<attr>` is an error). */
  user: ExprUser | null;
  /**
   * The app-user profile of the in-context app, read as `appuser.<attr>`; it includes `userName`
   * (the app username). Null in client credentials, which is why the system `sub` claim tests it.
   */
  appuser: Readonly<Record<string, unknown>> | null;
  /** The client app: `app.id` (`0oa…`), `app.clientId`, `app.profile.<x>` (the app's profile object). */
  app: { id: string; clientId: string; profile?: Readonly<Record<string, unknown>> | null };
  /** The org: `org.name` and `org.subDomain`. */
  org: { name: string; subDomain: string };
  /** `access.scope`: the granted scope names (custom authorization servers). */
  access: { scope: readonly string[] };
  /** The user's groups, Everyone included, in the order group functions should list them. Empty without a user. */
  groups: readonly ExprGroup[];
  /** `session.amr`: authentication methods of the session (optional; null when absent). */
  session?: { amr: readonly string[] } | null;
  /** `idpuser.<attr>`: the external IdP's profile; only bound when the check environment allows `idpuser`. */
  idpuser?: Readonly<Record<string, unknown>> | null;
  /** Epoch milliseconds used by `Time.now()`; defaults to the current time. */
  now?: number;
  /** Data for `getManagerUser`, `findDirectoryUser`, `findWorkdayUser` and friends (§7.8). */
  directories?: ExprDirectories;
}

/**
 * Builds the context from the directory's objects. `appUserName` is the app username (see
 * `appUserName` in directory/apps.ts); it defaults to the user's login.
 */
export function buildContext(input: {
  user: User | ExprUser | null;
  groups?: readonly (Group | ExprGroup)[];
  app: App | { id: string; clientId: string; profile?: Record<string, unknown> | null };
  org: { name: string; subDomain: string };
  scopes: readonly string[];
  appUserName?: string;
  appUserProfile?: Record<string, unknown>;
  now?: number;
}): ExpressionContext {
  const u = input.user;
  const app = input.app;
  const appCtx =
    'credentials' in app && app.credentials && typeof app.credentials === 'object'
      ? { id: app.id, clientId: (app as App).credentials.client_id, profile: (app as App).profile ?? {} }
      : { id: app.id, clientId: (app as { clientId: string }).clientId, profile: app.profile ?? {} };
  return {
    user: u ? { id: u.id, status: u.status, profile: u.profile, created: u.created, activated: u.activated, statusChanged: u.statusChanged, lastLogin: u.lastLogin, lastUpdated: u.lastUpdated, passwordChanged: u.passwordChanged, linkedObjects: (u as ExprUser).linkedObjects } : null,
    appuser: u ? { ...(input.appUserProfile ?? {}), userName: input.appUserName ?? (typeof u.profile.login === 'string' ? u.profile.login : null) } : null,
    app: appCtx,
    org: input.org,
    access: { scope: input.scopes },
    groups: u ? (input.groups ?? []) : [],
    session: null,
    now: input.now,
  };
}
