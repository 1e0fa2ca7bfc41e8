import { api } from '../../../api/client';
import type { OktaApp, User } from '../../../api/types';
import type { Option } from './Combobox';

const APP_TYPES: Record<OktaApp['settings']['oauthClient']['application_type'], string> = {
  web: 'Web app',
  browser: 'Single-page app',
  native: 'Native app',
  service: 'Service',
};

export function appOption(a: OktaApp): Option<OktaApp> {
  const type = APP_TYPES[a.settings.oauthClient.application_type] ?? a.settings.oauthClient.application_type;
  return { id: a.credentials.oauthClient.client_id, label: a.label, sub: `${type}${a.status === 'INACTIVE' ? ' · inactive' : ''} · ${a.credentials.oauthClient.client_id}`, value: a };
}

export function userName(u: User): string {
  const name = [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ');
  return name || u.profile.login;
}

export function userOption(u: User): Option<User> {
  const name = [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ');
  return { id: u.id, label: name ? `${name} (${u.profile.login})` : u.profile.login, sub: u.status === 'ACTIVE' ? undefined : u.status, value: u };
}

/** Apps whose label starts with `q` (the server's `q` search), first 50. */
export async function searchApps(q: string, signal: AbortSignal): Promise<Option<OktaApp>[]> {
  const apps = await api<OktaApp[]>(`/apps?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal });
  return apps.map(appOption);
}

/** Users whose login, email, first or last name starts with `q`, first 20. */
export async function searchUsers(q: string, signal: AbortSignal): Promise<Option<User>[]> {
  const users = await api<User[]>(`/users?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal });
  return users.map(userOption);
}
