import type { Db } from './db.js';
import { stmt } from './statements.js';
import { hashToken } from './session-tokens.js';
import type { Granted } from '../policy/types.js';

export interface Session {
  userId: string;
  authTime: number;
  expiresAt: number;
}

export interface AuthCode {
  authServerId: string | null;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  authTime: number;
  expiresAt: number;
  used: boolean;
  /** The policy decision made at /authorize; the exchange mints from it instead of deciding again. */
  decision: Granted | null;
  /** What the code's exchange issued, revoked if the code is replayed. */
  issued: { chainId?: string; jti?: string; exp?: number; replayed?: boolean } | null;
}

/** Browser sign-in state: sessions, authorization codes (both stored hashed) and remembered consents. */
export class BrowserRepo {
  constructor(private readonly db: Db) {}

  createSession(id: string, userId: string, authTime: number, expiresAt: number, now: string): void {
    stmt(this.db, 'INSERT INTO sessions (id_hash, user_id, created, auth_time, expires_at) VALUES (?,?,?,?,?)').run(hashToken(id), userId, now, authTime, expiresAt);
  }

  session(id: string, nowSeconds: number): Session | undefined {
    const r = stmt(this.db, 'SELECT user_id, auth_time, expires_at FROM sessions WHERE id_hash = ?').get(hashToken(id)) as { user_id: string; auth_time: number; expires_at: number } | undefined;
    if (!r || r.expires_at <= nowSeconds) return undefined;
    return { userId: r.user_id, authTime: r.auth_time, expiresAt: r.expires_at };
  }

  endSession(id: string): void {
    stmt(this.db, 'DELETE FROM sessions WHERE id_hash = ?').run(hashToken(id));
  }

  insertCode(code: string, c: Omit<AuthCode, 'used' | 'issued'>): void {
    stmt(this.db, `INSERT INTO auth_codes (code_hash, auth_server_id, client_id, user_id, redirect_uri, scopes, nonce, code_challenge, auth_time, expires_at, decision) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
      .run(hashToken(code), c.authServerId, c.clientId, c.userId, c.redirectUri, JSON.stringify(c.scopes), c.nonce, c.codeChallenge, c.authTime, c.expiresAt, c.decision ? JSON.stringify(c.decision) : null);
  }

  code(code: string): AuthCode | undefined {
    const r = stmt(this.db, 'SELECT * FROM auth_codes WHERE code_hash = ?').get(hashToken(code)) as
      | { auth_server_id: string | null; client_id: string; user_id: string; redirect_uri: string; scopes: string; nonce: string | null; code_challenge: string | null; auth_time: number; expires_at: number; used: number; issued: string | null; decision: string | null }
      | undefined;
    return r && {
      authServerId: r.auth_server_id, clientId: r.client_id, userId: r.user_id, redirectUri: r.redirect_uri, scopes: JSON.parse(r.scopes), nonce: r.nonce,
      codeChallenge: r.code_challenge, authTime: r.auth_time, expiresAt: r.expires_at, used: !!r.used, issued: r.issued ? JSON.parse(r.issued) : null, decision: r.decision ? JSON.parse(r.decision) : null,
    };
  }

  /** Marks a code used; false when it already was (single use, even under concurrent exchanges). */
  useCode(code: string): boolean {
    return stmt(this.db, 'UPDATE auth_codes SET used = 1 WHERE code_hash = ? AND used = 0').run(hashToken(code)).changes > 0;
  }

  recordIssued(code: string, issued: NonNullable<AuthCode['issued']>): void {
    stmt(this.db, 'UPDATE auth_codes SET issued = ? WHERE code_hash = ?').run(JSON.stringify(issued), hashToken(code));
  }

  consentedScopes(userId: string, clientId: string, authServerId: string): string[] {
    return (stmt(this.db, 'SELECT scope FROM consents WHERE user_id = ? AND client_id = ? AND auth_server_id = ?').all(userId, clientId, authServerId) as { scope: string }[]).map((r) => r.scope);
  }

  grantConsent(userId: string, clientId: string, authServerId: string, scopes: string[], now: string): void {
    const insert = stmt(this.db, 'INSERT OR IGNORE INTO consents (user_id, client_id, auth_server_id, scope, created) VALUES (?,?,?,?,?)');
    this.db.transaction(() => scopes.forEach((s) => insert.run(userId, clientId, authServerId, s, now)))();
  }
}

export interface DeviceCode {
  userCode: string;
  authServerId: string | null;
  clientId: string;
  /** Requested scopes; null when the request had none (default scopes apply). */
  scopes: string[] | null;
  status: 'PENDING' | 'APPROVED' | 'DENIED' | 'USED';
  userId: string | null;
  authTime: number | null;
  expiresAt: number;
  interval: number;
  lastPoll: number | null;
}

interface DeviceRow {
  user_code: string; auth_server_id: string | null; client_id: string; scopes: string | null; status: DeviceCode['status'];
  user_id: string | null; auth_time: number | null; expires_at: number; interval_s: number; last_poll: number | null; device_code_hash: string;
}

const deviceFromRow = (r: DeviceRow): DeviceCode => ({
  userCode: r.user_code, authServerId: r.auth_server_id, clientId: r.client_id, scopes: r.scopes ? JSON.parse(r.scopes) : null, status: r.status,
  userId: r.user_id, authTime: r.auth_time, expiresAt: r.expires_at, interval: r.interval_s, lastPoll: r.last_poll,
});

/** Device authorization (RFC 8628): the device code is stored hashed; the short user code in clear. */
export class DeviceRepo {
  constructor(private readonly db: Db) {}

  insert(deviceCode: string, d: DeviceCode): void {
    stmt(this.db, 'INSERT INTO device_codes (device_code_hash, user_code, auth_server_id, client_id, scopes, status, expires_at, interval_s) VALUES (?,?,?,?,?,?,?,?)')
      .run(hashToken(deviceCode), d.userCode, d.authServerId, d.clientId, d.scopes ? JSON.stringify(d.scopes) : null, d.status, d.expiresAt, d.interval);
  }

  byDeviceCode(deviceCode: string): DeviceCode | undefined {
    const r = stmt(this.db, 'SELECT * FROM device_codes WHERE device_code_hash = ?').get(hashToken(deviceCode)) as DeviceRow | undefined;
    return r && deviceFromRow(r);
  }

  byUserCode(userCode: string): DeviceCode | undefined {
    const r = stmt(this.db, 'SELECT * FROM device_codes WHERE user_code = ?').get(userCode) as DeviceRow | undefined;
    return r && deviceFromRow(r);
  }

  userCodeTaken(userCode: string): boolean {
    return !!stmt(this.db, 'SELECT 1 FROM device_codes WHERE user_code = ?').get(userCode);
  }

  /** Records a poll; returns the previous poll time. */
  poll(deviceCode: string, now: number): number | null {
    const h = hashToken(deviceCode);
    const prev = (stmt(this.db, 'SELECT last_poll FROM device_codes WHERE device_code_hash = ?').get(h) as { last_poll: number | null } | undefined)?.last_poll ?? null;
    stmt(this.db, 'UPDATE device_codes SET last_poll = ? WHERE device_code_hash = ?').run(now, h);
    return prev;
  }

  slowDown(deviceCode: string): void {
    stmt(this.db, 'UPDATE device_codes SET interval_s = interval_s + 5 WHERE device_code_hash = ?').run(hashToken(deviceCode));
  }

  decide(userCode: string, status: 'APPROVED' | 'DENIED', userId: string, authTime: number): boolean {
    return stmt(this.db, "UPDATE device_codes SET status = ?, user_id = ?, auth_time = ? WHERE user_code = ? AND status = 'PENDING'").run(status, userId, authTime, userCode).changes > 0;
  }

  /** Single use: true only for the exchange that moves it from APPROVED to USED. */
  use(deviceCode: string): boolean {
    return stmt(this.db, "UPDATE device_codes SET status = 'USED' WHERE device_code_hash = ? AND status = 'APPROVED'").run(hashToken(deviceCode)).changes > 0;
  }
}
