import { create } from 'zustand';
import { api } from '../../../api/client';
import type { Group, OktaApp, User } from '../../../api/types';
import { ALL_CLIENTS, EVERYONE } from './types';

/*
 * The names behind the ids that policies and rules hold: apps by client_id, groups and users by id.
 * Apps and groups are read whole (paged); users one by one as rules name them, and by search.
 */

interface DirectoryState {
  apps?: OktaApp[];
  groups?: Group[];
  /** null: asked for and not found. */
  users: Record<string, User | null>;
  error?: unknown;
  loading: boolean;
  load(): Promise<void>;
  ensureUsers(ids: string[]): void;
  rememberUser(user: User): void;
}

const PAGE = 200;

async function allApps(): Promise<OktaApp[]> {
  const out: OktaApp[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await api<OktaApp[]>(`/apps?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    out.push(...page);
    if (page.length < PAGE) return out;
    after = page[page.length - 1]!.id;
  }
}

const asking = new Set<string>();

export const useDirectory = create<DirectoryState>((set, get) => ({
  users: {},
  loading: false,
  async load() {
    set({ loading: true });
    try {
      const [apps, groups] = await Promise.all([allApps(), api<Group[]>('/groups?limit=10000')]);
      set({ apps, groups, loading: false, error: undefined });
    } catch (error) {
      set({ error, loading: false });
    }
  },
  ensureUsers(ids) {
    const missing = ids.filter((id) => !(id in get().users) && !asking.has(id));
    for (const id of missing) {
      asking.add(id);
      api<User>(`/users/${encodeURIComponent(id)}`).then(
        (u) => set((s) => ({ users: { ...s.users, [id]: u } })),
        () => set((s) => ({ users: { ...s.users, [id]: null } })),
      ).finally(() => asking.delete(id));
    }
  },
  rememberUser(user) {
    set((s) => ({ users: { ...s.users, [user.id]: user } }));
  },
}));

export function searchUsers(q: string, signal?: AbortSignal): Promise<User[]> {
  return api<User[]>(`/users?limit=8${q ? `&q=${encodeURIComponent(q)}` : ''}`, { signal });
}

export function userName(u: User): string {
  const full = [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' ');
  return full || u.profile.login;
}

/** Lookups over what is loaded; an id nobody knows shows as itself. */
export function useNames() {
  const { apps, groups, users } = useDirectory();
  const appByClient = new Map((apps ?? []).map((a) => [a.credentials.oauthClient.client_id, a]));
  const groupById = new Map((groups ?? []).map((g) => [g.id, g]));
  return {
    app: (clientId: string) => appByClient.get(clientId),
    client: (clientId: string) => (clientId === ALL_CLIENTS ? 'All clients' : appByClient.get(clientId)?.label ?? clientId),
    group: (id: string) => (id === EVERYONE ? 'Everyone' : groupById.get(id)?.profile.name ?? id),
    user: (id: string) => {
      const u = users[id];
      return u ? userName(u) : id;
    },
    userLogin: (id: string) => users[id]?.profile.login,
    known: { apps: !!apps, groups: !!groups },
  };
}
