import { create } from 'zustand';
import type { User } from '../../../api/types';
import type { Option } from '../preview/Combobox';

/** The matrix's filters for one authorization server; kept while you follow a rule and come back. */
export interface MatrixFilters {
  grantType: string;
  columns: 'groups' | 'users';
  /** null: every client. */
  clientIds: string[] | null;
  /** null: every group. */
  groupIds: string[] | null;
  users: Option<User>[];
  /** "Who can get …?": the scope whose cells light up, or ''. */
  highlight: string;
  showOidc: boolean;
  /** Hide the clients and columns that are turned away everywhere. */
  compact: boolean;
}

export const DEFAULT_FILTERS: MatrixFilters = { grantType: 'authorization_code', columns: 'groups', clientIds: null, groupIds: null, users: [], highlight: '', showOidc: false, compact: false };

export const useMatrixFilters = create<{ filters: Record<string, MatrixFilters>; set(asId: string, patch: Partial<MatrixFilters>): void }>((set) => ({
  filters: {},
  set: (asId, patch) => set((s) => ({ filters: { ...s.filters, [asId]: { ...DEFAULT_FILTERS, ...s.filters[asId], ...patch } } })),
}));
