import { create } from 'zustand';
import { api, ApiError } from '../api/client';

export interface ServerInfo {
  name: string;
  version: string;
  orgUrl: string;
}

type Status = 'loading' | 'signed-in' | 'signed-out' | 'unreachable';

interface SessionState {
  status: Status;
  info?: ServerInfo;
  message?: string;
  check(): Promise<void>;
  signOut(): Promise<void>;
}

/** Is the server there, and may this window use the admin API? */
export const useSession = create<SessionState>((set) => ({
  status: 'loading',
  async check() {
    try {
      const info = await api<ServerInfo>('/gatehouse/info');
      try {
        await api('/gatehouse/session');
        set({ status: 'signed-in', info, message: undefined });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) set({ status: 'signed-out', info });
        else throw e;
      }
    } catch (e) {
      set({ status: 'unreachable', message: e instanceof Error ? e.message : String(e) });
    }
  },
  async signOut() {
    await api('/gatehouse/session', { method: 'DELETE' });
    set({ status: 'signed-out' });
  },
}));
