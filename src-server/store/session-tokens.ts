import { createHash } from 'node:crypto';
import { stmt } from './statements.js';
import type { Db } from './db.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Classic-authn session tokens: stored hashed, single use, short-lived. */
export class SessionTokenRepo {
  constructor(private readonly db: Db) {}

  insert(token: string, userId: string, created: string, expiresAt: string): void {
    stmt(this.db, 'INSERT INTO session_tokens (token_hash, user_id, created, expires_at) VALUES (?,?,?,?)').run(hashToken(token), userId, created, expiresAt);
  }

  /** Consumes a token: returns its user id when it was valid, and deletes it either way. */
  consume(token: string, now: string): string | undefined {
    const h = hashToken(token);
    const row = stmt(this.db, 'DELETE FROM session_tokens WHERE token_hash = ? RETURNING user_id, expires_at').get(h) as { user_id: string; expires_at: string } | undefined;
    if (!row || row.expires_at <= now) return undefined;
    return row.user_id;
  }

  purgeExpired(now: string): void {
    stmt(this.db, 'DELETE FROM session_tokens WHERE expires_at <= ?').run(now);
  }
}
