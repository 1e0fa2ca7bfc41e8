import type { Db } from './db.js';
import { stmt } from './statements.js';
import { hashToken } from './session-tokens.js';

export interface RefreshToken {
  id: string;
  chainId: string;
  authServerId: string | null;
  clientId: string;
  userId: string;
  scopes: string[];
  /** The grant that began the chain; refreshes are judged by it. */
  grantType: string;
  status: 'ACTIVE' | 'ROTATED' | 'REVOKED';
  created: string;
  lastUpdated: string;
  /** Absolute expiry (epoch seconds); null = unlimited. Rotation keeps it. */
  expiresAt: number | null;
  /** Idle expiry (epoch seconds); each use moves it; null = no idle window. */
  idleExpiresAt: number | null;
  /** When it was rotated (epoch seconds), for the grace period. */
  rotatedAt: number | null;
  authTime: number;
}

interface Row {
  id: string; chain_id: string; auth_server_id: string | null; client_id: string; user_id: string; scopes: string; grant_type: string;
  status: RefreshToken['status']; created: string; last_updated: string; expires_at: number | null; idle_expires_at: number | null; rotated_at: number | null; auth_time: number;
}

const fromRow = (r: Row): RefreshToken => ({
  id: r.id, chainId: r.chain_id, authServerId: r.auth_server_id, clientId: r.client_id, userId: r.user_id, scopes: JSON.parse(r.scopes), grantType: r.grant_type,
  status: r.status, created: r.created, lastUpdated: r.last_updated, expiresAt: r.expires_at, idleExpiresAt: r.idle_expires_at, rotatedAt: r.rotated_at, authTime: r.auth_time,
});

/**
 * Refresh tokens (stored as SHA-256 hashes: the token itself is a 256-bit random string, so a fast
 * hash is enough and no KDF runs per request), revocations, and client-assertion replay records.
 */
export class TokenRepo {
  private readonly byHash;
  private readonly revokedJti;
  private readonly chainOfJti;
  private readonly revokedChain;

  constructor(private readonly db: Db) {
    this.byHash = db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ?');
    this.revokedJti = db.prepare('SELECT 1 FROM revoked_access_tokens WHERE jti = ?');
    this.chainOfJti = db.prepare('SELECT chain_id FROM chained_access_tokens WHERE jti = ?');
    this.revokedChain = db.prepare('SELECT 1 FROM revoked_chains WHERE chain_id = ?');
  }

  findRefresh(token: string): RefreshToken | undefined {
    const r = this.byHash.get(hashToken(token)) as Row | undefined;
    return r && fromRow(r);
  }

  insertRefresh(token: string, t: RefreshToken): void {
    stmt(this.db, `INSERT INTO refresh_tokens (id, token_hash, chain_id, auth_server_id, client_id, user_id, scopes, grant_type, status, created, last_updated, expires_at, idle_expires_at, rotated_at, auth_time)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
      .run(t.id, hashToken(token), t.chainId, t.authServerId, t.clientId, t.userId, JSON.stringify(t.scopes), t.grantType, t.status, t.created, t.lastUpdated, t.expiresAt, t.idleExpiresAt, t.rotatedAt, t.authTime);
  }

  markRotated(id: string, at: number, now: string): void {
    stmt(this.db, "UPDATE refresh_tokens SET status = 'ROTATED', rotated_at = ?, last_updated = ? WHERE id = ? AND status = 'ACTIVE'").run(at, now, id);
  }

  touch(id: string, idleExpiresAt: number | null, now: string): void {
    stmt(this.db, 'UPDATE refresh_tokens SET idle_expires_at = ?, last_updated = ? WHERE id = ?').run(idleExpiresAt, now, id);
  }

  /** Revokes a whole chain: every refresh token in it and every access token minted from it. */
  revokeChain(chainId: string, now: string): void {
    stmt(this.db, "UPDATE refresh_tokens SET status = 'REVOKED', last_updated = ? WHERE chain_id = ? AND status != 'REVOKED'").run(now, chainId);
    stmt(this.db, 'INSERT OR IGNORE INTO revoked_chains (chain_id, revoked) VALUES (?, ?)').run(chainId, now);
  }

  isChainRevoked(chainId: string): boolean {
    return !!this.revokedChain.get(chainId);
  }

  chainAccessToken(jti: string, chainId: string, exp: number): void {
    stmt(this.db, 'INSERT OR IGNORE INTO chained_access_tokens (jti, chain_id, exp) VALUES (?,?,?)').run(jti, chainId, exp);
  }

  revokeAccessToken(jti: string, exp: number): void {
    stmt(this.db, 'INSERT OR IGNORE INTO revoked_access_tokens (jti, exp) VALUES (?,?)').run(jti, exp);
  }

  /** An access token is revoked on its own, or with the refresh chain it came from. */
  isAccessTokenRevoked(jti: string): boolean {
    if (this.revokedJti.get(jti)) return true;
    const chain = this.chainOfJti.get(jti) as { chain_id: string } | undefined;
    return !!chain && !!this.revokedChain.get(chain.chain_id);
  }

  /** Records a client assertion's `jti`; false when it was seen before (a replay). */
  useAssertion(clientId: string, jti: string, exp: number, nowSeconds: number): boolean {
    stmt(this.db, 'DELETE FROM used_assertions WHERE exp < ?').run(nowSeconds - 60);
    return stmt(this.db, 'INSERT OR IGNORE INTO used_assertions (jti, client_id, exp) VALUES (?,?,?)').run(jti, clientId, exp).changes > 0;
  }
}
