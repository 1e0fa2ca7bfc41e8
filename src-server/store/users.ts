import type { Db } from './db.js';
import { stmt } from './statements.js';
import { escapeLike } from '../util/like.js';
import { listPage, type ListOptions } from './paging.js';
import type { Page } from '../admin/http.js';
import { loginKey, type User, type UserStatus } from '../directory/users.js';

interface UserRow {
  seq: number;
  id: string;
  login: string;
  status: string;
  created: string;
  activated: string | null;
  status_changed: string | null;
  last_login: string | null;
  last_updated: string;
  password_changed: string | null;
  password_hash: string | null;
  profile: string;
  failed_logins: number;
}

function fromRow(r: UserRow): User {
  return {
    id: r.id,
    status: r.status as UserStatus,
    created: r.created,
    activated: r.activated,
    statusChanged: r.status_changed,
    lastLogin: r.last_login,
    lastUpdated: r.last_updated,
    passwordChanged: r.password_changed,
    passwordHash: r.password_hash,
    profile: JSON.parse(r.profile),
    failedLogins: r.failed_logins,
  };
}

export class UserRepo {
  private readonly byId;
  private readonly byLoginKey;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(private readonly db: Db) {
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.byLoginKey = db.prepare('SELECT * FROM users WHERE login_key = ?');
    this.insertStmt = db.prepare(`INSERT INTO users (id, login, login_key, status, created, activated, status_changed, last_login, last_updated, password_changed, password_hash, profile, failed_logins)
      VALUES (@id, @login, @loginKey, @status, @created, @activated, @statusChanged, @lastLogin, @lastUpdated, @passwordChanged, @passwordHash, @profile, @failedLogins)`);
    this.updateStmt = db.prepare(`UPDATE users SET login=@login, login_key=@loginKey, status=@status, activated=@activated, status_changed=@statusChanged,
      last_login=@lastLogin, last_updated=@lastUpdated, password_changed=@passwordChanged, password_hash=@passwordHash, profile=@profile, failed_logins=@failedLogins WHERE id=@id`);
    this.deleteStmt = db.prepare('DELETE FROM users WHERE id = ?');
  }

  private params(u: User) {
    return { ...u, login: u.profile.login, loginKey: loginKey(u.profile.login), profile: JSON.stringify(u.profile) };
  }

  get(id: string): User | undefined {
    const r = this.byId.get(id) as UserRow | undefined;
    return r && fromRow(r);
  }

  getByLogin(login: string): User | undefined {
    const r = this.byLoginKey.get(loginKey(login)) as UserRow | undefined;
    return r && fromRow(r);
  }

  /** `/users/{idOrLogin}`: an id, a login, or a login's short name (the part before `@`) when unambiguous. */
  find(idOrLogin: string): User | undefined {
    const found = this.get(idOrLogin) ?? this.getByLogin(idOrLogin);
    if (found || idOrLogin.includes('@')) return found;
    const rows = stmt(this.db, 'SELECT * FROM users WHERE login_key LIKE ? ESCAPE \'\\\' LIMIT 2').all(`${escapeLike(loginKey(idOrLogin))}@%`) as UserRow[];
    return rows.length === 1 ? fromRow(rows[0]!) : undefined;
  }

  loginTaken(login: string, exceptId?: string): boolean {
    const r = this.byLoginKey.get(loginKey(login)) as UserRow | undefined;
    return !!r && r.id !== exceptId;
  }

  insert(u: User): void {
    this.insertStmt.run(this.params(u));
  }

  update(u: User): void {
    this.updateStmt.run(this.params(u));
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  /**
   * Counts a failed sign-in on the row as it is now (never a stale copy), locking the user out at
   * `max` failures in a row. Only ACTIVE and PASSWORD_EXPIRED users count failures.
   */
  recordFailedLogin(id: string, max: number, now: string): void {
    stmt(this.db, 
        `UPDATE users SET failed_logins = failed_logins + 1,
           status = CASE WHEN failed_logins + 1 >= ? THEN 'LOCKED_OUT' ELSE status END,
           status_changed = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE status_changed END
         WHERE id = ? AND status IN ('ACTIVE', 'PASSWORD_EXPIRED')`,
      )
      .run(max, max, now, id);
  }

  recordLogin(id: string, now: string): void {
    stmt(this.db, 'UPDATE users SET failed_logins = 0, last_login = ? WHERE id = ?').run(now, id);
  }

  list(opts: ListOptions): Page<User> {
    return listPage<UserRow, User>(this.db, 'users', opts, fromRow);
  }

  count(): number {
    return (stmt(this.db, 'SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
