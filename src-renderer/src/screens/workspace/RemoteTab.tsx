import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer } from '../../api/types';
import { Button, ErrorBanner, Field } from '../../components/ui';
import { PlanTable, ProblemList } from './PlanTable';
import type { PlanView } from './types';

/**
 * Pull one authorization server from an Okta org, or push one there, through Okta's Management API
 * (the server calls the org; the token never reaches the browser's storage). Both show the plan first.
 */
export function RemoteTab(props: { direction: 'pull' | 'push' }) {
  const push = props.direction === 'push';
  const [orgUrl, setOrgUrl] = useState('');
  const [token, setToken] = useState('');
  const [server, setServer] = useState('');
  const [plan, setPlan] = useState<PlanView>();
  const [planFor, setPlanFor] = useState('');
  const [done, setDone] = useState<PlanView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const servers = useApi<AuthServer[]>(push ? '/authorizationServers' : null);

  const urlProblem = !orgUrl ? undefined : /^https?:\/\/[^/\s]+\/?$/.test(orgUrl.trim()) ? undefined : 'The org URL, such as https://dev-123456.okta.com (no path).';
  const ready = orgUrl.trim() && !urlProblem && token.length >= 8 && server.trim();
  const key = `${orgUrl}|${token}|${server}`;
  const stale = plan !== undefined && planFor !== key;
  const target = () => ({ orgUrl: orgUrl.trim().replace(/\/$/, ''), token, server: server.trim() });

  const call = async (dryRun: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const body = { ...target(), ...(dryRun ? { dryRun: true } : push ? { planDigest: plan?.digest } : {}) };
      const result = await api<PlanView>(`/gatehouse/workspace/${props.direction}`, { method: 'POST', body });
      if (dryRun) {
        setPlan(result);
        setPlanFor(key);
        setDone(undefined);
      } else {
        setDone(result);
        setPlan(undefined);
      }
      setConfirming(false);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 409) setPlan(undefined);
    } finally {
      setBusy(false);
    }
  };

  const problems = error instanceof ApiError && error.code === 'E0000001' && error.status === 400 && error.causes.some((c) => /\[\d+\]/.test(c));
  const verb = push ? 'Push' : 'Pull';
  return (
    <div className="ws-grid">
      <form className="card ws-options" onSubmit={(e) => { e.preventDefault(); if (ready) void call(true); }}>
        <ol className="ws-steps" aria-label="Steps">
          <li className={!plan && !done ? 'ws-step-current' : ''}>1. Connect</li>
          <li className={plan && !done ? 'ws-step-current' : ''}>2. Review the plan</li>
          <li className={done ? 'ws-step-current' : ''}>3. {verb}</li>
        </ol>
        <div style={{ display: 'grid', gap: 12 }}>
          <Field label="Okta org URL" htmlFor={`${props.direction}-org`} error={urlProblem} hint="Your org (or another Gatehouse), e.g. https://dev-123456.okta.com">
            <input id={`${props.direction}-org`} value={orgUrl} onChange={(e) => setOrgUrl(e.target.value)} placeholder="https://dev-123456.okta.com" autoComplete="url" />
          </Field>
          <Field label="API token" htmlFor={`${props.direction}-token`} hint="An SSWS API token of that org. Used for this request only; not stored.">
            <input id={`${props.direction}-token`} type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
          </Field>
          <Field label="Authorization server" htmlFor={`${props.direction}-server`} hint={push ? 'The workspace server to push, with the apps and groups it names.' : 'The name of the server in the remote org.'}>
            {push ? (
              <select id={`${props.direction}-server`} value={server} onChange={(e) => setServer(e.target.value)}>
                <option value="">Choose a server…</option>
                {servers.data?.map((s) => <option key={s.id} value={s.name}>{s.name}</option>)}
              </select>
            ) : (
              <input id={`${props.direction}-server`} value={server} onChange={(e) => setServer(e.target.value)} placeholder="default" />
            )}
          </Field>
        </div>
        <div className="form-actions">
          <Button type="submit" kind={plan && !stale ? 'secondary' : 'primary'} disabled={!ready || busy}>{busy && !confirming ? 'Asking the org…' : 'Show the plan'}</Button>
        </div>
        <p className="field-hint" style={{ marginTop: 10 }}>
          {push
            ? 'Objects are matched by name; the org keeps its own ids, client ids and secrets. Users are not pushed: users a rule names must exist there.'
            : 'The server keeps its remote id, so its issuer path is the same here. Nothing in the workspace is deleted.'}
        </p>
      </form>
      <div>
        {problems && error instanceof ApiError ? <ProblemList title="Not possible as it is" causes={error.causes} /> : error !== undefined && <ErrorBanner error={error} title={error instanceof ApiError && error.status === 409 ? 'The plan changed' : `${verb} failed`} />}
        {done && (
          <div className="banner banner-ok" role="status">
            <strong>{push ? `Pushed to ${target().orgUrl}` : 'Pulled into the workspace'}</strong>
            <span>{done.changes.length ? `${done.changes.length} change${done.changes.length === 1 ? '' : 's'} made.` : 'Nothing needed changing.'}</span>
          </div>
        )}
        {!plan && !done && error === undefined && (
          <div className="empty">
            <strong>{push ? 'Nothing sent yet' : 'Nothing fetched yet'}</strong>
            <p>Connect and choose a server to see, object by object, what {push ? 'the org' : 'the workspace'} would get.</p>
          </div>
        )}
        {plan && (
          <>
            {stale && <p className="muted">The connection or the server changed: show the plan again.</p>}
            <PlanTable plan={plan} title={push ? `What ${target().orgUrl} would get` : 'What the workspace would get'} label={push ? 'Changes to the remote org' : 'Changes to the workspace'} nothing={push ? 'The org already matches: nothing to push.' : 'The workspace already has it: nothing to pull.'} />
            {plan.changes.length > 0 && !stale && (
              <div className="form-actions">
                {!confirming ? (
                  <Button kind="primary" onClick={() => (push ? setConfirming(true) : void call(false))} disabled={busy}>
                    {verb} {plan.changes.length} change{plan.changes.length === 1 ? '' : 's'}
                  </Button>
                ) : (
                  <div className="ws-confirm" role="alertdialog" aria-label="Confirm push">
                    <p><strong>Change {plan.changes.length} object{plan.changes.length === 1 ? '' : 's'} in {target().orgUrl}?</strong> This writes to that org through its Management API.</p>
                    <div className="form-actions" style={{ marginTop: 0 }}>
                      <Button kind="danger" onClick={() => void call(false)} disabled={busy}>{busy ? 'Pushing…' : 'Yes, push'}</Button>
                      <Button kind="ghost" onClick={() => setConfirming(false)}>Cancel</Button>
                    </div>
                  </div>
                )}
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
