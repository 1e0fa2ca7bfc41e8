import { create } from 'zustand';
import type { OktaApp, User } from '../../../api/types';
import type { Option } from './Combobox';
import type { PreviewRequest, PreviewResult } from './types';

/** What the token preview form holds for one authorization server. */
export interface PreviewDraft {
  client?: Option<OktaApp>;
  grantType: string;
  originalGrantType: string;
  user?: Option<User>;
  scopes: string[];
  responseType: string;
  prompt: string;
  nonce: string;
}

export const EMPTY_DRAFT: PreviewDraft = { grantType: '', originalGrantType: 'authorization_code', scopes: [], responseType: '', prompt: '', nonce: '' };

/** A preview on screen: the request, the answer, and the names it was asked with. */
export interface ShownPreview {
  request: PreviewRequest;
  result: PreviewResult;
  clientLabel: string;
  userLabel?: string;
}

interface PreviewState {
  /** Per authorization server, so the form survives a trip to another tab. */
  drafts: Record<string, PreviewDraft>;
  results: Record<string, ShownPreview | undefined>;
  /** Set by the access matrix ("preview this"): the form runs it once it opens. */
  pending: Record<string, boolean>;
  setDraft(asId: string, patch: Partial<PreviewDraft>): void;
  setResult(asId: string, r: ShownPreview | undefined): void;
  /** Replace the draft and ask the preview to run it (from the matrix). */
  request(asId: string, draft: PreviewDraft): void;
  clearPending(asId: string): void;
}

export const usePreview = create<PreviewState>((set) => ({
  drafts: {},
  results: {},
  pending: {},
  setDraft: (asId, patch) => set((s) => ({ drafts: { ...s.drafts, [asId]: { ...EMPTY_DRAFT, ...s.drafts[asId], ...patch } } })),
  setResult: (asId, r) => set((s) => ({ results: { ...s.results, [asId]: r } })),
  request: (asId, draft) => set((s) => ({ drafts: { ...s.drafts, [asId]: draft }, results: { ...s.results, [asId]: undefined }, pending: { ...s.pending, [asId]: true } })),
  clearPending: (asId) => set((s) => ({ pending: { ...s.pending, [asId]: false } })),
}));
