import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AuthServer, Scope } from '../../api/types';
import { Empty, ErrorBanner, Loading } from '../../components/ui';
import { DecisionPanel } from './preview/Decision';
import { draftProblems, PreviewForm, toRequest } from './preview/PreviewForm';
import { EMPTY_DRAFT, usePreview } from './preview/store';
import { SourceLegend, TokenCard } from './preview/TokenCard';
import type { PreviewResult } from './preview/types';
import './preview/preview.css';

/**
 * Token Preview (Okta's console panel, better): choose a client, grant, user and scopes; see the
 * decision in words, the tokens the endpoint would mint, decoded and colour-coded with where each
 * claim came from, and the trace. Runs the token endpoint's own code; nothing is minted.
 */
export function PreviewTab(props: { server: AuthServer }) {
  const asId = props.server.id;
  const scopes = useApi<Scope[]>(`/authorizationServers/${encodeURIComponent(asId)}/scopes`);
  const draft = usePreview((s) => s.drafts[asId]) ?? EMPTY_DRAFT;
  const shown = usePreview((s) => s.results[asId]);
  const pending = usePreview((s) => s.pending[asId]);
  const { setDraft, setResult, clearPending } = usePreview.getState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const resultsRef = useRef<HTMLDivElement>(null);

  const run = useCallback(async () => {
    const d = usePreview.getState().drafts[asId] ?? EMPTY_DRAFT;
    if (Object.keys(draftProblems(d)).length) return;
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    const request = toRequest(d);
    setBusy(true);
    setError(undefined);
    try {
      const result = await api<PreviewResult>(`/authorizationServers/${encodeURIComponent(asId)}/preview`, { method: 'POST', body: request, signal: ctl.signal });
      setResult(asId, { request, result, clientLabel: d.client?.label ?? request.clientId, userLabel: request.userId ? d.user?.label : undefined });
      requestAnimationFrame(() => resultsRef.current?.focus({ preventScroll: true }));
    } catch (e) {
      if (ctl.signal.aborted) return;
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e), []));
      setResult(asId, undefined);
    } finally {
      if (!ctl.signal.aborted) setBusy(false);
    }
  }, [asId, setResult]);

  useEffect(() => () => abort.current?.abort(), []);
  // A request handed over by the access matrix runs as soon as the tab opens.
  useEffect(() => {
    if (!pending) return;
    clearPending(asId);
    void run();
  }, [pending, asId, run, clearPending]);

  const stale = shown && JSON.stringify(shown.request) !== JSON.stringify(Object.keys(draftProblems(draft)).length ? null : toRequest(draft));

  return (
    <div className="pm-preview">
      {scopes.loading && !scopes.data && <Loading what="the server's scopes" />}
      {scopes.error !== undefined && <ErrorBanner error={scopes.error} title="The scopes of this server could not be loaded" />}
      {scopes.data && (
        <PreviewForm
          draft={draft}
          scopes={scopes.data}
          busy={busy}
          error={error}
          onChange={(patch) => setDraft(asId, patch)}
          onSubmit={() => void run()}
        />
      )}

      <div ref={resultsRef} tabIndex={-1} className="pm-results" aria-busy={busy}>
        {busy && !shown && <Loading what="the preview" />}
        {!busy && !shown && !error && scopes.data && (
          <Empty title="Nothing previewed yet">
            Choose a client, a grant type, a user and the scopes to ask for, then “Preview tokens”: you will see whether the token
            endpoint would grant them, by which rule, and every claim of the tokens with where it comes from.
          </Empty>
        )}
        {shown && (
          <>
            {stale && (
              <div className="banner pm-stale" role="note">
                <span>The request above has changed since this preview. <button type="button" className="btn btn-ghost pm-small" onClick={() => void run()} disabled={busy}>Preview again</button></span>
              </div>
            )}
            <DecisionPanel
              asId={asId}
              request={shown.request}
              result={shown.result}
              clientLabel={shown.clientLabel}
              userLabel={shown.userLabel}
            />
            {(shown.result.tokens.access_token || shown.result.tokens.id_token) && <SourceLegend />}
            {shown.result.tokens.access_token && <TokenCard title="Access token" token={shown.result.tokens.access_token} asId={asId} />}
            {shown.result.tokens.id_token && <TokenCard title="ID token" token={shown.result.tokens.id_token} asId={asId} />}
          </>
        )}
      </div>
    </div>
  );
}
