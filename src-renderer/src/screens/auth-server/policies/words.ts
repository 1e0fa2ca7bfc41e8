import type { Rule } from '../../../api/types';
import { ANY_SCOPE, EVERYONE } from './types';

/*
 * Policies and rules in words: lifetimes ("15 minutes", "unlimited"), grant types, people.
 */

const UNITS: [string, number][] = [['year', 525_600], ['day', 1440], ['hour', 60], ['minute', 1]];

const plural = (n: number, unit: string) => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

/** Minutes in words: 0 → "unlimited", 15 → "15 minutes", 480 → "8 hours", 90 → "1 hour 30 minutes". */
export function duration(minutes: number): string {
  if (minutes === 0) return 'unlimited';
  for (const [unit, size] of UNITS) if (size > 1 && minutes >= size && minutes % size === 0) return plural(minutes / size, unit);
  if (minutes > 60 && minutes < 1440) return `${plural(Math.floor(minutes / 60), 'hour')} ${plural(minutes % 60, 'minute')}`;
  return plural(minutes, 'minute');
}

/** Grant types a rule may name, in the order and words of Okta's console. */
export const GRANTS: { id: string; label: string; short: string; userless?: boolean; hint: string }[] = [
  { id: 'client_credentials', label: 'Client Credentials', short: 'Client Credentials', userless: true, hint: 'A service acting as itself, no user.' },
  { id: 'authorization_code', label: 'Authorization Code', short: 'Authorization Code', hint: 'A user signs in through the browser (with PKCE for public apps).' },
  { id: 'implicit', label: 'Implicit', short: 'Implicit', hint: 'Tokens straight from /authorize (legacy).' },
  { id: 'password', label: 'Resource Owner Password', short: 'Password', hint: 'The app collects the password (legacy).' },
  { id: 'urn:ietf:params:oauth:grant-type:device_code', label: 'Device Authorization', short: 'Device', hint: 'TVs and CLIs: the user confirms on another device.' },
  { id: 'urn:ietf:params:oauth:grant-type:token-exchange', label: 'Token Exchange', short: 'Token Exchange', hint: 'A service trades a user’s token for one to call another API.' },
  { id: 'urn:ietf:params:oauth:grant-type:jwt-bearer', label: 'JWT Bearer', short: 'JWT Bearer', hint: 'A signed JWT assertion stands for the user.' },
  { id: 'urn:ietf:params:oauth:grant-type:saml2-bearer', label: 'SAML 2.0 Assertion', short: 'SAML 2.0', hint: 'A SAML assertion stands for the user.' },
  { id: 'interaction_code', label: 'Interaction Code', short: 'Interaction Code', hint: 'Okta Identity Engine embedded sign-in.' },
  { id: 'urn:openid:params:grant-type:ciba', label: 'Client-Initiated Backchannel Authentication', short: 'CIBA', hint: 'The app asks; the user approves on their phone.' },
];

const GRANT_BY_ID = new Map(GRANTS.map((g) => [g.id, g]));

export function grantShort(id: string): string {
  return GRANT_BY_ID.get(id)?.short ?? (id === 'refresh_token' ? 'Refresh Token' : id);
}

/** Grants the token preview can play (src-server/admin/preview.routes.ts). */
export const PREVIEW_GRANTS: { id: string; label: string }[] = [
  { id: 'authorization_code', label: 'Authorization Code' },
  { id: 'client_credentials', label: 'Client Credentials' },
  { id: 'urn:ietf:params:oauth:grant-type:device_code', label: 'Device Authorization' },
  { id: 'password', label: 'Resource Owner Password' },
  { id: 'implicit', label: 'Implicit' },
  { id: 'urn:ietf:params:oauth:grant-type:token-exchange', label: 'Token Exchange' },
  { id: 'refresh_token', label: 'Refresh Token (of an Authorization Code chain)' },
];

export const isUserless = (grant: string) => grant === 'client_credentials';

export function isEveryone(rule: Rule): boolean {
  return rule.conditions.people.groups.include.includes(EVERYONE);
}

export function anyScope(rule: Rule): boolean {
  return rule.conditions.scopes.include.includes(ANY_SCOPE);
}

/** Whether `earlier` matches every request that `later` matches, so `later` can never decide. */
export function covers(earlier: Rule, later: Rule): boolean {
  const a = earlier.conditions;
  const b = later.conditions;
  if (!b.grantTypes.include.every((g) => a.grantTypes.include.includes(g))) return false;
  if (!anyScope(earlier) && (anyScope(later) || !b.scopes.include.every((s) => a.scopes.include.includes(s)))) return false;
  // A rule that only client credentials can reach ignores people altogether.
  if (b.grantTypes.include.every(isUserless)) return true;
  const pa = a.people;
  const pb = b.people;
  const excludesWithin = pa.users.exclude.every((u) => pb.users.exclude.includes(u)) && pa.groups.exclude.every((g) => pb.groups.exclude.includes(g));
  if (!excludesWithin) return false;
  if (isEveryone(earlier)) return true;
  if (isEveryone(later)) return false;
  return pb.users.include.every((u) => pa.users.include.includes(u)) && pb.groups.include.every((g) => pa.groups.include.includes(g));
}

/** For each active rule that an earlier active rule of the same policy always beats: that rule's name. */
export function shadowedBy(rules: Rule[]): Map<string, string> {
  const out = new Map<string, string>();
  const active = rules.filter((r) => r.status === 'ACTIVE');
  active.forEach((r, i) => {
    const winner = active.slice(0, i).find((e) => covers(e, r));
    if (winner) out.set(r.id, winner.name);
  });
  return out;
}
