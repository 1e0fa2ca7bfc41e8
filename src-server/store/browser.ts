import type { Db } from './db.js';
import { hashToken } from './session-tokens.js';

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
  /** What the code's exchange issued, revoked if the code is replayed. */
  issued: { chainId?: string; jti?: string; exp?: number } | null;
}

/** Browser sign-in state: sessions, authorization codes (both stored hashed) and remembered consents. */
export class BrowserRepo {
  constructor(private readonly db: Db) {}

  createSession(id: string, userId: string, authTime: number, expiresAt: number, now: string): void {
    this.db.prepare('INSERT INTO sessions (id_hash, user_id, created, auth_time, expires_at) VALUES (?,?,?,?,?)').run(hashToken(id), userId, now, authTime, expiresAt);
  }

  session(id: string, nowSeconds: number): Session | undefined {
    const r = this.db.prepare('SELECT user_id, auth_time, expires_at FROM sessions WHERE id_hash = ?').get(hashToken(id)) as { user_id: string; auth_time: number; expires_at: number } | undefined;
    if (!r || r.expires_at <= nowSeconds) return undefined;
    return { userId: r.user_id, authTime: r.auth_time, expiresAt: r.expires_at };
  }

  endSession(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashToken(id));
  }

  insertCode(code: string, c: Omit<AuthCode, 'used' | 'issued'>): void {
    this.db
      .prepare(`INSERT INTO auth_codes (code_hash, auth_server_id, client_id, user_id, redirect_uri, scopes, nonce, code_challenge, auth_time, expires_at) VALUES (?,?,?,?,?,?,?,?,?,?)`)
      .run(hashToken(code), c.authServerId, c.clientId, c.userId, c.redirectUri, JSON.stringify(c.scopes), c.nonce, c.codeChallenge, c.authTime, c.expiresAt);
  }

  code(code: string): AuthCode | undefined {
    const r = this.db.prepare('SELECT * FROM auth_codes WHERE code_hash = ?').get(hashToken(code)) as
      | { auth_server_id: string | null; client_id: string; user_id: string; redirect_uri: string; scopes: string; nonce: string | null; code_challenge: string | null; auth_time: number; expires_at: number; used: number; issued: string | null }
      | undefined;
    return r && {
      authServerId: r.auth_server_id, clientId: r.client_id, userId: r.user_id, redirectUri: r.redirect_uri, scopes: JSON.parse(r.scopes), nonce: r.nonce,
      codeChallenge: r.code_challenge, authTime: r.auth_time, expiresAt: r.expires_at, used: !!r.used, issued: r.issued ? JSON.parse(r.issued) : null,
    };
  }

  /** Marks a code used; false when it already was (single use, even under concurrent exchanges). */
  useCode(code: string): boolean {
    return this.db.prepare('UPDATE auth_codes SET used = 1 WHERE code_hash = ? AND used = 0').run(hashToken(code)).changes > 0;
  }

  recordIssued(code: string, issued: NonNullable<AuthCode['issued']>): void {
    this.db.prepare('UPDATE auth_codes SET issued = ? WHERE code_hash = ?').run(JSON.stringify(issued), hashToken(code));
  }

  consentedScopes(userId: string, clientId: string, authServerId: string): string[] {
    return (this.db.prepare('SELECT scope FROM consents WHERE user_id = ? AND client_id = ? AND auth_server_id = ?').all(userId, clientId, authServerId) as { scope: string }[]).map((r) => r.scope);
  }

  grantConsent(userId: string, clientId: string, authServerId: string, scopes: string[], now: string): void {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO consents (user_id, client_id, auth_server_id, scope, created) VALUES (?,?,?,?,?)');
    this.db.transaction(() => scopes.forEach((s) => stmt.run(userId, clientId, authServerId, s, now)))();
  }
}
