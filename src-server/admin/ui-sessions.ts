import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { randomSecret } from '../util/ids.js';

/*
 * How the workbench in a browser gets admin rights without anyone pasting the admin token (as
 * Jupyter does): `gatehouse serve` prints a one-time URL; opening it trades the token in it for an
 * HttpOnly, SameSite=Strict cookie, and the admin API accepts that cookie from the server's own
 * origin only. Both live in memory: a restart prints a new URL and ends the old sessions.
 */

export const UI_COOKIE = 'gh_admin';
const LOGIN_TTL_MS = 24 * 3600_000;
const SESSION_TTL_MS = 12 * 3600_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export class UiSessions {
  /** hash of a one-time login token -> when it stops working */
  private readonly logins = new Map<string, number>();
  /** hash of a session cookie -> when it ends */
  private readonly sessions = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** A new one-time login token; the URL to open is `<org>/gatehouse/login?token=<it>`. */
  issueLogin(): string {
    const token = randomSecret(24);
    this.logins.set(sha256(token), this.now() + LOGIN_TTL_MS);
    return token;
  }

  /** Uses a login token up (it works once) and starts a session; undefined if it is not valid. */
  redeem(token: string): string | undefined {
    const key = sha256(token);
    const until = this.logins.get(key);
    this.logins.delete(key);
    if (until === undefined || until < this.now()) return undefined;
    const session = randomSecret(32);
    this.sessions.set(sha256(session), this.now() + SESSION_TTL_MS);
    return session;
  }

  isSession(cookie: string | undefined): boolean {
    if (!cookie) return false;
    const until = this.sessions.get(sha256(cookie));
    return until !== undefined && until >= this.now();
  }

  end(cookie: string | undefined): void {
    if (cookie) this.sessions.delete(sha256(cookie));
  }
}

export function uiCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === UI_COOKIE) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** `GET /gatehouse/login?token=...`: the one-time URL. Success lands on the workbench. */
export function uiLogin(sessions: UiSessions, req: Request, res: Response): void {
  const token = typeof req.query.token === 'string' ? req.query.token : '';
  const session = token ? sessions.redeem(token) : undefined;
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  if (!session) {
    // An already signed-in browser that opens the link again is simply let in.
    if (sessions.isSession(uiCookie(req))) return void res.redirect(303, '/');
    res.status(403).type('text/plain').send('This sign-in link has been used or has expired. `gatehouse serve` prints a new one each time it starts.');
    return;
  }
  res.cookie(UI_COOKIE, session, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: SESSION_TTL_MS });
  res.redirect(303, '/');
}
