import type { Db } from './db.js';
import { stmt } from './statements.js';
import { listPage, type ListOptions } from './paging.js';
import type { Page } from '../admin/http.js';
import type { App } from '../directory/apps.js';

interface AppRow {
  seq: number;
  id: string;
  client_id: string;
  label: string;
  status: string;
  created: string;
  last_updated: string;
  data: string;
}

type AppData = Pick<App, 'label' | 'credentials' | 'settings' | 'profile' | 'userNameTemplate'>;

function fromRow(r: AppRow): App {
  const d = JSON.parse(r.data) as AppData;
  return { id: r.id, status: r.status as App['status'], created: r.created, lastUpdated: r.last_updated, ...d };
}

export interface AppUserAssignment {
  appId: string;
  userId: string;
  userName: string;
  created: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

export interface AppGroupAssignment {
  appId: string;
  groupId: string;
  priority: number;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

/** One app user as Okta lists it: assigned directly (`USER`) or through a group (`GROUP`). */
export interface AppUserView {
  userId: string;
  scope: 'USER' | 'GROUP';
  direct?: AppUserAssignment;
}

export class AppRepo {
  constructor(private readonly db: Db) {}

  get(id: string): App | undefined {
    const r = stmt(this.db, 'SELECT * FROM apps WHERE id = ?').get(id) as AppRow | undefined;
    return r && fromRow(r);
  }

  getByClientId(clientId: string): App | undefined {
    const r = stmt(this.db, 'SELECT * FROM apps WHERE client_id = ?').get(clientId) as AppRow | undefined;
    return r && fromRow(r);
  }

  clientIdTaken(clientId: string): boolean {
    return !!stmt(this.db, 'SELECT 1 FROM apps WHERE client_id = ? OR id = ?').get(clientId, clientId);
  }

  insert(a: App): void {
    stmt(this.db, 'INSERT INTO apps (id, client_id, label, status, created, last_updated, data) VALUES (?,?,?,?,?,?,?)')
      .run(a.id, a.credentials.client_id, a.label, a.status, a.created, a.lastUpdated, JSON.stringify(data(a)));
  }

  update(a: App): void {
    stmt(this.db, 'UPDATE apps SET label=?, status=?, last_updated=?, data=? WHERE id=?')
      .run(a.label, a.status, a.lastUpdated, JSON.stringify(data(a)), a.id);
  }

  delete(id: string): void {
    stmt(this.db, 'DELETE FROM apps WHERE id = ?').run(id);
  }

  list(opts: ListOptions): Page<App> {
    return listPage<AppRow, App>(this.db, 'apps', opts, fromRow);
  }

  all(): App[] {
    return (stmt(this.db, 'SELECT * FROM apps ORDER BY seq').all() as AppRow[]).map(fromRow);
  }

  // ---- user assignments ----

  getUserAssignment(appId: string, userId: string): AppUserAssignment | undefined {
    const r = stmt(this.db, 'SELECT * FROM app_users WHERE app_id = ? AND user_id = ?').get(appId, userId) as
      | { app_id: string; user_id: string; user_name: string; created: string; last_updated: string; profile: string }
      | undefined;
    return r && { appId: r.app_id, userId: r.user_id, userName: r.user_name, created: r.created, lastUpdated: r.last_updated, profile: JSON.parse(r.profile) };
  }

  putUserAssignment(a: AppUserAssignment): void {
    stmt(this.db, 
        `INSERT INTO app_users (app_id, user_id, user_name, created, last_updated, profile) VALUES (?,?,?,?,?,?)
         ON CONFLICT (app_id, user_id) DO UPDATE SET user_name = excluded.user_name, last_updated = excluded.last_updated, profile = excluded.profile`,
      )
      .run(a.appId, a.userId, a.userName, a.created, a.lastUpdated, JSON.stringify(a.profile));
  }

  deleteUserAssignment(appId: string, userId: string): boolean {
    return stmt(this.db, 'DELETE FROM app_users WHERE app_id = ? AND user_id = ?').run(appId, userId).changes > 0;
  }

  /** True when the user may use the app: assigned directly or through any group (Everyone included). */
  isAssigned(appId: string, userId: string): boolean {
    return !!stmt(this.db, 
        `SELECT 1 FROM app_users WHERE app_id = ? AND user_id = ?
         UNION ALL SELECT 1 FROM app_groups ag JOIN group_members m ON m.group_id = ag.group_id WHERE ag.app_id = ? AND m.user_id = ?
         UNION ALL SELECT 1 FROM app_groups ag JOIN groups g ON g.id = ag.group_id WHERE ag.app_id = ? AND g.type = 'BUILT_IN'
         LIMIT 1`,
      )
      .get(appId, userId, appId, userId, appId);
  }

  /** The app's users, direct and through groups, in user creation order. */
  userPage(appId: string, after: string | undefined, limit: number): Page<AppUserView> {
    const everyone = !!stmt(this.db, `SELECT 1 FROM app_groups ag JOIN groups g ON g.id = ag.group_id WHERE ag.app_id = ? AND g.type = 'BUILT_IN'`).get(appId);
    const where = everyone
      ? undefined
      : `id IN (SELECT user_id FROM app_users WHERE app_id = ?) OR id IN (SELECT m.user_id FROM app_groups ag JOIN group_members m ON m.group_id = ag.group_id WHERE ag.app_id = ?)`;
    const page = listPage<{ id: string; seq: number }, string>(this.db, 'users', { where, params: where ? [appId, appId] : [], after, limit }, (r) => r.id);
    return {
      next: page.next,
      items: page.items.map((userId) => {
        const direct = this.getUserAssignment(appId, userId);
        return { userId, scope: direct ? 'USER' : 'GROUP', direct };
      }),
    };
  }

  // ---- group assignments ----

  getGroupAssignment(appId: string, groupId: string): AppGroupAssignment | undefined {
    const r = stmt(this.db, 'SELECT * FROM app_groups WHERE app_id = ? AND group_id = ?').get(appId, groupId) as
      | { app_id: string; group_id: string; priority: number; last_updated: string; profile: string }
      | undefined;
    return r && { appId: r.app_id, groupId: r.group_id, priority: r.priority, lastUpdated: r.last_updated, profile: JSON.parse(r.profile) };
  }

  putGroupAssignment(a: AppGroupAssignment): void {
    stmt(this.db, 
        `INSERT INTO app_groups (app_id, group_id, priority, last_updated, profile) VALUES (?,?,?,?,?)
         ON CONFLICT (app_id, group_id) DO UPDATE SET priority = excluded.priority, last_updated = excluded.last_updated, profile = excluded.profile`,
      )
      .run(a.appId, a.groupId, a.priority, a.lastUpdated, JSON.stringify(a.profile));
  }

  deleteGroupAssignment(appId: string, groupId: string): boolean {
    return stmt(this.db, 'DELETE FROM app_groups WHERE app_id = ? AND group_id = ?').run(appId, groupId).changes > 0;
  }

  nextGroupPriority(appId: string): number {
    const r = stmt(this.db, 'SELECT MAX(priority) AS p FROM app_groups WHERE app_id = ?').get(appId) as { p: number | null };
    return r.p === null ? 0 : r.p + 1;
  }

  groupAssignmentPage(appId: string, after: string | undefined, limit: number): Page<AppGroupAssignment> {
    return listPage<{ seq: number; id: string; app_id: string; group_id: string; priority: number; last_updated: string; profile: string }, AppGroupAssignment>(
      this.db,
      // A view with an `id` column lets the shared pager use group ids as cursors.
      `(SELECT seq, group_id AS id, app_id, group_id, priority, last_updated, profile FROM app_groups WHERE app_id = '${appId.replace(/'/g, "''")}')`,
      { after, limit },
      (r) => ({ appId: r.app_id, groupId: r.group_id, priority: r.priority, lastUpdated: r.last_updated, profile: JSON.parse(r.profile) }),
    );
  }

  assignedGroupIds(appId: string): string[] {
    return (stmt(this.db, 'SELECT group_id FROM app_groups WHERE app_id = ?').all(appId) as { group_id: string }[]).map((r) => r.group_id);
  }

  assignedUserIds(appId: string): string[] {
    return (stmt(this.db, 'SELECT user_id FROM app_users WHERE app_id = ?').all(appId) as { user_id: string }[]).map((r) => r.user_id);
  }

  /** Apps a group is assigned to. */
  appIdsOfGroup(groupId: string): string[] {
    return (stmt(this.db, 'SELECT app_id FROM app_groups WHERE group_id = ? ORDER BY seq').all(groupId) as { app_id: string }[]).map((r) => r.app_id);
  }
}

function data(a: App): AppData {
  return { label: a.label, credentials: a.credentials, settings: a.settings, profile: a.profile, userNameTemplate: a.userNameTemplate };
}
