import type { UserStatus } from './directory-types';

const PAGE = 200;

/** Quotes a value for an Okta search expression. */
export function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The list's request. Quick search is Okta's `q` (a prefix of login, email, first or last name; it
 * hides deactivated people); with a status chosen it becomes the equivalent `search` expression.
 */
export function usersPath(mode: 'quick' | 'expression', text: string, status: UserStatus | '', expression: string): string {
  const p = new URLSearchParams({ limit: String(PAGE) });
  if (mode === 'expression') {
    if (expression.trim()) p.set('search', expression.trim());
  } else if (status) {
    const t = text.trim();
    const prefix = t ? `(${['login', 'email', 'firstName', 'lastName'].map((a) => `profile.${a} sw ${quote(t)}`).join(' or ')}) and ` : '';
    p.set('search', `${prefix}status eq "${status}"`);
  } else if (text.trim()) {
    p.set('q', text.trim());
  }
  return `/users?${p.toString()}`;
}
