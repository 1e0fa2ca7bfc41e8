import type { Db } from './db.js';
import { stmt } from './statements.js';
import { listPage, type ListOptions } from './paging.js';
import type { Page } from '../admin/http.js';
import type { Group, GroupType } from '../directory/groups.js';

interface GroupRow {
  seq: number;
  id: string;
  type: string;
  name: string;
  created: string;
  last_updated: string;
  last_membership_updated: string;
  profile: string;
}

function fromRow(r: GroupRow): Group {
  return {
    id: r.id,
    type: r.type as GroupType,
    created: r.created,
    lastUpdated: r.last_updated,
    lastMembershipUpdated: r.last_membership_updated,
    profile: JSON.parse(r.profile),
  };
}

function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Groups and memberships. The BUILT_IN `Everyone` group has no membership rows: every user is in it,
 * so its members are simply all users.
 */
export class GroupRepo {
  constructor(private readonly db: Db) {}

  get(id: string): Group | undefined {
    const r = stmt(this.db, 'SELECT * FROM groups WHERE id = ?').get(id) as GroupRow | undefined;
    return r && fromRow(r);
  }

  getByName(name: string): Group | undefined {
    const r = stmt(this.db, 'SELECT * FROM groups WHERE name_key = ?').get(nameKey(name)) as GroupRow | undefined;
    return r && fromRow(r);
  }

  everyone(): Group {
    const r = stmt(this.db, "SELECT * FROM groups WHERE type = 'BUILT_IN' ORDER BY seq LIMIT 1").get() as GroupRow | undefined;
    if (!r) throw new Error('the workspace has no Everyone group');
    return fromRow(r);
  }

  nameTaken(name: string, exceptId?: string): boolean {
    const r = stmt(this.db, 'SELECT id FROM groups WHERE name_key = ?').get(nameKey(name)) as { id: string } | undefined;
    return !!r && r.id !== exceptId;
  }

  insert(g: Group): void {
    stmt(this.db, 'INSERT INTO groups (id, type, name, name_key, created, last_updated, last_membership_updated, profile) VALUES (?,?,?,?,?,?,?,?)')
      .run(g.id, g.type, g.profile.name, nameKey(g.profile.name), g.created, g.lastUpdated, g.lastMembershipUpdated, JSON.stringify(g.profile));
  }

  update(g: Group): void {
    stmt(this.db, 'UPDATE groups SET name=?, name_key=?, last_updated=?, last_membership_updated=?, profile=? WHERE id=?')
      .run(g.profile.name, nameKey(g.profile.name), g.lastUpdated, g.lastMembershipUpdated, JSON.stringify(g.profile), g.id);
  }

  delete(id: string): void {
    stmt(this.db, 'DELETE FROM groups WHERE id = ?').run(id);
  }

  list(opts: ListOptions): Page<Group> {
    return listPage<GroupRow, Group>(this.db, 'groups', opts, fromRow);
  }

  isMember(groupId: string, userId: string): boolean {
    return !!stmt(this.db, 'SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?').get(groupId, userId);
  }

  /** Adds a member; returns false when the user already was one. */
  addMember(groupId: string, userId: string, now: string): boolean {
    return this.db.transaction(() => {
      const r = stmt(this.db, 'INSERT OR IGNORE INTO group_members (group_id, user_id, added) VALUES (?,?,?)').run(groupId, userId, now);
      if (r.changes) stmt(this.db, 'UPDATE groups SET last_membership_updated = ? WHERE id = ?').run(now, groupId);
      return r.changes > 0;
    })();
  }

  removeMember(groupId: string, userId: string, now: string): boolean {
    return this.db.transaction(() => {
      const r = stmt(this.db, 'DELETE FROM group_members WHERE group_id = ? AND user_id = ?').run(groupId, userId);
      if (r.changes) stmt(this.db, 'UPDATE groups SET last_membership_updated = ? WHERE id = ?').run(now, groupId);
      return r.changes > 0;
    })();
  }

  /** Ids of the OKTA_GROUPs a user is in (Everyone not included). */
  memberGroupIds(userId: string): string[] {
    return (stmt(this.db, 'SELECT group_id FROM group_members WHERE user_id = ?').all(userId) as { group_id: string }[]).map((r) => r.group_id);
  }

  /** A user's groups, Everyone first, as Okta lists them. */
  groupsOfUser(userId: string): Group[] {
    const rows = stmt(this.db, 
        `SELECT g.* FROM groups g WHERE g.type = 'BUILT_IN'
         UNION ALL
         SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ?
         ORDER BY seq`,
      )
      .all(userId) as GroupRow[];
    return rows.map(fromRow);
  }

  /** Member ids of a group, paged by user creation order. */
  memberPage(group: Group, after: string | undefined, limit: number): Page<string> {
    const where = group.type === 'BUILT_IN' ? undefined : 'id IN (SELECT user_id FROM group_members WHERE group_id = ?)';
    return listPage<{ id: string; seq: number }, string>(
      this.db,
      'users',
      { where, params: where ? [group.id] : [], after, limit },
      (r) => r.id,
    );
  }
}
