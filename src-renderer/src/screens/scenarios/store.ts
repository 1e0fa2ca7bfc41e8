import { create } from 'zustand';
import { api } from '../../api/client';
import type { ScenarioResult } from '../simulator/types';

/*
 * The last result of each scenario, kept while the workbench is open so the matrix survives moving
 * between screens. Scenarios run one by one (one request each) so progress can be shown as it goes.
 */
interface ScenarioRuns {
  results: Record<string, ScenarioResult>;
  /** While running: how many are done out of how many. */
  progress?: { done: number; total: number; current: string };
  error?: unknown;
  runAll(list: { id: string; name: string }[]): Promise<void>;
  runOne(id: string, name: string): Promise<void>;
  forget(id: string): void;
}

export const useScenarioRuns = create<ScenarioRuns>((set, get) => ({
  results: {},
  async runAll(list) {
    set({ progress: { done: 0, total: list.length, current: list[0]?.name ?? '' }, error: undefined });
    for (const [i, s] of list.entries()) {
      set({ progress: { done: i, total: list.length, current: s.name } });
      try {
        const r = await api<ScenarioResult>(`/gatehouse/scenarios/${encodeURIComponent(s.id)}/run`, { method: 'POST', body: {} });
        set((st) => ({ results: { ...st.results, [s.id]: r } }));
      } catch (e) {
        set({ error: e });
      }
    }
    set({ progress: undefined });
  },
  async runOne(id, name) {
    await get().runAll([{ id, name }]);
  },
  forget(id) {
    set((st) => {
      const { [id]: _gone, ...rest } = st.results;
      return { results: rest };
    });
  },
}));
