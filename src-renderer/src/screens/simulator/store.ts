import { create } from 'zustand';
import { api } from '../../api/client';
import { fromParts, tamperBetween, toParts, type RequestParts } from './logic';
import type { FlowId, FollowUp, HttpRequestSpec, SignInMode, SimState, SimulationSetupInput, StepInfo, StepRun, Tamper } from './types';

/*
 * The simulation in progress. It lives in a store (not in the screen) so that a tester can go to
 * the token inspector and come back to the same step. The server keeps nothing between calls: the
 * flow's state travels with each request and comes back updated.
 */

export interface SetupDraft {
  authServerId: string;
  clientId: string;
  flow: FlowId | '';
  username: string;
  password: string;
  signIn: SignInMode;
  scopes: string[];
  pkce: 'S256' | 'plain' | 'none';
  responseMode: '' | 'query' | 'fragment' | 'form_post' | 'okta_post_message';
  prompt: '' | 'none' | 'login' | 'consent' | 'login consent';
  /** What the user answers if the server asks for consent ('' = stop there). */
  consent: '' | 'allow' | 'deny';
  nonce: boolean;
  redirectUri: string;
  then: FollowUp[];
}

export const EMPTY_DRAFT: SetupDraft = {
  authServerId: '', clientId: '', flow: '', username: '', password: '', signIn: 'sessionToken', scopes: [],
  pkce: 'S256', responseMode: '', prompt: '', consent: '', nonce: true, redirectUri: '', then: [],
};

/** The setup as the admin API takes it, or undefined while the draft is incomplete. */
export function toSetup(d: SetupDraft): SimulationSetupInput | undefined {
  if (!d.authServerId || !d.clientId || !d.flow) return undefined;
  const needsUser = d.flow !== 'client_credentials';
  if (needsUser && !d.username.trim()) return undefined;
  return {
    authServerId: d.authServerId,
    clientId: d.clientId,
    flow: d.flow,
    ...(needsUser ? { user: { username: d.username.trim(), password: d.password } } : {}),
    signIn: d.signIn,
    scopes: d.scopes,
    options: {
      pkce: d.pkce,
      nonce: d.nonce,
      ...(d.responseMode ? { responseMode: d.responseMode } : {}),
      ...(d.prompt ? { prompt: d.prompt } : {}),
      ...(d.consent && d.signIn !== 'person' ? { consent: d.consent } : {}),
      ...(d.redirectUri ? { redirectUri: d.redirectUri } : {}),
    },
    then: d.then,
  };
}

const keyOf = (s: SimulationSetupInput | undefined) => (s ? JSON.stringify(s) : '');
const withoutThen = (s: SimulationSetupInput | undefined) => (s ? keyOf({ ...s, then: [] }) : '');

type Busy = 'plan' | 'prepare' | 'send' | 'run' | 'callback';

interface SimulatorStore {
  draft: SetupDraft;
  /** The setup the steps below were planned for. */
  plannedKey: string;
  steps: StepInfo[];
  state?: SimState;
  runs: Record<string, StepRun>;
  skipped: string[];
  /** Index of the next step to send. */
  current: number;
  /** The step whose exchange is shown (a finished one), or undefined for the current one. */
  viewing?: string;
  /** The next step's request as prepared (a local step, done by the server itself, has none). */
  prepared?: { step: string; request: HttpRequestSpec; shown: HttpRequestSpec; local?: false } | { step: string; local: true };
  /** The prepared request as the tester is editing it. */
  edit?: RequestParts;
  /** What the tester changed in each sent step, kept for "Save as scenario". */
  tampers: Tamper[];
  busy?: Busy;
  error?: unknown;
  /** Set while the setup differs from the plan and steps have already run. */
  stale: boolean;

  setDraft(patch: Partial<SetupDraft>): void;
  plan(opts?: { fresh?: boolean }): Promise<void>;
  prepare(): Promise<void>;
  setEdit(edit: RequestParts): void;
  resetEdit(): void;
  send(): Promise<void>;
  skip(): Promise<void>;
  runRemaining(): Promise<void>;
  reset(): Promise<void>;
  callback(url: string): Promise<void>;
  addFollowUps(list: FollowUp[]): Promise<void>;
  view(stepId: string | undefined): void;
}

export const useSimulator = create<SimulatorStore>((set, get) => {
  const fail = (error: unknown) => set({ error, busy: undefined });

  async function prepareCurrent(): Promise<void> {
    const { steps, current, state, draft } = get();
    const step = steps[current];
    const setup = toSetup(draft);
    if (!step || !state || !setup) return set({ prepared: undefined, edit: undefined });
    set({ busy: 'prepare', error: undefined });
    try {
      const r = await api<{ request: HttpRequestSpec; shown: HttpRequestSpec } | { local: true }>('/gatehouse/simulator/prepare', { method: 'POST', body: { setup, state, step: step.id } });
      if ('local' in r) set({ prepared: { step: step.id, local: true }, edit: undefined, busy: undefined });
      else set({ prepared: { step: step.id, request: r.request, shown: r.shown }, edit: toParts(r.request), busy: undefined });
    } catch (e) {
      // A step that cannot be prepared (no code yet, no redirect URI) says why; it can be skipped.
      set({ prepared: undefined, edit: undefined });
      fail(e);
    }
  }

  async function sendCurrent(): Promise<boolean> {
    const { steps, current, state, draft, prepared, edit } = get();
    const step = steps[current];
    const setup = toSetup(draft);
    if (!step || !state || !setup || !prepared || prepared.step !== step.id) return false;
    if (!prepared.local && !edit) return false;
    const request = prepared.local || !edit ? undefined : fromParts(edit);
    const tamper = request && !prepared.local ? tamperBetween(step.id, prepared.request, request) : undefined;
    set({ busy: 'send', error: undefined });
    try {
      const body = request ? { setup, state, step: step.id, request, tampered: !!tamper } : { setup, state, step: step.id };
      const r = await api<{ run: StepRun; state: SimState }>('/gatehouse/simulator/send', { method: 'POST', body });
      set((s) => ({
        runs: { ...s.runs, [step.id]: r.run },
        state: r.state,
        current: s.current + 1,
        viewing: step.id,
        tampers: [...s.tampers.filter((t) => t.step !== step.id), ...(tamper ? [tamper] : [])],
        prepared: undefined,
        edit: undefined,
        busy: undefined,
      }));
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  }

  return {
    draft: EMPTY_DRAFT,
    plannedKey: '',
    steps: [],
    runs: {},
    skipped: [],
    current: 0,
    tampers: [],
    stale: false,

    setDraft(patch) {
      set((s) => ({ draft: { ...s.draft, ...patch } }));
    },

    async plan(opts = {}) {
      const setup = toSetup(get().draft);
      const key = keyOf(setup);
      const started = Object.keys(get().runs).length > 0 || get().skipped.length > 0;
      if (!setup && started) return set({ stale: true });
      if (!setup) return set({ steps: [], state: undefined, plannedKey: '', prepared: undefined, edit: undefined, stale: false, error: undefined });
      if (!opts.fresh && key === get().plannedKey) return set({ stale: false });
      // Mid-flow, only added follow-ups keep what has run; anything else waits for Reset.
      const onlyThen = started && withoutThen(setup) === withoutThen(JSON.parse(get().plannedKey || 'null') as SimulationSetupInput | undefined);
      if (started && !opts.fresh && !onlyThen) return set({ stale: true });
      set({ busy: 'plan', error: undefined });
      try {
        const r = await api<{ steps: StepInfo[]; state: SimState }>('/gatehouse/simulator/plan', { method: 'POST', body: { setup } });
        if (keyOf(toSetup(get().draft)) !== key) return set({ busy: undefined }); // superseded by a newer edit
        if (started && !opts.fresh) {
          // The steps sent or skipped must keep their places, or the new plan would rewrite what happened.
          const { steps: before, current } = get();
          if (!before.slice(0, current).every((s, i) => r.steps[i]?.id === s.id)) return set({ stale: true, busy: undefined });
          set({ steps: r.steps, plannedKey: key, stale: false, busy: undefined });
          // The next step may now be another one (a follow-up unticked): prepare that one instead.
          const nextStep = r.steps[current];
          if (!nextStep) set({ prepared: undefined, edit: undefined, error: undefined });
          else if (get().prepared?.step !== nextStep.id) await prepareCurrent();
          return;
        }
        set({ steps: r.steps, state: r.state, plannedKey: key, runs: {}, skipped: [], current: 0, viewing: undefined, tampers: [], stale: false, busy: undefined, prepared: undefined, edit: undefined });
        await prepareCurrent();
      } catch (e) {
        set({ steps: [], state: undefined, plannedKey: '' });
        fail(e);
      }
    },

    prepare: prepareCurrent,

    setEdit(edit) {
      set({ edit });
    },

    resetEdit() {
      const p = get().prepared;
      if (p && !p.local) set({ edit: toParts(p.request) });
    },

    async send() {
      if (await sendCurrent()) await prepareCurrent();
    },

    async skip() {
      const step = get().steps[get().current];
      if (!step) return;
      set((s) => ({ skipped: [...s.skipped, step.id], current: s.current + 1, prepared: undefined, edit: undefined, viewing: undefined, error: undefined }));
      await prepareCurrent();
    },

    async runRemaining() {
      set({ busy: 'run' });
      // The current step goes as the tester left it (edits included); the rest as prepared.
      while (get().current < get().steps.length) {
        const step = get().steps[get().current]!;
        if (step.interactive) break;
        if (!get().prepared || get().prepared!.step !== step.id) await prepareCurrent();
        if (!get().prepared) break;
        if (!(await sendCurrent())) break;
        set({ busy: 'run' });
      }
      set({ busy: undefined });
      if (get().current < get().steps.length && !get().prepared) await prepareCurrent();
    },

    async reset() {
      set({ runs: {}, skipped: [], current: 0, viewing: undefined, tampers: [], prepared: undefined, edit: undefined, error: undefined });
      await get().plan({ fresh: true });
    },

    async callback(url) {
      const { state, draft, steps, current } = get();
      const setup = toSetup(draft);
      const step = steps[current];
      if (!state || !setup || !step) return;
      set({ busy: 'callback', error: undefined });
      try {
        const r = await api<{ run: StepRun; state: SimState }>('/gatehouse/simulator/callback', { method: 'POST', body: { setup, state, url } });
        set((s) => ({ runs: { ...s.runs, [step.id]: r.run }, state: r.state, current: s.current + 1, viewing: step.id, prepared: undefined, edit: undefined, busy: undefined }));
        await prepareCurrent();
      } catch (e) {
        fail(e);
      }
    },

    async addFollowUps(list) {
      set((s) => ({ draft: { ...s.draft, then: [...s.draft.then, ...list] } }));
      await get().plan();
    },

    view(stepId) {
      set({ viewing: stepId });
    },
  };
});
