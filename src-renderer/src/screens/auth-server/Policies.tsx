import { useCallback, useEffect, useState } from 'react';
import type { AuthServer, Scope } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Button, Empty, ErrorBanner, Loading } from '../../components/ui';
import { href } from '../../router';
import { usePolicies } from './policies/data';
import { useDirectory } from './policies/directory';
import { EvaluationView } from './policies/Evaluation';
import { PolicyCard } from './policies/PolicyCard';
import { PolicyForm } from './policies/PolicyForm';
import { useDragReorder } from './policies/reorder';
import './policies/policies.css';

/**
 * Access policies: the policies in priority order, each with its rules as a decision table, to
 * edit, reorder (drag or keyboard) and switch on and off; and the evaluation order as a diagram
 * that lights the path a chosen request takes.
 * Routes: `…/policies`, `…/policies/<policyId>[/<ruleId>]` (scrolls to it), `…/policies/evaluate`.
 */
export function PoliciesTab(props: { server: AuthServer; rest: string[] }) {
  const asId = props.server.id;
  const model = usePolicies(asId);
  const loadDirectory = useDirectory((s) => s.load);
  const directoryError = useDirectory((s) => s.error);
  const ensureUsers = useDirectory((s) => s.ensureUsers);
  const scopes = useApi<Scope[]>(`/authorizationServers/${encodeURIComponent(asId)}/scopes`);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState('');
  const view = props.rest[0] === 'evaluate' ? 'evaluate' : 'list';
  const target = view === 'list' && props.rest[0] ? { policyId: props.rest[0], ruleId: props.rest[1] } : undefined;
  const entries = model.entries;

  useEffect(() => {
    void loadDirectory();
  }, [loadDirectory]);
  useEffect(() => {
    if (entries) ensureUsers([...new Set(entries.flatMap((e) => e.rules.flatMap((r) => [...r.conditions.people.users.include, ...r.conditions.people.users.exclude])))]);
  }, [entries, ensureUsers]);

  const announce = useCallback((m: string) => setMessage(m), []);
  const policyDrag = useDragReorder((from, to) => {
    if (!entries) return;
    model.movePolicy(from, to);
    announce(`Policy “${entries[from]!.policy.name}” moved to priority ${to + 1} of ${entries.length}.`);
  });

  const ruleCount = entries?.reduce((n, e) => n + e.rules.length, 0) ?? 0;
  const tab = (id: 'list' | 'evaluate', label: string) => (
    <a className={`pl-seg${view === id ? ' pl-seg-current' : ''}`} aria-current={view === id ? 'page' : undefined}
      href={id === 'list' ? href('authorization-servers', asId, 'policies') : href('authorization-servers', asId, 'policies', 'evaluate')}>
      {label}
    </a>
  );

  return (
    <div className="pl-policies">
      <div className="pl-policies-bar">
        <nav className="pl-segs" aria-label="Policy views">
          {tab('list', 'Policies and rules')}
          {tab('evaluate', 'Evaluation order')}
        </nav>
        {entries && (
          <span className="muted pl-policies-summary">
            {entries.length} {entries.length === 1 ? 'policy' : 'policies'} · {ruleCount} {ruleCount === 1 ? 'rule' : 'rules'}{entries.length > 0 && ' · first match wins, top to bottom'}
          </span>
        )}
        <span className="pl-grow" />
        {view === 'list' && <Button kind="primary" onClick={() => setAdding(true)} disabled={adding}>Add policy</Button>}
      </div>
      <p className="pl-sr-only" role="status" aria-live="polite">{message}</p>
      <p className="pl-sr-only" id="reorder-help">Drag to reorder, or press Alt+Arrow Up or Alt+Arrow Down. The new priority is saved at once.</p>

      {props.server.status !== 'ACTIVE' && (
        <div className="banner pl-banner-warn" role="note"><strong>This authorization server is inactive.</strong><span>It refuses every request before its policies are read; activate it under Settings.</span></div>
      )}
      {model.actionError && (
        <div className="banner banner-error" role="alert">
          <strong>{model.actionError.title}</strong>
          <span><ErrorText error={model.actionError.error} /> The list shows what the server has now.</span>
          <span><button type="button" className="pl-link-btn" onClick={model.dismissError}>Dismiss</button></span>
        </div>
      )}
      {directoryError !== undefined && <ErrorBanner error={directoryError} title="App, user and group names could not be loaded; ids are shown instead" />}
      {model.loading && !entries && <Loading what="access policies" />}
      {model.loadError !== undefined && <ErrorBanner error={model.loadError} title="The access policies could not be loaded" />}

      {view === 'list' && (
        <>
          {adding && (
            <PolicyForm base={model.base} onDone={(saved) => { setAdding(false); if (saved) { announce(`Policy “${saved.name}” created.`); void model.reload(); } }} />
          )}
          {entries && entries.length === 0 && !adding && (
            <Empty title="No access policies yet">
              Without a policy every token request to this server is refused with <code>access_denied</code>. Add a policy for the
              clients that call it, then give the policy rules: who, with which grant and scopes, gets tokens for how long.
              <span className="pl-empty-action"><Button kind="primary" onClick={() => setAdding(true)}>Add policy</Button></span>
            </Empty>
          )}
          {entries && entries.length > 0 && (
            <ol className="pl-policy-list" aria-label="Access policies in priority order">
              {entries.map((entry, i) => {
                const st = policyDrag.itemState(i);
                return (
                  <li key={entry.policy.id}>
                    <PolicyCard
                      entry={entry}
                      index={i}
                      count={entries.length}
                      model={model}
                      scopes={scopes.data}
                      target={target}
                      announce={announce}
                      drag={{ ref: policyDrag.itemRef(i), handle: policyDrag.handleProps(i), state: st }}
                    />
                  </li>
                );
              })}
            </ol>
          )}
          {entries && entries.length > 0 && (
            <p className="pl-policies-foot muted">
              A request no rule matches is refused with <code>access_denied</code>. <a href={href('authorization-servers', asId, 'policies', 'evaluate')}>Trace a request through these policies →</a>
            </p>
          )}
        </>
      )}

      {view === 'evaluate' && entries && <EvaluationView asId={asId} entries={entries} scopes={scopes.data} version={model.version} />}
    </div>
  );
}

function ErrorText(props: { error: unknown }) {
  const e = props.error as { summary?: string; causes?: string[]; message?: string };
  return <>{e?.causes?.length ? e.causes.join(' ') : e?.summary ?? e?.message ?? String(props.error)}</>;
}
