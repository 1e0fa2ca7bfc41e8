import type { Request, Response } from 'express';

export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        /* a malformed cookie is ignored */
      }
    }
  }
  return out;
}

export function setCookie(res: Response, name: string, value: string, opts: { maxAge?: number; sameSite?: 'Lax' | 'Strict'; path?: string } = {}): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${opts.path ?? '/'}`, 'HttpOnly', `SameSite=${opts.sameSite ?? 'Lax'}`];
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  res.append('Set-Cookie', parts.join('; '));
}

export const SESSION_COOKIE = 'gh_sid';
export const CSRF_COOKIE = 'gh_csrf';
/** Set for a short while after a sign-in, so `prompt=login` and `max_age` see a fresh authentication. */
export const FRESH_COOKIE = 'gh_fresh';
