/*
 * The checks the server makes on users and groups, run as the person types so that most mistakes
 * never reach it. The server stays the judge: its errorCauses are shown beside the same fields.
 */

/** The server's email pattern (src-server/directory/users.ts). */
const EMAIL = /^[^\s@"]+@[^\s@".]+(?:\.[^\s@".]+)+$/;

export function loginIssue(v: string): string | undefined {
  if (!v) return 'A username is required: an email address, e.g. ada@example.com.';
  if (v.length > 100) return 'At most 100 characters.';
  if (!EMAIL.test(v)) return 'The username must be an email address, e.g. ada@example.com.';
  if (v.length < 5) return 'At least 5 characters.';
  return undefined;
}

export function emailIssue(v: string): string | undefined {
  if (!v) return 'An email address is required.';
  if (v.length > 100) return 'At most 100 characters.';
  if (!EMAIL.test(v)) return 'Not an email address, e.g. ada@example.com.';
  return undefined;
}

export function nameIssue(v: string, what: string): string | undefined {
  if (v.length > 50) return `${what} can have at most 50 characters.`;
  return undefined;
}

export interface PasswordRule {
  id: string;
  words: string;
  ok: boolean;
}

/** Okta's default policy, as the server applies it (src-server/directory/passwords.ts). */
export function passwordRules(password: string, login: string): PasswordRule[] {
  const lower = password.toLowerCase();
  const parts = login.toLowerCase().split(/[@.,\-_+#\s]+/).filter((p) => p.length >= 3);
  return [
    { id: 'length', words: 'At least 8 characters', ok: password.length >= 8 && password.length <= 256 },
    { id: 'lower', words: 'A lowercase letter', ok: /[a-z]/.test(password) },
    { id: 'upper', words: 'An uppercase letter', ok: /[A-Z]/.test(password) },
    { id: 'digit', words: 'A number', ok: /[0-9]/.test(password) },
    { id: 'username', words: 'No part of the username', ok: password.length > 0 && !parts.some((p) => lower.includes(p)) },
  ];
}

export function passwordIssue(password: string, login: string): string | undefined {
  const missing = passwordRules(password, login).filter((r) => !r.ok);
  if (!missing.length) return undefined;
  return `Still needed: ${missing.map((r) => r.words.toLowerCase()).join(', ')}.`;
}

/** Custom attribute names: letters, digits and underscores, as `search` expressions can name them. */
export function attributeNameIssue(name: string, taken: (n: string) => boolean): string | undefined {
  if (!name) return 'Give the attribute a name, e.g. costCenter.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'Letters, digits and underscores only, not starting with a digit.';
  if (name.length > 100) return 'At most 100 characters.';
  if (taken(name)) return `The profile already has ${name}.`;
  return undefined;
}

export function groupNameIssue(name: string): string | undefined {
  if (!name.trim()) return 'A group needs a name.';
  if (name.length > 255) return 'At most 255 characters.';
  return undefined;
}

/** The server's cause for a profile attribute: zod names `profile.email`, the directory names `login`. */
export function causeForAttr(error: { causeFor(field: string): string | undefined } | undefined, attr: string): string | undefined {
  return error?.causeFor(`profile.${attr}`) ?? error?.causeFor(attr);
}
