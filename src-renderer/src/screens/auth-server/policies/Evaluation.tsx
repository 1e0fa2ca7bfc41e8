import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import { api, ApiError } from '../../../api/client';
import type { Scope } from '../../../api/types';
import { Button, Field } from '../../../components/ui';
import type { PolicyEntry } from './data';
import { searchUsers, useDirectory, useNames, userName } from './directory';
import { EvaluationDiagram, Legend } from './Diagram';
import { causesFor, FormProblem } from './fields';
import { Picker, type PickOption } from './Picker';
import type { PreviewAnswer, TraceRequest } from './types';
import { duration, isUserless, PREVIEW_GRANTS } from './words';

/** The last request traced on each server, kept while moving between the list and the diagram. */
const useTraces = create<{ byServer: Record<string, { request: TraceRequest; answer?: PreviewAnswer }>; put(asId: string, request: TraceRequest, answer?: PreviewAnswer): void }>((set) => ({
  byServer: {},
  put: (asId, request, answer) => set((s) => ({ byServer: { ...s.byServer, [asId]: { request, answer } } })),
}));

/**
 * Pick a request (client, grant, user, scopes); the server's token preview decides it with the
 * same code as the token endpoint, and the diagram lights the path its trace describes.
 */
export function EvaluationView(props: { asId: string; entries: PolicyEntry[]; scopes?: Scope[]; version: number }) {
  const saved = useTraces((s) => s.byServer[props.asId]);
  const put = useTraces((s) => s.put);
  const apps = useDirectory((s) => s.apps);
  const rememberUser = useDirectory((s) => s.rememberUser);
  const ensureUsers = useDirectory((s) => s.ensureUsers);
  const names = useNames();
  const sortedApps = [...(apps ?? [])].sort((a, b) => a.label.localeCompare(b.label));

  const [grantType, setGrantType] = useState(saved?.request.grantType ?? 'authorization_code');
  const [userId, setUserId] = useState<string | undefined>(saved?.request.userId);
  const [scopes, setScopes] = useState<string[]>(saved?.request.scopes ?? []);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const answer = saved?.answer;

  // Until one is chosen, a sensible client: the first app a policy names.
  const [chosenClient, setClientId] = useState(saved?.request.clientId ?? '');
  const named = props.entries.flatMap((e) => e.policy.conditions.clients.include).find((c) => apps?.some((a) => a.credentials.oauthClient.client_id === c));
  const clientId = chosenClient || named || sortedApps[0]?.credentials.oauthClient.client_id || '';

  useEffect(() => {
    if (userId) ensureUsers([userId]);
  }, [userId, ensureUsers]);

  const app = apps?.find((a) => a.credentials.oauthClient.client_id === clientId);
  const userless = isUserless(grantType);
  const local = {
    client: !clientId ? 'Choose the client that asks.' : undefined,
    user: !userless && !userId ? 'This grant needs a user: choose who signs in.' : undefined,
  };
  const [touched, setTouched] = useState(false);

  const run = useCallback(async (req: TraceRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      const a = await api<PreviewAnswer>(`/authorizationServers/${encodeURIComponent(props.asId)}/preview`, {
        method: 'POST',
        body: { clientId: req.clientId, grantType: req.grantType, ...(req.userId ? { userId: req.userId } : {}), ...(req.scopes.length ? { scopes: req.scopes } : {}) },
      });
      put(props.asId, req, a);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
    } finally {
      setBusy(false);
    }
  }, [props.asId, put]);

  // When the policies change (or the view opens again), the traced request is decided afresh.
  const last = useRef(saved?.request);
  last.current = saved?.request;
  useEffect(() => {
    if (last.current && saved?.answer) void run(last.current);
  }, [props.version]);

  const submit = () => {
    setTouched(true);
    if (local.client || local.user) return;
    void run({ clientId, grantType, userId: userless ? undefined : userId, scopes });
  };

  const searchPeople = useCallback(async (q: string, signal: AbortSignal): Promise<PickOption[]> => {
    const us = await searchUsers(q, signal).catch(() => []);
    for (const u of us) rememberUser(u);
    return us.map((u) => ({ id: u.id, label: userName(u), sub: u.profile.login, kind: 'user' as const }));
  }, [rememberUser]);
  const searchScopes = useCallback((q: string): PickOption[] => (props.scopes ?? [])
    .filter((s) => !q || s.name.toLowerCase().includes(q.toLowerCase()))
    .map((s) => ({ id: s.name, label: s.name, sub: s.default ? 'default' : s.description, kind: 'scope' as const })), [props.scopes]);

  const allowed = new Set(app?.settings.oauthClient.grant_types ?? []);
  const show = (k: keyof typeof local, ...server: string[]) => (touched ? local[k] : undefined) ?? causesFor(error, ...server);

  return (
    <div className="pl-evaluation">
      <form className="card pl-trace-form" aria-label="Request to trace" onSubmit={(e) => { e.preventDefault(); submit(); }} noValidate>
        <FormProblem error={error} placed={['clientId', 'grantType', 'userId', 'scopes']} title="The request could not be traced" />
        <div className="pl-trace-grid">
          <Field label="Client" htmlFor="ev-client" error={show('client', 'clientId')}>
            <select id="ev-client" value={clientId} onChange={(e) => setClientId(e.target.value)} disabled={!apps}>
              {!apps && <option value="">Loading apps…</option>}
              {sortedApps.map((a) => <option key={a.id} value={a.credentials.oauthClient.client_id}>{a.label}</option>)}
            </select>
          </Field>
          <Field label="Grant type" htmlFor="ev-grant" error={causesFor(error, 'grantType')}>
            <select id="ev-grant" value={grantType} onChange={(e) => setGrantType(e.target.value)}>
              {PREVIEW_GRANTS.map((g) => (
                <option key={g.id} value={g.id}>{g.label}{app && !allowed.has(g.id) ? ' — not allowed for this app' : ''}</option>
              ))}
            </select>
          </Field>
          <Field label="User" htmlFor="ev-user" error={userless ? undefined : show('user', 'userId')} hint={userless ? 'Client credentials: the app acts as itself, no user.' : undefined}>
            {userless ? (
              <input id="ev-user" disabled value="" placeholder="No user" />
            ) : (
              <Picker id="ev-user" single selected={userId ? [{ id: userId, label: names.userLogin(userId) ?? names.user(userId), kind: 'user' }] : []} search={searchPeople}
                onAdd={(o) => setUserId(o.id)} onRemove={() => setUserId(undefined)} placeholder="Search by name or email…" invalid={!!show('user', 'userId')} />
            )}
          </Field>
          <Field label="Scopes" htmlFor="ev-scopes" error={causesFor(error, 'scopes')} hint={scopes.length ? undefined : 'None: the server’s default scopes apply.'}>
            <Picker id="ev-scopes" selected={scopes.map((s) => ({ id: s, label: s, kind: 'scope' }))} search={searchScopes}
              onAdd={(o) => setScopes((xs) => [...xs, o.id])} onRemove={(id) => setScopes((xs) => xs.filter((x) => x !== id))}
              free={(t) => (/^\S+$/.test(t) ? { id: t, label: t, sub: 'not defined here', kind: 'scope' } : undefined)} placeholder="openid orders:read…" />
          </Field>
        </div>
        <div className="form-actions">
          <Button kind="primary" type="submit" disabled={busy}>{busy ? 'Tracing…' : 'Trace this request'}</Button>
          <span className="muted">Decided by the server’s own engine, as the token endpoint would; nothing is issued.</span>
        </div>
      </form>

      {answer && <Verdict answer={answer} />}
      <div className="pl-flow-head">
        <h2 className="pl-flow-title">Evaluation order</h2>
        <Legend />
      </div>
      <EvaluationDiagram asId={props.asId} entries={props.entries} answer={answer} request={saved?.request} />
    </div>
  );
}

function Verdict(props: { answer: PreviewAnswer }) {
  const a = props.answer;
  const d = a.decision;
  if (a.result === 'granted' && d) {
    return (
      <div className="pl-verdict pl-verdict-granted" role="status" aria-label="Verdict">
        <span className="pl-verdict-icon" aria-hidden="true">✓</span>
        <span>
          <strong>Granted</strong> by rule <b>“{d.rule?.name}”</b> of policy <b>“{d.policy?.name}”</b>:{' '}
          {d.scopes.map((s) => <code key={s} className="pl-scope">{s}</code>).reduce<ReactNode[]>((xs, x) => (xs.length ? [...xs, ' ', x] : [x]), [])}
          <span className="muted"> · access token {duration(d.lifetimes.accessTokenMinutes)}{d.refreshToken ? `, refresh token ${duration(d.lifetimes.refreshTokenMinutes)}` : ', no refresh token'}</span>
        </span>
      </div>
    );
  }
  return (
    <div className="pl-verdict pl-verdict-denied" role="status" aria-label="Verdict">
      <span className="pl-verdict-icon" aria-hidden="true">✗</span>
      <span>
        <strong>Refused</strong> with <code>{a.error?.error}</code>{a.error?.reason && <> ({a.error.reason})</>}: {a.error?.error_description}
      </span>
    </div>
  );
}
